"""Events as the organisers set them up: the settings, a new event, and a clone of an event
(settings, registration questions, programme and B2B sessions, dates shifted, no people).
Functions flush, never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.models import (
    AgendaItem,
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    EventRole,
    EventRoleKind,
    EventStatus,
    OfferedType,
    Organisation,
    OrganiserAccount,
    Participant,
    ParticipantType,
    RegistrationQuestion,
)
from scheduler.revisions import bump_revision


class SlugTaken(Exception):
    """Another event already has this address."""


def zone_problem(name: str) -> str | None:
    """Why ``name`` is not an IANA time zone, or ``None`` when it is one."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"{name!r} is not a time zone; use an IANA name such as Europe/Paris."
    return None


def to_utc(local: datetime | None, zone: str) -> datetime | None:
    """A wall-clock time at the venue (naive) as an aware UTC instant."""
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def to_local(instant: datetime | None, zone: str) -> datetime | None:
    """An instant as naive wall-clock time at the venue, for a form."""
    if instant is None:
        return None
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@dataclass(frozen=True)
class EventSettings:
    """Everything the settings page edits; instants are aware (UTC or any zone)."""

    name: str
    host_organisation_id: int | None
    venue_name: str
    address: str
    timezone: str
    start_date: date
    end_date: date
    description: str
    description_fr: str
    status: EventStatus
    sender_email: str
    sender_name: str
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    approval_required: bool
    offered_types: list[ParticipantType]
    directory_listed_by_default: bool
    meeting_request_quota: int | None
    requests_expire_at: datetime | None
    auto_accept_requests: bool
    max_meetings_per_participant: int | None
    retention_days: int


def dates_problem(start: date, end: date) -> str | None:
    """Why the event's dates cannot be kept, or ``None``."""
    if end < start:
        return "The last day comes before the first day."
    return None


def settings_problems(data: EventSettings) -> dict[str, str]:
    """The settings that cannot be saved, by field name, with the reason."""
    problems: dict[str, str] = {}
    if (problem := zone_problem(data.timezone)) is not None:
        problems["timezone"] = problem
    if (problem := dates_problem(data.start_date, data.end_date)) is not None:
        problems["end_date"] = problem
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        problems["registration_closes_at"] = "Registration closes before it opens."
    if not data.offered_types:
        problems["offered_types"] = "Offer at least one participant type."
    return problems


def host_choices(db: Session, event: Event) -> list[Organisation]:
    """The organisations that may host ``event``: its current host and the organisations of
    its participants, by name (never those of another event's people only)."""
    organisations = list(
        db.scalars(
            select(Organisation)
            .where(
                Organisation.id.in_(
                    select(Participant.organisation_id).where(Participant.event_id == event.id)
                )
            )
            .order_by(Organisation.name, Organisation.id)
        )
    )
    host = event.host_organisation
    if host is not None and host not in organisations:
        organisations.insert(0, host)
    return organisations


def apply_settings(event: Event, data: EventSettings) -> None:
    """Save ``data`` on ``event`` (checked with :func:`settings_problems` first)."""
    problems = settings_problems(data)
    if problems:
        raise ValueError(f"settings not valid: {problems}")
    for name, value in vars(data).items():
        if name != "offered_types":
            setattr(event, name, value)
    set_offered_types(event, data.offered_types)
    bump_revision(event)


def set_offered_types(event: Event, types: list[ParticipantType]) -> None:
    """The participant types ``event``'s registration form offers, from now on."""
    kept = {row.participant_type: row for row in event.offered_type_rows}
    event.offered_type_rows = [
        kept.get(t) or OfferedType(participant_type=t) for t in dict.fromkeys(types)
    ]


@dataclass(frozen=True)
class NewEvent:
    name: str
    slug: str
    start_date: date
    end_date: date
    timezone: str
    venue_name: str = ""


def slug_taken(db: Session, slug: str) -> bool:
    return db.scalar(select(Event.id).where(Event.slug == slug)) is not None


def create_event(db: Session, account: OrganiserAccount, data: NewEvent) -> Event:
    """A new event in draft, owned by ``account``."""
    if slug_taken(db, data.slug):
        raise SlugTaken(data.slug)
    event = Event(
        name=data.name,
        slug=data.slug,
        start_date=data.start_date,
        end_date=data.end_date,
        timezone=data.timezone,
        venue_name=data.venue_name,
        status=EventStatus.DRAFT,
    )
    db.add(event)
    account.roles.append(EventRole(event=event, role=EventRoleKind.OWNER))
    db.flush()
    return event


def calendar_uid(kind: str, uid_domain: str) -> str:
    """A new, globally unique calendar UID, as the demo names them."""
    return f"{kind}-{uuid.uuid4()}@{uid_domain}"


# Copied as they are; dates and instants are shifted; people, status and counters are not.
_COPIED = (
    "description_en",
    "description_fr",
    "directory_listed_by_default",
    "host_organisation_id",
    "venue_name",
    "address",
    "timezone",
    "sender_email",
    "sender_name",
    "meeting_request_quota",
    "auto_accept_requests",
    "max_meetings_per_participant",
    "retention_days",
    "send_reminders",
    "approval_required",
)


@dataclass(frozen=True)
class Shift:
    """Moves instants by whole days at the venue: 09:00 stays 09:00 across a clock change."""

    days: int
    zone: ZoneInfo

    def instant(self, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        local = value.astimezone(self.zone).replace(tzinfo=None) + timedelta(days=self.days)
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def day(self, value: date) -> date:
        return value + timedelta(days=self.days)


def clone_event(
    db: Session,
    source: Event,
    account: OrganiserAccount,
    data: NewEvent,
    *,
    uid_domain: str,
) -> Event:
    """A draft copy of ``source`` at ``data.slug`` whose first day is ``data.start_date``:
    settings (the participant types offered and the registration questions included),
    programme items, B2B sessions with their slots and tables, every text in both languages,
    every date and time shifted by the same number of days; no participant, request,
    meeting, seat or answer.
    ``data.end_date`` and ``data.timezone`` are ignored (the length and zone are kept)."""
    if slug_taken(db, data.slug):
        raise SlugTaken(data.slug)
    shift = Shift((data.start_date - source.start_date).days, source.zone)
    event = Event(
        name=data.name,
        slug=data.slug,
        start_date=shift.day(source.start_date),
        end_date=shift.day(source.end_date),
        status=EventStatus.DRAFT,
        registration_opens_at=shift.instant(source.registration_opens_at),
        registration_closes_at=shift.instant(source.registration_closes_at),
        requests_expire_at=shift.instant(source.requests_expire_at),
        **{name: getattr(source, name) for name in _COPIED},
    )
    if data.venue_name:
        event.venue_name = data.venue_name
    event.offered_type_rows = [
        OfferedType(participant_type=row.participant_type) for row in source.offered_type_rows
    ]
    event.questions = [
        RegistrationQuestion(
            position=question.position,
            kind=question.kind,
            label_en=question.label_en,
            label_fr=question.label_fr,
            options_en=question.options_en,
            options_fr=question.options_fr,
            required=question.required,
        )
        for question in source.questions
    ]
    event.agenda_items = [
        AgendaItem(
            kind=item.kind,
            title_en=item.title_en,
            title_fr=item.title_fr,
            description_en=item.description_en,
            description_fr=item.description_fr,
            room=item.room,
            starts_at=shift.instant(item.starts_at),
            ends_at=shift.instant(item.ends_at),
            capacity=item.capacity,
            requires_signup=item.requires_signup,
            calendar_uid=calendar_uid("session", uid_domain),
        )
        for item in source.agenda_items
    ]
    event.b2b_sessions = [
        B2BSession(
            name_en=session.name_en,
            name_fr=session.name_fr,
            starts_at=shift.instant(session.starts_at),
            ends_at=shift.instant(session.ends_at),
            slot_minutes=session.slot_minutes,
            pause_minutes=session.pause_minutes,
            room=session.room,
            slots=[
                B2BSlot(
                    position=slot.position,
                    starts_at=shift.instant(slot.starts_at),
                    ends_at=shift.instant(slot.ends_at),
                )
                for slot in session.slots
            ],
            tables=[B2BTable(number=table.number, label=table.label) for table in session.tables],
        )
        for session in source.b2b_sessions
    ]
    db.add(event)
    account.roles.append(EventRole(event=event, role=EventRoleKind.OWNER))
    db.flush()
    return event
