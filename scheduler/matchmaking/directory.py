"""The participant directory: consented profiles, filters and free-text search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import contains_eager

from scheduler.extensions import db
from scheduler.matchmaking.policy import is_active, listed_visibilities
from scheduler.models import (
    CooperationInterest,
    Event,
    Organisation,
    OrganisationType,
    Participant,
    ParticipantInterest,
    ParticipantLanguage,
    Sector,
)
from scheduler.models.organisations import organisation_sector

PAGE_SIZE = 24
DIRECTORY_ORDER = (Participant.last_name, Participant.first_name, Participant.id)


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    sector: str = ""
    country: str = ""
    organisation_type: str = ""
    interest: str = ""
    language: str = ""


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def directory_query(event: Event, viewer: Participant | None, filters: DirectoryFilters) -> Select:
    """The participants ``viewer`` may see in the directory, filtered, ordered by name."""
    query = (
        select(Participant)
        .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
        # Each card names the organisation: read it from the join, not one query per card.
        .options(contains_eager(Participant.organisation))
        .where(
            Participant.event_id == event.id,
            Participant.is_active,
            Participant.directory_visibility.in_(listed_visibilities(viewer)),
        )
        .order_by(*DIRECTORY_ORDER)
    )
    if is_active(viewer):
        query = query.where(Participant.id != viewer.id)
    if filters.query:
        pattern = f"%{_escape_like(filters.query.lower())}%"
        query = query.where(
            or_(
                Participant.search_text.like(pattern, escape="\\"),
                func.lower(Organisation.name).like(pattern, escape="\\"),
            )
        )
    if filters.country:
        query = query.where(Organisation.country == filters.country)
    if filters.organisation_type:
        query = query.where(Organisation.type == OrganisationType(filters.organisation_type))
    if filters.sector:
        query = query.where(
            Organisation.id.in_(
                select(organisation_sector.c.organisation_id)
                .join(Sector, Sector.id == organisation_sector.c.sector_id)
                .where(Sector.slug == filters.sector)
            )
        )
    if filters.interest:
        query = query.where(
            Participant.id.in_(
                select(ParticipantInterest.participant_id).where(
                    ParticipantInterest.interest == CooperationInterest(filters.interest)
                )
            )
        )
    if filters.language:
        query = query.where(
            Participant.id.in_(
                select(ParticipantLanguage.participant_id).where(
                    ParticipantLanguage.code == filters.language
                )
            )
        )
    return query


class CountedPage(Pagination):
    """A page of the directory and its total in one statement (``count(*) OVER ()``): the
    filters and search are evaluated once per page view, not twice.

    The count and the order are taken over the participants' ids and names only, and the
    24 people of the page are read whole afterwards, in the same statement: counting and
    sorting whole rows (profile texts included) was most of the query's time at 2,000
    participants."""

    _total: int | None = None

    def _query_items(self) -> list[Any]:
        query: Select = self._query_args["select"]
        page = (
            query.with_only_columns(
                Participant.id.label("id"),
                func.count().over().label("total"),
                maintain_column_froms=True,
            )
            .limit(self.per_page)
            .offset(self._query_offset)
            .subquery()
        )
        rows = db.session.execute(
            select(Participant, page.c.total)
            .join(page, page.c.id == Participant.id)
            .outerjoin(Organisation, Participant.organisation_id == Organisation.id)
            .options(contains_eager(Participant.organisation))
            .order_by(*DIRECTORY_ORDER)
        ).all()
        self._total = rows[0][1] if rows else None
        return [row[0] for row in rows]

    def _query_count(self) -> int:
        if self._total is not None:
            return self._total
        query: Select = self._query_args["select"]  # a page past the end: count apart
        return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def directory_page(
    event: Event, viewer: Participant | None, filters: DirectoryFilters, page: int
) -> CountedPage:
    """Page ``page`` of the directory ``viewer`` sees, with the number of people in it."""
    return CountedPage(
        select=directory_query(event, viewer, filters),
        page=page,
        per_page=PAGE_SIZE,
        error_out=False,
    )
