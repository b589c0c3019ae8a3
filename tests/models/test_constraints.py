"""The rules that matter hold in the database itself, on SQLite and PostgreSQL alike."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.models import (
    AgendaItemKind,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    Participant,
    RequestStatus,
    RunStatus,
    SolverRun,
)
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_participant,
    make_session,
    paris,
)


@contextmanager
def refused(constraint: str, sqlite: str | None = None) -> Iterator[None]:
    """Expect the database to refuse what the block does, by ``constraint``. SQLite names
    unique constraints by their columns and foreign keys not at all: ``sqlite`` is its wording."""
    with pytest.raises(IntegrityError) as error:
        yield
        db.session.flush()
    db.session.rollback()
    expected = sqlite if sqlite and db.engine.dialect.name == "sqlite" else constraint
    assert expected in str(error.value)


def _flush_fails(constraint: str, sqlite: str | None = None) -> None:
    with refused(constraint, sqlite):
        db.session.flush()


def test_participant_email_unique_per_event_ignoring_case(app: Flask) -> None:
    event = make_event()
    make_participant(event, email="Ana.Silva@example.org")
    db.session.add(
        Participant(event=event, first_name="A", last_name="S", email="ana.silva@EXAMPLE.org")
    )
    _flush_fails("uq_participant_event_email")


def test_participant_same_email_allowed_in_another_event(app: Flask) -> None:
    make_participant(make_event(), email="ana@example.org")
    other = make_participant(make_event(), email="ana@example.org")
    assert other.id is not None


def test_meeting_participant_cannot_have_two_meetings_in_one_slot(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    ana, ben, carl = (make_participant(event) for _ in range(3))
    first = make_meeting(event, ana, ben)
    second = make_meeting(event, ana, carl)
    first.place(session.slots[0], session.tables[0])
    db.session.flush()
    second.place(session.slots[0], session.tables[1])
    _flush_fails(
        "uq_meeting_participant_participant_id_slot_id",
        sqlite="UNIQUE constraint failed: "
        "meeting_participant.participant_id, meeting_participant.slot_id",
    )


def test_meeting_participant_can_meet_in_consecutive_slots(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben, carl = (make_participant(event) for _ in range(3))
    make_meeting(event, ana, ben).place(session.slots[0], session.tables[0])
    make_meeting(event, ana, carl).place(session.slots[1], session.tables[0])
    db.session.flush()
    rows = db.session.execute(text("SELECT participant_id, slot_id FROM meeting_participant")).all()
    assert sorted(tuple(row) for row in rows) == sorted(
        [
            (ana.id, session.slots[0].id),
            (ben.id, session.slots[0].id),
            (ana.id, session.slots[1].id),
            (carl.id, session.slots[1].id),
        ]
    )


def test_meeting_table_holds_one_meeting_per_slot(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben, carl, dan = (make_participant(event) for _ in range(4))
    make_meeting(event, ana, ben).place(session.slots[0], session.tables[0])
    db.session.flush()
    make_meeting(event, carl, dan).place(session.slots[0], session.tables[0])
    _flush_fails(
        "uq_meeting_slot_id_table_id",
        sqlite="UNIQUE constraint failed: meeting.slot_id, meeting.table_id",
    )


def test_meeting_slot_move_in_database_follows_to_participants(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()
    db.session.execute(
        text("UPDATE meeting SET slot_id = :slot WHERE id = :id"),
        {"slot": session.slots[2].id, "id": meeting.id},
    )
    slots = (
        db.session.execute(
            text("SELECT DISTINCT slot_id FROM meeting_participant WHERE meeting_id = :id"),
            {"id": meeting.id},
        )
        .scalars()
        .all()
    )
    assert slots == [session.slots[2].id]


def test_meeting_participant_slot_must_match_meeting_slot(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()
    with refused("meeting_participant.slot_id must equal meeting.slot_id"):
        db.session.execute(
            text("UPDATE meeting_participant SET slot_id = :slot WHERE participant_id = :id"),
            {"slot": session.slots[1].id, "id": ana.id},
        )


def test_meeting_scheduled_status_requires_slot(app: Flask) -> None:
    event = make_event()
    ana, ben = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, ben)
    meeting.status = MeetingStatus.SCHEDULED
    _flush_fails("ck_meeting_scheduled_has_slot")


def test_meeting_place_none_unschedules_and_unpins(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[0], session.tables[0])
    meeting.pinned = True
    db.session.flush()
    meeting.place(None)
    db.session.flush()
    assert (
        meeting.status,
        meeting.pinned,
        meeting.table,
        [a.slot_id for a in meeting.attendances],
    ) == (MeetingStatus.UNSCHEDULED, False, None, [None, None])


def test_meeting_request_to_oneself_refused(app: Flask) -> None:
    event = make_event()
    ana = make_participant(event)
    db.session.add(MeetingRequest(event=event, requester=ana, recipient=ana))
    _flush_fails("ck_meeting_request_not_to_self")


def test_meeting_request_one_pending_per_pair_in_either_direction(app: Flask) -> None:
    event = make_event()
    ana, ben = make_participant(event), make_participant(event)
    db.session.add(MeetingRequest(event=event, requester=ana, recipient=ben))
    db.session.flush()
    db.session.add(MeetingRequest(event=event, requester=ben, recipient=ana))
    _flush_fails(
        "uq_meeting_request_pending_pair",
        sqlite="UNIQUE constraint failed: meeting_request.event_id, meeting_request.pair_key",
    )


def test_meeting_request_new_pending_allowed_after_decline(app: Flask) -> None:
    event = make_event()
    ana, ben = make_participant(event), make_participant(event)
    db.session.add(
        MeetingRequest(event=event, requester=ana, recipient=ben, status=RequestStatus.DECLINED)
    )
    again = MeetingRequest(event=event, requester=ben, recipient=ana)
    db.session.add(again)
    db.session.flush()
    assert again.pair_key == f"{ana.id}-{ben.id}"


def test_meeting_request_priority_outside_range_refused(app: Flask) -> None:
    event = make_event()
    ana, ben = make_participant(event), make_participant(event)
    db.session.add(MeetingRequest(event=event, requester=ana, recipient=ben, priority=4))
    _flush_fails("ck_meeting_request_priority_range")


def test_agenda_item_seats_cannot_exceed_capacity(app: Flask) -> None:
    item = make_agenda_item(make_event(), capacity=5)
    item.seats_taken = 6
    _flush_fails("ck_agenda_item_seats_within_capacity")


def test_agenda_item_capacity_must_be_positive(app: Flask) -> None:
    item = make_agenda_item(make_event())
    item.capacity = 0
    _flush_fails("ck_agenda_item_capacity_positive")


def test_agenda_item_must_end_after_start(app: Flask) -> None:
    item = make_agenda_item(make_event())
    item.ends_at = item.starts_at
    _flush_fails("ck_agenda_item_times_ordered")


def test_agenda_item_lunch_with_signup_refused(app: Flask) -> None:
    item = make_agenda_item(make_event(), kind=AgendaItemKind.LUNCH)
    item.requires_signup = True
    _flush_fails("ck_agenda_item_breaks_without_signup")


def test_agenda_item_break_without_signup_stored(app: Flask) -> None:
    item = make_agenda_item(make_event(), kind=AgendaItemKind.BREAK, requires_signup=False)
    db.session.expire(item)
    assert (item.kind, item.requires_signup) == (AgendaItemKind.BREAK, False)


def test_b2b_table_one_booth_per_host_in_a_session(app: Flask) -> None:
    event = make_event()
    host = make_participant(event)
    session = make_session(event, tables=2)
    session.tables[0].reserved_for_id = host.id
    session.tables[1].reserved_for_id = host.id
    _flush_fails(
        "uq_b2b_table_session_id_reserved_for_id",
        sqlite="UNIQUE constraint failed: b2b_table.session_id, b2b_table.reserved_for_id",
    )


def test_event_end_date_before_start_refused(app: Flask) -> None:
    event = make_event()
    event.end_date = date(2027, 3, 8)
    _flush_fails("ck_event_dates_ordered")


def test_event_unknown_timezone_refused_with_message(app: Flask) -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Europe/Angers'"):
        make_event(timezone="Europe/Angers")


def test_enum_column_refuses_unknown_value_in_database(app: Flask) -> None:
    event = make_event()
    with refused("ck_event_event_status"):
        db.session.execute(
            text("UPDATE event SET status = 'bogus' WHERE id = :id"), {"id": event.id}
        )


def test_solver_run_only_one_active_per_event(app: Flask) -> None:
    event = make_event()
    db.session.add(SolverRun(event=event, event_revision=0, status=RunStatus.RUNNING))
    db.session.add(SolverRun(event=event, event_revision=0, status=RunStatus.SUCCEEDED))
    db.session.flush()
    db.session.add(SolverRun(event=event, event_revision=0, status=RunStatus.QUEUED))
    _flush_fails(
        "uq_solver_run_active_event", sqlite="UNIQUE constraint failed: solver_run.event_id"
    )


def test_utc_datetime_refuses_naive_values(app: Flask) -> None:
    item = make_agenda_item(make_event())
    item.starts_at = datetime(2027, 3, 9, 9, 0)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_utc_datetime_round_trips_as_aware_utc(app: Flask) -> None:
    item = make_agenda_item(make_event())
    db.session.commit()
    db.session.expire_all()
    assert (item.starts_at, item.starts_at.tzinfo) == (datetime(2027, 3, 9, 9, 0, tzinfo=UTC), UTC)


def test_deleting_event_cascades_to_meetings(app: Flask) -> None:
    event = make_event()
    ana, ben = make_participant(event), make_participant(event)
    make_meeting(event, ana, ben)
    db.session.commit()
    db.session.execute(text("DELETE FROM event WHERE id = :id"), {"id": event.id})
    db.session.commit()
    remaining = [
        db.session.scalar(text(f"SELECT count(*) FROM {table}"))
        for table in ("meeting", "meeting_participant", "participant")
    ]
    assert remaining == [0, 0, 0]


def test_meeting_attendee_added_to_placed_meeting_gets_its_slot(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    ana, ben, carl = (make_participant(event) for _ in range(3))
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()
    meeting.attendances.append(MeetingParticipant(participant=carl))
    db.session.flush()
    slots = (
        db.session.execute(
            text("SELECT slot_id FROM meeting_participant WHERE meeting_id = :id"),
            {"id": meeting.id},
        )
        .scalars()
        .all()
    )
    assert slots == [session.slots[0].id] * 3


def test_meeting_participant_insert_with_other_slot_refused(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    ana, ben, carl = (make_participant(event) for _ in range(3))
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()
    with refused("meeting_participant.slot_id must equal meeting.slot_id"):
        db.session.execute(
            text(
                "INSERT INTO meeting_participant (meeting_id, participant_id, slot_id) "
                "VALUES (:m, :p, NULL)"
            ),
            {"m": meeting.id, "p": carl.id},
        )


def test_meeting_placed_by_sql_carries_participants_and_refuses_double_booking(
    app: Flask,
) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    ana, ben, carl = (make_participant(event) for _ in range(3))
    first, second = make_meeting(event, ana, ben), make_meeting(event, ana, carl)
    slot = session.slots[0].id
    place = text(
        "UPDATE meeting SET slot_id = :slot, session_id = :session, status = 'scheduled' "
        "WHERE id = :id"
    )
    db.session.execute(place, {"slot": slot, "session": session.id, "id": first.id})
    followed = (
        db.session.execute(
            text("SELECT slot_id FROM meeting_participant WHERE meeting_id = :id"), {"id": first.id}
        )
        .scalars()
        .all()
    )
    assert followed == [slot, slot]
    with refused(
        "uq_meeting_participant_participant_id_slot_id",
        sqlite="UNIQUE constraint failed: "
        "meeting_participant.participant_id, meeting_participant.slot_id",
    ):
        db.session.execute(place, {"slot": slot, "session": session.id, "id": second.id})


def test_deleting_event_with_scheduled_meeting_through_orm(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    ana, ben = make_participant(event), make_participant(event)
    make_meeting(event, ana, ben).place(session.slots[0], session.tables[0])
    db.session.commit()
    db.session.delete(event)
    db.session.commit()
    counts = [
        db.session.scalar(text(f"SELECT count(*) FROM {table}"))
        for table in ("event", "b2b_slot", "meeting", "meeting_participant")
    ]
    assert counts == [0, 0, 0, 0]


def test_session_slots_keep_wall_clock_across_daylight_saving(app: Flask) -> None:
    from datetime import timedelta

    from scheduler.models import B2BSession

    session = B2BSession(
        name="Night",
        starts_at=paris(27, 23),
        ends_at=paris(27, 23).astimezone(UTC) + timedelta(hours=4),
        slot_minutes=60,
        pause_minutes=0,
    )
    starts = [start.astimezone(UTC).strftime("%H:%M") for start, _ in session.slot_times()]
    assert starts == ["22:00", "23:00", "00:00", "01:00"]


def test_meeting_request_between_events_refused(app: Flask) -> None:
    first, second = make_event(), make_event()
    ana, bea = make_participant(first), make_participant(second)
    db.session.add(MeetingRequest(event=first, requester=ana, recipient=bea))
    _flush_fails("fk_meeting_request_recipient_same_event", sqlite="FOREIGN KEY constraint failed")


def test_meeting_table_of_another_session_refused(app: Flask) -> None:
    event = make_event()
    first, second = make_session(event, tables=1), make_session(event, tables=1, name="B2B 2")
    ana, ben = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, ben)
    meeting.place(first.slots[0], second.tables[0])
    _flush_fails("fk_meeting_table_in_session", sqlite="FOREIGN KEY constraint failed")


def test_meeting_place_records_session(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=1)
    meeting = make_meeting(event, make_participant(event), make_participant(event))
    meeting.place(session.slots[1], session.tables[0])
    db.session.flush()
    placed = meeting.session_id
    meeting.place(None)
    db.session.flush()
    assert (placed, meeting.session_id) == (session.id, None)
