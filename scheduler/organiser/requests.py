"""The organisers' view of an event's meeting requests (state, age, filters, paging in SQL)
and of the active participants who have no meeting to hold at all, the first worry before
the event. Read only."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from scheduler.i18n import lazy_gettext as _l
from scheduler.models import (
    Event,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Organisation,
    Participant,
    RequestStatus,
    utcnow,
)
from scheduler.models.meetings import REQUEST_STATUS_LABELS

PER_PAGE = 50
MAX_SEARCH = 100
# The participants without a meeting are listed up to this many (the count is exact).
LISTED_WITHOUT_MEETING = 200

STATES = {
    "": _l("Any state"),
    **{status.value: REQUEST_STATUS_LABELS[status] for status in RequestStatus},
}
AGES = {
    "": _l("Any age"),
    "2": _l("Older than 2 days"),
    "7": _l("Older than a week"),
    "14": _l("Older than two weeks"),
}
ORDERS = {"": _l("Newest first"), "oldest": _l("Oldest first")}


@dataclass(frozen=True)
class RequestFilters:
    """What the organiser asked the requests list for, every value already checked."""

    q: str = ""
    state: str = ""
    older_than: int | None = None
    oldest_first: bool = False
    page: int = 1

    def query_args(self, **changes: object) -> dict[str, str]:
        """The query string for these filters (with ``changes``), defaults left out."""
        values = replace(self, **changes)  # type: ignore[arg-type]
        args = {
            "q": values.q,
            "state": values.state,
            "age": str(values.older_than or ""),
            "order": "oldest" if values.oldest_first else "",
            "page": "" if values.page == 1 else str(values.page),
        }
        return {key: value for key, value in args.items() if value}


def parse_request_filters(args: Mapping[str, str]) -> RequestFilters:
    """The filters in a query string; each bad value is replaced by its default."""
    page = args.get("page") or ""
    age = args.get("age") or ""
    return RequestFilters(
        q=" ".join((args.get("q") or "").replace("\x00", "").split())[:MAX_SEARCH],
        state=args.get("state") if args.get("state") in STATES else "",
        older_than=int(age) if age in AGES and age else None,
        oldest_first=args.get("order") == "oldest",
        page=max(1, int(page)) if page.isdigit() and len(page) <= 9 else 1,
    )


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class RequestRow:
    request: MeetingRequest
    age: timedelta


@dataclass(frozen=True)
class RequestPage:
    filters: RequestFilters
    rows: list[RequestRow]
    total: int
    page: int
    pages: int


def _conditions(event: Event, filters: RequestFilters, now: datetime) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [MeetingRequest.event_id == event.id]
    if filters.state:
        where.append(MeetingRequest.status == RequestStatus(filters.state))
    if filters.older_than:
        where.append(MeetingRequest.created_at < now - timedelta(days=filters.older_than))
    if filters.q:
        pattern = _like(filters.q)
        person, organisation = aliased(Participant), aliased(Organisation)
        matching = (
            select(person.id)
            .outerjoin(organisation, organisation.id == person.organisation_id)
            .where(
                person.event_id == event.id,
                or_(
                    func.lower(person.first_name + " " + person.last_name).like(
                        pattern, escape="\\"
                    ),
                    func.lower(organisation.name).like(pattern, escape="\\"),
                ),
            )
        )
        where.append(
            or_(
                MeetingRequest.requester_id.in_(matching), MeetingRequest.recipient_id.in_(matching)
            )
        )
    return where


def request_page(
    db: Session, event: Event, filters: RequestFilters, now: datetime | None = None
) -> RequestPage:
    """One page of the event's requests, newest (or oldest) first, with their age."""
    now = now or utcnow()
    where = and_(*_conditions(event, filters, now))
    total = db.scalar(select(func.count(MeetingRequest.id)).where(where)) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(filters.page, pages)
    created = (
        MeetingRequest.created_at if filters.oldest_first else MeetingRequest.created_at.desc()
    )
    ids = MeetingRequest.id if filters.oldest_first else MeetingRequest.id.desc()
    requests = db.scalars(
        select(MeetingRequest)
        .where(where)
        .options(
            selectinload(MeetingRequest.requester).selectinload(Participant.organisation),
            selectinload(MeetingRequest.recipient).selectinload(Participant.organisation),
        )
        .order_by(created, ids)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    return RequestPage(
        filters=replace(filters, page=page),
        rows=[RequestRow(r, now - r.created_at) for r in requests],
        total=total,
        page=page,
        pages=pages,
    )


@dataclass(frozen=True)
class WithoutMeeting:
    total: int
    rows: list[tuple[Participant, int]]  # the participant and their pending requests


def without_meeting(db: Session, event: Event) -> WithoutMeeting:
    """The active participants with no meeting to hold (none accepted, none arranged), by
    name, each with the number of requests still waiting for an answer that involve them."""
    with_meeting = (
        select(MeetingParticipant.participant_id)
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event.id, Meeting.is_live)
    )
    where = and_(
        Participant.event_id == event.id,
        Participant.is_active,
        Participant.id.not_in(with_meeting),
    )
    pending = (
        select(func.count(MeetingRequest.id))
        .where(
            MeetingRequest.status == RequestStatus.PENDING,
            or_(
                MeetingRequest.requester_id == Participant.id,
                MeetingRequest.recipient_id == Participant.id,
            ),
        )
        .correlate(Participant)
        .scalar_subquery()
    )
    total = db.scalar(select(func.count(Participant.id)).where(where)) or 0
    rows = db.execute(
        select(Participant, pending)
        .where(where)
        .options(selectinload(Participant.organisation))
        .order_by(
            func.lower(Participant.last_name), func.lower(Participant.first_name), Participant.id
        )
        .limit(LISTED_WITHOUT_MEETING)
    ).all()
    return WithoutMeeting(total=total, rows=[(p, count) for p, count in rows])
