"""Fixtures of the team pages' tests: the background delivery those pages hand their emails
to, run in this process (the background processes themselves are tested in test_jobs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scheduler import jobs
from scheduler.mail.delivery import deliver_pending


@pytest.fixture(autouse=True)
def delivered_in_background(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[int]]]:
    """The email batches handed to the background, each sent as the background would."""
    batches: list[list[int]] = []

    def deliver_later(app: object, ids: list[int]) -> None:
        batches.append(ids)
        deliver_pending(limit=len(ids), only_ids=ids)

    monkeypatch.setattr(jobs, "deliver_later", deliver_later)
    yield batches
