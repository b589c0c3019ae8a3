"""Loading the event a public or attendee page is about."""

from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import PUBLIC_EVENT_STATUSES, Event


def load_event(slug: str) -> Event:
    """The event at ``slug`` if the public may see it, else a 404."""
    event = db.session.scalar(
        select(Event).where(Event.slug == slug, Event.status.in_(PUBLIC_EVENT_STATUSES))
    )
    if event is None:
        abort(404)
    g.event_language = (slug, event.default_language)  # spares the language choice a query
    return event
