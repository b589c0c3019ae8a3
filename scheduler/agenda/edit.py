"""Organisers' hand edits of the draft: move a meeting (and pin it there), unpin, take it out.
A move into a conflict is refused with the reason and changes nothing. Functions flush, never
commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext
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
        return [gettext("This slot belongs to another event.")]
    if table is not None and table.session_id != slot.session_id:
        return [gettext("This table belongs to another B2B session than the slot.")]
    people = meeting.participants
    ids = [p.id for p in people]
    away = db.scalars(
        select(Unavailability.participant_id).where(
            Unavailability.slot_id == slot.id, Unavailability.participant_id.in_(ids)
        )
    ).all()
    if away:
        away_names = _names([p for p in people if p.id in away])
        problems.append(gettext("Not available then: %(names)s.", names=away_names))
    seated = db.execute(
        select(SessionSignup.participant_id, AgendaItem)
        .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
        .where(
            SessionSignup.participant_id.in_(ids),
            SessionSignup.status == SignupStatus.CONFIRMED,
            AgendaItem.starts_at < slot.ends_at,
            AgendaItem.ends_at > slot.starts_at,
        )
    ).all()
    for participant_id, item in seated:
        person = next(p for p in people if p.id == participant_id)
        problems.append(
            gettext(
                "%(name)s has a seat in \u201c%(item)s\u201d then.",
                name=person.full_name,
                item=item.title,
            )
        )
    busy = db.scalars(
        select(MeetingParticipant.participant_id).where(
            MeetingParticipant.slot_id == slot.id,
            MeetingParticipant.participant_id.in_(ids),
            MeetingParticipant.meeting_id != meeting.id,
        )
    ).all()
    if busy:
        busy_names = _names([p for p in people if p.id in busy])
        problems.append(gettext("Already in another meeting then: %(names)s.", names=busy_names))
    if table is not None:
        taken = db.scalar(
            select(Meeting.id).where(
                Meeting.slot_id == slot.id, Meeting.table_id == table.id, Meeting.id != meeting.id
            )
        )
        if taken is not None:
            problems.append(
                gettext("%(table)s is taken at that time.", table=table.display_name)
            )
        if table.reserved_for_id is not None and table.reserved_for_id not in ids:
            problems.append(
                gettext("%(table)s is a booth reserved for its host.", table=table.display_name)
            )
    return problems


def move(
    db: Session, meeting: Meeting, slot: B2BSlot, table: B2BTable | None, *, pin: bool = True
) -> None:
    """Put ``meeting`` at ``slot`` and ``table`` (pinned there unless ``pin`` is False), or
    raise ``MoveRefused`` with every reason and change nothing."""
    if not meeting.is_live:
        raise MoveRefused(gettext("This meeting is cancelled."))
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
