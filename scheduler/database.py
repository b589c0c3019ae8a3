"""Engine settings that must hold on every connection, and a clear report when the database
cannot be reached."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from scheduler.errors import ConfigError


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys (off by default in SQLite) and wait for locks instead of failing."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.close()


def describe_failure(url: str, error: DBAPIError) -> str:
    """One line naming the database (without password) and the driver's first line."""
    safe_url = make_url(url).render_as_string(hide_password=True)
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    hint = ""
    if "no such table" in reason or ("relation" in reason and "does not exist" in reason):
        hint = "; create the tables with: cluster-scheduler db upgrade"
    return f"Cannot use the database {safe_url} (DATABASE_URL): {reason}{hint}"


def check_connection(app: Flask) -> None:
    """Run a trivial query, turning any connection failure into a ConfigError."""
    from scheduler.extensions import db

    with app.app_context():
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as error:
            raise ConfigError(
                describe_failure(app.config["SQLALCHEMY_DATABASE_URI"], error)
            ) from None
