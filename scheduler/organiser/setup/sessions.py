"""The B2B sessions as the organisers set them up: adding one (its slots and tables built
from the window), editing and deleting one, the capacity against the live meetings, and the
participants who have more meetings than slots they are available for. Functions flush, never
commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext, ngettext
from scheduler.models import (
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    Meeting,
    MeetingParticipant,
    Participant,
    PublicationChange,
    PublishedPlacement,
    SolverRun,
    Unavailability,
)
from scheduler.revisions import bump_revision


class SessionRefused(Exception):
    """The session cannot be changed that way; the message says why."""


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


def _slot_ids(session: B2BSession) -> list[int]:
    return [slot.id for slot in session.slots]


def session_lock(db: Session, session: B2BSession) -> str | None:
    """Why the slots of ``session`` cannot change (nor the session be deleted, nor its booths
    change): meetings are placed in it by a draft or a publication, or the engine is working
    on it. ``None`` when nothing holds it."""
    drafted = db.scalar(select(func.count(Meeting.id)).where(Meeting.session_id == session.id))
    published = db.scalar(
        select(func.count(PublishedPlacement.meeting_id)).where(
            PublishedPlacement.slot_id.in_(_slot_ids(session))
        )
    )
    ever_published = db.scalar(
        select(func.count(PublicationChange.meeting_id)).where(
            PublicationChange.slot_id.in_(_slot_ids(session))
        )
    )
    if published or ever_published:
        return gettext(
            "Meetings of %(session)s have been published: participants hold them in their "
            "calendars, so its slots, booths and existence stay as they are.",
            session=session.name,
        )
    if drafted:
        return ngettext(
            "%(num)s meeting is placed in %(session)s by the draft schedule: its slots, booths "
            "and existence stay as they are while the draft holds it.",
            "%(num)s meetings are placed in %(session)s by the draft schedule: its slots, "
            "booths and existence stay as they are while the draft holds them.",
            drafted,
            session=session.name,
        )
    runs = db.scalars(select(SolverRun).where(SolverRun.event_id == session.event_id)).all()
    if any(run.is_active and run.parameters.get("session_id") == session.id for run in runs):
        return gettext(
            "The engine is computing the schedule of %(session)s: wait for it to end.",
            session=session.name,
        )
    return None


def _timing(session: B2BSession) -> tuple[datetime, datetime, int, int]:
    return (session.starts_at, session.ends_at, session.slot_minutes, session.pause_minutes)


def edit_problems(
    db: Session, event: Event, session: B2BSession, data: SessionData
) -> dict[str, str]:
    """What stops ``session`` from taking ``data``, by field name."""
    problems = session_problems(event, data)
    new_timing = (data.starts_at, data.ends_at, data.slot_minutes, data.pause_minutes)
    if problems or new_timing == _timing(session):
        return problems
    lock = session_lock(db, session)
    if lock is not None:
        problems["starts_at"] = lock
    return problems


def tables_problem(db: Session, session: B2BSession, count: int) -> str | None:
    """Why ``session`` cannot drop to ``count`` tables: meetings are placed at the others."""
    removed = [table.id for table in session.tables if table.number > count]
    if not removed:
        return None
    used = db.scalar(
        select(func.count(Meeting.id)).where(Meeting.table_id.in_(removed))
    ) + db.scalar(
        select(func.count(PublishedPlacement.meeting_id)).where(
            PublishedPlacement.table_id.in_(removed)
        )
    )
    if used:
        return gettext(
            "Meetings are placed at the tables above %(count)s: keep them, or move those "
            "meetings first.",
            count=count,
        )
    return None


def update_session(db: Session, session: B2BSession, data: SessionData) -> None:
    """Save ``data`` on ``session``: a new window, slot length or pause cuts new slots
    (keeping each participant unavailable where they were); the tables are added or the
    highest-numbered ones removed to make ``data.tables``."""
    problems = edit_problems(db, session.event, session, data)
    if problem := tables_problem(db, session, data.tables):
        problems["tables"] = problem
    if problems:
        raise SessionRefused(" ".join(problems.values()))
    new_timing = (data.starts_at, data.ends_at, data.slot_minutes, data.pause_minutes)
    retime = new_timing != _timing(session)
    session.name_en, session.name_fr, session.room = data.name, data.name_fr, data.room
    session.starts_at, session.ends_at = data.starts_at, data.ends_at
    session.slot_minutes, session.pause_minutes = data.slot_minutes, data.pause_minutes
    if retime:
        _cut_new_slots(db, session)
    numbers = {table.number for table in session.tables}
    session.tables = [t for t in session.tables if t.number <= data.tables] + [
        B2BTable(number=n) for n in range(1, data.tables + 1) if n not in numbers
    ]
    db.flush()
    bump_revision(session.event)


def _cut_new_slots(db: Session, session: B2BSession) -> None:
    old = {slot.id: (slot.starts_at, slot.ends_at) for slot in session.slots}
    blocked = db.execute(
        select(Unavailability.participant_id, Unavailability.slot_id).where(
            Unavailability.slot_id.in_(old)
        )
    ).all()
    db.execute(Unavailability.__table__.delete().where(Unavailability.slot_id.in_(old)))
    session.slots = []
    db.flush()
    session.generate_slots()
    db.flush()
    kept = {
        (person, new.id)
        for person, slot_id in blocked
        for new in session.slots
        if new.starts_at < old[slot_id][1] and old[slot_id][0] < new.ends_at
    }
    db.add_all(Unavailability(participant_id=p, slot_id=s) for p, s in sorted(kept))


def delete_session(db: Session, session: B2BSession) -> None:
    """Delete ``session`` with its slots and tables; refused while meetings are placed or
    published in it, or the engine works on it."""
    lock = session_lock(db, session)
    if lock is not None:
        raise SessionRefused(lock)
    event = session.event
    db.delete(session)
    db.flush()
    bump_revision(event)


@dataclass(frozen=True)
class SessionCapacity:
    session: B2BSession
    slots: int
    tables: int
    placed: int  # live meetings placed in this session by the schedule
    booths: int = 0  # tables reserved for a host

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
        SessionCapacity(
            session,
            len(session.slots),
            len(session.tables),
            placed.get(session.id, 0),
            sum(table.reserved_for_id is not None for table in session.tables),
        )
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
