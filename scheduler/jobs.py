"""Background jobs: ids in, an operation called, status and progress recorded in the database.

``solve_run`` computes the schedule of one solver run. It runs the same way everywhere: in an
RQ worker (``cluster-scheduler worker``) when ``REDIS_URL`` is set, in a child process that
the app starts otherwise, or in the foreground (``cluster-scheduler schedule solve``).

``deliver_later`` hands a large batch of queued emails (a publication's) to the same
background: the request that queued them answers at once, and an email that cannot be sent
stays in the outbox for ``cluster-scheduler outbox send``.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, update

from scheduler.agenda.apply import SCHEDULE_STATUSES, StaleResult, apply_result
from scheduler.agenda.emails import queue_publication_emails
from scheduler.agenda.problem import session_problem
from scheduler.extensions import db
from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import take_queued_ids
from scheduler.models import B2BSession, RunStatus, SolverRun, utcnow
from scheduler.redis_client import redis_client
from scheduler.solver.engine import solve
from scheduler.solver.model import Progress, Result
from scheduler.unit_of_work import after_commit

HEARTBEAT_SECONDS = 2.0
# The RQ queue of the app and its workers; one Redis can serve several installations (or
# test runs) when each has its own.
QUEUE_NAME = os.environ.get("SCHEDULER_QUEUE", "scheduler")


def solve_run(run_id: int, *, echo: Callable[[Progress], None] | None = None) -> SolverRun:
    """Solve a queued run and write its schedule, or mark it stale, failed or cancelled.

    Each step commits on its own: the run's row shows the progress while the engine works,
    and the schedule is written in one last transaction, or not at all."""
    run = db.session.get(SolverRun, run_id)
    if run is None or run.status is not RunStatus.QUEUED:
        raise ValueError(f"run {run_id} is not waiting to be solved")
    run.status = RunStatus.RUNNING
    run.started_at = run.heartbeat_at = utcnow()
    db.session.commit()
    try:
        session = db.session.get(B2BSession, run.parameters["session_id"])
        snapshot = session_problem(db.session, session)
        run.event_revision = snapshot.revision
        time_limit = float(run.parameters.get("time_limit", 60.0))
        db.session.commit()  # no transaction stays open while the engine works
        result = _solve_beating(run_id, snapshot.problem, time_limit, echo)
        cancelled = _beat(run_id) is not None  # also opens the writing transaction
        run.figures = _figures(result)
        if result.status in SCHEDULE_STATUSES:
            apply_result(db.session, snapshot, result)
        run.status = RunStatus.CANCELLED if cancelled else RunStatus.SUCCEEDED
    except StaleResult as stale:
        db.session.rollback()
        run.status, run.error = RunStatus.STALE, str(stale)
    except Exception as error:
        db.session.rollback()
        run.status, run.error = RunStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
        current_app.logger.exception("solver run %s failed", run_id)
    run.finished_at = run.heartbeat_at = utcnow()
    db.session.commit()
    return run


def _solve_beating(
    run_id: int, problem: Any, time_limit: float, echo: Callable[[Progress], None] | None
) -> Result:
    """Solve in a thread while this one records a heartbeat and the progress every few
    seconds, and passes on an organiser's request to stop."""
    events: list[Progress] = []
    answer: list[Result] = []
    failure: list[BaseException] = []
    cancel = threading.Event()

    def work() -> None:
        try:
            answer.append(
                solve(
                    problem,
                    time_limit=time_limit,
                    progress=events.append,
                    cancel=cancel,
                )
            )
        except BaseException as error:  # re-raised in the recording thread
            failure.append(error)

    worker = threading.Thread(target=work, name=f"solver-run-{run_id}", daemon=True)
    worker.start()
    shown = 0
    while worker.is_alive():
        worker.join(HEARTBEAT_SECONDS)
        seen = list(events)
        if echo is not None:
            for event in seen[shown:]:
                echo(event)
            shown = len(seen)
        if _beat(run_id, [_progress_row(event) for event in seen[-200:]]) is not None:
            cancel.set()
        db.session.commit()
    if failure:
        raise failure[0]
    if echo is not None:
        for event in events[shown:]:
            echo(event)
    return answer[0]


def _beat(run_id: int, progress: list[dict[str, Any]] | None = None) -> datetime | None:
    """Record a sign of life (and the progress), then read whether an organiser asked to
    stop. Writing first takes SQLite's write lock before anything is read, so a request
    committed meanwhile cannot make this transaction's snapshot stale."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = progress
    db.session.execute(
        update(SolverRun)
        .where(SolverRun.id == run_id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return db.session.scalar(select(SolverRun.cancel_requested_at).where(SolverRun.id == run_id))


def _number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else value


def _progress_row(event: Progress) -> dict[str, Any]:
    return {
        "stage": event.stage,
        "value": _number(event.value),
        "bound": _number(event.bound),
        "seconds": round(event.seconds, 2),
    }


def _figures(result: Result) -> dict[str, Any]:
    """The result in JSON-ready form, for the run's row."""
    return {
        "status": result.status,
        "seconds": round(result.seconds, 2),
        "placed": len(result.placements),
        "objectives": [
            {
                "name": o.name,
                "sense": o.sense,
                "value": o.value,
                "bound": o.bound,
                "gap": round(o.gap, 4),
                "optimal": o.optimal,
            }
            for o in result.objectives
        ],
        "unplaced": [
            {"meeting": u.meeting, "code": u.code, "reason": u.reason, "fix": u.fix}
            for u in result.unplaced
        ],
        "conflicts": list(result.conflicts),
    }


def launch(app: Flask, run_id: int) -> None:
    """Have the run solved in the background: by an RQ worker when ``REDIS_URL`` is set,
    else by a child process of this app's command line."""
    _in_background(app, solve_run_job, run_id, ["schedule", "run", str(int(run_id))])


def deliver_queued_later(app: Flask) -> int:
    """Take the emails queued so far in this unit of work out of the delivery that follows
    its commit, and have them sent in the background once it is committed; return how many."""
    ids = take_queued_ids()
    if ids:
        after_commit(lambda: deliver_later(app, ids))
    return len(ids)


def deliver_later(app: Flask, email_ids: list[int]) -> None:
    """Have the queued emails ``email_ids`` sent by an RQ worker when ``REDIS_URL`` is set,
    else by a child process (which sends every due email, these among them)."""
    limit = str(max(len(email_ids), 1))
    _in_background(app, deliver_job, email_ids, ["outbox", "send", "--limit", limit])


def notify_later(app: Flask, log_id: int) -> None:
    """Have the emails and invitations of publication ``log_id`` queued and sent in the
    background (building thousands of invitations takes longer than a request should)."""
    _in_background(app, publication_emails_job, log_id, ["schedule", "notify", str(int(log_id))])


def send_publication_emails(app: Flask, log_id: int) -> tuple[int, int]:
    """Queue the publication's emails (once) and send them; (queued, sent). Links point at
    the public address, as no browser request is there."""
    with app.test_request_context(base_url=app.config["PUBLIC_URL"]):
        queued = queue_publication_emails(db.session, log_id)
    ids = take_queued_ids()
    db.session.commit()
    return queued, deliver_pending(limit=len(ids), only_ids=ids) if ids else 0


def hand_to_worker(app: Flask, email_ids: list[int]) -> bool:
    """With a worker (``REDIS_URL`` set), queue the delivery of ``email_ids`` for it and
    answer True; without one, or while Redis cannot be reached, False (the caller sends
    them itself)."""
    if not app.config.get("REDIS_URL"):
        return False
    return _enqueue(app, deliver_job, email_ids)


def _enqueue(app: Flask, job: Callable[..., Any], argument: Any) -> bool:
    """Queue ``job(argument)`` in Redis for the worker; False (logged) when Redis is down."""
    from redis.exceptions import RedisError
    from rq import Queue

    connection = redis_client(app)
    try:
        queue = Queue(QUEUE_NAME, connection=connection)
        queue.enqueue(job, argument, job_timeout=3600)
    except (RedisError, OSError) as error:
        app.logger.error("Redis unavailable, %s done without the worker: %s", job.__name__, error)
        return False
    return True


def _in_background(app: Flask, job: Callable[..., Any], argument: Any, command: list[str]) -> None:
    """By the worker through Redis; without Redis, or while it is down, by a child process
    of this app's command line (the job's rows are in the database either way)."""
    if app.config.get("REDIS_URL") and _enqueue(app, job, argument):
        return
    process = subprocess.Popen(  # noqa: S603  (our own command line, integer arguments)
        [sys.executable, "-m", "scheduler", *command],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    # Reap the child when it ends, so that no finished process lingers as a zombie.
    threading.Thread(target=process.wait, name=f"wait-{command[0]}", daemon=True).start()


@contextmanager
def _job_app() -> Iterator[Flask]:
    """An app of the job's own (the worker may fork), its connections closed afterwards."""
    from scheduler import create_app

    app = create_app()
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def solve_run_job(run_id: int) -> str:
    """The RQ job of a solver run."""
    with _job_app():
        return solve_run(run_id).status.value


def publication_emails_job(log_id: int) -> int:
    """The RQ job of a publication's emails; returns how many were sent."""
    with _job_app() as app:
        return send_publication_emails(app, log_id)[1]


def deliver_job(email_ids: list[int]) -> int:
    """The RQ job that sends queued emails; returns how many were sent."""
    with _job_app():
        return deliver_pending(limit=len(email_ids), only_ids=email_ids)
