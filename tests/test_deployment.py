"""Running in production: behind reverse proxies, under HTTPS, on gunicorn with Redis."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from scheduler.extensions import limiter
from tests.conftest import make_app
from tests.web import post_form


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
    app: Flask, database_url: str, instance_path: Path
) -> None:
    behind_proxy = make_app(
        database_url, instance_path, TRUSTED_PROXY_HOPS=1, LOGIN_RATE_LIMIT="1 per 15 minutes"
    )
    limiter.reset()
    codes = _failed_sign_ins(behind_proxy, ["203.0.113.1", "203.0.113.2", "203.0.113.1"])
    limiter.reset()
    assert codes == [200, 200, 429]


def test_proxy_hops_set_trust_only_the_proxys_own_entry(
    app: Flask, database_url: str, instance_path: Path
) -> None:
    behind_proxy = make_app(
        database_url, instance_path, TRUSTED_PROXY_HOPS=1, LOGIN_RATE_LIMIT="1 per 15 minutes"
    )
    limiter.reset()
    # The client forges a first entry each time; the proxy appends the real address.
    codes = _failed_sign_ins(behind_proxy, ["10.9.9.1, 203.0.113.1", "10.9.9.2, 203.0.113.1"])
    limiter.reset()
    assert codes == [200, 429]


def test_proxy_hops_unset_forwarded_header_ignored(
    app: Flask, database_url: str, instance_path: Path
) -> None:
    direct = make_app(database_url, instance_path, LOGIN_RATE_LIMIT="1 per 15 minutes")
    limiter.reset()
    codes = _failed_sign_ins(direct, ["203.0.113.1", "203.0.113.2"])
    limiter.reset()
    assert (direct.config["TRUSTED_PROXY_HOPS"], codes) == (0, [200, 429])
