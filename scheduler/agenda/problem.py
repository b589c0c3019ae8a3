"""The engine's problem for one B2B session, read from the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import (
    AgendaItem,
    B2BSession,
    B2BSlot,
    Meeting,
    MeetingParticipant,
    Participant,
    PublishedPlacement,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from scheduler.solver import model as engine


@dataclass(frozen=True)
class Snapshot:
    """A problem and the event revision it was read at: a result applies only to that one."""

    problem: engine.Problem
    event_id: int
    revision: int
    session_id: int


@dataclass(frozen=True)
class _MeetingRow:
    """What the engine needs of a meeting, read as plain columns (large events have
    thousands: no ORM objects)."""

    id: int
    priority: int
    pinned: bool
    slot_id: int | None
    table_id: int | None
    shown_slot_id: int | None
    shown_table_id: int | None
    participants: tuple[int, ...]


def session_problem(db: Session, session: B2BSession) -> Snapshot:
    """The problem of placing the event's live meetings into ``session``'s slots and tables.

    Meetings already placed in another session of the event stay there and are left out;
    a participant's quota is reduced by the meetings they hold elsewhere. Pinned meetings
    are fixed to their slot; meetings of the published schedule are ``previous``, so that a
    re-solve moves as few of them as possible."""
    event = session.event
    # The revision first: a change committed after this read makes the snapshot stale,
    # never a snapshot that is newer than its revision.
    db.refresh(event, ["revision"])
    revision = event.revision
    slots = list(session.slots)
    slot_ids = {slot.id for slot in slots}
    meetings = _meetings(db, session)
    people = _people(db, sorted({p for m in meetings for p in m.participants}))
    ids = [person.id for person in people]
    elsewhere = _meetings_elsewhere(db, session, ids)
    unavailable = _unavailable(db, ids, slot_ids)
    busy = _programme_slots(db, ids, slots)
    quota = event.max_meetings_per_participant
    problem = engine.Problem(
        name=f"{event.name}: {session.name}",
        slots=tuple(
            engine.Slot(
                id=slot.id,
                session=str(session.id),
                day=event.local(slot.starts_at).date().isoformat(),
                label=f"{event.local(slot.starts_at):%H:%M}",
            )
            for slot in slots
        ),
        tables=tuple(
            engine.Table(id=table.id, name=table.display_name, reserved_for=table.reserved_for_id)
            for table in session.tables
        ),
        participants=tuple(
            engine.Participant(
                id=person.id,
                name=f"{person.first_name} {person.last_name}".strip(),
                unavailable=frozenset(unavailable[person.id]),
                workshops=frozenset(busy[person.id]),
                max_meetings=_remaining(quota, person.max_meetings, elsewhere[person.id]),
            )
            for person in people
        ),
        meetings=tuple(
            engine.Meeting(
                id=meeting.id,
                participants=meeting.participants,
                priority=meeting.priority,
                fixed_slot=meeting.slot_id if meeting.pinned else None,
            )
            for meeting in meetings
        ),
        previous=_previous(meetings, slot_ids),
    )
    return Snapshot(problem=problem, event_id=event.id, revision=revision, session_id=session.id)


def _previous(meetings: list[_MeetingRow], slot_ids: set[int]) -> dict[int, engine.Placement]:
    """Where the engine should keep meetings: the published place of each meeting of this
    session, and for a pinned meeting its pin, table included (the engine keeps a meeting's
    previous table when it is free)."""
    previous = {}
    for meeting in meetings:
        if meeting.pinned:
            previous[meeting.id] = engine.Placement(meeting.id, meeting.slot_id, meeting.table_id)
        elif meeting.shown_slot_id in slot_ids:
            previous[meeting.id] = engine.Placement(
                meeting.id, meeting.shown_slot_id, meeting.shown_table_id
            )
    return previous


def _meetings(db: Session, session: B2BSession) -> list[_MeetingRow]:
    """Live meetings of the event that are unplaced or placed in this session, in id order,
    each with its participants in id order."""
    where = (
        Meeting.event_id == session.event_id,
        Meeting.is_live,
        Meeting.session_id.is_(None) | (Meeting.session_id == session.id),
    )
    participants: dict[int, list[int]] = defaultdict(list)
    for meeting_id, participant_id in db.execute(
        select(MeetingParticipant.meeting_id, MeetingParticipant.participant_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(*where)
        .order_by(MeetingParticipant.participant_id)
    ):
        participants[meeting_id].append(participant_id)
    rows = db.execute(
        select(
            Meeting.id,
            Meeting.priority,
            Meeting.pinned,
            Meeting.slot_id,
            Meeting.table_id,
            PublishedPlacement.slot_id,
            PublishedPlacement.table_id,
        )
        .outerjoin(PublishedPlacement, PublishedPlacement.meeting_id == Meeting.id)
        .where(*where)
        .order_by(Meeting.id)
    )
    return [_MeetingRow(*row, participants=tuple(participants[row[0]])) for row in rows]


def _people(db: Session, participant_ids: list[int]):
    """Id, names and own quota of each participant, in id order."""
    return db.execute(
        select(
            Participant.id, Participant.first_name, Participant.last_name, Participant.max_meetings
        )
        .where(Participant.id.in_(participant_ids))
        .order_by(Participant.id)
    ).all()


def _meetings_elsewhere(
    db: Session, session: B2BSession, participant_ids: list[int]
) -> dict[int, int]:
    """How many meetings each participant already holds in the event's other sessions."""
    counts: dict[int, int] = defaultdict(int)
    rows = db.execute(
        select(MeetingParticipant.participant_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(
            MeetingParticipant.participant_id.in_(participant_ids),
            Meeting.is_live,
            Meeting.session_id.is_not(None),
            Meeting.session_id != session.id,
        )
    )
    for (participant_id,) in rows:
        counts[participant_id] += 1
    return counts


def _unavailable(db: Session, participant_ids: list[int], slot_ids: set[int]) -> dict[int, set]:
    found: dict[int, set[int]] = defaultdict(set)
    rows = db.execute(
        select(Unavailability.participant_id, Unavailability.slot_id).where(
            Unavailability.participant_id.in_(participant_ids),
            Unavailability.slot_id.in_(slot_ids),
        )
    )
    for participant_id, slot_id in rows:
        found[participant_id].add(slot_id)
    return found


def _programme_slots(
    db: Session, participant_ids: list[int], slots: list[B2BSlot]
) -> dict[int, set[int]]:
    """The slots each participant spends in a workshop, visit or dinner they hold a seat in."""
    found: dict[int, set[int]] = defaultdict(set)
    rows = db.execute(
        select(SessionSignup.participant_id, AgendaItem.starts_at, AgendaItem.ends_at)
        .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
        .where(
            SessionSignup.participant_id.in_(participant_ids),
            SessionSignup.status == SignupStatus.CONFIRMED,
        )
    )
    for participant_id, starts_at, ends_at in rows:
        for slot in slots:
            if slot.starts_at < ends_at and starts_at < slot.ends_at:
                found[participant_id].add(slot.id)
    return found


def _remaining(event_cap: int | None, own_cap: int | None, held: int) -> int | None:
    """The participant's quota for this session: the tighter cap, less what is held."""
    caps = [cap for cap in (event_cap, own_cap) if cap is not None]
    return None if not caps else max(0, min(caps) - held)
