"""The agenda shows the venue's time and, beside it, the reader's own time when their
device is set to another time zone (Chromium with an emulated time zone)."""

from __future__ import annotations

from flask import Flask

from scheduler.agenda.publish import publish
from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from tests.agenda.scene import small_event
from tests.browser.conftest import SCREENSHOTS


def _agenda_rows(browser, live_server: str, person, timezone: str) -> list[list[str]]:
    db.session.commit()
    db.session.refresh(person)  # links work once: each visit needs a fresh one
    token = make_access_token(person)
    db.session.commit()  # no lock held while the app works
    context = browser.new_context(timezone_id=timezone)
    page = context.new_page()
    page.goto(f"{live_server}/events/pic/access/{token}")
    page.get_by_role("button", name="Open my space").click()
    page.get_by_role("link", name="My agenda").click()
    page.wait_for_load_state("load")
    header = page.locator("table").first.locator("th:visible").all_inner_texts()
    rows = [
        row.locator("td:visible").all_inner_texts()[:2]
        for row in page.locator("table").first.locator("tbody tr").all()
    ]
    page.screenshot(path=str(SCREENSHOTS / f"agenda-{timezone.replace('/', '-')}.png"))
    context.close()
    return [header[:2], *rows]


def test_agenda_time_zones_side_by_side(app: Flask, live_server: str, browser) -> None:
    scene = small_event()  # Ben and Eva at 14:20 Paris on 9 March 2027
    publish(db.session, scene.event)
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    abroad = _agenda_rows(browser, live_server, scene.ben, "America/Sao_Paulo")
    at_home = _agenda_rows(browser, live_server, scene.ben, "Europe/Paris")

    assert abroad[0] == ["When", "Your time (America/Sao_Paulo)"]
    assert ["14:20\u201314:40", "10:20\u201310:40"] in abroad[1:]
    assert at_home[0] == ["When", "What"]  # the same zone as the venue: no second column
    assert "14:20\u201314:40" in [row[0] for row in at_home[1:]]
    assert not any("10:20" in cell for row in at_home[1:] for cell in row)
