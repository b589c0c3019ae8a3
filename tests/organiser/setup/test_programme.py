"""The programme operations directly: items by day, adding, editing, deleting, warnings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import AgendaItem, AgendaItemKind, SessionSignup, SignupStatus
from scheduler.organiser.setup.programme import (
    ItemData,
    ItemRefused,
    add_item,
    delete_item,
    item_problems,
    programme_warnings,
    update_item,
)
from tests.factories import make_agenda_item, make_event, make_participant, make_session, paris


def _data(**fields: object) -> ItemData:
    values: dict[str, object] = {
        "kind": AgendaItemKind.WORKSHOP,
        "title": "Robots",
        "description": "",
        "room": "Room A",
        "starts_at": paris(10, 9),
        "ends_at": paris(10, 10),
        "capacity": 20,
        "requires_signup": True,
    }
    values.update(fields)
    return ItemData(**values)


def test_programme_add_item_with_a_new_calendar_uid(app: Flask) -> None:
    event = make_event()
    before = event.revision

    item = add_item(db.session, event, _data(), uid_domain="cluster.example")

    assert (item.title, item.capacity, item.sequence, event.revision) == (
        "Robots",
        20,
        0,
        before + 1,
    )
    assert re.fullmatch(r"session-[0-9a-f-]{36}@cluster\.example", item.calendar_uid)


def test_programme_item_problems_name_each_bad_field(app: Flask) -> None:
    event = make_event()
    item = make_agenda_item(event, capacity=10, seats_taken=6)

    problems = item_problems(
        event, _data(starts_at=paris(12, 10), ends_at=paris(12, 9), capacity=5), item
    )

    assert problems == {
        "ends_at": "The item ends before it starts.",
        "starts_at": "The item must take place between 09 March 2027 and 11 March 2027.",
        "capacity": "6 seats are already taken; the capacity cannot be lower.",
    }


def test_programme_update_item_keeps_the_sequence_when_only_the_title_changes(
    app: Flask,
) -> None:
    event = make_event()
    item = make_agenda_item(event, room="Room A", starts_at=paris(10, 9), ends_at=paris(10, 10))

    update_item(item, _data(title="Robots and drones"))

    assert (item.title, item.sequence) == ("Robots and drones", 0)


def test_programme_update_item_raises_the_sequence_when_moved(app: Flask) -> None:
    event = make_event()
    item = make_agenda_item(event, room="Room A", starts_at=paris(10, 9), ends_at=paris(10, 10))

    update_item(item, _data(starts_at=paris(10, 11), ends_at=paris(10, 12)))
    update_item(item, _data(starts_at=paris(10, 11), ends_at=paris(10, 12), room="Room B"))

    assert (item.sequence, item.room) == (2, "Room B")


def test_programme_delete_item_refused_while_someone_holds_a_place(app: Flask) -> None:
    event = make_event()
    item = make_agenda_item(event, title="Robots", requires_signup=True, capacity=1)
    for status in (SignupStatus.CONFIRMED, SignupStatus.WAITLISTED, SignupStatus.CANCELLED):
        db.session.add(
            SessionSignup(participant=make_participant(event), agenda_item=item, status=status)
        )
    db.session.flush()

    with pytest.raises(ItemRefused) as refused:
        delete_item(db.session, item)

    assert str(refused.value) == (
        "2 people hold a seat or a waiting-list place in 'Robots': it cannot be deleted."
    )


def test_programme_delete_item_without_places(app: Flask) -> None:
    event = make_event()
    item = make_agenda_item(event)

    delete_item(db.session, item)

    assert db.session.scalar(select(AgendaItem)) is None


def test_programme_warnings_none_for_items_in_different_rooms_or_back_to_back(
    app: Flask,
) -> None:
    event = make_event()
    make_agenda_item(event, room="A", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, room="A", starts_at=paris(9, 10), ends_at=paris(9, 11))
    make_agenda_item(event, room="B", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, room="", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, room="", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, requires_signup=True, starts_at=paris(9, 15), ends_at=paris(9, 16))
    make_session(event)  # 14:00-15:00
    db.session.refresh(event)

    assert programme_warnings(event) == []


def test_programme_warnings_name_an_item_left_outside_the_dates(app: Flask) -> None:
    event = make_event()
    make_agenda_item(event, title="Dinner", starts_at=paris(11, 20), ends_at=paris(12, 1))
    event.end_date = date(2027, 3, 10)
    db.session.refresh(event, ["agenda_items", "b2b_sessions"])

    assert programme_warnings(event) == ["'Dinner' takes place outside the event's dates."]


def test_programme_item_problems_refuse_a_sign_up_for_a_lunch(app: Flask) -> None:
    event = make_event()

    problems = item_problems(event, _data(kind=AgendaItemKind.LUNCH, requires_signup=True))

    assert problems == {
        "requires_signup": "A break or a lunch is open to everyone: nobody signs up for it."
    }
