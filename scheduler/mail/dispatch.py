"""Starting delivery once the request's transaction is committed."""

from __future__ import annotations

from flask import current_app, g

from scheduler.mail.delivery import deliver_pending


def send_after_commit() -> None:
    """Deliver the emails this request queued (not the whole backlog: that is the worker's
    job, ``cluster-scheduler outbox send``); a failure leaves them queued for the next attempt
    and never fails the request."""
    ids = g.pop("queued_email_ids", [])
    if not ids or not current_app.config.get("MAIL_SEND_INLINE", True):
        return
    try:
        deliver_pending(limit=len(ids), only_ids=ids)
    except Exception:  # the change is committed; delivery is retried later
        current_app.logger.exception("outbox delivery failed")
