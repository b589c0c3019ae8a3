"""Starting delivery once a unit of work is committed."""

from __future__ import annotations

from flask import current_app

from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import take_queued_ids

# ``app.extensions`` key of a function ``(app, ids) -> bool`` that hands the delivery of the
# emails ``ids`` to a background worker, answering False when there is none.
HANDOFF = "email_handoff"


def send_after_commit() -> None:
    """Deliver the emails the committed unit of work queued (not the whole backlog: that is
    the worker's job, ``cluster-scheduler outbox send``). With a background worker they are
    handed to it, so that no response waits for the mail server or reveals by its time
    whether an email was sent; else they are sent here. A failure leaves them queued for the
    next attempt and never fails the request."""
    ids = take_queued_ids()
    if not ids:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    handoff = app.extensions.get(HANDOFF)
    try:
        if handoff is not None and handoff(app, ids):
            return
        if app.config.get("MAIL_SEND_INLINE", True):
            deliver_pending(limit=len(ids), only_ids=ids)
    except Exception:  # the change is committed; delivery is retried later
        app.logger.exception("outbox delivery failed")
