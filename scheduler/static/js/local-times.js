// Shows each agenda time in the reader's own time zone beside the venue's, when the two
// differ: fills the hidden "Your time" column of tables marked data-venue-timezone.
(function () {
  "use strict";
  const tables = document.querySelectorAll("table[data-venue-timezone]");
  if (!tables.length || typeof Intl === "undefined") {
    return;
  }
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const clock = (zone) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
  const day = (zone) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  tables.forEach((table) => {
    const venue = table.dataset.venueTimezone;
    if (!own || own === venue) {
      return;
    }
    const sample = new Date();
    if (clock(own).format(sample) === clock(venue).format(sample)) {
      return; // another name for the same offset today
    }
    table.querySelectorAll("[data-own-time]").forEach((cell) => {
      const start = new Date(cell.dataset.starts);
      const end = new Date(cell.dataset.ends);
      const shifted = day(own).format(start) !== day(venue).format(start);
      cell.textContent =
        clock(own).format(start) + "\u2013" + clock(own).format(end) + (shifted ? " (" + day(own).format(start) + ")" : "");
      cell.hidden = false;
    });
    table.querySelectorAll("[data-own-time-heading]").forEach((heading) => {
      // The page wrote "Your time" in its own language; the zone's name follows it.
      heading.textContent = heading.textContent.trim() + " (" + own + ")";
      heading.hidden = false;
    });
  });
})();
