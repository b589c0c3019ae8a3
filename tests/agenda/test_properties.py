"""Property: every published schedule passes the engine's validator, rebuilt from the
database with everyone's unavailability and workshop seats."""

from __future__ import annotations

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import jobs
from scheduler.agenda.problem import session_problem
from scheduler.agenda.publish import publish
from scheduler.agenda.runs import start_run
from scheduler.extensions import db
from scheduler.models import (
    Meeting,
    ParticipantStatus,
    RunStatus,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from scheduler.solver.model import Placement
from scheduler.solver.validate import validate
from tests.conftest import empty_all_tables
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_participant,
    make_session,
    paris,
)

events = st.fixed_dictionaries(
    {
        "people": st.integers(2, 6),
        "tables": st.integers(1, 3),
        "pairs": st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=10),
        "away": st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=6),
        "seated": st.lists(st.integers(0, 5), max_size=3),
    }
)


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=events)
def test_published_schedule_passes_the_validator_rebuilt_from_the_database(
    app: Flask, spec: dict
) -> None:
    empty_all_tables()
    event = make_event(slug="pic", max_meetings_per_participant=3)
    session = make_session(event, tables=spec["tables"], ends_at=paris(9, 15, 20))
    people = [
        make_participant(event, status=ParticipantStatus.CONFIRMED) for _ in range(spec["people"])
    ]
    workshop = make_agenda_item(
        event, requires_signup=True, starts_at=paris(9, 14, 40), ends_at=paris(9, 16)
    )
    for index in sorted({i % len(people) for i in spec["seated"]}):
        db.session.add(
            SessionSignup(
                participant=people[index], agenda_item=workshop, status=SignupStatus.CONFIRMED
            )
        )
    for index, slot in sorted({(i % len(people), s) for i, s in spec["away"]}):
        db.session.add(
            Unavailability(participant_id=people[index].id, slot_id=session.slots[slot].id)
        )
    pairs = sorted({tuple(sorted((a % len(people), b % len(people)))) for a, b in spec["pairs"]})
    meetings = [make_meeting(event, people[a], people[b]) for a, b in pairs if a != b]
    db.session.commit()
    run = start_run(db.session, session, time_limit=5)
    db.session.commit()

    jobs.solve_run(run.id)
    publish(db.session, event)
    db.session.commit()

    db.session.expire_all()
    placed = [
        Placement(m.id, m.published.slot_id, m.published.table_id)
        for m in db.session.scalars(db.select(Meeting).where(Meeting.published.has()))
    ]
    report = validate(session_problem(db.session, session).problem, placed)
    assert run.status is RunStatus.SUCCEEDED
    assert report.violations == []
    assert len(placed) <= len(meetings)
