"""Organisations as attendees enter them: an existing one picked from the list, or a new one
with its sectors and free keywords. Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.matchmaking.policy import organisations_to_pick
from scheduler.models import Event, Organisation, OrganisationType, Participant, Sector


@dataclass
class OrganisationData:
    existing_id: int | None = None
    name: str = ""
    type: OrganisationType | None = None
    country: str = ""
    city: str = ""
    website: str = ""
    sector_slugs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:80]


T = TypeVar("T")


def _get_or_create(find: Callable[[], T | None], make: Callable[[], T]) -> tuple[T, bool]:
    """The row ``find`` returns, else a new one from ``make``, and whether it is new. When a
    concurrent request inserts the same row first, the unique constraint refuses ours and
    theirs is used."""
    existing = find()
    if existing is not None:
        return existing, False
    try:
        with db.session.begin_nested():
            row = make()
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        existing = find()
        if existing is None:
            raise
        return existing, False
    return row, True


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sector(slug_or_label: str) -> Sector | None:
    slug = _slug(slug_or_label)
    if not slug:
        return None
    sector, _ = _get_or_create(
        lambda: db.session.scalar(select(Sector).where(Sector.slug == slug)),
        lambda: Sector(
            slug=slug, label=_capitalised(slug_or_label.strip()[:80]), is_standard=False
        ),
    )
    return sector


def _listed_of_that_name(data: OrganisationData, event: Event, participant: Participant | None):
    """The organisation of that name and country among those the form offers to pick, if any
    (the oldest, should two share the name)."""
    return db.session.scalar(
        organisations_to_pick(event, participant)
        .where(
            func.lower(Organisation.name) == data.name.strip().lower(),
            Organisation.country == data.country,
        )
        .order_by(None)
        .order_by(Organisation.id)
        .limit(1)
    )


def resolve_organisation(
    data: OrganisationData, event: Event, participant: Participant | None = None
) -> Organisation:
    """The chosen organisation, or the one typed in.

    A typed name joins an existing organisation only when the form offers that organisation
    (listed at ``event``, the host, or the editor's own): the same as picking it from the
    list. Any other name, even one an unlisted organisation bears, makes a new organisation
    of the registrant's own, so a name typed in never reveals, joins or changes one that
    is not listed."""
    if data.existing_id:
        organisation = db.session.get(Organisation, data.existing_id)
        if organisation is None:
            raise ValueError("unknown organisation")
        return organisation
    listed = _listed_of_that_name(data, event, participant)
    if listed is not None:  # someone else's organisation: typing its name adds nothing to it
        return listed
    organisation = Organisation(
        name=data.name.strip(),
        type=data.type,
        country=data.country,
        city=data.city.strip(),
        website=data.website.strip(),
    )
    sectors: dict[str, Sector] = {}
    for slug in [*data.sector_slugs, *data.tags]:
        sector = _sector(slug)
        if sector is not None:
            sectors.setdefault(sector.slug, sector)
    organisation.sectors = list(sectors.values())
    db.session.add(organisation)
    return organisation
