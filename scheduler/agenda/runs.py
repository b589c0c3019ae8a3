"""Solver runs of an event: start one, ask it to stop, and notice the ones whose process died.
Functions flush, never commit; the solving itself is ``scheduler.jobs``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scheduler.i18n import gettext
from scheduler.models import B2BSession, OrganiserAccount, RunStatus, SolverRun, utcnow

# A run whose process has given no sign of life for this long is taken for dead: the
# process heartbeats every few seconds, even while the engine is deep in one stage.
HEARTBEAT_TIMEOUT = timedelta(seconds=60)
# A run still queued after this long was never picked up (no worker running?).
QUEUE_TIMEOUT = timedelta(minutes=10)
DEFAULT_TIME_LIMIT = 60.0


class RunInProgress(Exception):
    """The event already has a queued or running run (the database allows one at a time)."""

    def __init__(self, run: SolverRun) -> None:
        super().__init__(
            gettext(
                "A schedule is already being computed for this event (run %(run)s).", run=run.id
            )
        )
        self.run = run


def active_run(db: Session, event_id: int) -> SolverRun | None:
    return db.scalar(
        select(SolverRun).where(
            SolverRun.event_id == event_id,
            SolverRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]),
        )
    )


def fail_dead_runs(db: Session, event_id: int, now: datetime | None = None) -> int:
    """Mark as failed the runs of the event whose process stopped beating, or that no
    process ever picked up; nothing of theirs was written (a run writes its schedule in one
    transaction at the very end). Returns how many."""
    now = now or utcnow()
    failed = 0
    for status, column, timeout, error in (
        (
            RunStatus.RUNNING,
            SolverRun.heartbeat_at,
            HEARTBEAT_TIMEOUT,
            "The process computing the schedule stopped; nothing was written.",
        ),
        (
            RunStatus.QUEUED,
            SolverRun.created_at,
            QUEUE_TIMEOUT,
            "No process picked the run up (is the worker running?); nothing was written.",
        ),
    ):
        result = db.execute(
            update(SolverRun)
            .where(
                SolverRun.event_id == event_id, SolverRun.status == status, column < now - timeout
            )
            .values(status=RunStatus.FAILED, finished_at=now, error=error)
            .execution_options(synchronize_session=False)
        )
        failed += result.rowcount
    return failed


def start_run(
    db: Session,
    session: B2BSession,
    *,
    by: OrganiserAccount | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> SolverRun:
    """Queue a run for ``session``; raises ``RunInProgress`` when one is active."""
    fail_dead_runs(db, session.event_id)
    run = SolverRun(
        event_id=session.event_id,
        created_by_id=by.id if by else None,
        event_revision=session.event.revision,
        parameters={"session_id": session.id, "time_limit": time_limit},
    )
    try:
        with db.begin_nested():
            db.add(run)
            db.flush()
    except IntegrityError:
        existing = active_run(db, session.event_id)
        if existing is None:
            raise
        raise RunInProgress(existing) from None
    return run


def request_cancel(db: Session, run: SolverRun) -> bool:
    """Ask an active run to stop: a running one keeps the best schedule found so far, a
    queued one ends at once. False when the run had already finished."""
    if not run.is_active:
        return False
    run.cancel_requested_at = run.cancel_requested_at or utcnow()
    if run.status is RunStatus.QUEUED:
        run.status, run.finished_at = RunStatus.CANCELLED, utcnow()
    db.flush()
    return True
