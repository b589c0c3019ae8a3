"""One unit of work per request: the view and the operations it calls only flush; the request
ends with one commit when the view succeeded, or one rollback otherwise, and the emails queued
during it are handed to delivery only after that commit.

"Succeeded" means the view returned a response below 400. A view that raises (``abort``,
a refusal it does not catch, a bug) or answers 4xx/5xx has its changes rolled back, and a
failing commit goes through the error pages like any other error (503 when the database is
busy), with nothing half-written and no email sent.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError

from scheduler.extensions import db
from scheduler.mail.dispatch import send_after_commit
from scheduler.mail.outbox import take_queued_ids

AFTER_COMMIT = "after_commit"


def after_commit(action: Callable[[], None]) -> None:
    """Run ``action`` once the request's changes are committed (never if they are rolled
    back): for work another process does on what this request wrote, such as a solver run."""
    db.session.info.setdefault(AFTER_COMMIT, []).append(action)


def discard() -> None:
    """Undo every change of the current unit of work and forget the emails and the actions
    it queued: for a view that shows a refusal on a page of its own, and for the error pages.

    A connection the database cut can fail its rollback too (psycopg, caught in the middle
    of a batch of inserts: "cannot exit pipeline mode while busy"): the session then drops
    its connections, and the error page is still shown."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session().invalidate()
    take_queued_ids()
    db.session.info.pop(AFTER_COMMIT, None)


def finish(status_code: int) -> None:
    """Commit and send the queued emails when ``status_code`` is a success, else discard."""
    if status_code >= 400:
        discard()
        return
    db.session.commit()
    send_after_commit()
    for action in db.session.info.pop(AFTER_COMMIT, []):
        try:
            action()
        except Exception:  # the change is committed; the page says what to do next
            current_app.logger.exception("action after commit failed")


class UnitOfWorkApp(Flask):
    """The application class: every view it dispatches runs as one unit of work."""

    def dispatch_request(self) -> ResponseReturnValue:
        # Inside dispatch, so that a failing commit reaches the error handlers (a busy
        # database gets the 503 page, as an error in the view itself would).
        response = self.make_response(super().dispatch_request())
        finish(response.status_code)
        return response
