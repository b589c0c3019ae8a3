"""Starting delivery once a unit of work is committed."""

from __future__ import annotations

from flask import current_app

from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import take_queued_ids


def send_after_commit() -> None:
    """Deliver the emails the committed unit of work queued (not the whole backlog: that is
    the worker's job, ``cluster-scheduler outbox send``); a failure leaves them queued for the
    next attempt and never fails the request."""
    ids = take_queued_ids()
    if not ids or not current_app.config.get("MAIL_SEND_INLINE", True):
        return
    try:
        deliver_pending(limit=len(ids), only_ids=ids)
    except Exception:  # the change is committed; delivery is retried later
        current_app.logger.exception("outbox delivery failed")
