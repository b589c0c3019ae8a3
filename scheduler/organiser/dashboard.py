"""The figures of an event's organiser dashboard and of the "My events" list. Every count of
participants counts active participants only (neither withdrawn nor erased)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import Session, aliased

from scheduler.models import (
    AgendaItem,
    Event,
    EventRole,
    EventRoleKind,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Organisation,
    OrganiserAccount,
    Participant,
    ParticipantStatus,
    ParticipantType,
    RequestStatus,
    Sector,
    SessionSignup,
    SignupStatus,
)
from scheduler.models.organisations import organisation_sector


def organised_events(
    db: Session, account: OrganiserAccount
) -> list[Row[tuple[Event, EventRoleKind, int]]]:
    """The account's events, newest first, with its role and the number of active participants."""
    return list(
        db.execute(
            select(Event, EventRole.role, func.count(Participant.id))
            .join(EventRole, EventRole.event_id == Event.id)
            .outerjoin(Participant, and_(Participant.event_id == Event.id, Participant.is_active))
            .where(EventRole.account_id == account.id)
            .group_by(Event.id, EventRole.role)
            .order_by(Event.start_date.desc(), Event.id)
        ).all()
    )


@dataclass(frozen=True)
class EventFigures:
    confirmed: int
    pending: int
    by_type: list[tuple[ParticipantType, int]]
    requests: dict[RequestStatus, int]
    live_meetings: int
    without_request: int

    @property
    def active(self) -> int:
        return self.confirmed + self.pending


def event_figures(db: Session, event: Event) -> EventFigures:
    """Active participants by status and type, the requests between active participants by
    state, the meetings still to hold, and the active participants with no request at all."""
    active = and_(Participant.event_id == event.id, Participant.is_active)
    by_status = dict(
        db.execute(
            select(Participant.status, func.count()).where(active).group_by(Participant.status)
        ).all()
    )
    by_type = db.execute(
        select(Participant.participant_type, func.count())
        .where(active)
        .group_by(Participant.participant_type)
    ).all()
    requester, recipient = aliased(Participant), aliased(Participant)
    requests = dict(
        db.execute(
            select(MeetingRequest.status, func.count())
            .join(requester, requester.id == MeetingRequest.requester_id)
            .join(recipient, recipient.id == MeetingRequest.recipient_id)
            .where(MeetingRequest.event_id == event.id, requester.is_active, recipient.is_active)
            .group_by(MeetingRequest.status)
        ).all()
    )
    involved = (
        select(MeetingRequest.requester_id)
        .where(MeetingRequest.event_id == event.id)
        .union(select(MeetingRequest.recipient_id).where(MeetingRequest.event_id == event.id))
    )
    without_request = db.scalar(
        select(func.count()).select_from(Participant).where(active, Participant.id.not_in(involved))
    )
    live_meetings = db.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(Meeting.event_id == event.id, Meeting.is_live)
    )
    return EventFigures(
        confirmed=by_status.get(ParticipantStatus.CONFIRMED, 0),
        pending=by_status.get(ParticipantStatus.PENDING, 0),
        by_type=sorted(by_type, key=lambda row: (-row[1], row[0].value)),
        requests={status: requests.get(status, 0) for status in RequestStatus},
        live_meetings=live_meetings or 0,
        without_request=without_request or 0,
    )


@dataclass(frozen=True)
class WorkshopFill:
    item: AgendaItem
    seats: int
    waiting: int


@dataclass(frozen=True)
class EventBreakdowns:
    registrations_per_day: list[tuple[date, int]]
    by_country: list[tuple[str, int]]  # "" for no organisation or no country
    by_sector: list[tuple[Sector, int]]
    meetings_per_participant: list[tuple[int, int]]
    workshops: list[WorkshopFill]


Key = TypeVar("Key")

# Participants with this many live meetings or more share the histogram's last bar.
MEETINGS_HISTOGRAM_TOP = 8


def event_breakdowns(db: Session, event: Event) -> EventBreakdowns:
    """The dashboard's charts: active registrations per day (in the venue's time zone), by
    country and by sector of their organisation, live meetings per active participant, and the
    seats and waiting lists of every item that needs a sign-up."""
    active = and_(Participant.event_id == event.id, Participant.is_active)
    zone = ZoneInfo(event.timezone)
    days = Counter(
        created.astimezone(zone).date()
        for created in db.scalars(select(Participant.created_at).where(active))
    )
    by_country = db.execute(
        select(Organisation.country, func.count())
        .select_from(Participant)
        .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
        .where(active)
        .group_by(Organisation.country)
    ).all()
    by_sector = db.execute(
        select(Sector, func.count(func.distinct(Participant.id)))
        .join(organisation_sector, organisation_sector.c.sector_id == Sector.id)
        .join(Participant, Participant.organisation_id == organisation_sector.c.organisation_id)
        .where(active)
        .group_by(Sector.id)
    ).all()
    return EventBreakdowns(
        registrations_per_day=sorted(days.items()),
        by_country=_largest_first(list(_merged_unknown(by_country).items())),
        by_sector=_largest_first([(sector, count) for sector, count in by_sector]),
        meetings_per_participant=_meetings_histogram(db, event),
        workshops=_workshop_fill(db, event),
    )


def _merged_unknown(rows: Sequence[Row[tuple[str | None, int]]]) -> Counter[str]:
    """Counts by country code, no organisation and no country together under ""."""
    counts: Counter[str] = Counter()
    for code, count in rows:
        counts[code or ""] += count
    return counts


def _largest_first(rows: list[tuple[Key, int]]) -> list[tuple[Key, int]]:
    return sorted(rows, key=lambda row: (-row[1], str(getattr(row[0], "slug", row[0]))))


def _meetings_histogram(db: Session, event: Event) -> list[tuple[int, int]]:
    """(number of live meetings, participants with that many), from 0 to the top bar."""
    held = (
        select(MeetingParticipant.participant_id, func.count().label("meetings"))
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event.id, Meeting.is_live)
        .group_by(MeetingParticipant.participant_id)
        .subquery()
    )
    counts = db.scalars(
        select(func.coalesce(held.c.meetings, 0))
        .select_from(Participant)
        .outerjoin(held, held.c.participant_id == Participant.id)
        .where(Participant.event_id == event.id, Participant.is_active)
    ).all()
    if not counts:
        return []
    histogram = Counter(min(count, MEETINGS_HISTOGRAM_TOP) for count in counts)
    return [(number, histogram.get(number, 0)) for number in range(max(histogram) + 1)]


def _workshop_fill(db: Session, event: Event) -> list[WorkshopFill]:
    statuses = dict(
        ((item_id, status), count)
        for item_id, status, count in db.execute(
            select(SessionSignup.agenda_item_id, SessionSignup.status, func.count())
            .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
            .join(Participant, Participant.id == SessionSignup.participant_id)
            .where(AgendaItem.event_id == event.id, Participant.is_active)
            .group_by(SessionSignup.agenda_item_id, SessionSignup.status)
        ).all()
    )
    items = db.scalars(
        select(AgendaItem)
        .where(AgendaItem.event_id == event.id, AgendaItem.requires_signup)
        .order_by(AgendaItem.starts_at, AgendaItem.id)
    )
    return [
        WorkshopFill(
            item=item,
            seats=statuses.get((item.id, SignupStatus.CONFIRMED), 0),
            waiting=statuses.get((item.id, SignupStatus.WAITLISTED), 0),
        )
        for item in items
    ]
