"""Which events the signed-in organiser may manage."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Event


def organised_event(slug: str) -> Event:
    """The event at ``slug`` if the signed-in organiser has a role in it, else a 404 (an
    organiser of another event learns nothing of this one)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None or not current_user.is_authenticated or current_user.role_in(event) is None:
        abort(404)
    return event
