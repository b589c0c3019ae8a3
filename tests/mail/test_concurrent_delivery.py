"""Several workers sending the outbox at once on PostgreSQL: each row is claimed by one of
them (FOR UPDATE SKIP LOCKED), so every email reaches the SMTP server exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import queue_email, take_queued_ids
from scheduler.models import OutboxEmail, OutboxStatus
from tests.conftest import ON_POSTGRES
from tests.mail.conftest import Inbox

EMAILS = 60
WORKERS = 4

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite has no row locks (SKIP LOCKED); several workers run on PostgreSQL only",
)


@pytest.mark.slow
def test_concurrent_workers_send_each_email_exactly_once(app: Flask, smtp: Inbox) -> None:
    for n in range(EMAILS):
        queue_email(recipient=f"p{n}@example.org", subject=f"Agenda {n}", body_text="Hello")
    db.session.commit()
    take_queued_ids()
    barrier = threading.Barrier(WORKERS)
    sent = [0] * WORKERS

    def worker(index: int) -> None:
        with app.app_context():  # a session and a connection of its own, like a process
            barrier.wait()
            sent[index] = deliver_pending(limit=EMAILS)
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    ids = Counter(message["Message-ID"] for message in smtp.messages)
    db.session.expire_all()
    rows = db.session.execute(select(OutboxEmail.status, OutboxEmail.attempts)).all()
    assert (sum(sent), len(smtp.messages), len(ids), max(ids.values())) == (
        EMAILS,
        EMAILS,
        EMAILS,
        1,
    )
    assert set(rows) == {(OutboxStatus.SENT, 1)}
    assert sum(1 for count in sent if count) > 1  # the work was shared, not done by one
