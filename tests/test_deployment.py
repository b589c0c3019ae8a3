"""Running in production: behind reverse proxies, under HTTPS, on gunicorn with Redis."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from redis import Redis

from scheduler import create_app, gunicorn_conf, ratelimits
from scheduler.extensions import db, limiter
from tests.conftest import make_app
from tests.servers import free_port, stop_process
from tests.web import post_form


@pytest.fixture
def other_app(app: Flask, database_url: str, instance_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps of their own on the test database (settings read at start-up, such as
    the proxy hops, need one); their connections are closed at the end of the test."""
    built: list[Flask] = []

    def build(**overrides: object) -> Flask:
        built.append(make_app(database_url, instance_path, **overrides))
        return built[-1]

    yield build
    for other in built:
        with other.app_context():
            db.engine.dispose()


def _failed_sign_ins(app: Flask, forwarded_for: list[str]) -> list[int]:
    """One failed sign-in per entry, each through the same proxy (127.0.0.1) that says the
    client was the entry's address; the answers' codes."""
    return [
        post_form(
            app.test_client(),
            "/organiser/login",
            {"email": f"guess{n}@example.org", "password": "nope"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for n, address in enumerate(forwarded_for)
    ]


def test_proxy_hops_set_limits_count_each_forwarded_client(
    other_app: Callable[..., Flask],
) -> None:
    behind_proxy = other_app(TRUSTED_PROXY_HOPS=1, LOGIN_RATE_LIMIT="1 per 15 minutes")
    limiter.reset()
    codes = _failed_sign_ins(behind_proxy, ["203.0.113.1", "203.0.113.2", "203.0.113.1"])
    limiter.reset()
    assert codes == [200, 200, 429]


def test_proxy_hops_set_trust_only_the_proxys_own_entry(
    other_app: Callable[..., Flask],
) -> None:
    behind_proxy = other_app(TRUSTED_PROXY_HOPS=1, LOGIN_RATE_LIMIT="1 per 15 minutes")
    limiter.reset()
    # The client forges a first entry each time; the proxy appends the real address.
    codes = _failed_sign_ins(behind_proxy, ["10.9.9.1, 203.0.113.1", "10.9.9.2, 203.0.113.1"])
    limiter.reset()
    assert codes == [200, 429]


def test_proxy_hops_unset_forwarded_header_ignored(
    other_app: Callable[..., Flask],
) -> None:
    direct = other_app(LOGIN_RATE_LIMIT="1 per 15 minutes")
    limiter.reset()
    codes = _failed_sign_ins(direct, ["203.0.113.1", "203.0.113.2"])
    limiter.reset()
    assert (direct.config["TRUSTED_PROXY_HOPS"], codes) == (0, [200, 429])


class _Log:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str) -> None:
        self.warnings.append(message)


class _Arbiter:
    """What the start-up hook reads of gunicorn's master process."""

    def __init__(self, workers: int) -> None:
        self.cfg = SimpleNamespace(workers=workers)
        self.log = _Log()


def test_gunicorn_several_workers_without_redis_warned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    server = _Arbiter(workers=4)
    gunicorn_conf.on_starting(server)
    assert server.log.warnings == [
        "4 gunicorn workers without REDIS_URL: each worker counts rate limits alone "
        "(up to 4 times each limit gets through) and a restart resets them; set REDIS_URL "
        "to share the counters."
    ]


@pytest.mark.parametrize(("workers", "redis_url"), [(1, ""), (4, "redis://127.0.0.1:6379/5")])
def test_gunicorn_one_worker_or_redis_not_warned(
    monkeypatch: pytest.MonkeyPatch, workers: int, redis_url: str
) -> None:
    monkeypatch.setenv("REDIS_URL", redis_url)
    server = _Arbiter(workers=workers)
    gunicorn_conf.on_starting(server)
    assert server.log.warnings == []


def test_gunicorn_configuration_serves_the_app_on_the_loopback() -> None:
    assert (gunicorn_conf.wsgi_app, gunicorn_conf.bind, gunicorn_conf.accesslog) == (
        "scheduler:create_app()",
        "127.0.0.1:8000",
        "-",
    )


def test_gunicorn_workers_are_replaced_far_apart() -> None:
    # Replaced together, the workers left requests waiting seconds under load.
    assert (gunicorn_conf.max_requests, gunicorn_conf.max_requests_jitter) == (20_000, 5_000)


def test_gunicorn_worker_loads_the_text_model_and_freezes_what_it_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    imported: list[tuple[str, int]] = []
    monkeypatch.setattr(
        gunicorn_conf.importlib,
        "import_module",
        lambda name: imported.append((name, gc.get_freeze_count())),
    )
    gc.unfreeze()
    try:
        gunicorn_conf.post_worker_init(None)  # type: ignore[arg-type]
        # Loaded first, then frozen with the rest.
        assert imported == [("sklearn.feature_extraction.text", 0)]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_gunicorn_serves_with_the_repository_configuration(
    app: Flask, child_process_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "python:scheduler.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        home = None
        while time.monotonic() < deadline and home is None:
            time.sleep(0.5)
            try:
                home = _get(f"http://127.0.0.1:{port}/")
            except OSError:
                continue
        link = _get(f"http://127.0.0.1:{port}/events/none/access/SECRET-TOKEN")
    finally:
        stop_process(server, 30)
    text = log.read_text()
    assert (home, link) == (200, 404)
    assert "2 gunicorn workers without REDIS_URL" in text
    assert '"GET / HTTP/1.1" 200' in text
    assert ("/events/none/access/[token]" in text, "SECRET-TOKEN" in text) == (True, False)


TEST_REDIS = "redis://127.0.0.1:6379/5"


@pytest.fixture
def redis_keys() -> Iterator[tuple[Redis, str]]:
    """A Redis connection and a key prefix of this test's own; its keys deleted afterwards."""
    connection = Redis.from_url(TEST_REDIS)
    prefix = f"test-deployment-{uuid.uuid4().hex}"
    yield connection, prefix
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)


def test_redis_url_set_rate_limit_counters_kept_in_redis(
    other_app: Callable[..., Flask],
    database_url: str,
    instance_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    redis_keys: tuple[Redis, str],
) -> None:
    connection, prefix = redis_keys
    monkeypatch.setenv("REDIS_URL", TEST_REDIS)
    monkeypatch.setenv("SCHEDULER_INSTANCE_PATH", str(instance_path))
    shared = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix},
        }
    )
    storage = type(limiter.storage).__name__
    try:
        codes = [
            post_form(
                shared.test_client(),
                "/organiser/login",
                {"email": "guess@example.org", "password": "nope"},
            ).status_code
            for _ in range(2)
        ]
        keys = sorted(key.decode() for key in connection.scan_iter(f"{prefix}*"))
    finally:
        with shared.app_context():
            db.engine.dispose()
        other_app()  # the other tests' counters in memory again
    assert (shared.config["RATELIMIT_STORAGE_URI"], storage, codes) == (
        TEST_REDIS,
        "RedisStorage",
        [200, 200],
    )
    assert [key.split("/")[1:3] for key in keys] == [
        ["login-account", "email:guess@example.org"],
        ["login-account", "email:guess@example.org"],
        ["login-address", "127.0.0.1"],
        ["login-address", "127.0.0.1"],
    ]


def _login_page_over_http(app: Flask) -> tuple[str, str | None]:
    """The session cookie and the HSTS header of the sign-in page, asked for over http."""
    response = app.test_client().get("/organiser/login")
    return response.headers["Set-Cookie"], response.headers.get("Strict-Transport-Security")


def test_https_on_cookies_secure_and_hsts_sent(
    other_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEDULER_HTTPS", "true")
    secure = other_app()
    cookie, hsts = _login_page_over_http(secure)
    settings = [
        secure.config[name]
        for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "PREFERRED_URL_SCHEME")
    ]
    assert (settings, "; Secure;" in cookie, hsts) == (
        [True, True, "https"],
        True,
        "max-age=31536000; includeSubDomains",
    )


def test_https_off_by_default_no_secure_cookie_no_hsts(app: Flask) -> None:
    cookie, hsts = _login_page_over_http(app)
    assert (app.config["HTTPS"], "Secure" in cookie, hsts) == (False, False, None)


def test_https_on_when_the_public_address_is_https(
    other_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHEDULER_PUBLIC_URL", "https://meetings.example.org")
    monkeypatch.delenv("SCHEDULER_HTTPS", raising=False)
    secure = other_app()
    assert (secure.config["HTTPS"], secure.config["SESSION_COOKIE_SECURE"]) == (True, True)


def test_https_on_hsts_also_behind_a_proxy_that_says_https(
    other_app: Callable[..., Flask],
) -> None:
    behind_proxy = other_app(TRUSTED_PROXY_HOPS=1)
    response = behind_proxy.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PRODUCTION = {
    "SECRET_KEY": "k" * 64,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://scheduler@db.example.org/scheduler",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "MAIL_SERVER": "smtp.example.org",
    "MAIL_DEFAULT_SENDER": "meetings@example.org",
    "DEV_MAILBOX": False,
    "TRUSTED_PROXY_HOPS": 1,
    "HTTPS": True,
    "PUBLIC_URL": "https://meetings.example.org",
    "SERVER_NAME_FOR_UIDS": "meetings.example.org",
    "RATELIMIT_ENABLED": True,
}


def test_check_config_production_ready_says_so(
    app_config: Callable[..., Flask], runner: FlaskCliRunner
) -> None:
    app_config(**PRODUCTION)
    result = runner.invoke(args=["check-config"])
    assert (result.exit_code, result.output) == (
        0,
        "Ready for production: nothing missing or unsafe in the configuration.\n",
    )


def test_check_config_development_defaults_one_line_each_and_fails(
    app_config: Callable[..., Flask], runner: FlaskCliRunner, instance_path: Path
) -> None:
    app = app_config(
        SQLALCHEMY_DATABASE_URI="sqlite:////srv/scheduler.sqlite3",
        REDIS_URL="",
        MAIL_SERVER="",
        MAIL_DEFAULT_SENDER="",
        DEV_MAILBOX=True,
        TRUSTED_PROXY_HOPS=0,
        HTTPS=False,
        PUBLIC_URL="http://127.0.0.1:5000",
        SERVER_NAME_FOR_UIDS="scheduler.invalid",
        RATELIMIT_ENABLED=False,
    )
    assert app.config["SECRET_KEY"] == (instance_path / "secret_key").read_text().strip()
    result = runner.invoke(args=["check-config"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"warning: SECRET_KEY is not set: the key generated in {instance_path}/secret_key signs "
        "sessions and links; keep that file private and backed up, or set SECRET_KEY (the "
        "same on every server).",
        "blocking: DATABASE_URL is SQLite (/srv/scheduler.sqlite3): one writer at a time; use "
        "PostgreSQL in production.",
        "blocking: REDIS_URL is not set: each gunicorn worker counts rate limits alone and a "
        "restart resets them, and background jobs run in child processes of the web workers; "
        "set REDIS_URL and run cluster-scheduler worker.",
        "blocking: MAIL_SERVER is not set: no email leaves the outbox, so attendees never get "
        "their personal links; set MAIL_SERVER (and MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, "
        "MAIL_USE_TLS as your server needs).",
        "blocking: DEV_MAILBOX is on: anyone can read every email, access links included, at "
        "/dev/mailbox/; turn it off.",
        "warning: MAIL_DEFAULT_SENDER is not set: emails come from no-reply@scheduler.invalid.",
        "warning: TRUSTED_PROXY_HOPS is 0: behind a reverse proxy every client would share the "
        "proxy's address and its rate limits; set it to the number of proxies in front of the "
        "app (1 behind one nginx).",
        "blocking: SCHEDULER_HTTPS is off: session cookies would travel in clear; serve the "
        "site over HTTPS and set SCHEDULER_PUBLIC_URL to its https:// address.",
        "blocking: SCHEDULER_PUBLIC_URL is http://127.0.0.1:5000: links in the emails that "
        "commands send point at this machine; set it to the site's address.",
        "warning: SCHEDULER_UID_DOMAIN is scheduler.invalid: set it to your own domain, which "
        "ends every calendar UID.",
        "blocking: RATELIMIT_ENABLED is off: sign-in, registration and link requests are not "
        "limited.",
        "Not ready for production: 7 blocking problem(s), 4 warning(s).",
    ]


def test_check_config_warnings_only_pass(
    app_config: Callable[..., Flask], runner: FlaskCliRunner
) -> None:
    app_config(**{**PRODUCTION, "TRUSTED_PROXY_HOPS": 0, "MAIL_DEFAULT_SENDER": ""})
    result = runner.invoke(args=["check-config"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        0,
        "No blocking problem; 2 warning(s).",
    )


def test_check_config_short_secret_key_blocks(
    app_config: Callable[..., Flask], runner: FlaskCliRunner
) -> None:
    app_config(**{**PRODUCTION, "SECRET_KEY": "dev"})
    result = runner.invoke(args=["check-config"])
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            "blocking: SECRET_KEY is shorter than 32 characters: set a long random value, for "
            "example the output of: python3 -c 'import secrets; print(secrets.token_hex(32))'.",
            "Not ready for production: 1 blocking problem(s), 0 warning(s).",
        ],
    )


def test_check_config_https_with_an_http_public_address_warned(
    app_config: Callable[..., Flask], runner: FlaskCliRunner
) -> None:
    app_config(**{**PRODUCTION, "PUBLIC_URL": "http://meetings.example.org"})
    result = runner.invoke(args=["check-config"])
    assert result.output.splitlines()[0] == (
        "warning: SCHEDULER_PUBLIC_URL http://meetings.example.org is not an https:// address "
        "while SCHEDULER_HTTPS is on."
    )


@pytest.mark.slow
def test_redis_down_limits_counted_in_memory_and_forms_still_answer(
    other_app: Callable[..., Flask],
) -> None:
    from tests.attendees import ready_event, registration_data

    ready_event()
    down = other_app(
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0",
        LOGIN_RATE_LIMIT="2 per 15 minutes",
        SIGNUP_RATE_LIMIT="2 per hour",
    )
    sign_ins = [
        post_form(
            down.test_client(), "/organiser/login", {"email": "x@example.org", "password": "no"}
        ).status_code
        for _ in range(3)
    ]
    registrations = [
        post_form(
            down.test_client(),
            "/events/pic/register",
            registration_data(f"p{n}@example.org"),
        ).status_code
        for n in range(3)
    ]
    other_app()  # the other tests' counters in memory again
    # The shared limiter remembers that its storage died until a later check revives it,
    # and the sign-in fallback keeps its counts: start the next tests afresh.
    limiter._storage_dead = False
    ratelimits._FALLBACK.storage.reset()
    limiter.reset()

    assert (sign_ins, registrations) == ([200, 200, 429], [302, 302, 429])
