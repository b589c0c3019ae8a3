"""``/healthz``: the database and Redis, each reported, and the status a monitor acts on."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from scheduler.health import checks
from tests.servers import free_port

REDIS_URL = "redis://127.0.0.1:6379/0"


def test_health_without_redis_reports_the_database_only(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert (response.status_code, response.json) == (
        200,
        {"database": "ok", "redis": "not configured", "status": "ok"},
    )
    assert response.headers["Cache-Control"] == "no-store"


def _health_with_redis(client: FlaskClient, app_config, url: str):
    """``/healthz`` with ``REDIS_URL=url``, the checks' Redis client made for it alone."""
    app = app_config(REDIS_URL=url)
    app.extensions.pop(checks.CLIENT, None)
    try:
        return client.get("/healthz")
    finally:
        app.extensions.pop(checks.CLIENT, None)


def test_health_with_redis_reports_both(client: FlaskClient, app_config) -> None:
    response = _health_with_redis(client, app_config, REDIS_URL)

    assert (response.status_code, response.json) == (
        200,
        {"database": "ok", "redis": "ok", "status": "ok"},
    )


def test_health_redis_down_is_degraded_not_down(client: FlaskClient, app_config) -> None:
    response = _health_with_redis(client, app_config, f"redis://127.0.0.1:{free_port()}/0")

    assert (response.status_code, response.json) == (
        200,
        {"database": "ok", "redis": "unavailable", "status": "degraded"},
    )


def test_health_database_down_answers_503(app: Flask, client: FlaskClient, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    monkeypatch.setattr(checks.db.session, "execute", refuse)

    response = client.get("/healthz")

    assert (response.status_code, response.json) == (
        503,
        {"database": "unavailable", "redis": "not configured", "status": "unavailable"},
    )
