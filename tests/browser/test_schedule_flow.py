"""In a real browser: an organiser generates a session's schedule (solved by the child
process the app starts), watches it end, moves and pins a meeting, generates again, publishes;
an attendee then reads their agenda, on screen and printed."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.models import EventRole, EventRoleKind, OrganiserAccount, OutboxStatus
from scheduler.passwords import hash_password
from tests.agenda.scene import small_event
from tests.browser.conftest import SCREENSHOTS, wait_until_outbox_sent

PASSWORD = "correct horse battery staple"


def test_browser_organiser_generates_moves_and_publishes_then_attendee_reads_agenda(
    app: Flask, live_server: str, browser, mail_dir: object, child_process_env: None
) -> None:
    scene = small_event()
    scene.ana.last_name, scene.ben.last_name, scene.eva.last_name = "Silva", "Rossi", "Lind"
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=scene.event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    ana_link = f"/events/pic/access/{make_access_token(scene.ana)}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context().new_page()

    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="B2B schedule").click()
    page.get_by_label("Seconds the engine may take").first.fill("10")
    page.get_by_role("button", name="Generate the draft of B2B day 1").click()
    page.get_by_text("Generating the schedule of B2B day 1.").wait_for()
    # The static script polls the run and reloads the page once the child process is done.
    page.get_by_role("heading", name="Last run (succeeded").wait_for(timeout=60_000)
    page.screenshot(path=str(SCREENSHOTS / "schedule-generated.png"), full_page=True)

    page.get_by_role("link", name="See the draft by slot and table").first.click()
    page.get_by_role("link", name="Ana Silva · Ben Rossi").click()
    page.get_by_label("Table").select_option(label="B2B day 1: Table 2")
    page.get_by_role("button", name="Move").click()
    page.get_by_text("Moved.").wait_for()
    moved = page.get_by_role("cell", name="Ana Silva · Ben Rossi pinned")
    assert moved.is_visible()

    page.get_by_role("link", name="Plant InterCluster 2027: B2B schedule").click()
    page.get_by_label("Seconds the engine may take").first.fill("10")
    page.get_by_role("button", name="Generate the draft of B2B day 1").click()
    page.get_by_role("heading", name="Last run (succeeded").wait_for(timeout=60_000)
    page.get_by_role("button", name="Publish the draft").click()
    page.get_by_text("Published: 3 added, 0 moved, 0 removed").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "schedule-published.png"), full_page=True)

    # At the venue: the agenda shows one time column (a device in another zone gets a second).
    attendee = browser.new_context(timezone_id="Europe/Paris").new_page()
    attendee.goto(f"{live_server}{ana_link}")
    attendee.get_by_role("button", name="Open my space").click()
    attendee.get_by_role("link", name="My agenda").click()
    row = attendee.get_by_role("row").filter(has_text="B2B meeting with Ben Rossi")
    cells = row.locator("td:visible").all_inner_texts()
    assert [cells[0], cells[-1]] == ["14:40\u201315:00", "Table 2"]
    attendee.wait_for_load_state("load")  # the print stylesheet too
    attendee.emulate_media(media="print")
    expect(attendee.get_by_role("navigation", name="Your space")).to_be_hidden()
    attendee.screenshot(path=str(SCREENSHOTS / "agenda-printed.png"), full_page=True)

    # The publication's emails are sent by a child process of the app.
    assert set(wait_until_outbox_sent()) == {OutboxStatus.SENT}
