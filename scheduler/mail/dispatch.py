"""Starting delivery once the request's transaction is committed."""

from __future__ import annotations

from flask import current_app

from scheduler.mail.delivery import deliver_pending


def send_after_commit() -> None:
    """Deliver what the committed request queued; a failure leaves the emails queued for the
    next attempt (``cluster-scheduler outbox send``) and never fails the request."""
    if not current_app.config.get("MAIL_SEND_INLINE", True):
        return
    try:
        deliver_pending(limit=20)
    except Exception:  # the change is committed; delivery is retried later
        current_app.logger.exception("outbox delivery failed")
