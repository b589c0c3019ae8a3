"""``python -m scheduler.loadbench --database-url postgresql+psycopg://...@127.0.0.1/db``

Loads the demo scaled to ``--participants`` people into that database (a new event, removed
afterwards unless ``--keep``), starts gunicorn with its production settings on 127.0.0.1 with
Redis, and drives it with ``--users`` simulated people: first paced (each waits about
``--think`` seconds between two requests, as people do), then flat out (no wait: the
throughput the server can give). Prints requests per second, p50 and p99 latency and errors
per request kind, the load average, and whether the targets are met."""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

from scheduler.loadbench.report import report
from scheduler.loadbench.setup import BENCH_REQUEST_QUOTA, Prepared, prepare, remove

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Rate limits stay on and are counted in Redis, as in production, but so high that none of
# the benchmark's registrations (all from 127.0.0.1) is refused with a 429.
RAISED_LIMIT = "1000000 per hour"
LIMIT_SETTINGS = (
    "SIGNUP_RATE_LIMIT",
    "SIGNUP_DOMAIN_RATE_LIMIT",
    "SIGNUP_GLOBAL_RATE_LIMIT",
    "LINK_RATE_LIMIT",
    "LINK_RECIPIENT_RATE_LIMIT",
    "LOGIN_RATE_LIMIT",
)


class BenchError(Exception):
    """Printed as one line, without a traceback."""


@dataclass(frozen=True)
class Options:
    database_url: str
    redis_url: str
    participants: int
    users: int
    seconds: float
    think: float
    workers: int
    port: int
    keep: bool


def _options(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m scheduler.loadbench", description=__doc__)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL on 127.0.0.1 (default: DATABASE_URL); a new event is loaded into it",
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50, help="simulated people at once")
    parser.add_argument("--seconds", type=float, default=8.0, help="per request kind and mode")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause when paced (s)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--keep", action="store_true", help="keep the event afterwards")
    args = parser.parse_args(argv)
    options = Options(**vars(args))
    _check(options)
    return options


def _check(options: Options) -> None:
    url = urlsplit(options.database_url)
    if not url.scheme.startswith("postgres") or url.hostname not in LOOPBACK:
        raise BenchError(
            "--database-url must be a PostgreSQL database on 127.0.0.1, for example "
            "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
        )
    if urlsplit(options.redis_url).hostname not in LOOPBACK:
        raise BenchError("--redis-url must be a Redis on 127.0.0.1")
    if not 10 <= options.participants <= 20_000:
        raise BenchError("--participants must be between 10 and 20000")
    if not 1 <= options.users <= 500 or options.users > options.participants // 2:
        raise BenchError("--users must be between 1 and 500, and at most half the participants")
    if not 1 <= options.seconds <= 60 or not 0 <= options.think <= 10:
        raise BenchError("--seconds must be between 1 and 60, --think between 0 and 10")
    if not 1 <= options.workers <= 32 or not 1024 <= options.port <= 65535:
        raise BenchError("--workers must be between 1 and 32, --port between 1024 and 65535")


def _server_environment(
    options: Options, secret: str, instance: Path, queue: str
) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DATABASE_URL=options.database_url,
        REDIS_URL=options.redis_url,
        SECRET_KEY=secret,
        SCHEDULER_INSTANCE_PATH=str(instance),
        SCHEDULER_QUEUE=queue,
        SCHEDULER_PUBLIC_URL=f"http://127.0.0.1:{options.port}",
        WEB_CONCURRENCY=str(options.workers),
        RATELIMIT_ENABLED="true",
        **dict.fromkeys(LIMIT_SETTINGS, RAISED_LIMIT),
    )
    return environment


def _start_server(options: Options, environment: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:scheduler.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{options.port}",
        "--workers",
        str(options.workers),
    ]
    with log.open("wb") as output:
        return subprocess.Popen(  # noqa: S603  (our own server, our own arguments)
            command, env=environment, stdout=output, stderr=subprocess.STDOUT
        )


def _wait_until_serving(server: subprocess.Popen, base_url: str, log: Path) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn stopped at start-up; its log: {log}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).json().get("status") == "ok":
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer within 60 s; its log: {log}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _empty_queue(redis_url: str, queue: str) -> None:
    """The emails the run queued for a worker that never ran: forget them."""
    from redis import Redis
    from rq import Queue

    Queue(queue, connection=Redis.from_url(redis_url)).delete(delete_jobs=True)


def _app(options: Options, secret: str, instance: Path) -> Flask:
    os.environ["SCHEDULER_INSTANCE_PATH"] = str(instance)
    from scheduler import create_app
    from scheduler.config import parse_database_url

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": parse_database_url(options.database_url),
            "SECRET_KEY": secret,
            "REDIS_URL": "",
            "SERVER_NAME": None,
        }
    )


def run(options: Options) -> int:
    try:
        import httpx  # noqa: F401
    except ImportError:
        raise BenchError("the load benchmark needs httpx: pip install -e '.[test]'") from None
    from scheduler.loadbench.drive import drive_all

    secret = secrets.token_hex(32)
    queue = f"loadbench-{uuid.uuid4().hex[:12]}"
    slug = f"loadbench-{options.participants}-{int(time.time())}"
    with tempfile.TemporaryDirectory(prefix="loadbench-") as folder:
        instance = Path(folder)
        app = _app(options, secret, instance)
        started = time.perf_counter()
        print(f"Loading the demo scaled to {options.participants} participants as {slug}...")
        prepared: Prepared = prepare(app, slug, options.participants, options.users)
        print(
            f"Loaded {prepared.participants} participants and {prepared.requests} meeting "
            f"requests in {time.perf_counter() - started:.1f} s."
        )
        log = Path(tempfile.gettempdir()) / f"{slug}-gunicorn.log"
        server = _start_server(options, _server_environment(options, secret, instance, queue), log)
        base_url = f"http://127.0.0.1:{options.port}"
        try:
            _wait_until_serving(server, base_url, log)
            before = os.getloadavg()
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            results = asyncio.run(drive_all(options, base_url, slug, prepared))
            after = os.getloadavg()
            client_cpu = _cpu_seconds(resource.getrusage(resource.RUSAGE_SELF)) - _cpu_seconds(cpu)
        finally:
            _stop(server)
            _empty_queue(options.redis_url, queue)
            if not options.keep:
                print(f"Removing {slug}...")
                remove(app, prepared.event_id)
    print()
    passed = report(
        results,
        header=[
            f"gunicorn: {options.workers} sync workers (scheduler/gunicorn_conf.py) on "
            f"127.0.0.1:{options.port}; PostgreSQL {urlsplit(options.database_url).path[1:]}; "
            f"Redis; {os.cpu_count()} cores",
            f"Event: the demo scaled to {prepared.participants} participants, "
            f"{prepared.requests} meeting requests; {options.users} simulated users, "
            f"{options.seconds:g} s per request kind and mode",
            f"Paced: each user arrives after 0-{options.think:g} s, then waits "
            f"{0.5 * options.think:g}-{1.5 * options.think:g} s between two requests; "
            "flat out: no wait, all at once",
            f"Rate limits: on, counted in Redis, raised to {RAISED_LIMIT} for this run (every "
            "registration comes from 127.0.0.1); the event's request quota raised to "
            f"{BENCH_REQUEST_QUOTA}",
            "Each registration POST follows a GET of the form (its CSRF token), not timed; "
            "paced, the user pauses between the two as between any two requests",
        ],
        footer=[
            f"Load average (1, 5, 15 min): before {_load(before)}, after {_load(after)}",
            f"CPU used by this client: {client_cpu:.1f} s (it shares the cores with the server)",
        ],
    )
    return 0 if passed else 1


def _cpu_seconds(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


def main(argv: list[str] | None = None) -> int:
    try:
        return run(_options(argv))
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
