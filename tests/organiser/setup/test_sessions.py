"""The B2B session operations directly: adding one, the capacity line, who is overbooked."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from scheduler.agenda.publish import publish
from scheduler.extensions import db
from scheduler.models import (
    B2BSession,
    B2BSlot,
    B2BTable,
    MeetingStatus,
    ParticipantStatus,
    Unavailability,
)
from scheduler.organiser.setup.sessions import (
    SessionData,
    SessionRefused,
    add_session,
    capacity_line,
    delete_session,
    edit_problems,
    overbooked,
    session_problems,
    tables_problem,
    update_session,
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


def _as_data(session, **fields: object) -> SessionData:
    values: dict[str, object] = {
        "name": session.name,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "slot_minutes": session.slot_minutes,
        "pause_minutes": session.pause_minutes,
        "tables": len(session.tables),
        "room": session.room,
    }
    values.update(fields)
    return SessionData(**values)


def test_sessions_update_cuts_new_slots_keeping_unavailability_by_time(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)  # 14:00-15:00, three 20-minute slots
    ana = make_participant(event)
    db.session.add(Unavailability(participant_id=ana.id, slot_id=session.slots[2].id))
    before = event.revision

    update_session(db.session, session, _as_data(session, slot_minutes=30, tables=3))

    db.session.expire_all()
    unavailable = db.session.scalars(
        select(Unavailability.slot_id).where(Unavailability.participant_id == ana.id)
    ).all()
    assert [event.local(s.starts_at).strftime("%H:%M") for s in session.slots] == [
        "14:00",
        "14:30",
    ]
    assert [t.number for t in session.tables] == [1, 2, 3]
    assert unavailable == [session.slots[1].id]  # 14:40-15:00 lies in 14:30-15:00
    assert event.revision == before + 1


def test_sessions_update_refuses_new_slots_once_meetings_are_placed(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    meeting = make_meeting(event, make_participant(event), make_participant(event))
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()

    problems = edit_problems(db.session, event, session, _as_data(session, slot_minutes=30))

    assert problems == {
        "starts_at": "1 meeting is placed in B2B by the draft schedule: its slots, booths and "
        "existence stay as they are while the draft holds it."
    }
    assert tables_problem(db.session, session, 0) == (
        "Meetings are placed at the tables above 0: keep them, or move those meetings first."
    )
    assert tables_problem(db.session, session, 1) is None


def test_sessions_update_renames_a_session_in_use(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    meeting = make_meeting(event, make_participant(event), make_participant(event))
    meeting.place(session.slots[0], session.tables[0])

    update_session(db.session, session, _as_data(session, name="Day 1", room="Hall", tables=4))

    assert (session.name, session.room, len(session.tables), len(session.slots)) == (
        "Day 1",
        "Hall",
        4,
        3,
    )


def test_sessions_delete_removes_slots_tables_and_unavailability(app: Flask) -> None:
    event = make_event()
    session = make_session(event)
    ana = make_participant(event)
    db.session.add(Unavailability(participant_id=ana.id, slot_id=session.slots[0].id))
    db.session.flush()

    delete_session(db.session, session)

    db.session.expire_all()
    counts = [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (B2BSession, B2BSlot, B2BTable, Unavailability)
    ]
    assert counts == [0, 0, 0, 0]


def test_sessions_delete_refused_once_meetings_are_published(app: Flask) -> None:
    event = make_event()
    session = make_session(event)
    meeting = make_meeting(event, make_participant(event), make_participant(event))
    meeting.place(session.slots[0], session.tables[0])
    publish(db.session, event)
    meeting.place(None)
    db.session.flush()

    with pytest.raises(SessionRefused) as refused:
        delete_session(db.session, session)

    assert str(refused.value) == (
        "Meetings of B2B have been published: participants hold them in their calendars, so "
        "its slots, booths and existence stay as they are."
    )
