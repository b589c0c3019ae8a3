"""Publishing the draft schedule: participants see it, and each change is recorded for them.
Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scheduler.agenda.queries import meetings_where
from scheduler.agenda.runs import active_run
from scheduler.i18n import gettext
from scheduler.models import (
    B2BSlot,
    B2BTable,
    ChangeKind,
    Event,
    Meeting,
    MeetingParticipant,
    Participant,
    PublicationChange,
    PublicationLog,
    PublishedPlacement,
    utcnow,
)


@dataclass(frozen=True)
class Change:
    """One meeting whose published place changed; ``sequence`` is its new calendar SEQUENCE,
    ``slot`` and ``table`` the place the calendars are told about: the new one, or for a
    removed meeting the one it is removed from."""

    meeting: Meeting
    kind: ChangeKind
    sequence: int
    slot: B2BSlot
    table: B2BTable | None


@dataclass
class Publication:
    """What a publication changed, for the people concerned and their calendars; ``log_id``
    is its record (``PublicationLog``), from which the emails can be queued later."""

    changes: list[Change] = field(default_factory=list)
    log_id: int | None = None

    def people(self) -> list[Participant]:
        """Everyone with a changed meeting, once each, in id order."""
        found = {p.id: p for change in self.changes for p in change.meeting.participants}
        return [found[key] for key in sorted(found)]

    def changes_of(self, participant: Participant) -> list[Change]:
        return [c for c in self.changes if participant in c.meeting.participants]


class PublishRefused(Exception):
    """The schedule cannot be published now; the message says why, for the organiser."""


def pending_changes(db: Session, event: Event) -> list[tuple[Meeting, ChangeKind]]:
    """How the draft differs from the published schedule, meeting by meeting."""
    changes = []
    for meeting in _meetings(db, event):
        draft = (meeting.slot_id, meeting.table_id) if meeting.is_live and meeting.slot_id else None
        shown = meeting.published
        if shown is None and draft is not None:
            changes.append((meeting, ChangeKind.ADDED))
        elif shown is not None and draft is None:
            changes.append((meeting, ChangeKind.REMOVED))
        elif shown is not None and draft != (shown.slot_id, shown.table_id):
            changes.append((meeting, ChangeKind.MOVED))
    return changes


def publish(db: Session, event: Event, now: datetime | None = None) -> Publication:
    """Make the draft the published schedule of ``event``. Only what differs from the last
    publication changes (and raises that meeting's SEQUENCE), so publishing twice is
    harmless. Refused while a solver run is going: its result would come after."""
    if active_run(db, event.id) is not None:
        raise PublishRefused(
            gettext("A schedule is being computed for this event; publish when it has finished.")
        )
    now = now or utcnow()
    publication = Publication()
    for meeting, kind in pending_changes(db, event):
        if kind is ChangeKind.REMOVED:
            slot, table = meeting.published.slot, meeting.published.table
        else:
            slot, table = meeting.slot, meeting.table
        if kind is ChangeKind.ADDED:
            meeting.published = PublishedPlacement(
                slot_id=meeting.slot_id, table_id=meeting.table_id, published_at=now
            )
        elif kind is ChangeKind.REMOVED:
            meeting.published = None
            meeting.sequence += 1
        else:
            meeting.published.slot_id = meeting.slot_id
            meeting.published.table_id = meeting.table_id
            meeting.published.published_at = now
            meeting.sequence += 1
        meeting.published_at = now
        publication.changes.append(Change(meeting, kind, meeting.sequence, slot, table))
    if publication.changes:
        log = PublicationLog(event_id=event.id, published_at=now)
        log.changes = [
            PublicationChange(
                meeting_id=c.meeting.id,
                kind=c.kind,
                sequence=c.sequence,
                slot_id=c.slot.id,
                table_id=c.table.id if c.table else None,
            )
            for c in publication.changes
        ]
        db.add(log)
        db.flush()
        publication.log_id = log.id
    else:
        db.flush()
    return publication


def logged_publication(db: Session, log_id: int) -> Publication:
    """The publication recorded as ``log_id``, as ``publish`` returned it."""
    changes = db.scalars(
        select(PublicationChange)
        .where(PublicationChange.publication_id == log_id)
        .options(
            selectinload(PublicationChange.meeting)
            .selectinload(Meeting.attendances)
            .selectinload(MeetingParticipant.participant),
            selectinload(PublicationChange.slot),
            selectinload(PublicationChange.table),
        )
        .order_by(PublicationChange.meeting_id)
    ).all()
    return Publication(
        [Change(c.meeting, c.kind, c.sequence, c.slot, c.table) for c in changes], log_id
    )


def retract(meeting: Meeting) -> Change | None:
    """Take a cancelled meeting out of the published schedule at once, raising its SEQUENCE,
    so that its participants' calendars can be sent the CANCEL now rather than at the next
    publication. None when it was not published."""
    shown = meeting.published
    if shown is None or meeting.is_live:
        return None
    change = Change(meeting, ChangeKind.REMOVED, meeting.sequence + 1, shown.slot, shown.table)
    meeting.sequence += 1
    meeting.published = None
    meeting.published_at = utcnow()
    return change


def _meetings(db: Session, event: Event) -> list[Meeting]:
    """The event's meetings that are placed in the draft or in the published schedule."""
    return meetings_where(
        db,
        Meeting.event_id == event.id,
        Meeting.slot_id.is_not(None) | Meeting.published.has(),
    )
