"""Announcements: one email written by the organisers, sent to every active participant or
to those the registrations filter selects, each copy addressed to its recipient."""

from __future__ import annotations

from sqlalchemy.orm import Session

from scheduler.models import Event, Participant
from scheduler.organiser.registrations import Filters, filtered

MAX_RECIPIENTS = 5000


def recipients(db: Session, event: Event, filters: Filters) -> list[Participant]:
    """The active participants among those ``filters`` select (withdrawn and erased people
    are never written to, whatever the filter), in the list's order."""
    return list(db.scalars(filtered(event, filters).where(Participant.is_active)).unique())


def is_filtered(filters: Filters) -> bool:
    """True when ``filters`` select less than every active participant."""
    return filters != Filters(sort=filters.sort, descending=filters.descending, page=filters.page)
