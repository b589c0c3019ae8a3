"""Seats and waiting lists, through the operations directly (no HTTP)."""

import pytest
from flask import Flask

from scheduler.extensions import db
from scheduler.models import Event, SessionSignup, SignupStatus
from scheduler.registration import seats
from tests.factories import make_agenda_item, make_event, make_participant, paris


def _workshop(event: Event, capacity: int, **fields: object):
    return make_agenda_item(event, capacity=capacity, requires_signup=True, **fields)


def _statuses(item) -> dict[str, SignupStatus]:
    db.session.expire_all()
    return {
        signup.participant.email: signup.status
        for signup in db.session.query(SessionSignup).filter_by(agenda_item_id=item.id)
    }


def test_seats_join_gives_seats_then_waiting_list(app: Flask) -> None:
    event = make_event()
    item = _workshop(event, capacity=1)
    first = make_participant(event, email="first@example.org")
    second = make_participant(event, email="second@example.org")

    assert seats.join_session(first, item) is SignupStatus.CONFIRMED
    assert seats.join_session(second, item) is SignupStatus.WAITLISTED
    assert (item.seats_taken, _statuses(item)) == (
        1,
        {
            "first@example.org": SignupStatus.CONFIRMED,
            "second@example.org": SignupStatus.WAITLISTED,
        },
    )


def test_seats_join_twice_takes_one_seat(app: Flask) -> None:
    event = make_event()
    item = _workshop(event, capacity=3)
    person = make_participant(event)

    seats.join_session(person, item)
    seats.join_session(person, item)

    db.session.expire_all()
    assert item.seats_taken == 1


def test_seats_join_refuses_a_clashing_seat(app: Flask) -> None:
    event = make_event()
    morning = _workshop(event, capacity=5, title="Biocontrol", starts_at=paris(9, 10))
    overlapping = _workshop(
        event, capacity=5, title="Seeds", starts_at=paris(9, 11), ends_at=paris(9, 13)
    )
    person = make_participant(event)
    seats.join_session(person, morning)

    with pytest.raises(seats.SignupRefused) as refusal:
        seats.join_session(person, overlapping)
    assert str(refusal.value) == "You already have a seat in \u201cBiocontrol\u201d at that time."


def test_seats_leave_promotes_the_longest_waiting_without_a_clash(app: Flask) -> None:
    event = make_event()
    item = _workshop(event, capacity=1, starts_at=paris(9, 10), ends_at=paris(9, 12))
    other = _workshop(event, capacity=5, starts_at=paris(9, 11), ends_at=paris(9, 12))
    holder = make_participant(event, email="holder@example.org")
    busy = make_participant(event, email="busy@example.org")
    patient = make_participant(event, email="patient@example.org")
    seats.join_session(holder, item)
    seats.join_session(busy, item)
    seats.join_session(patient, item)
    seats.join_session(busy, other)  # busy now has a clashing seat elsewhere

    promoted = seats.leave_session(holder, item)

    assert promoted is patient
    assert _statuses(item) == {
        "holder@example.org": SignupStatus.CANCELLED,
        "busy@example.org": SignupStatus.WAITLISTED,
        "patient@example.org": SignupStatus.CONFIRMED,
    }
    assert item.seats_taken == 1


def test_seats_leave_a_waiting_list_promotes_nobody(app: Flask) -> None:
    event = make_event()
    item = _workshop(event, capacity=1)
    holder = make_participant(event)
    waiting = make_participant(event, email="waiting@example.org")
    seats.join_session(holder, item)
    seats.join_session(waiting, item)

    assert seats.leave_session(waiting, item) is None
    assert _statuses(item)["waiting@example.org"] is SignupStatus.CANCELLED
    assert item.seats_taken == 1


def test_seats_signup_items_lists_only_items_needing_a_signup(app: Flask) -> None:
    event = make_event()
    workshop = _workshop(event, capacity=5, title="Workshop", starts_at=paris(9, 10))
    make_agenda_item(event, title="Plenary", starts_at=paris(9, 9), ends_at=paris(9, 10))

    assert seats.signup_items(event) == [workshop]
