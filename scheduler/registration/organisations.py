"""Organisations as attendees enter them: an existing one picked from the list, or a new one
with its sectors and free keywords. Functions flush, never commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.models import Organisation, OrganisationType, Sector


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


def resolve_organisation(data: OrganisationData) -> Organisation:
    """The chosen organisation, or a new one (an existing one of that name and country is
    reused rather than duplicated)."""
    if data.existing_id:
        organisation = db.session.get(Organisation, data.existing_id)
        if organisation is None:
            raise ValueError("unknown organisation")
        return organisation
    organisation, created = _get_or_create(
        lambda: db.session.scalar(
            select(Organisation).where(
                func.lower(Organisation.name) == data.name.strip().lower(),
                Organisation.country == data.country,
            )
        ),
        lambda: Organisation(
            name=data.name.strip(),
            type=data.type,
            country=data.country,
            city=data.city.strip(),
            website=data.website.strip(),
        ),
    )
    if not created:  # someone else's organisation: typing its name adds nothing to it
        return organisation
    sectors = {s.slug: s for s in organisation.sectors}
    for slug in [*data.sector_slugs, *data.tags]:
        sector = _sector(slug)
        if sector is not None:
            sectors.setdefault(sector.slug, sector)
    organisation.sectors = list(sectors.values())
    return organisation
