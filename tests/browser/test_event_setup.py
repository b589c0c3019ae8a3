"""In a real browser: an organiser clones the event into next year's edition, adds a
workshop and a B2B session to it, and sees the warnings and the capacity line; screenshots
of the set-up pages at desktop and phone widths."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import AgendaItemKind, Event
from tests.browser.conftest import SCREENSHOTS, shoot
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_participant,
    make_session,
    paris,
)
from tests.organiser.scene import PASSWORD, organiser_of


def _event() -> Event:
    event = make_event(slug="pic", name="Plant InterCluster 2027", venue_name="Angers")
    make_agenda_item(
        event,
        kind=AgendaItemKind.PLENARY,
        title="Opening",
        room="Auditorium",
        starts_at=paris(9, 9),
        ends_at=paris(9, 10),
    )
    make_agenda_item(
        event,
        title="Robots in the vineyard",
        room="Room A",
        capacity=20,
        requires_signup=True,
        starts_at=paris(9, 14),
        ends_at=paris(9, 15, 30),
    )
    make_agenda_item(
        event, title="Biocontrol", room="Room A", starts_at=paris(9, 15), ends_at=paris(9, 16)
    )
    session = make_session(event, tables=2, name="Afternoon B2B", room="Hall")
    people = [make_participant(event, first_name=f"Person{n}", last_name="Novak") for n in range(4)]
    for other in people[1:]:
        make_meeting(event, people[0], other)
    make_meeting(event, people[1], people[2])
    make_meeting(event, people[1], people[3])
    make_meeting(event, people[2], people[3])
    make_meeting(event, people[0], people[1], people[2])
    assert len(session.slots) == 3
    organiser_of(event)
    return event


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()



def test_browser_organiser_clones_the_event_and_sets_up_the_new_edition(
    app: Flask, live_server: str, browser
) -> None:
    _event()
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page, mobile = desktop.new_page(), phone.new_page()
    _sign_in(page, live_server)
    _sign_in(mobile, live_server)

    page.get_by_role("link", name="Plant InterCluster 2027").click()
    page.get_by_role("link", name="Event", exact=True).click()
    shoot(page, mobile, "event-settings")
    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_text("2 warnings").wait_for()
    shoot(page, mobile, "programme")
    page.get_by_role("link", name="B2B sessions", exact=True).click()
    page.get_by_text("Person0 Novak: 4 meetings, 3 slots").wait_for()
    shoot(page, mobile, "b2b-sessions")

    page.get_by_role("link", name="Event", exact=True).click()
    page.get_by_role("link", name="Clone into a new edition").click()
    page.get_by_label("Name of the new edition").fill("Plant InterCluster 2028")
    page.get_by_label("Address (slug)").fill("pic")
    page.get_by_label("Its first day").fill("2028-03-14")
    page.get_by_role("button", name="Create the new edition").click()
    page.get_by_text("Another event already uses the address 'pic'.").wait_for()
    shoot(page, mobile, "clone-error")
    page.get_by_label("Address (slug)").fill("pic-2028")
    page.get_by_role("button", name="Create the new edition").click()
    page.get_by_text("Plant InterCluster 2028 is created from Plant InterCluster 2027").wait_for()

    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_role("heading", name="Tuesday 14 March 2028").wait_for()
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Title in English").fill("Drones for orchards")
    page.get_by_label("Starts").fill("2028-03-15T10:00")
    page.get_by_label("Ends").fill("2028-03-15T09:00")
    page.get_by_label("Room").fill("Room B")
    page.get_by_role("button", name="Add the item").click()
    page.get_by_text("The item ends before it starts.").wait_for()
    shoot(page, mobile, "programme-error")
    page.get_by_label("Ends").fill("2028-03-15T11:30")
    page.get_by_role("button", name="Add the item").click()
    page.get_by_text("Drones for orchards is added to the programme.").wait_for()

    page.get_by_role("link", name="B2B sessions", exact=True).click()
    page.get_by_label("Name in English").fill("Morning B2B")
    page.get_by_label("Window starts").fill("2028-03-15T09:00")
    page.get_by_label("Window ends").fill("2028-03-15T12:00")
    page.get_by_role("button", name="Add the session").click()
    page.get_by_text("Morning B2B is added: 7 slots and 20 tables.").wait_for()
    page.get_by_text("Room for 146 meetings").wait_for()

    page.goto(f"{live_server}/organiser/events/new")
    shoot(page, mobile, "new-event")
    db.session.commit()
    copy = db.session.scalar(select(Event).where(Event.slug == "pic-2028"))
    assert sorted(item.title for item in copy.agenda_items) == [
        "Biocontrol",
        "Drones for orchards",
        "Opening",
        "Robots in the vineyard",
    ]
    assert [session.name for session in copy.b2b_sessions] == ["Afternoon B2B", "Morning B2B"]
