// Follows a solver run on the schedule console: polls the run's JSON view, moves the progress
// bar and shows the best value and the proven bound; reloads the page when the run has ended.
(function () {
  "use strict";
  const panel = document.querySelector("[data-run-status-url]");
  if (!panel) {
    return;
  }
  const url = panel.dataset.runStatusUrl;
  const bar = panel.querySelector(".progress-bar");
  const text = panel.querySelector("[data-run-text]");
  const shown = (value) => (value === null || value === undefined ? "\u2013" : value);
  // The page gives the texts in its language, with {name} where a figure goes.
  const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (whole, name) => String(shown(values[name])));

  async function poll() {
    let run;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      run = await response.json();
    } catch (error) {
      text.textContent = panel.dataset.lostText;
      window.setTimeout(poll, 3000);
      return;
    }
    if (!run.active) {
      window.location.reload();
      return;
    }
    const latest = run.latest;
    if (latest && run.time_limit) {
      const percent = Math.min(100, Math.round((100 * latest.seconds) / run.time_limit));
      bar.style.width = percent + "%";
      bar.setAttribute("aria-valuenow", String(percent));
      text.textContent = fill(panel.dataset.progressText, latest);
    }
    window.setTimeout(poll, 1500);
  }

  poll();
})();
