"""The load benchmark's own logic: percentiles, the options it refuses, the targets."""

from __future__ import annotations

import asyncio

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from scheduler.extensions import db
from scheduler.loadbench import client
from scheduler.loadbench.__main__ import main
from scheduler.loadbench.client import Figures, Scenario, User, token_of
from scheduler.loadbench.report import report
from scheduler.loadbench.setup import prepare, remove
from scheduler.models import Participant
from tests.conftest import ON_POSTGRES
from tests.factories import make_event, make_participant


def test_loadbench_percentiles_are_nearest_rank_in_milliseconds() -> None:
    figures = Figures("x", seconds=2.0, latencies=[n / 1000 for n in range(1, 101)])

    assert (figures.per_second, figures.percentile(0.5), figures.percentile(0.99)) == (
        50.0,
        50.0,
        99.0,
    )
    assert Figures("empty", seconds=1.0).percentile(0.99) == 0.0


def test_loadbench_reads_the_csrf_token_of_a_form() -> None:
    page = '<input id="csrf_token" name="csrf_token" type="hidden" value="abc.def">'

    assert token_of(page) == "abc.def"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--database-url", "postgresql+psycopg://postgres@db.example.org/bench"],
            "Error: --database-url must be a PostgreSQL database on 127.0.0.1, for example "
            "postgresql+psycopg://postgres@127.0.0.1:5432/bench\n",
        ),
        (
            ["--database-url", "sqlite:///bench.sqlite3"],
            "Error: --database-url must be a PostgreSQL database on 127.0.0.1, for example "
            "postgresql+psycopg://postgres@127.0.0.1:5432/bench\n",
        ),
        (
            ["--database-url", "postgresql://postgres@127.0.0.1/b", "--users", "5000"],
            "Error: --users must be between 1 and 500, and at most half the participants\n",
        ),
    ],
)
def test_loadbench_refuses_what_it_must_not_load(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2
    assert capsys.readouterr().err == message


def _figures(name: str, count: int, milliseconds: float, errors: int = 0) -> Figures:
    return Figures(name, 1.0, [milliseconds / 1000] * count, ["Refused: 500"] * errors)


def test_loadbench_report_checks_the_three_targets(capsys: pytest.CaptureFixture[str]) -> None:
    paced = [
        _figures("trivial: /healthz", 50, 10),
        _figures("directory (filtered, searched)", 50, 300),
    ]
    flat = [
        _figures("trivial: /healthz", 400, 20),
        _figures("directory (filtered, searched)", 100, 60, 1),
    ]

    met = report({"paced": paced, "flat out": flat}, header=["H"], footer=["F"])

    lines = capsys.readouterr().out.splitlines()
    assert met is False
    assert lines[-3:] == [
        "Target MISSED: no error (1)",
        "Target MISSED: p99 under 250 ms when paced "
        "(worst: directory (filtered, searched), 300 ms)",
        "Target MISSED: directory at least 30% of the trivial endpoint's throughput flat out (25%)",
    ]


def test_loadbench_paced_users_arrive_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[tuple[str, int, float]] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        events.append(("wait", -1, seconds))
        await real_sleep(0)

    async def act(user: User, number: int) -> None:
        events.append(("request", user.number, 0.0))

    monkeypatch.setattr(client.asyncio, "sleep", sleep)
    users = [User(http=None, number=n) for n in range(5)]  # type: ignore[arg-type]
    asyncio.run(client.drive(Scenario("x", act), users, seconds=0.05, think=1.0))

    first_waits = [seconds for kind, _, seconds in events[:5]]
    assert [kind for kind, _, _ in events[:6]] == ["wait"] * 5 + ["request"]
    assert len(set(first_waits)) == 5
    assert all(0 <= seconds < 1.0 for seconds in first_waits)


def _paced_steps(monkeypatch: pytest.MonkeyPatch, think: float) -> list[str]:
    """What one user of a form scenario does, in order: waits, form loads and posts."""
    steps: list[str] = []
    real_sleep = asyncio.sleep

    async def sleep(seconds: float) -> None:
        steps.append("wait")
        await real_sleep(0)

    async def load_form(user: User, number: int) -> dict[str, str]:
        steps.append("form")
        return {}

    async def post(user: User, number: int) -> None:
        steps.append("post")
        await real_sleep(0.02)

    monkeypatch.setattr(client.asyncio, "sleep", sleep)
    user = User(http=None, number=0)  # type: ignore[arg-type]
    asyncio.run(client.drive(Scenario("x", post, prepare=load_form), [user], 0.03, think))
    return steps


def test_loadbench_paced_user_pauses_between_loading_a_form_and_posting_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paced = _paced_steps(monkeypatch, think=1.0)
    flat_out = _paced_steps(monkeypatch, think=0.0)

    assert paced[:6] == ["wait", "form", "wait", "post", "wait", "form"]
    assert flat_out[:4] == ["form", "post", "form", "post"]
    assert "wait" not in flat_out


@pytest.mark.skipif(not ON_POSTGRES, reason="the load benchmark runs on PostgreSQL only")
def test_loadbench_removal_leaves_no_dead_rows_to_the_next_run(app: Flask) -> None:
    event = make_event(slug="loadbench")
    for number in range(300):
        make_participant(event, offer_text=f"Vineyard robotics {number} " * 20)
    db.session.commit()
    event_id = event.id
    heap = "SELECT pg_relation_size('participant')"
    assert db.session.scalar(text(heap)) > 0
    db.session.close()  # as the benchmark's own session: no open snapshot holds dead rows

    remove(app, event_id)

    assert db.session.scalar(text(heap)) == 0


@pytest.mark.skipif(not ON_POSTGRES, reason="the load benchmark runs on PostgreSQL only")
def test_loadbench_prepares_signed_links_for_listed_attendees_then_removes_it_all(
    app: Flask,
) -> None:
    db.session.close()
    prepared = prepare(app, "loadbench-test", participants=40, users=3)

    assert (prepared.participants, len(prepared.attendees)) == (40, 3)
    assert [a.link.startswith("/events/loadbench-test/access/") for a in prepared.attendees] == [
        True
    ] * 3
    assert all(a.participant_id not in a.recipients for a in prepared.attendees)
    remove(app, prepared.event_id)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
