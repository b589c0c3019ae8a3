"""Engine settings that must hold on every connection, and a clear report when the database
cannot be reached."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from scheduler.errors import ConfigError


def _is_sqlite(dbapi_connection: Any) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn on foreign keys (off by default in SQLite), wait for locks instead of failing, and
    take over transaction control from pysqlite (see ``_sqlite_begin``)."""
    if _is_sqlite(dbapi_connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 10000")
        # Write-ahead log: readers no longer block the writer, nor the writer the readers.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection: Any) -> None:
    """Begin SQLite transactions ourselves: pysqlite's own handling breaks savepoints.

    SQLite has one writer at a time; two requests writing at once may get "database is
    locked" (shown as the 503 page, nothing half-written). PostgreSQL is the production
    database for concurrent use."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


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
