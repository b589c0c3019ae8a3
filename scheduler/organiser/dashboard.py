"""The figures of an event's organiser dashboard and of the "My events" list. Every count of
participants counts active participants only (neither withdrawn nor erased)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Row, and_, func, select
from sqlalchemy.orm import Session, aliased

from scheduler.models import (
    Event,
    EventRole,
    EventRoleKind,
    Meeting,
    MeetingRequest,
    OrganiserAccount,
    Participant,
    ParticipantStatus,
    ParticipantType,
    RequestStatus,
)


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
