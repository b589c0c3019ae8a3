"""Helpers for large events: generator, greedy first hint, Lagrangian bound."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings

from scheduler.solver.bounds import placed_priority_bound
from scheduler.solver.engine import solve
from scheduler.solver.generate import brokerage_day, generate
from scheduler.solver.greedy import greedy
from scheduler.solver.index import Index, allowed_slots
from scheduler.solver.model import Participant, Placement
from scheduler.solver.scale import _line
from scheduler.solver.validate import validate

from .helpers import problem
from .test_properties import _brute_force, problems


def _small_event():
    return generate(participants=40, requests=120, tables=6, booths=2, workshops=2, seed=3)


def test_generate_event_has_requested_shape():
    prob = _small_event()
    assert (len(prob.participants), len(prob.meetings), len(prob.slots), len(prob.tables)) == (
        40,
        120,
        48,
        6,
    )
    assert sum(t.reserved_for is not None for t in prob.tables) == 2
    assert {s.session for s in prob.slots} == {"d1-am", "d1-pm", "d2-am", "d2-pm"}
    assert generate(participants=40, requests=120, tables=6, seed=3) == generate(
        participants=40, requests=120, tables=6, seed=3
    )


def test_greedy_schedule_passes_validator_without_breaks_cap():
    prob = _small_event()
    idx = Index.of(prob)
    slots = {i: allowed_slots(prob, m, idx.people) for i, m in enumerate(prob.meetings)}
    chosen = greedy(prob, idx, slots)
    placements = [Placement(prob.meetings[i].id, prob.slots[t].id) for i, t in chosen]
    assert validate(prob, placements, check_tables=False).violations == []
    assert len(chosen) > 0


@settings(max_examples=25, deadline=None)
@given(problems(max_meetings=4, max_slots=3))
def test_placed_priority_bound_is_never_below_optimum(prob):
    idx = Index.of(prob)
    slots = {i: allowed_slots(prob, m, idx.people) for i, m in enumerate(prob.meetings)}
    bound, prices = placed_priority_bound(prob, idx, slots)
    assert bound >= _brute_force(prob)[0]
    assert len(prices) == len(prob.participants)


def test_placed_priority_bound_with_booths_is_above_solver_optimum():
    prob = generate(
        participants=12,
        requests=30,
        days=1,
        sessions_per_day=2,
        slots_per_session=2,
        tables=3,
        booths=1,
        workshops=2,
        seed=5,
    )
    idx = Index.of(prob)
    slots = {i: allowed_slots(prob, m, idx.people) for i, m in enumerate(prob.meetings)}
    result = solve(prob, time_limit=10, workers=1)
    assert result.objective("placed_priority").optimal is True
    assert placed_priority_bound(prob, idx, slots)[0] >= result.objective("placed_priority").value


def test_brokerage_day_holds_every_meeting_of_its_source_schedule():
    prob = brokerage_day(participants=16, slots=6, max_breaks=None, seed=2)
    result = solve(prob, time_limit=10, workers=1, lns=True)
    assert (len(prob.participants), len(prob.meetings), len(prob.slots), len(prob.tables)) == (
        16,
        40,
        6,
        17,
    )
    assert all(m.required for m in prob.meetings)
    assert (result.status, len(result.placements)) == ("OPTIMAL", 40)
    assert result.objective("breaks").value == 2
    assert validate(prob, result.placements).violations == []


def test_scale_row_shows_held_meetings_gap_and_memory():
    row = {
        "size": 120,
        "engine": "engine",
        "status": "PARTIAL",
        "held": 590,
        "meetings": 600,
        "breaks": 40,
        "bound": 4,
        "seconds": 60.04,
        "peak_mb": 512.4,
    }
    assert _line(row) == ("  120 engine PARTIAL       590/600     40     4   90%   60.0      512")


def test_greedy_respects_the_break_cap_only_when_asked():
    prob = problem([(1, 2), (1, 3)], slots=3, max_breaks=0)
    prob = replace(
        prob,
        participants=(
            Participant(1),
            Participant(2, unavailable=frozenset({2, 3})),
            Participant(3, unavailable=frozenset({1, 2})),
        ),
    )
    idx = Index.of(prob)
    slots = {i: allowed_slots(prob, m, idx.people) for i, m in enumerate(prob.meetings)}
    assert greedy(prob, idx, slots) == {(0, 0), (1, 2)}
    assert greedy(prob, idx, slots, respect_cap=True) == {(0, 0)}
