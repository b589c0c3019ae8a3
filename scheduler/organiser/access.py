"""Which events the signed-in organiser may manage."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Event, EventRoleKind

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def organised_event(slug: str) -> Event:
    """The event at ``slug`` if the signed-in organiser has a role in it, else a 404 (an
    organiser of another event learns nothing of this one). A viewer reads only: any other
    method than GET gets a 403."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not current_user.is_authenticated:
        abort(404)
    role = current_user.role_in(event)
    if role is None:
        abort(404)
    if role is EventRoleKind.VIEWER and request.method not in READ_ONLY_METHODS:
        abort(403)
    return event
