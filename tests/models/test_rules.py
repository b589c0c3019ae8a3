"""Domain rules defined once on the models, in Python and in SQL alike."""

from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Meeting, MeetingStatus, Participant, ParticipantStatus, utcnow
from tests.factories import make_event, make_meeting, make_participant, make_session


def test_participant_is_active_same_in_python_and_sql(app: Flask) -> None:
    event = make_event()
    people = {
        "confirmed": make_participant(event, status=ParticipantStatus.CONFIRMED),
        "pending": make_participant(event, status=ParticipantStatus.PENDING),
        "withdrawn": make_participant(event, status=ParticipantStatus.WITHDRAWN),
        "erased": make_participant(
            event, status=ParticipantStatus.CONFIRMED, anonymised_at=utcnow()
        ),
    }
    names = {person.id: name for name, person in people.items()}

    in_python = sorted(name for name, person in people.items() if person.is_active)
    in_sql = sorted(
        names[i] for i in db.session.scalars(select(Participant.id).where(Participant.is_active))
    )

    assert in_python == in_sql == ["confirmed", "pending"]


def test_meeting_live_of_lists_the_participants_uncancelled_meetings(app: Flask) -> None:
    event = make_event()
    ana, rui, eva = (make_participant(event) for _ in range(3))
    with_rui = make_meeting(event, ana, rui)
    with_eva = make_meeting(event, ana, eva)
    make_meeting(event, ana, eva, status=MeetingStatus.CANCELLED)
    between_them = make_meeting(event, rui, eva)

    assert db.session.scalars(Meeting.live_of(ana.id)).all() == [with_rui, with_eva]
    assert db.session.scalars(Meeting.live_of(eva.id)).all() == [with_eva, between_them]


def test_meeting_cancel_frees_its_slot_and_table(app: Flask) -> None:
    event = make_event()
    session = make_session(event)
    ana, rui = make_participant(event), make_participant(event)
    meeting = make_meeting(event, ana, rui)
    meeting.place(session.slots[0], session.tables[0])
    meeting.pinned = True
    db.session.flush()

    meeting.cancel()
    db.session.flush()

    assert (meeting.status, meeting.slot, meeting.table, meeting.pinned, meeting.is_live) == (
        MeetingStatus.CANCELLED,
        None,
        None,
        False,
        False,
    )
    assert [a.slot_id for a in meeting.attendances] == [None, None]
