"""A participant's own agenda: their published meetings, their workshop seats and the
programme items open to all, day by day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scheduler.models import (
    AgendaItem,
    B2BSlot,
    Event,
    Meeting,
    MeetingParticipant,
    Participant,
    PublishedPlacement,
    SessionSignup,
    SignupStatus,
)


@dataclass(frozen=True)
class Entry:
    """One line of the agenda: a meeting (with whom) or a programme item."""

    starts_at: datetime
    ends_at: datetime
    title: str
    where: str = ""
    meeting: Meeting | None = None
    others: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class Day:
    day: date
    entries: list[Entry] = field(default_factory=list)


def published_meetings(db: Session, participant: Participant) -> list[Meeting]:
    """The participant's meetings in the published schedule, in time order, with their
    place and participants loaded."""
    return list(
        db.scalars(
            Meeting.live_of(participant.id)
            .join(PublishedPlacement, PublishedPlacement.meeting_id == Meeting.id)
            .join(B2BSlot, B2BSlot.id == PublishedPlacement.slot_id)
            .options(
                selectinload(Meeting.published).selectinload(PublishedPlacement.slot),
                selectinload(Meeting.attendances).selectinload(MeetingParticipant.participant),
            )
            .order_by(None)
            .order_by(B2BSlot.starts_at, Meeting.id)
        )
    )


def published_by_person(db: Session, event: Event) -> dict[int, list[Meeting]]:
    """Every participant's published meetings (as ``published_meetings`` gives them), for
    the whole event in a few queries."""
    meetings = db.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.is_live)
        .join(PublishedPlacement, PublishedPlacement.meeting_id == Meeting.id)
        .join(B2BSlot, B2BSlot.id == PublishedPlacement.slot_id)
        .options(
            selectinload(Meeting.published).selectinload(PublishedPlacement.slot),
            selectinload(Meeting.published).selectinload(PublishedPlacement.table),
            selectinload(Meeting.attendances).selectinload(MeetingParticipant.participant),
        )
        .order_by(B2BSlot.starts_at, Meeting.id)
    ).all()
    found: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        for person in meeting.participants:
            found[person.id].append(meeting)
    return found


def _meetings(db: Session, participant: Participant) -> list[Entry]:
    meetings = published_meetings(db, participant)
    entries = []
    for meeting in meetings:
        placed = meeting.published
        others = tuple(p for p in meeting.participants if p.id != participant.id)
        where = ", ".join(
            part
            for part in (placed.slot.session.room, placed.table and placed.table.display_name)
            if part
        )
        entries.append(
            Entry(
                starts_at=placed.slot.starts_at,
                ends_at=placed.slot.ends_at,
                title="B2B meeting",
                where=where,
                meeting=meeting,
                others=others,
            )
        )
    return entries


def programme_of(db: Session, participant: Participant) -> list[AgendaItem]:
    """Items open to all (no sign-up), and those the participant holds a seat in."""
    seats = select(SessionSignup.agenda_item_id).where(
        SessionSignup.participant_id == participant.id,
        SessionSignup.status == SignupStatus.CONFIRMED,
    )
    return list(
        db.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.event_id == participant.event_id,
                AgendaItem.requires_signup.is_(False) | AgendaItem.id.in_(seats),
            )
            .order_by(AgendaItem.starts_at, AgendaItem.id)
        )
    )


def _programme(db: Session, participant: Participant) -> list[Entry]:
    return [Entry(i.starts_at, i.ends_at, i.title, i.room) for i in programme_of(db, participant)]


def personal_agenda(db: Session, participant: Participant) -> list[Day]:
    """The participant's agenda, day by day (days of the venue's time zone), in time order."""
    event = participant.event
    entries = sorted(
        [*_meetings(db, participant), *_programme(db, participant)],
        key=lambda entry: (entry.starts_at, entry.meeting is not None, entry.title),
    )
    return [
        Day(day, list(group))
        for day, group in groupby(entries, key=lambda entry: event.local(entry.starts_at).date())
    ]


def agenda_holders(db: Session, event: Event) -> list[Participant]:
    """Active participants with a published meeting, in name order."""
    with_meetings = (
        select(MeetingParticipant.participant_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event.id, Meeting.is_live, Meeting.published.has())
    )
    return list(
        db.scalars(
            select(Participant)
            .where(Participant.id.in_(with_meetings), Participant.is_active)
            .order_by(Participant.last_name, Participant.first_name, Participant.id)
        )
    )
