"""The personal calendar feed: a secret address per participant, replaced to revoke it, and
the moment its content last changed (for ETag, Last-Modified and DTSTAMP)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Event, Participant, utcnow

# The feed is built with this DTSTAMP first, so that its digest depends on its content only.
_FIXED_STAMP = datetime(2000, 1, 1, tzinfo=UTC)


def feed_token(participant: Participant) -> str:
    """The participant's feed secret, made on first use."""
    if participant.calendar_token is None:
        participant.calendar_token = secrets.token_urlsafe(32)
        db.session.flush()
    return participant.calendar_token


def revoke_feed(participant: Participant) -> str:
    """Replace the feed secret: the old address stops working. Returns the new one."""
    participant.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    return participant.calendar_token


def subscriber(event: Event, token: str) -> Participant | None:
    """The active participant of ``event`` whose feed secret is ``token``."""
    participant = db.session.scalar(
        select(Participant).where(
            Participant.event_id == event.id, Participant.calendar_token == token
        )
    )
    return participant if participant is not None and participant.is_active else None


def current_feed(
    participant: Participant, build: Callable[[datetime], bytes]
) -> tuple[bytes, str, datetime]:
    """The feed's bytes, ETag and last change: ``build(stamp)`` makes the calendar with
    DTSTAMP ``stamp``; a change of content since the last visit is recorded as now."""
    digest = hashlib.sha256(build(_FIXED_STAMP)).hexdigest()
    if digest != participant.calendar_etag or participant.calendar_changed_at is None:
        participant.calendar_etag = digest
        participant.calendar_changed_at = utcnow().replace(microsecond=0)
        db.session.flush()
    changed = participant.calendar_changed_at
    return build(changed), digest, changed
