"""The organisers' list of an event's registrations: search, filters, sorting and paging,
all done in SQL so that the page stays fast with thousands of participants. Filters come
from the query string; a value that makes no sense falls back to its default."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from scheduler.i18n import lazy_gettext as _l
from scheduler.models import (
    DirectoryVisibility,
    Event,
    MeetingRequest,
    Organisation,
    Participant,
    ParticipantStatus,
    ParticipantType,
    Sector,
)
from scheduler.models.organisations import organisation_sector

PER_PAGE = 50
MAX_SEARCH = 100

# Status filter: the active participants by default; "all" adds the withdrawn ones. Erased
# participants are never listed: nothing is left of them but "Deleted participant".
STATUSES = {
    "active": _l("Active (confirmed or pending)"),
    "confirmed": _l("Confirmed"),
    "pending": _l("Waiting for approval"),
    "withdrawn": _l("Withdrawn"),
    "all": _l("All, withdrawn included"),
}
SORTS = {
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "country": _l("Country"),
    "type": _l("Participant type"),
    "registered": _l("Registration date"),
    "requests": _l("Number of requests"),
}
LISTED = {"": _l("Listed or not"), "yes": _l("Listed in the directory"), "no": _l("Not listed")}
WITH_REQUESTS = {
    "": _l("With or without requests"),
    "yes": _l("With requests"),
    "no": _l("Without requests"),
}


@dataclass(frozen=True)
class Filters:
    """What the organiser asked the list for, every value already checked."""

    q: str = ""
    status: str = "active"
    type: ParticipantType | None = None
    country: str = ""
    organisation: int | None = None
    sector: str = ""
    listed: str = ""
    requests: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1

    def query_args(self, **changes: object) -> dict[str, str]:
        """The query string for these filters (with ``changes``), defaults left out."""
        values = replace(self, **changes)  # type: ignore[arg-type]
        args = {
            "q": values.q,
            "status": "" if values.status == "active" else values.status,
            "type": values.type.value if values.type else "",
            "country": values.country,
            "organisation": str(values.organisation or ""),
            "sector": values.sector,
            "listed": values.listed,
            "requests": values.requests,
            "sort": "" if values.sort == "name" else values.sort,
            "order": "desc" if values.descending else "",
            "page": "" if values.page == 1 else str(values.page),
        }
        return {key: value for key, value in args.items() if value}


def _integer(value: str | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def parse_filters(args: Mapping[str, str]) -> Filters:
    """The filters in a query string; each bad value is replaced by its default."""
    types = {kind.value: kind for kind in ParticipantType}
    country = (args.get("country") or "").strip().upper()
    organisation = _integer(args.get("organisation"))
    sector = (args.get("sector") or "").strip()
    return Filters(
        q=" ".join((args.get("q") or "").replace("\x00", "").split())[:MAX_SEARCH],
        status=args.get("status") if args.get("status") in STATUSES else "active",
        type=types.get(args.get("type") or ""),
        country=country if len(country) == 2 and country.isascii() and country.isalpha() else "",
        organisation=organisation if organisation else None,
        sector=sector if len(sector) <= 80 and sector.replace("-", "").isalnum() else "",
        listed=args.get("listed") if args.get("listed") in LISTED else "",
        requests=args.get("requests") if args.get("requests") in WITH_REQUESTS else "",
        sort=args.get("sort") if args.get("sort") in SORTS else "name",
        descending=args.get("order") == "desc",
        page=max(1, _integer(args.get("page")) or 1),
    )


def _like(text: str) -> str:
    """A LIKE pattern that finds ``text`` anywhere, its wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def request_count() -> ColumnElement[int]:
    """SQL: how many requests the participant of the row sent or received (any state)."""
    return (
        select(func.count(MeetingRequest.id))
        .where(
            or_(
                MeetingRequest.requester_id == Participant.id,
                MeetingRequest.recipient_id == Participant.id,
            )
        )
        .correlate(Participant)
        .scalar_subquery()
    )


def _conditions(event: Event, filters: Filters) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        Participant.event_id == event.id,
        Participant.anonymised_at.is_(None),
    ]
    if filters.status == "active":
        where.append(Participant.is_active)
    elif filters.status != "all":
        where.append(Participant.status == ParticipantStatus(filters.status))
    if filters.q:
        pattern = _like(filters.q)
        full_name = Participant.first_name + " " + Participant.last_name
        where.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (full_name, Participant.email, Organisation.name)
                )
            )
        )
    if filters.type is not None:
        where.append(Participant.participant_type == filters.type)
    if filters.country:
        where.append(Organisation.country == filters.country)
    if filters.organisation is not None:
        where.append(Participant.organisation_id == filters.organisation)
    if filters.sector:
        where.append(
            Participant.organisation_id.in_(
                select(organisation_sector.c.organisation_id)
                .join(Sector, Sector.id == organisation_sector.c.sector_id)
                .where(Sector.slug == filters.sector)
            )
        )
    if filters.listed == "yes":
        where.append(Participant.directory_visibility != DirectoryVisibility.NOBODY)
    elif filters.listed == "no":
        where.append(Participant.directory_visibility == DirectoryVisibility.NOBODY)
    if filters.requests:
        involved = or_(
            Participant.id.in_(select(MeetingRequest.requester_id)),
            Participant.id.in_(select(MeetingRequest.recipient_id)),
        )
        where.append(involved if filters.requests == "yes" else ~involved)
    return where


def filtered(event: Event, filters: Filters) -> Select[tuple[Participant]]:
    """The event's participants that match ``filters``, in the order asked for (ties broken
    by name, then id, so that pages never overlap)."""
    name = (func.lower(Participant.last_name), func.lower(Participant.first_name))
    keys = {
        "name": name,
        "organisation": (func.lower(Organisation.name), *name),
        "country": (Organisation.country, *name),
        "type": (Participant.participant_type, *name),
        "registered": (Participant.created_at,),
        "requests": (request_count(), *name),
    }[filters.sort]
    first, *rest = keys
    order = [first.desc() if filters.descending else first, *rest, Participant.id]
    return (
        select(Participant)
        .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
        .options(contains_eager(Participant.organisation))
        .where(and_(*_conditions(event, filters)))
        .order_by(*order)
    )


@dataclass(frozen=True)
class Row:
    participant: Participant
    requests: int


@dataclass(frozen=True)
class RegistrationPage:
    filters: Filters
    rows: list[Row]
    total: int
    page: int
    pages: int


def registration_page(db: Session, event: Event, filters: Filters) -> RegistrationPage:
    """One page of the list: its rows with their number of requests, the number of matching
    participants, and the page actually shown (a page past the end shows the last one)."""
    query = filtered(event, filters)
    total = db.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(filters.page, pages)
    rows = db.execute(
        query.add_columns(request_count()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return RegistrationPage(
        filters=replace(filters, page=page),
        rows=[Row(participant, count) for participant, count in rows],
        total=total,
        page=page,
        pages=pages,
    )


@dataclass(frozen=True)
class Choices:
    """What the filters of the list offer: the countries, organisations and sectors of the
    event's registrations."""

    countries: list[str]
    organisations: list[tuple[int, str]]
    sectors: list[tuple[str, str]]


def filter_choices(db: Session, event: Event) -> Choices:
    """The countries, organisations and sectors of the event's registrations, in order."""
    in_event = and_(
        Participant.event_id == event.id,
        Participant.anonymised_at.is_(None),
        Participant.organisation_id == Organisation.id,
    )
    countries = db.scalars(
        select(Organisation.country)
        .join(Participant, in_event)
        .distinct()
        .order_by(Organisation.country)
    ).all()
    organisations = db.execute(
        select(Organisation.id, Organisation.name).join(Participant, in_event).distinct()
    ).all()
    sectors = db.execute(
        select(Sector.slug, Sector.label)
        .join(organisation_sector, organisation_sector.c.sector_id == Sector.id)
        .join(Organisation, Organisation.id == organisation_sector.c.organisation_id)
        .join(Participant, in_event)
        .distinct()
    ).all()
    return Choices(
        countries=list(countries),
        organisations=sorted(((id_, name) for id_, name in organisations), key=_by_name),
        sectors=sorted(((slug, label) for slug, label in sectors), key=lambda s: s[1].casefold()),
    )


def _by_name(choice: tuple[int, str]) -> tuple[str, int]:
    return choice[1].casefold(), choice[0]
