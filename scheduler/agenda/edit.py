"""Organisers' hand edits of the draft: move a meeting (and pin it there), unpin, take it out.
A move into a conflict is refused with the reason and changes nothing. Functions flush, never
commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import (
    AgendaItem,
    B2BSlot,
    B2BTable,
    Meeting,
    MeetingParticipant,
    SessionSignup,
    SignupStatus,
    Unavailability,
)


class MoveRefused(Exception):
    """The move would break a rule; the message says which, for the organiser."""


def _names(people: list) -> str:
    return ", ".join(p.full_name for p in people)


def conflicts(db: Session, meeting: Meeting, slot: B2BSlot, table: B2BTable | None) -> list[str]:
    """Why ``meeting`` cannot be held at ``slot`` and ``table``, in words (empty: it can)."""
    problems = []
    if slot.session.event_id != meeting.event_id:
        return ["This slot belongs to another event."]
    if table is not None and table.session_id != slot.session_id:
        return ["This table belongs to another B2B session than the slot."]
    people = meeting.participants
    ids = [p.id for p in people]
    away = db.scalars(
        select(Unavailability.participant_id).where(
            Unavailability.slot_id == slot.id, Unavailability.participant_id.in_(ids)
        )
    ).all()
    if away:
        problems.append(f"Not available then: {_names([p for p in people if p.id in away])}.")
    seated = db.execute(
        select(SessionSignup.participant_id, AgendaItem.title)
        .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
        .where(
            SessionSignup.participant_id.in_(ids),
            SessionSignup.status == SignupStatus.CONFIRMED,
            AgendaItem.starts_at < slot.ends_at,
            AgendaItem.ends_at > slot.starts_at,
        )
    ).all()
    for participant_id, title in seated:
        person = next(p for p in people if p.id == participant_id)
        problems.append(f"{person.full_name} has a seat in \u201c{title}\u201d then.")
    busy = db.scalars(
        select(MeetingParticipant.participant_id).where(
            MeetingParticipant.slot_id == slot.id,
            MeetingParticipant.participant_id.in_(ids),
            MeetingParticipant.meeting_id != meeting.id,
        )
    ).all()
    if busy:
        problems.append(
            f"Already in another meeting then: {_names([p for p in people if p.id in busy])}."
        )
    if table is not None:
        taken = db.scalar(
            select(Meeting.id).where(
                Meeting.slot_id == slot.id, Meeting.table_id == table.id, Meeting.id != meeting.id
            )
        )
        if taken is not None:
            problems.append(f"{table.display_name} is taken at that time.")
        if table.reserved_for_id is not None and table.reserved_for_id not in ids:
            problems.append(f"{table.display_name} is a booth reserved for its host.")
    return problems


def move(
    db: Session, meeting: Meeting, slot: B2BSlot, table: B2BTable | None, *, pin: bool = True
) -> None:
    """Put ``meeting`` at ``slot`` and ``table`` (pinned there unless ``pin`` is False), or
    raise ``MoveRefused`` with every reason and change nothing."""
    if not meeting.is_live:
        raise MoveRefused("This meeting is cancelled.")
    problems = conflicts(db, meeting, slot, table)
    if problems:
        raise MoveRefused(" ".join(problems))
    meeting.place(slot, table)
    meeting.pinned = pin
    db.flush()


def unpin(db: Session, meeting: Meeting) -> None:
    """Let the next run move the meeting again."""
    meeting.pinned = False
    db.flush()


def take_out(db: Session, meeting: Meeting) -> None:
    """Take the meeting out of the draft (the next run may place it again)."""
    meeting.place(None)
    db.flush()
