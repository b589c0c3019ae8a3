"""Faults of the production stack, each followed by the app serving again with nothing lost
or half-written: PostgreSQL connections killed under load, a PostgreSQL server restarted
under load, Redis stopped under load (and lost in the middle of a request), Redis
unavailable, the RQ worker killed with SIGKILL in the middle of a solver run. The servers
that are stopped are the test's own (tests/servers.py). On PostgreSQL only
(TEST_DATABASE_URL): the faults are the production database's."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask, Response, request
from flask_migrate import upgrade
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select, text, update

from scheduler import jobs
from scheduler.agenda.runs import start_run
from scheduler.extensions import db, limiter
from scheduler.health import checks
from scheduler.mail.delivery import deliver_pending
from scheduler.models import (
    EventRole,
    EventRoleKind,
    Meeting,
    OrganiserAccount,
    OutboxEmail,
    OutboxStatus,
    Participant,
    RunStatus,
    SolverRun,
    utcnow,
)
from scheduler.passwords import hash_password
from scheduler.redis_client import REDIS_CLIENT
from tests.attendees import mailbox, ready_event, registration_data
from tests.conftest import ON_POSTGRES, make_app
from tests.servers import PrivatePostgres, free_port, private_postgres, private_redis
from tests.test_jobs import REDIS_URL, _busy_event, _run_worker_burst, _wait_until_finished
from tests.web import csrf_token, post_form, token_in

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="faults of the production database: run with TEST_DATABASE_URL on PostgreSQL",
    ),
]

APP_NAME = "scheduler-fault-test"
THREADS = 6
_COUNTING = threading.Lock()  # a Counter's += is not atomic across threads
LIMIT_PREFIX = "faults"  # the rate-limit counters' keys in the test's own Redis


@pytest.fixture
def served(database_url: str, instance_path: Path) -> Iterator[Flask]:
    """A second app on the test database, as one more server process would be: its own
    connection pool, whose connections PostgreSQL knows by their application name."""
    app = make_app(
        database_url,
        instance_path,
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,
            "connect_args": {"application_name": APP_NAME},
        },
        MAIL_SEND_INLINE=False,  # the emails wait in the outbox, as for a worker
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def _terminate_app_connections() -> int:
    """What a database restart does to the app: every one of its connections cut."""
    with db.engine.begin() as connection:
        return len(
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": APP_NAME},
            ).all()
        )


def _register_in_a_loop(app: Flask, number: int, stop: threading.Event, codes: Counter) -> None:
    """Load the form and register, again and again; count the answers ("GET 200")."""
    client = app.test_client()
    count = 0
    while not stop.is_set():
        page = client.get("/events/pic/register")
        with _COUNTING:
            codes[f"GET {page.status_code}"] += 1
        token = token_in(page.get_data(as_text=True))
        if token is None:
            continue
        data = registration_data(f"t{number}-{count}@example.org", first_name="Tess")
        answer = client.post("/events/pic/register", data={**data, "csrf_token": token})
        with _COUNTING:
            codes[f"POST {answer.status_code}"] += 1
        count += 1


def test_faults_database_connections_killed_under_load(
    app: Flask, served: Flask, mail_dir: object
) -> None:
    ready_event()
    stop, codes = threading.Event(), Counter()
    threads = [
        threading.Thread(target=_register_in_a_loop, args=(served, n, stop, codes))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    terminated = 0
    for _ in range(3):  # cut them again while the pool reconnects
        terminated += _terminate_app_connections()
        time.sleep(0.4)
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    during = dict(codes)
    after = [served.test_client().get("/healthz").status_code for _ in range(THREADS * 2)]
    codes.clear()
    stop.clear()
    again = threading.Thread(target=_register_in_a_loop, args=(served, 99, stop, codes))
    again.start()
    time.sleep(1.0)
    stop.set()
    again.join(timeout=60)

    assert terminated > 0
    # A request whose connection was cut says "try again later" (503), never a 500.
    assert set(during) <= {"GET 200", "GET 503", "POST 302", "POST 503"}, during
    assert (after, set(codes)) == ([200] * THREADS * 2, {"GET 200", "POST 302"})
    db.session.commit()
    people = db.session.scalars(select(Participant.email)).all()
    emails = db.session.scalars(select(OutboxEmail.recipient)).all()
    assert sorted(emails) == sorted(people)  # each registration with its email, or neither
    posted = during.get("POST 302", 0) + codes["POST 302"]
    assert posted <= len(people) <= posted + during.get("POST 503", 0)
    with served.app_context():
        assert deliver_pending(limit=len(emails) + 10) == len(emails)
        assert deliver_pending(limit=10) == 0
    assert sorted(m["To"] for m in mailbox(app)) == sorted(people)  # each exactly once


@pytest.fixture
def restartable(instance_path: Path) -> Iterator[tuple[PrivatePostgres, Flask]]:
    """An app on a PostgreSQL server of its own, migrated, which the test may restart."""
    with private_postgres() as server:
        served = make_app(
            server.url,
            instance_path,
            SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
            MAIL_SEND_INLINE=False,  # the emails wait in the outbox, as for a worker
        )
        with served.app_context():
            upgrade()
        yield server, served
        with served.app_context():
            db.engine.dispose()


def _load(served: Flask, codes: Counter, stop: threading.Event, first: int = 0) -> list:
    threads = [
        threading.Thread(target=_register_in_a_loop, args=(served, first + n, stop, codes))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    return threads


def _stop(threads: list, stop: threading.Event) -> None:
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    stop.clear()


def _each_registration_emailed_once(app: Flask, served: Flask) -> tuple[int, list[str]]:
    """Send what waits in the outbox; (emails sent, registrants), asserting one email each."""
    with served.app_context():
        people = sorted(db.session.scalars(select(Participant.email)).all())
        sent = deliver_pending(limit=len(people) + 10)
        assert deliver_pending(limit=10) == 0
        emails = sorted(db.session.scalars(select(OutboxEmail.recipient)).all())
    assert emails == people  # each registration with its email, or neither
    assert sorted(m["To"] for m in mailbox(app)) == people  # each sent exactly once
    return sent, people


def test_faults_database_restarted_under_load_serves_again_with_nothing_lost(
    app: Flask, restartable: tuple[PrivatePostgres, Flask], mail_dir: object
) -> None:
    server, served = restartable
    with served.app_context():
        ready_event()
    stop, before, during, after = threading.Event(), Counter(), Counter(), Counter()
    threads = _load(served, before, stop)
    time.sleep(1.0)
    _stop(threads, stop)
    threads = _load(served, during, stop, first=100)
    time.sleep(0.3)
    server.stop()  # refused connections from here on, until it is back
    time.sleep(1.5)
    down = served.test_client().get("/healthz")
    server.start()
    time.sleep(1.0)
    _stop(threads, stop)
    health = [served.test_client().get("/healthz").status_code for _ in range(THREADS * 2)]
    threads = _load(served, after, stop, first=200)
    time.sleep(1.0)
    _stop(threads, stop)

    assert set(before) == {"GET 200", "POST 302"}, before
    # While it is down, "try again later" (503), never a 500; and some requests saw it.
    assert set(during) <= {"GET 200", "GET 503", "POST 302", "POST 503"}, during
    assert during["GET 503"] + during["POST 503"] > 0, during
    assert (down.status_code, down.json) == (
        503,
        {"database": "unavailable", "redis": "not configured", "status": "unavailable"},
    )
    assert (health, set(after)) == ([200] * THREADS * 2, {"GET 200", "POST 302"})
    sent, people = _each_registration_emailed_once(app, served)
    posted = before["POST 302"] + during["POST 302"] + after["POST 302"]
    assert posted <= len(people) <= posted + during["POST 503"]
    assert sent == len(people) > 0


def _app_on_redis(database_url: str, instance_path: Path, redis_url: str) -> Flask:
    """A second app whose rate limits and worker queue are on `redis_url`.

    The limiter is one object for the whole process, and every app of the suite shares it:
    an earlier test that took Redis away left it counting in memory, trying Redis again
    after pauses of up to 32 s, and another gave it a key prefix of its own. This app's
    starts as a server's does, counting in Redis, under `LIMIT_PREFIX`."""
    limiter._storage_dead = False
    limiter._Limiter__check_backend_count = 0
    return make_app(
        database_url,
        instance_path,
        REDIS_URL=redis_url,
        RATELIMIT_STORAGE_URI=redis_url,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": LIMIT_PREFIX},
        MAIL_SEND_INLINE=True,  # sent here whenever the worker's queue is unreachable
    )


def _limit_keys_within(counters: Redis, seconds: float) -> int:
    """How many rate-limit counters Redis holds, once it holds some (or the time is up)."""
    deadline = time.monotonic() + max(seconds, 1.0)
    while True:
        time.sleep(0.5)
        with contextlib.suppress(RedisError):
            found = len(counters.keys(f"{LIMIT_PREFIX}*"))
            if found or time.monotonic() > deadline:
                return found


def test_faults_redis_stopped_under_load_the_app_serves_then_counts_in_redis_again(
    app: Flask, database_url: str, instance_path: Path, mail_dir: object
) -> None:
    ready_event()
    with private_redis() as redis_server:
        served = _app_on_redis(database_url, instance_path, redis_server.url)
        counters = Redis.from_url(redis_server.url)
        stop, before, during, after = threading.Event(), Counter(), Counter(), Counter()
        threads = _load(served, before, stop)
        time.sleep(1.0)
        _stop(threads, stop)
        counted_before = len(counters.keys(f"{LIMIT_PREFIX}*"))
        threads = _load(served, during, stop, first=100)
        time.sleep(0.3)
        redis_server.stop()  # killed: its counters and its queued jobs are gone
        time.sleep(1.0)
        down = served.test_client().get("/healthz")
        redis_server.start()
        time.sleep(1.0)
        _stop(threads, stop)
        up = served.test_client().get("/healthz")
        threads = _load(served, after, stop, first=200)
        # The limiter tries Redis again after a growing pause (1, 2, 4... s): wait for it.
        counted_after = _limit_keys_within(counters, seconds=30.0)
        _stop(threads, stop)
    try:
        # The emails handed to the killed Redis's queue still wait in the outbox: sent now.
        sent, people = _each_registration_emailed_once(app, served)
    finally:
        with served.app_context():
            db.engine.dispose()

    assert counted_before > 0
    assert [set(codes) for codes in (before, during, after)] == [{"GET 200", "POST 302"}] * 3
    assert (down.status_code, down.json["redis"], down.json["status"]) == (
        200,
        "unavailable",
        "degraded",
    )
    assert (up.status_code, up.json["redis"], up.json["status"]) == (200, "ok", "ok")
    assert counted_after > 0  # counted in the restarted Redis again
    assert len(people) == before["POST 302"] + during["POST 302"] + after["POST 302"]
    assert sent > 0


def test_faults_redis_lost_before_a_registration_is_counted_it_still_succeeds(
    app: Flask, database_url: str, instance_path: Path, mail_dir: object
) -> None:
    ready_event()
    with private_redis() as redis_server:
        served = _app_on_redis(database_url, instance_path, redis_server.url)

        # Runs before the limiter's own hook, which counts a registration once answered: so
        # Redis dies after the check, with the registration committed, before the count.
        @served.after_request
        def lose_redis(response: Response) -> Response:
            if request.method == "POST":
                redis_server.stop()
            return response

        try:
            client = served.test_client()
            answer = post_form(client, "/events/pic/register", registration_data("ana@example.org"))
            page = client.get("/events/pic/register")
        finally:
            with served.app_context():
                db.engine.dispose()

    assert (answer.status_code, answer.headers["Location"]) == (302, "/events/pic/check-your-email")
    assert page.status_code == 200
    assert db.session.scalars(select(Participant.email)).all() == ["ana@example.org"]
    # Handed to the worker's queue before Redis died: the outbox still has it for the next send.
    assert db.session.scalars(select(OutboxEmail.recipient)).all() == ["ana@example.org"]


def test_faults_redis_unavailable_the_app_serves_and_sends(
    app: Flask, mail_dir: object, app_config, child_process_env: None
) -> None:
    closed = f"redis://127.0.0.1:{free_port()}/0"
    app_config(REDIS_URL=closed, RATELIMIT_STORAGE_URI=closed, MAIL_SEND_INLINE=True)
    app.extensions.pop(checks.CLIENT, None)
    app.extensions.pop(REDIS_CLIENT, None)
    ready_event()
    client = app.test_client()
    try:
        health = client.get("/healthz")
        response = post_form(client, "/events/pic/register", registration_data("ana@example.org"))
        session = _busy_event()
        run = start_run(db.session, session, time_limit=2)
        db.session.commit()
        jobs.launch(app, run.id)  # Redis refuses the job: a child process solves it
        finished = _wait_until_finished(run.id, seconds=90)
    finally:
        app.extensions.pop(checks.CLIENT, None)
        app.extensions.pop(REDIS_CLIENT, None)

    assert (health.status_code, health.json["redis"], health.json["status"]) == (
        200,
        "unavailable",
        "degraded",
    )
    assert response.status_code == 302
    assert [(m["To"], m["Subject"]) for m in mailbox(app)] == [
        ("ana@example.org", "Your registration for Plant InterCluster 2027")
    ]
    assert db.session.scalars(select(OutboxEmail.status)).all() == [OutboxStatus.SENT]
    assert (finished.status, finished.error) == (RunStatus.SUCCEEDED, "")


def _organiser(client, event) -> None:
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password("pw-123456"))
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": "pw-123456"})


def _descendants(pid: int) -> list[int]:
    """The processes under ``pid``, children first found (from /proc: Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _placed() -> int:
    db.session.commit()
    return db.session.scalar(
        select(func.count()).select_from(Meeting).where(Meeting.slot_id.is_not(None))
    )


def test_faults_worker_killed_mid_run_shows_the_run_failed_and_a_retry_succeeds(
    app: Flask, app_config, child_process_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redis import Redis
    from rq import Queue

    queue = Queue(jobs.QUEUE_NAME, connection=Redis.from_url(REDIS_URL))
    queue.empty()
    app_config(REDIS_URL=REDIS_URL)
    app.extensions.pop(REDIS_CLIENT, None)
    session = _busy_event()
    client = app.test_client()
    _organiser(client, session.event)
    console = f"/organiser/events/{session.event.slug}/schedule/"
    generate = f"{console}sessions/{session.id}/generate"
    form = {"csrf_token": csrf_token(client, console), "time_limit": "120"}
    assert client.post(generate, data=form).status_code == 302
    run_id = db.session.scalar(select(SolverRun.id))
    worker = subprocess.Popen(  # the deployed worker, in a process group of its own
        [sys.executable, "-m", "scheduler", "worker"],
        env={**os.environ, "REDIS_URL": REDIS_URL},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            db.session.commit()
            if db.session.get(SolverRun, run_id).progress:
                break
            time.sleep(0.2)
    finally:
        # The worker and every process under it, as when its service is killed: RQ's work
        # horse runs in a process group of its own, and would go on writing to the run.
        for pid in [*_descendants(worker.pid), worker.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        worker.wait(timeout=10)
    db.session.commit()
    running = db.session.get(SolverRun, run_id).status
    # A minute without a heartbeat: the run is taken for dead when the console is opened.
    db.session.execute(update(SolverRun).values(heartbeat_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    page = client.get(console).get_data(as_text=True)
    placed_after_kill = _placed()
    form["time_limit"] = "5"
    retried = client.post(generate, data=form)
    app.extensions.pop(REDIS_CLIENT, None)
    _run_worker_burst(monkeypatch)
    runs = db.session.scalars(select(SolverRun).order_by(SolverRun.id)).all()
    finished = _wait_until_finished(runs[-1].id, seconds=5)

    assert running is RunStatus.RUNNING
    assert "The process computing the schedule stopped; nothing was written." in page
    assert placed_after_kill == 0  # nothing half-written
    assert retried.status_code == 302
    assert [(r.status, r.error) for r in runs] == [
        (RunStatus.FAILED, "The process computing the schedule stopped; nothing was written."),
        (RunStatus.SUCCEEDED, ""),
    ]
    assert finished.figures["placed"] == _placed() > 0
    assert queue.count == 0  # the killed job is not run a second time
