"""Faults of delivery: a sender killed in the middle of a batch loses nothing, and on restart
sends each email once more at most (the one it was sending when killed)."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.mail.outbox import queue_email, take_queued_ids
from scheduler.models import OutboxEmail, OutboxStatus
from tests.mail.conftest import Inbox

EMAILS = 20


class SlowInbox(Inbox):
    """An SMTP server that takes a while to accept each message, as a busy one does."""

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        await asyncio.sleep(0.25)
        return await super().handle_DATA(server, session, envelope)


def _send_command() -> list[str]:
    return [sys.executable, "-m", "scheduler", "outbox", "send", "--limit", str(EMAILS)]


@pytest.mark.slow
def test_delivery_killed_mid_batch_then_restarted_sends_everything_once(
    app: Flask, child_process_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = SlowInbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("MAIL_PORT", str(port))
    monkeypatch.delenv("DEV_MAILBOX")
    for n in range(EMAILS):
        queue_email(recipient=f"p{n}@example.org", subject=f"Agenda {n}", body_text="Hello")
    db.session.commit()
    take_queued_ids()
    try:
        sender = subprocess.Popen(_send_command())
        deadline = time.monotonic() + 60
        while len(inbox.messages) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        sender.send_signal(signal.SIGKILL)  # no chance to finish anything
        sender.wait(timeout=10)
        delivered_before = len(inbox.messages)
        restart = subprocess.run(_send_command(), capture_output=True, text=True, timeout=120)
    finally:
        controller.stop()

    ids = Counter(message["Message-ID"] for message in inbox.messages)
    db.session.expire_all()
    statuses = db.session.scalars(select(OutboxEmail.status)).all()
    assert restart.returncode == 0, restart.stderr
    assert 5 <= delivered_before < EMAILS
    assert (len(ids), set(statuses)) == (EMAILS, {OutboxStatus.SENT})
    assert sum(count - 1 for count in ids.values()) <= 1  # at most the one being sent
