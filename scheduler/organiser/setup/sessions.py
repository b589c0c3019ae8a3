"""The B2B sessions as the organisers set them up: adding one (its slots and tables built
from the window), the capacity against the live meetings, and the participants who have more
meetings than slots they are available for. Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext
from scheduler.models import (
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    Meeting,
    MeetingParticipant,
    Participant,
    Unavailability,
)
from scheduler.revisions import bump_revision


@dataclass(frozen=True)
class SessionData:
    """A B2B session as the form gives it; instants are aware."""

    name: str
    starts_at: datetime
    ends_at: datetime
    slot_minutes: int
    pause_minutes: int
    tables: int
    room: str
    name_fr: str = ""


def session_problems(event: Event, data: SessionData) -> dict[str, str]:
    """What stops ``data`` from becoming a session, by field name."""
    problems: dict[str, str] = {}
    if not data.name and not data.name_fr:
        problems["name"] = gettext("Name the session in English, in French or in both.")
    if data.ends_at <= data.starts_at:
        problems["ends_at"] = "The session ends before it starts."
        return problems
    first, last = event.local(data.starts_at).date(), event.local(data.ends_at).date()
    if first < event.start_date or last > event.end_date:
        problems["starts_at"] = (
            f"The session must take place between {event.start_date:%d %B %Y} "
            f"and {event.end_date:%d %B %Y}."
        )
    elif not _build(event, data).slot_times():
        problems["slot_minutes"] = "Not one slot of this length fits in the window."
    return problems


def _build(event: Event, data: SessionData) -> B2BSession:
    return B2BSession(
        name_en=data.name,
        name_fr=data.name_fr,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        slot_minutes=data.slot_minutes,
        pause_minutes=data.pause_minutes,
        room=data.room,
    )


def add_session(db: Session, event: Event, data: SessionData) -> B2BSession:
    """A new session of ``event`` with its slots and ``data.tables`` numbered tables."""
    problems = session_problems(event, data)
    if problems:
        raise ValueError(f"session not valid: {problems}")
    session = _build(event, data)
    session.generate_slots()
    session.tables = [B2BTable(number=number) for number in range(1, data.tables + 1)]
    event.b2b_sessions.append(session)
    db.flush()
    bump_revision(event)
    return session


@dataclass(frozen=True)
class SessionCapacity:
    session: B2BSession
    slots: int
    tables: int
    placed: int  # live meetings placed in this session by the schedule

    @property
    def capacity(self) -> int:
        return self.slots * self.tables


@dataclass(frozen=True)
class CapacityLine:
    sessions: list[SessionCapacity]
    live_meetings: int

    @property
    def capacity(self) -> int:
        return sum(row.capacity for row in self.sessions)

    @property
    def short_by(self) -> int:
        """Meetings that cannot fit anywhere, however well they are placed."""
        return max(0, self.live_meetings - self.capacity)


def capacity_line(db: Session, event: Event) -> CapacityLine:
    """Slots x tables of each session against the event's live meetings."""
    placed = dict(
        db.execute(
            select(Meeting.session_id, func.count(Meeting.id))
            .where(Meeting.event_id == event.id, Meeting.is_live, Meeting.session_id.is_not(None))
            .group_by(Meeting.session_id)
        ).all()
    )
    live = db.scalar(
        select(func.count(Meeting.id)).where(Meeting.event_id == event.id, Meeting.is_live)
    )
    rows = [
        SessionCapacity(session, len(session.slots), len(session.tables), placed.get(session.id, 0))
        for session in event.b2b_sessions
    ]
    return CapacityLine(rows, live)


@dataclass(frozen=True)
class Overbooked:
    participant: Participant
    meetings: int
    available_slots: int


def overbooked(db: Session, event: Event) -> list[Overbooked]:
    """Active participants whose live meetings outnumber the B2B slots they have not marked
    unavailable, most meetings first, then by name."""
    slot_count = db.scalar(
        select(func.count(B2BSlot.id))
        .join(B2BSession, B2BSession.id == B2BSlot.session_id)
        .where(B2BSession.event_id == event.id)
    )
    meetings = (
        select(MeetingParticipant.participant_id, func.count(Meeting.id).label("n"))
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event.id, Meeting.is_live)
        .group_by(MeetingParticipant.participant_id)
        .subquery()
    )
    unavailable = (
        select(Unavailability.participant_id, func.count(Unavailability.slot_id).label("n"))
        .group_by(Unavailability.participant_id)
        .subquery()
    )
    available = slot_count - func.coalesce(unavailable.c.n, 0)
    rows = db.execute(
        select(Participant, meetings.c.n, available)
        .join(meetings, meetings.c.participant_id == Participant.id)
        .outerjoin(unavailable, unavailable.c.participant_id == Participant.id)
        .where(Participant.event_id == event.id, Participant.is_active, meetings.c.n > available)
        .order_by(
            meetings.c.n.desc(), Participant.last_name, Participant.first_name, Participant.id
        )
    ).all()
    return [Overbooked(person, count, free) for person, count, free in rows]
