"""In a real browser, on the demo event: its organiser generates B2B session 2 (solved by the
child process the app starts), watches the run to the end, moves and pins a meeting,
generates again, publishes; a participant of the moved meeting reads their agenda, on screen
and printed."""

from __future__ import annotations

import re

from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from scheduler.attendees.links import make_access_token
from scheduler.demo import DEMO_SLUG, load_demo, schedule_first_session
from scheduler.extensions import db
from scheduler.models import B2BSession, Event, Meeting, OutboxStatus, SolverRun
from tests.attendees import mailbox
from tests.browser.conftest import SCREENSHOTS, wait_until_outbox_sent

SESSION = "B2B session 2"


def _free_move(session: B2BSession) -> tuple[Meeting, object]:
    """A meeting at one of the first tables of the grid's first page, and an empty table at
    its slot: a move no participant can object to."""
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.session_id == session.id).order_by(Meeting.id)
    ).all()
    taken = {(m.slot_id, m.table_id) for m in meetings}
    first_page = {table.id for table in session.tables[:20]}
    for meeting in meetings:
        for table in session.tables:
            if table.reserved_for_id is not None:
                continue  # a booth: only its host's meetings take place there
            if meeting.table_id in first_page and (meeting.slot_id, table.id) not in taken:
                return meeting, table
    raise AssertionError("no free table in any slot of the draft")


def _wait_for_the_run(page) -> None:
    """The console shows the run, then its static script reloads the page once it ends."""
    page.get_by_text(f"Generating the schedule of {SESSION}.").wait_for()
    page.get_by_role("heading", name=re.compile("Computing the schedule")).wait_for(
        state="hidden", timeout=90_000
    )


def test_browser_demo_organiser_generates_session_two_moves_pins_and_publishes(
    app: Flask, live_server: str, browser, mail_dir: object, child_process_env: None
) -> None:
    credentials = load_demo()
    schedule_first_session(time_limit=5)
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    second = next(s for s in event.b2b_sessions if s.name == SESSION)
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context().new_page()

    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill(credentials.email)
    page.get_by_label("Password").fill(credentials.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="B2B schedule").click()
    page.get_by_label("Seconds the engine may take").nth(1).fill("5")
    page.get_by_role("button", name=f"Generate the draft of {SESSION}").click()
    _wait_for_the_run(page)
    card = page.locator("section", has=page.get_by_role("heading", name=SESSION, exact=True))
    card.get_by_role("heading", name=re.compile(r"Last run \(succeeded")).wait_for()
    page.screenshot(path=str(SCREENSHOTS / "demo-session-2-generated.png"), full_page=True)

    db.session.commit()  # a new transaction sees what the app and its child committed
    meeting, table = _free_move(second)
    card.get_by_role("link", name="See the draft by slot and table").click()
    page.locator(f'a[href$="/schedule/meetings/{meeting.id}"]').first.click()
    page.get_by_label("Table").select_option(label=f"{SESSION}: {table.display_name}")
    page.get_by_role("button", name="Move").click()
    page.get_by_text("Moved.").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "demo-session-2-moved.png"), full_page=True)

    page.get_by_role("link", name=f"{event.name}: B2B schedule").click()
    page.get_by_label("Seconds the engine may take").nth(1).fill("5")
    page.get_by_role("button", name=f"Generate the draft of {SESSION}").click()
    _wait_for_the_run(page)
    page.get_by_role("button", name="Publish the draft").click()
    page.get_by_text(re.compile(r"Published: \d+ added, 0 moved, 0 removed")).wait_for()

    db.session.commit()  # a new transaction sees what the app and its child committed
    runs = db.session.scalars(select(SolverRun).order_by(SolverRun.id)).all()
    assert [run.status.value for run in runs] == ["succeeded"] * 3
    assert (meeting.slot_id, meeting.table_id, meeting.pinned) == (
        meeting.slot_id,
        table.id,
        True,
    )
    assert (meeting.published.slot_id, meeting.published.table_id) == (meeting.slot_id, table.id)

    person, other = meeting.participants[0], meeting.participants[1]
    link = f"{live_server}/events/{DEMO_SLUG}/access/{make_access_token(person)}"
    db.session.commit()  # no write lock held while the app works
    # At the venue: the agenda shows one time column (a device in another zone gets a second).
    attendee = browser.new_context(timezone_id="Europe/Paris").new_page()
    attendee.goto(link)
    attendee.get_by_role("button", name="Open my space").click()
    attendee.get_by_role("link", name="My agenda").click()
    slot = meeting.slot
    when = f"{event.local(slot.starts_at):%H:%M}\u2013{event.local(slot.ends_at):%H:%M}"
    row = attendee.get_by_role("row").filter(has_text=f"B2B meeting with {other.full_name}")
    cells = row.locator("td:visible").all_inner_texts()
    assert [cells[0], cells[-1]] == [when, f"{second.room}, {table.display_name}"]
    attendee.wait_for_load_state("load")  # the print stylesheet too
    attendee.emulate_media(media="print")
    expect(attendee.get_by_role("navigation", name="Your space")).to_be_hidden()
    attendee.screenshot(path=str(SCREENSHOTS / "demo-agenda-printed.png"), full_page=True)

    # The publication's emails went to a child process of the app, not out of the request.
    statuses = wait_until_outbox_sent()
    assert set(statuses) == {OutboxStatus.SENT}
    assert len(mailbox(app)) == len(statuses)
