"""Solver runs as jobs: in the foreground, through RQ on a real Redis, in a child process;
stale results, dead processes, cancel requests and one run at a time."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, update

from scheduler import jobs
from scheduler.agenda.runs import RunInProgress, fail_dead_runs, request_cancel, start_run
from scheduler.extensions import db
from scheduler.mail.outbox import queue_email, take_queued_ids
from scheduler.models import (
    B2BSession,
    Event,
    Meeting,
    MeetingStatus,
    OutboxEmail,
    OutboxStatus,
    ParticipantStatus,
    RunStatus,
    SolverRun,
    utcnow,
)
from scheduler.unit_of_work import finish
from tests.agenda.scene import small_event
from tests.attendees import mailbox
from tests.factories import make_event, make_meeting, make_participant, make_session, paris

REDIS_URL = "redis://127.0.0.1:6379/0"


def _scheduled() -> dict[int, int | None]:
    db.session.commit()
    return {m.id: m.slot_id for m in db.session.scalars(select(Meeting).order_by(Meeting.id))}


def _queued_run() -> tuple[SolverRun, object]:
    scene = small_event()
    run = start_run(db.session, scene.session, time_limit=10)
    db.session.commit()
    return run, scene


def _during_solve(monkeypatch: pytest.MonkeyPatch, statement: object) -> None:
    """Commit ``statement`` from another connection while the engine is solving."""
    real_solve, engine = jobs.solve, db.engine

    def solve_meanwhile(*args: object, **kwargs: object):
        with engine.begin() as other:
            other.execute(statement)
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(jobs, "solve", solve_meanwhile)


def test_jobs_solve_run_writes_the_schedule_and_the_figures(app: Flask) -> None:
    run, scene = _queued_run()

    jobs.solve_run(run.id)

    db.session.expire_all()
    assert (run.status, run.error, run.figures["status"], run.figures["placed"]) == (
        RunStatus.SUCCEEDED,
        "",
        "OPTIMAL",
        2,
    )
    assert [
        (o["name"], o["value"], o["bound"], o["optimal"]) for o in run.figures["objectives"]
    ] == [
        ("placed_priority", 4, 4, True),
        ("min_share_pct", 100, 100, True),
        ("breaks", 0, 0, True),
        ("moved", 0, 0, True),  # the pinned meeting stays where it is
    ]
    assert _scheduled()[scene.ana_ben.id] == scene.session.slots[2].id
    assert run.heartbeat_at is not None and run.finished_at is not None


def test_jobs_solve_run_marks_a_run_stale_when_the_event_changed(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, scene = _queued_run()
    # Another request registers someone while the engine works.
    _during_solve(monkeypatch, update(Event).values(revision=Event.revision + 1))

    jobs.solve_run(run.id)

    db.session.expire_all()
    assert run.status is RunStatus.STALE
    assert "generate it again" in run.error
    assert _scheduled()[scene.ana_ben.id] is None


def test_jobs_cancel_request_keeps_the_best_schedule(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, scene = _queued_run()
    # The organiser presses "stop" while the engine works.
    _during_solve(monkeypatch, update(SolverRun).values(cancel_requested_at=utcnow()))

    jobs.solve_run(run.id)

    db.session.expire_all()
    assert run.status is RunStatus.CANCELLED
    assert _scheduled()[scene.ben_eva.id] == scene.session.slots[1].id
    assert request_cancel(db.session, run) is False


def test_jobs_cancelling_a_queued_run_ends_it_at_once(app: Flask) -> None:
    run, _scene = _queued_run()

    assert request_cancel(db.session, run) is True
    db.session.commit()

    assert run.status is RunStatus.CANCELLED
    with pytest.raises(ValueError, match="is not waiting to be solved"):
        jobs.solve_run(run.id)


def test_jobs_a_run_never_picked_up_is_failed(app: Flask) -> None:
    run, scene = _queued_run()
    run.created_at = utcnow() - timedelta(minutes=11)
    db.session.commit()

    assert fail_dead_runs(db.session, scene.event.id) == 1
    db.session.expire_all()
    assert (run.status, run.error) == (
        RunStatus.FAILED,
        "No process picked the run up (is the worker running?); nothing was written.",
    )


def test_jobs_one_active_run_per_event(app: Flask) -> None:
    run, scene = _queued_run()

    with pytest.raises(RunInProgress) as busy:
        start_run(db.session, scene.session)

    assert busy.value.run.id == run.id


def test_jobs_a_run_that_stopped_beating_is_failed_and_frees_the_event(app: Flask) -> None:
    run, scene = _queued_run()
    run.status = RunStatus.RUNNING
    run.heartbeat_at = utcnow() - timedelta(minutes=5)
    db.session.commit()

    again = start_run(db.session, scene.session)

    db.session.expire_all()
    assert (run.status, run.error) == (
        RunStatus.FAILED,
        "The process computing the schedule stopped; nothing was written.",
    )
    assert again.status is RunStatus.QUEUED


def test_jobs_a_beating_run_is_left_alone(app: Flask) -> None:
    run, scene = _queued_run()
    run.status = RunStatus.RUNNING
    run.heartbeat_at = utcnow() - timedelta(seconds=5)
    db.session.commit()

    assert fail_dead_runs(db.session, scene.event.id) == 0


def test_jobs_schedule_solve_command_prints_the_figures(app: Flask, runner: FlaskCliRunner) -> None:
    scene = small_event()
    db.session.commit()

    result = runner.invoke(args=["schedule", "solve", "pic", "--session", "B2B day 1"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Run 1: Plant InterCluster 2027, B2B day 1 (60 s at most)"
    assert "placed_priority  value      4  bound      4  (optimal)" in lines
    assert lines[-1] == "run 1 succeeded: the draft schedule is saved."
    assert _scheduled()[scene.ana_ben.id] == scene.session.slots[2].id


def test_jobs_schedule_solve_command_names_the_sessions_to_choose_from(
    app: Flask, runner: FlaskCliRunner
) -> None:
    small_event()
    db.session.commit()

    result = runner.invoke(args=["schedule", "solve", "pic"])

    assert result.exit_code == 1
    assert result.output == (
        "Error: Choose one with --session; the B2B sessions of pic are: 'B2B day 1', 'B2B day 2'.\n"
    )


def _wait_until_finished(run_id: int, seconds: float = 90) -> SolverRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.commit()  # a new transaction sees the other process's commits
        run = db.session.get(SolverRun, run_id)
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still {run.status.value}")


@pytest.mark.slow
def test_jobs_without_redis_a_child_process_solves_the_run(
    app: Flask, child_process_env: None
) -> None:
    run, scene = _queued_run()
    app.config["REDIS_URL"] = ""

    jobs.launch(app, run.id)

    finished = _wait_until_finished(run.id)
    assert (finished.status, finished.error) == (RunStatus.SUCCEEDED, "")
    assert _scheduled()[scene.ana_ben.id] == scene.session.slots[2].id


@pytest.mark.slow
def test_jobs_with_redis_an_rq_worker_solves_the_run(
    app: Flask, child_process_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(REDIS_URL)
    queue = Queue(jobs.QUEUE_NAME, connection=connection)
    queue.empty()
    run, scene = _queued_run()
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)

    jobs.launch(app, run.id)
    assert queue.count == 1
    SimpleWorker([queue], connection=connection).work(burst=True)

    finished = _wait_until_finished(run.id, seconds=5)
    assert (finished.status, finished.error) == (RunStatus.SUCCEEDED, "")
    assert _scheduled()[scene.ana_ben.id] == scene.session.slots[2].id
    assert db.session.get(Meeting, scene.ana_ben.id).status is MeetingStatus.SCHEDULED


def _busy_event() -> B2BSession:
    """An event the engine needs well over a few seconds for: 60 participants asking for
    300 meetings in one afternoon of 12 slots and 15 tables."""
    rng = random.Random(7)
    event = make_event(slug="busy")
    session = make_session(event, tables=15, starts_at=paris(9, 13), ends_at=paris(9, 17))
    people = [make_participant(event, status=ParticipantStatus.CONFIRMED) for _ in range(60)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 300:
        first, second = sorted(rng.sample(range(60), 2))
        pairs.add((first, second))
    for first, second in sorted(pairs):
        make_meeting(event, people[first], people[second], priority=rng.choice((1, 2, 3)))
    db.session.commit()
    return session


@pytest.mark.slow
def test_jobs_a_process_killed_mid_run_leaves_a_failed_run_and_no_schedule(
    app: Flask, child_process_env: None
) -> None:
    session = _busy_event()
    run = start_run(db.session, session, time_limit=120)
    db.session.commit()
    process = subprocess.Popen(  # the child process the app starts without Redis
        [sys.executable, "-m", "scheduler", "schedule", "run", str(run.id)]
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        db.session.commit()
        if db.session.get(SolverRun, run.id).progress:
            break
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    db.session.commit()
    assert (run.status, run.finished_at) == (RunStatus.RUNNING, None)
    assert fail_dead_runs(db.session, session.event_id) == 0  # not dead for long yet
    assert fail_dead_runs(db.session, session.event_id, now=utcnow() + timedelta(minutes=2)) == 1
    db.session.commit()
    assert run.status is RunStatus.FAILED
    assert db.session.scalars(select(Meeting.id).where(Meeting.slot_id.is_not(None))).all() == []


def _queued_emails(count: int) -> list[int]:
    ids = [
        queue_email(recipient=f"p{n}@example.org", subject=f"Agenda {n}", body_text="Hello").id
        for n in range(count)
    ]
    db.session.commit()
    take_queued_ids()  # delivered by the background, not after this test's commit
    return ids


def _wait_until_sent(ids: list[int], seconds: float = 60) -> list[OutboxStatus]:
    deadline = time.monotonic() + seconds
    while True:
        db.session.commit()
        statuses = [db.session.get(OutboxEmail, email_id).status for email_id in ids]
        if OutboxStatus.PENDING not in statuses or time.monotonic() > deadline:
            return statuses
        time.sleep(0.3)


@pytest.mark.slow
def test_jobs_without_redis_a_child_process_delivers_an_email_batch(
    app: Flask, child_process_env: None, mail_dir: object, app_config
) -> None:
    app_config(REDIS_URL="")
    ids = _queued_emails(3)

    jobs.deliver_later(app, ids)

    assert _wait_until_sent(ids) == [OutboxStatus.SENT] * 3
    assert [m["Subject"] for m in mailbox(app)] == ["Agenda 0", "Agenda 1", "Agenda 2"]


def test_jobs_deliver_queued_later_hands_the_request_emails_to_the_background(
    app: Flask, client, monkeypatch: pytest.MonkeyPatch, mail_dir: object
) -> None:
    batches: list[list[int]] = []
    monkeypatch.setattr(jobs, "deliver_later", lambda app, ids: batches.append(ids))
    ids = [queue_email(recipient="a@example.org", subject="A", body_text="a").id]

    assert jobs.deliver_queued_later(app) == 1
    assert take_queued_ids() == []  # no longer sent right after the commit
    assert batches == []  # not before the commit
    finish(200)

    assert (batches, mailbox(app)) == ([ids], [])


@pytest.mark.slow
def test_jobs_the_worker_command_runs_a_solver_run_and_an_email_batch_from_redis(
    app: Flask,
    child_process_env: None,
    mail_dir: object,
    monkeypatch: pytest.MonkeyPatch,
    app_config,
) -> None:
    from redis import Redis
    from rq import Queue

    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(REDIS_URL))
    queue.empty()
    run, scene = _queued_run()
    ids = _queued_emails(2)
    app_config(REDIS_URL=REDIS_URL)
    jobs.launch(app, run.id)
    jobs.deliver_later(app, ids)
    _run_worker_burst(monkeypatch)
    assert (queue.count, _wait_until_sent(ids, seconds=1)) == (0, [OutboxStatus.SENT] * 2)
    finished = _wait_until_finished(run.id, seconds=1)
    assert (finished.status, finished.error) == (RunStatus.SUCCEEDED, "")
    assert _scheduled()[scene.ana_ben.id] == scene.session.slots[2].id


def _run_worker_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker as it is deployed, on the test Redis, stopping once the queue is empty."""
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    worker = subprocess.run(
        [sys.executable, "-m", "scheduler", "worker", "--burst"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr


def _published_log() -> tuple[int, list[str]]:
    """The small event, placed and published (its emails not queued yet), and the
    addresses of its three participants."""
    from scheduler.agenda.publish import publish

    scene = small_event()
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    publication = publish(db.session, scene.event)
    db.session.commit()
    return publication.log_id, sorted(p.email for p in (scene.ana, scene.ben, scene.eva))


@pytest.mark.slow
def test_jobs_without_redis_a_child_process_sends_a_publications_invitations(
    app: Flask, child_process_env: None, mail_dir: object, app_config
) -> None:
    from scheduler.models import PublicationLog

    app_config(REDIS_URL="")
    log_id, addresses = _published_log()

    jobs.notify_later(app, log_id)

    deadline = time.monotonic() + 60
    while len(mailbox(app)) < 3 and time.monotonic() < deadline:
        time.sleep(0.3)
    messages = mailbox(app)
    db.session.commit()
    assert sorted(m["To"] for m in messages) == addresses
    assert [
        sorted(p.get_param("method") for p in m.walk() if p.get_content_type() == "text/calendar")
        for m in messages
    ] == [["REQUEST", "REQUEST"]] * 3
    assert db.session.get(PublicationLog, log_id).emails_queued_at is not None


@pytest.mark.slow
def test_jobs_the_worker_sends_a_publications_invitations_from_redis(
    app: Flask,
    child_process_env: None,
    mail_dir: object,
    monkeypatch: pytest.MonkeyPatch,
    app_config,
) -> None:
    from redis import Redis
    from rq import Queue

    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(REDIS_URL))
    queue.empty()
    log_id, addresses = _published_log()
    app_config(REDIS_URL=REDIS_URL)
    jobs.notify_later(app, log_id)
    _run_worker_burst(monkeypatch)
    assert (queue.count, sorted(m["To"] for m in mailbox(app))) == (0, addresses)


@pytest.mark.slow
def test_jobs_with_a_worker_link_emails_leave_the_request_for_the_worker(
    app: Flask,
    child_process_env: None,
    mail_dir: object,
    monkeypatch: pytest.MonkeyPatch,
    app_config,
) -> None:
    from redis import Redis
    from rq import Queue

    from tests.attendees import clear_mailbox, ready_event, registered
    from tests.web import post_form

    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(REDIS_URL))
    queue.empty()
    ready_event()
    registered(app, app.test_client(), "ana@example.org")  # without a worker: sent inline
    clear_mailbox(app)
    app_config(REDIS_URL=REDIS_URL)

    response = post_form(app.test_client(), "/events/pic/link", {"email": "ana@example.org"})
    unknown = post_form(app.test_client(), "/events/pic/link", {"email": "nobody@example.org"})

    db.session.commit()
    pending = db.session.scalars(
        select(OutboxEmail.recipient).where(OutboxEmail.status == OutboxStatus.PENDING)
    ).all()
    assert (response.status_code, unknown.status_code) == (302, 302)
    assert (pending, mailbox(app), queue.count) == (["ana@example.org"], [], 1)
    _run_worker_burst(monkeypatch)
    assert [(m["To"], m["Subject"]) for m in mailbox(app)] == [
        ("ana@example.org", "Your link to Plant InterCluster 2027")
    ]
