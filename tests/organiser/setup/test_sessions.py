"""The B2B session operations directly: adding one, the capacity line, who is overbooked."""

from __future__ import annotations

import pytest
from flask import Flask

from scheduler.extensions import db
from scheduler.models import MeetingStatus, ParticipantStatus, Unavailability
from scheduler.organiser.setup.sessions import (
    SessionData,
    add_session,
    capacity_line,
    overbooked,
    session_problems,
)
from tests.factories import make_event, make_meeting, make_participant, make_session, paris


def _data(**fields: object) -> SessionData:
    values: dict[str, object] = {
        "name": "Morning B2B",
        "starts_at": paris(10, 9),
        "ends_at": paris(10, 10, 30),
        "slot_minutes": 25,
        "pause_minutes": 5,
        "tables": 4,
        "room": "Hall",
    }
    values.update(fields)
    return SessionData(**values)


def test_sessions_add_builds_slots_and_tables(app: Flask) -> None:
    event = make_event()
    before = event.revision

    session = add_session(db.session, event, _data())

    assert (
        [(s.position, event.local(s.starts_at).strftime("%H:%M")) for s in session.slots],
        [t.number for t in session.tables],
        event.revision,
    ) == ([(1, "09:00"), (2, "09:30"), (3, "10:00")], [1, 2, 3, 4], before + 1)


def test_sessions_problems_for_a_bad_window(app: Flask) -> None:
    event = make_event()

    assert [
        session_problems(event, _data(ends_at=paris(10, 8))),
        session_problems(event, _data(starts_at=paris(8, 9), ends_at=paris(8, 10))),
        session_problems(event, _data(ends_at=paris(10, 9, 10))),
    ] == [
        {"ends_at": "The session ends before it starts."},
        {"starts_at": "The session must take place between 09 March 2027 and 11 March 2027."},
        {"slot_minutes": "Not one slot of this length fits in the window."},
    ]


def test_sessions_add_refuses_a_bad_window(app: Flask) -> None:
    event = make_event()
    with pytest.raises(ValueError, match="ends_at"):
        add_session(db.session, event, _data(ends_at=paris(10, 8)))


def test_sessions_capacity_line_against_live_meetings(app: Flask) -> None:
    event = make_event()
    first = make_session(event, tables=2)  # 3 slots x 2 tables
    make_session(event, tables=1, name="Second", starts_at=paris(10, 9), ends_at=paris(10, 10))
    ana, ben, cleo = (make_participant(event) for _ in range(3))
    placed = make_meeting(event, ana, ben)
    placed.place(first.slots[0], first.tables[0])
    make_meeting(event, ana, cleo)
    make_meeting(event, ben, cleo, status=MeetingStatus.CANCELLED)
    db.session.flush()
    db.session.refresh(event)

    line = capacity_line(db.session, event)

    assert [(r.session.name, r.slots, r.tables, r.capacity, r.placed) for r in line.sessions] == [
        ("B2B", 3, 2, 6, 1),
        ("Second", 3, 1, 3, 0),
    ]
    assert (line.capacity, line.live_meetings, line.short_by) == (9, 2, 0)


def test_sessions_overbooked_names_who_has_more_meetings_than_free_slots(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=5)  # 3 slots
    ana = make_participant(event, first_name="Ana", last_name="Silva")
    ben = make_participant(event, first_name="Ben", last_name="Rossi")
    gone = make_participant(event, status=ParticipantStatus.WITHDRAWN)
    others = [make_participant(event) for _ in range(3)]
    for other in others:
        make_meeting(event, ana, other)  # Ana: 3 meetings, 2 free slots
        make_meeting(event, gone, other)
    make_meeting(event, ben, others[0])  # Ben: 1 meeting, 0 free slots
    make_meeting(event, ben, others[1], status=MeetingStatus.CANCELLED)
    db.session.add_all(
        [Unavailability(participant_id=ana.id, slot_id=session.slots[0].id)]
        + [Unavailability(participant_id=ben.id, slot_id=slot.id) for slot in session.slots]
    )
    db.session.flush()

    rows = overbooked(db.session, event)

    assert [(r.participant.full_name, r.meetings, r.available_slots) for r in rows] == [
        ("Ana Silva", 3, 2),
        ("Ben Rossi", 1, 0),
    ]
