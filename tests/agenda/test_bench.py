"""The schedule benchmark command times each step on the app's database."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import Event, Meeting


@pytest.mark.slow
def test_bench_generated_event_prints_each_step_and_cleans_up(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["schedule", "bench", "--participants", "40", "--requests", "80", "--time-limit", "3"]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(
        r"Loaded Generated event, 40 participants into the database in [\d.]+ s\.", lines[0]
    )
    steps = [re.sub(r"\s+[\d.]+ s$", "", line) for line in lines[1:7]]
    assert steps == [
        "read the problem",
        "solve (3 s limit)",
        "write the draft",
        "console figures",
        "render the review page",
        "publish",
    ]
    assert "meetings                     80" in lines
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
