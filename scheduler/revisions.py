"""The event revision: bumped by every change the schedule depends on, so a solver run that
started from an older revision knows its result is stale."""

from __future__ import annotations

from sqlalchemy import update

from scheduler.extensions import db
from scheduler.models import Event


def bump_revision(event: Event) -> None:
    """One atomic increment (concurrent changes never lose one)."""
    db.session.execute(
        update(Event)
        .where(Event.id == event.id)
        .values(revision=Event.revision + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(event, ["revision"])
