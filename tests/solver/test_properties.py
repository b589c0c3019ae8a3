"""Random small problems: every schedule passes the validator; tiny ones match brute force."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.solver.engine import solve
from scheduler.solver.model import Meeting, Participant, Placement, Problem, Slot, Table
from scheduler.solver.validate import validate


@st.composite
def problems(draw, max_meetings: int = 5, max_slots: int = 4) -> Problem:
    n_people = draw(st.integers(2, 5))
    n_slots = draw(st.integers(1, max_slots))
    people = tuple(
        Participant(
            p,
            unavailable=frozenset(draw(st.sets(st.integers(1, n_slots), max_size=2))),
            max_meetings=draw(st.none() | st.integers(1, 3)),
        )
        for p in range(1, n_people + 1)
    )
    pairs = st.tuples(st.integers(1, n_people), st.integers(1, n_people)).filter(
        lambda ab: ab[0] != ab[1]
    )
    meetings = tuple(
        Meeting(i, pair, priority=draw(st.integers(1, 3)))
        for i, pair in enumerate(draw(st.lists(pairs, min_size=1, max_size=max_meetings)), 1)
    )
    days = draw(st.sampled_from(["one", "two"]))
    slots = tuple(
        Slot(t, day="d1" if days == "one" or t <= n_slots // 2 else "d2")
        for t in range(1, n_slots + 1)
    )
    return Problem(
        slots=slots,
        tables=tuple(Table(k) for k in range(1, draw(st.integers(1, 2)) + 1)),
        participants=people,
        meetings=meetings,
        max_breaks=draw(st.sampled_from([None, 0, 1])),
    )


def _brute_force(prob: Problem) -> tuple[int, int, int]:
    best = None
    choices = [None, *[s.id for s in prob.slots]]
    for combo in itertools.product(choices, repeat=len(prob.meetings)):
        pls = [Placement(m.id, t) for m, t in zip(prob.meetings, combo, strict=True) if t]
        report = validate(prob, pls, check_tables=False)
        if report.ok:
            o = report.objectives
            key = (o["placed_priority"], o["min_share_pct"], -o["breaks"])
            best = key if best is None or key > best else best
    return best


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems(max_meetings=6, max_slots=5))
def test_solve_result_passes_validator(prob):
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "OPTIMAL"
    assert validate(prob, result.placements).violations == []
    assert {u.meeting for u in result.unplaced} | {p.meeting for p in result.placements} == {
        m.id for m in prob.meetings
    }


@FAST
@given(problems(max_meetings=4, max_slots=3))
def test_solve_optimum_matches_brute_force(prob):
    result = solve(prob, time_limit=5, workers=1)
    o = validate(prob, result.placements).objectives
    assert (o["placed_priority"], o["min_share_pct"], -o["breaks"]) == _brute_force(prob)
