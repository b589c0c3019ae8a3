"""Fixtures: an app on a migrated database (SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test so tests can commit for real."""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

# A queue of this test run's own on the shared Redis: the workers of another run (or of
# an installation on this machine) never take its jobs. Child processes inherit it.
os.environ.setdefault("SCHEDULER_QUEUE", f"scheduler-tests-{uuid.uuid4().hex[:12]}")

from scheduler import create_app
from scheduler.extensions import db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


# Set by others than the tests: pytest names the running test; scikit-learn sets its OpenMP
# options when first imported.
ENVIRONMENT_NOT_CHECKED = {"PYTEST_CURRENT_TEST", "KMP_DUPLICATE_LIB_OK", "KMP_INIT_AT_FORK"}


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_NOT_CHECKED}


@pytest.fixture(autouse=True)
def environment_left_unchanged() -> Iterator[None]:
    """Fail a test that leaves the environment changed: later tests, and the CLI subprocesses
    some tests start, would see it (``monkeypatch.setenv`` undoes itself)."""
    before = _environment()
    yield
    after = _environment()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"environment variables left changed: {changed}"


def _wipe_postgres(url: str) -> None:
    """Start from an empty schema: the test database belongs to the suite."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if ON_POSTGRES:
        _wipe_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("instance")


class IsolatedClient(FlaskClient):
    """Runs every request in a fresh context, as a real server does, so the test's own app
    context (its database session, ``g``) is never shared with the request. The test's own
    transaction is committed first, as another client would have finished its work: on SQLite
    an open transaction would block the request's writes and hide them from the test."""

    def open(self, *args: object, **kwargs: object):  # type: ignore[override]
        if has_app_context():
            db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


def make_app(database_url: str, instance_path: Path, **overrides: object) -> Flask:
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ARGON2_CHEAP_FOR_TESTS": True,
        "SERVER_NAME_FOR_UIDS": "test.invalid",
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": "",  # tests that use the worker set it themselves
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "SIGNUP_RATE_LIMIT": "1000 per minute",
        "LINK_RATE_LIMIT": "1000 per minute",
        "LINK_RECIPIENT_RATE_LIMIT": "1000 per minute",
        "SIGNUP_DOMAIN_RATE_LIMIT": "1000 per minute",
        "SIGNUP_GLOBAL_RATE_LIMIT": "1000 per minute",
    }
    config.update(overrides)
    # create_app finds the instance folder in the environment only; set it just while building.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCHEDULER_INSTANCE_PATH", str(instance_path))
        app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def migrated_app(database_url: str, instance_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, instance_path)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():  # close the pooled connections rather than drop them at exit
        db.engine.dispose()


def empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()


@pytest.fixture
def app(migrated_app: Flask) -> Iterator[Flask]:
    with migrated_app.app_context():
        yield migrated_app
        db.session.rollback()
        empty_all_tables()
        db.session.remove()


@contextmanager
def config_overrides(app: Flask, **settings: object) -> Iterator[Flask]:
    """The app with ``settings`` in its configuration until the block ends, then its own values
    back (a setting it did not have is removed again)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setitem(app.config, name, value)
        yield app


@pytest.fixture
def app_config(app: Flask) -> Iterator[Callable[..., Flask]]:
    """Change the shared app's configuration for one test: ``app_config(MAIL_PORT=1)`` returns
    the app with those settings, and the test's end restores the previous values."""
    with ExitStack() as stack:
        yield lambda **settings: stack.enter_context(config_overrides(app, **settings))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def mail_dir(app: Flask) -> Iterator[Path]:
    """The development mailbox, emptied before and after the test."""
    from scheduler.mail.delivery import mailbox_path

    folder = mailbox_path(app)
    for path in folder.glob("*.eml"):
        path.unlink()
    yield folder
    for path in folder.glob("*.eml"):
        path.unlink()


@pytest.fixture
def child_process_env(
    monkeypatch: pytest.MonkeyPatch, database_url: str, instance_path: Path
) -> None:
    """What a worker or a child process of the app reads to reach the test database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SCHEDULER_INSTANCE_PATH", str(instance_path))
    monkeypatch.setenv("SCHEDULER_UID_DOMAIN", "test.invalid")
    monkeypatch.setenv("DEV_MAILBOX", "true")  # emails to the mailbox the tests read
