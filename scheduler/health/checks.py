"""Whether the database and Redis answer, each within a fraction of a second."""

from __future__ import annotations

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from scheduler.extensions import db

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"
# app.extensions key of the Redis client the checks reuse (one connection pool per process).
CLIENT = "health_redis"
REDIS_TIMEOUT_SECONDS = 0.5


def database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:  # the 503 answer rolls the request's transaction back
        return UNAVAILABLE
    return OK


def redis_status(app: Flask) -> str:
    url = app.config.get("REDIS_URL")
    if not url:
        return NOT_CONFIGURED
    client = app.extensions.get(CLIENT)
    if client is None:
        client = app.extensions[CLIENT] = Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
    try:
        client.ping()
    except (RedisError, OSError):
        return UNAVAILABLE
    return OK


def health(app: Flask) -> tuple[dict[str, str], int]:
    """The report and its HTTP status: 503 when the database cannot be reached (nothing
    works without it); Redis unavailable is reported but the app still serves (rate limits
    counted in memory, background jobs run in child processes)."""
    report = {"database": database_status(), "redis": redis_status(app)}
    if report["database"] != OK:
        report["status"] = UNAVAILABLE
        return report, 503
    report["status"] = OK if report["redis"] != UNAVAILABLE else "degraded"
    return report, 200
