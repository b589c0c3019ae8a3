"""Meeting requests: ask, accept, decline, cancel, expire. Functions flush, never commit."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.i18n import gettext, ngettext
from scheduler.matchmaking.policy import can_see_profile
from scheduler.models import (
    Event,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
    pair_key,
    utcnow,
)
from scheduler.revisions import bump_revision
from scheduler.templating import short_local


class RequestRefused(Exception):
    """The request cannot be made or answered; the message says why, for the attendee."""


# After a cancellation the two sides rest: no new request between them, and the cancelled
# request still counts against its requester's quota. Without this, asking and cancelling
# again and again would email the other side without limit, each time with the asker's text.
CANCEL_REST = timedelta(hours=24)


def _open() -> ColumnElement[bool]:
    return MeetingRequest.status.in_([RequestStatus.PENDING, RequestStatus.ACCEPTED])


def _cancelled_since(since: datetime) -> ColumnElement[bool]:
    return and_(
        MeetingRequest.status == RequestStatus.CANCELLED, MeetingRequest.responded_at > since
    )


def sent_count(requester: Participant, now: datetime | None = None) -> int:
    """Requests that count against the quota: pending or accepted ones, and those the
    requester cancelled within ``CANCEL_REST``."""
    since = (now or utcnow()) - CANCEL_REST
    recently_cancelled = and_(
        _cancelled_since(since), MeetingRequest.cancelled_by_requester.is_(True)
    )
    return (
        db.session.scalar(
            select(func.count()).where(
                MeetingRequest.requester_id == requester.id, or_(_open(), recently_cancelled)
            )
        )
        or 0
    )


def recent_cancellation_between(
    first: Participant, second: Participant, now: datetime | None = None
) -> datetime | None:
    """When the latest request linking the two (either direction, cancelled by either side)
    was cancelled, if that is less than ``CANCEL_REST`` ago."""
    since = (now or utcnow()) - CANCEL_REST
    return db.session.scalar(
        select(func.max(MeetingRequest.responded_at)).where(
            MeetingRequest.pair_key == pair_key(first.id, second.id), _cancelled_since(since)
        )
    )


def _short_local(event: Event, instant: datetime) -> str:
    """'Tue 9 Mar 14:00' in the event's time zone, in the language in force."""
    return short_local(instant, event.timezone)


def open_request_between(first: Participant, second: Participant) -> MeetingRequest | None:
    """A pending or accepted request linking the two, in either direction."""
    return db.session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.status.in_([RequestStatus.PENDING, RequestStatus.ACCEPTED]),
            MeetingRequest.pair_key == pair_key(first.id, second.id),
        )
    )


def requests_open(requester: Participant, now: datetime | None = None) -> bool:
    deadline = requester.event.requests_expire_at
    return deadline is None or (now or utcnow()) < deadline


def request_meeting(
    requester: Participant,
    recipient: Participant,
    message: str,
    priority: Priority,
    *,
    uid_domain: str,
) -> MeetingRequest:
    """Ask ``recipient`` for a meeting; auto-accepted when the event says so (the meeting's
    calendar UID then ends in ``uid_domain``)."""
    event = requester.event
    if recipient.id == requester.id:
        raise RequestRefused(gettext("You cannot request a meeting with yourself."))
    if recipient.event_id != event.id or not can_see_profile(requester, recipient):
        raise RequestRefused(gettext("This participant cannot be contacted."))
    if not requester.is_active:
        raise RequestRefused(gettext("You have withdrawn from this event."))
    if requester.status is ParticipantStatus.PENDING:
        raise RequestRefused(
            gettext(
                "Your registration is waiting for the organisers' approval: "
                "you can request meetings once it is approved."
            )
        )
    if not requests_open(requester):
        raise RequestRefused(gettext("Meeting requests are closed for this event."))
    existing = open_request_between(requester, recipient)
    if existing is not None:
        if existing.status is RequestStatus.PENDING:
            refusal = gettext(
                "There is already a pending request between you and %(name)s.",
                name=recipient.full_name,
            )
        else:
            refusal = gettext(
                "There is already an accepted request between you and %(name)s.",
                name=recipient.full_name,
            )
        raise RequestRefused(refusal)
    cancelled_at = recent_cancellation_between(requester, recipient)
    if cancelled_at is not None:
        raise RequestRefused(
            ngettext(
                "A request between you and %(name)s was cancelled less than %(num)s hour "
                "ago: you can ask again from %(when)s.",
                "A request between you and %(name)s was cancelled less than %(num)s hours "
                "ago: you can ask again from %(when)s.",
                int(CANCEL_REST.total_seconds() // 3600),
                name=recipient.full_name,
                when=_short_local(event, cancelled_at + CANCEL_REST),
            )
        )
    quota = event.meeting_request_quota
    if quota is not None:
        # Lock the requester's row: their concurrent requests queue here, so each one counts
        # the others and the quota cannot be overrun (SQLite has one writer anyway).
        db.session.execute(
            select(Participant.id).where(Participant.id == requester.id).with_for_update()
        )
    if quota is not None and sent_count(requester) >= quota:
        hours = int(CANCEL_REST.total_seconds() // 3600)
        raise RequestRefused(
            ngettext(
                "You have used the only meeting request allowed for this event.",
                "You have used all %(num)s meeting requests allowed for this event.",
                quota,
            )
            + " "
            + ngettext(
                "A request you cancel counts for %(num)s hour.",
                "A request you cancel counts for %(num)s hours.",
                hours,
            )
        )
    meeting_request = MeetingRequest(
        event=event,
        requester=requester,
        recipient=recipient,
        message=message.strip(),
        priority=int(priority),
        expires_at=event.requests_expire_at,
    )
    try:
        with db.session.begin_nested():
            db.session.add(meeting_request)
            db.session.flush()
    except IntegrityError:
        raise RequestRefused(
            gettext(
                "There is already a pending request between you and %(name)s.",
                name=recipient.full_name,
            )
        ) from None
    if event.auto_accept_requests:
        accept(meeting_request, recipient, uid_domain=uid_domain)
    return meeting_request


def _is_expired(meeting_request: MeetingRequest) -> bool:
    return meeting_request.expires_at is not None and meeting_request.expires_at <= utcnow()


def _move(
    meeting_request: MeetingRequest,
    allowed: tuple[RequestStatus, ...],
    new: RequestStatus,
    *,
    allow_expired: bool = False,
) -> None:
    """Change the status only if it is still one of ``allowed``, in one conditional UPDATE:
    of a double click, or an accept racing a cancel, exactly one wins."""
    pending = meeting_request.status is RequestStatus.PENDING
    if pending and not allow_expired and _is_expired(meeting_request):
        raise RequestRefused(gettext("This request has expired."))
    result = db.session.execute(
        update(MeetingRequest)
        .where(MeetingRequest.id == meeting_request.id, MeetingRequest.status.in_(allowed))
        .values(status=new, responded_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(meeting_request)
    if result.rowcount != 1:
        raise RequestRefused(
            gettext(
                "This request is %(status)s already.", status=meeting_request.status.label.lower()
            )
        )


def new_meeting_uid(uid_domain: str) -> str:
    """A calendar UID for a new meeting, unique in the world (RFC 5545: ``...@domain``)."""
    return f"meeting-{uuid.uuid4()}@{uid_domain}"


def accept(meeting_request: MeetingRequest, by: Participant, *, uid_domain: str) -> Meeting:
    """The recipient accepts: the request becomes a meeting to schedule, whose calendar UID
    ends in ``uid_domain``."""
    if by.id != meeting_request.recipient_id:
        raise RequestRefused(gettext("Only the person asked can accept this request."))
    _move(meeting_request, (RequestStatus.PENDING,), RequestStatus.ACCEPTED)
    meeting = Meeting(
        event_id=meeting_request.event_id,
        priority=meeting_request.priority,
        calendar_uid=new_meeting_uid(uid_domain),
        attendances=[
            MeetingParticipant(participant=meeting_request.requester),
            MeetingParticipant(participant=meeting_request.recipient),
        ],
    )
    db.session.add(meeting)
    meeting.request = meeting_request
    bump_revision(meeting_request.event)
    db.session.flush()
    return meeting


def decline(meeting_request: MeetingRequest, by: Participant) -> None:
    if by.id != meeting_request.recipient_id:
        raise RequestRefused(gettext("Only the person asked can decline this request."))
    _move(meeting_request, (RequestStatus.PENDING,), RequestStatus.DECLINED)


def cancel_meeting_of(meeting_request: MeetingRequest) -> None:
    """Cancel the meeting an accepted request became, if any."""
    db.session.expire(meeting_request, ["meeting"])
    meeting = meeting_request.meeting
    if meeting is not None and meeting.is_live:
        meeting.cancel()
        bump_revision(meeting_request.event)
        db.session.flush()


def cancel(
    meeting_request: MeetingRequest, by: Participant, *, allow_expired: bool = False
) -> None:
    """Either side cancels a pending or accepted request (and its meeting)."""
    if by.id not in (meeting_request.requester_id, meeting_request.recipient_id):
        raise RequestRefused(gettext("This request is not yours."))
    _move(
        meeting_request,
        (RequestStatus.PENDING, RequestStatus.ACCEPTED),
        RequestStatus.CANCELLED,
        allow_expired=allow_expired,
    )
    meeting_request.cancelled_by_requester = by.id == meeting_request.requester_id
    db.session.flush()
    cancel_meeting_of(meeting_request)


def cancel_everything_of(participant: Participant) -> list[tuple[MeetingRequest, Participant]]:
    """Cancel every pending or accepted request of a participant who leaves, with the
    meetings they became, and organiser-made meetings they were in. Returns each cancelled
    request with the other side, to be told."""
    open_requests = db.session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.status.in_([RequestStatus.PENDING, RequestStatus.ACCEPTED]),
            MeetingRequest.involving(participant.id),
        )
    ).all()
    cancelled = []
    for meeting_request in open_requests:
        try:
            cancel(meeting_request, participant, allow_expired=True)
        except RequestRefused:  # answered meanwhile by the other side
            continue
        cancelled.append((meeting_request, meeting_request.other_side(participant.id)))
    for meeting in db.session.scalars(Meeting.live_of(participant.id)).all():
        meeting.cancel()
    db.session.flush()
    return cancelled


def expire_pending(now: datetime | None = None) -> int:
    """Mark every pending request past its deadline as expired; safe to run repeatedly."""
    result = db.session.execute(
        update(MeetingRequest)
        .where(
            MeetingRequest.status == RequestStatus.PENDING,
            MeetingRequest.expires_at.is_not(None),
            MeetingRequest.expires_at <= (now or utcnow()),
        )
        .values(status=RequestStatus.EXPIRED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
