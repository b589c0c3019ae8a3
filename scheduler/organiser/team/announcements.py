"""Announcements: one email written by the organisers, sent to every active participant or
to those the registrations filter selects, each copy addressed to its recipient."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import language
from scheduler.mail.outbox import queue_email
from scheduler.models import AuditEntry, Event, OutboxEmail, Participant, utcnow
from scheduler.organiser.registrations import Filters, filtered
from scheduler.organiser.team.emails import announcement_text

MAX_RECIPIENTS = 5000


def recipients(db: Session, event: Event, filters: Filters) -> list[Participant]:
    """The active participants among those ``filters`` select (withdrawn and erased people
    are never written to, whatever the filter), in the list's order."""
    return list(db.scalars(filtered(event, filters).where(Participant.is_active)).unique())


def is_filtered(filters: Filters) -> bool:
    """True when ``filters`` select less than every active participant."""
    return filters != Filters(sort=filters.sort, descending=filters.descending, page=filters.page)


def sent_in_last_day(db: Session, event: Event) -> int:
    """How many announcements the event's organisers sent in the last 24 hours (from the log,
    so every worker and every restart counts the same)."""
    since = utcnow() - timedelta(days=1)
    return db.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(
            AuditEntry.event_id == event.id,
            AuditEntry.action == "announce",
            AuditEntry.created_at >= since,
        )
    )


@dataclass(frozen=True)
class Sent:
    queued: int  # new emails in the outbox
    already: int  # recipients who had this very announcement already


def send(db: Session, event: Event, people: list[Participant], subject: str, body: str) -> Sent:
    """Queue one personal copy of the announcement per person. The same subject and text
    twice (a double click, a second tab) reach nobody twice."""
    digest = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:24]
    keys = {person.id: f"announcement:{event.id}:{person.id}:{digest}" for person in people}
    known: set[str] = set()
    values = list(keys.values())
    for start in range(0, len(values), 500):
        known.update(
            db.scalars(
                select(OutboxEmail.dedupe_key).where(
                    OutboxEmail.dedupe_key.in_(values[start : start + 500])
                )
            )
        )
    queued = 0
    for person in people:
        if keys[person.id] in known:
            continue
        # The organisers' own words as they wrote them, framed in the recipient's language.
        with language(person.language):
            queue_email(
                recipient=person.email,
                subject=subject,
                body_text=announcement_text(person, body),
                event_id=event.id,
                dedupe_key=keys[person.id],
            )
        queued += 1
    return Sent(queued=queued, already=len(people) - queued)
