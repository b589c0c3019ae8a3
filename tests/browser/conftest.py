"""Browser tests: Debian's Chromium driven by Playwright against the app on a local port."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from scheduler.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "instance/screenshots"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).parent == here:
            item.add_marker(pytest.mark.slow)
            item.add_marker(
                pytest.mark.skipif(
                    not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists(),
                    reason=f"Chromium not found at {CHROMIUM} "
                    "(.ci/run installs Debian's chromium package)",
                )
            )


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served on a free port of 127.0.0.1 by a threaded WSGI server."""
    db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def shoot(page: object, mobile: object, name: str) -> None:
    """Screenshots of ``page`` and of the same address on ``mobile`` (a phone's context)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)


def wait_until_outbox_sent(seconds: float = 60) -> list[object]:
    """Wait for the emails a child process of the app queues and sends in the background
    (the newest publication's among them; a test must not end while it still uses the
    database); return every email's status."""
    import time

    from sqlalchemy import select

    from scheduler.models import OutboxEmail, OutboxStatus, PublicationLog

    deadline = time.monotonic() + seconds
    while True:
        db.session.commit()  # a new transaction sees the child's commits
        newest = db.session.scalar(select(PublicationLog).order_by(PublicationLog.id.desc()))
        statuses = db.session.scalars(select(OutboxEmail.status)).all()
        queued = newest is None or newest.emails_queued_at is not None
        if (queued and OutboxStatus.PENDING not in statuses) or time.monotonic() > deadline:
            return statuses
        time.sleep(0.5)
