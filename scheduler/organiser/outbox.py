"""The event's emails as the organisers see them: how many were sent, which wait or failed
and why, and sending a failed one again. Functions flush, never commit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.mail.outbox import queue_again
from scheduler.models import Event, OutboxEmail, OutboxStatus

# Rows listed at most: an event whose mail server was down for a day has thousands.
LISTED = 200


@dataclass(frozen=True)
class OutboxReport:
    counts: Counter[OutboxStatus]
    failed: list[OutboxEmail]
    retrying: list[OutboxEmail]

    @property
    def failed_count(self) -> int:
        return self.counts[OutboxStatus.FAILED]


def outbox_report(db: Session, event: Event) -> OutboxReport:
    """Counts per status, the failed emails and the pending ones that failed at least once,
    newest first."""
    counts = Counter(
        dict(
            db.execute(
                select(OutboxEmail.status, func.count())
                .where(OutboxEmail.event_id == event.id)
                .group_by(OutboxEmail.status)
            ).all()
        )
    )

    def listed(*where) -> list[OutboxEmail]:
        return list(
            db.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.event_id == event.id, *where)
                .order_by(OutboxEmail.id.desc())
                .limit(LISTED)
            )
        )

    return OutboxReport(
        counts=counts,
        failed=listed(OutboxEmail.status == OutboxStatus.FAILED),
        retrying=listed(OutboxEmail.status == OutboxStatus.PENDING, OutboxEmail.attempts > 0),
    )


def retry_failed(db: Session, event: Event, email_id: int | None = None) -> int:
    """Queue the event's failed emails again (or only ``email_id``): they are sent after the
    commit, with a fresh round of attempts. Returns how many."""
    where = [OutboxEmail.event_id == event.id, OutboxEmail.status == OutboxStatus.FAILED]
    if email_id is not None:
        where.append(OutboxEmail.id == email_id)
    emails = db.scalars(select(OutboxEmail).where(*where)).all()
    for email in emails:
        queue_again(email)
    db.flush()
    return len(emails)
