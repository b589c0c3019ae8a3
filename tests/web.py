"""Helpers for driving pages through the test client with CSRF protection on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import config_overrides

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def token_in(page: str) -> str | None:
    """The CSRF token of the form on ``page``, or None when it has none (an error page)."""
    match = _TOKEN.search(page)
    return (match.group(1) or match.group(2)) if match else None


def csrf_token(client: FlaskClient, url: str) -> str:
    """Load ``url`` and return the CSRF token of its form."""
    token = token_in(client.get(url).get_data(as_text=True))
    assert token, f"no CSRF token on {url}"
    return token


def post_form(client: FlaskClient, url: str, data: dict[str, str], **kwargs: object):
    """Submit a form the way a browser does: token taken from the page first."""
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)


@contextmanager
def rate_limit(app: Flask, setting: str, value: str) -> Iterator[None]:
    """Run the block with a strict rate limit and fresh counters, then restore both."""
    from scheduler.extensions import limiter

    limiter.reset()
    try:
        with config_overrides(app, **{setting: value}):
            yield
    finally:
        limiter.reset()


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent to the database while the block runs."""
    from sqlalchemy import event as sa_event

    from scheduler.extensions import db

    sent: list[str] = []

    def record(*args: object) -> None:
        sent.append(str(args[2]))

    sa_event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", record)
