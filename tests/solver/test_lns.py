"""Large-neighbourhood search, the repaired greedy start and partial schedules."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.solver.engine import solve
from scheduler.solver.greedy import repair
from scheduler.solver.index import Index
from scheduler.solver.lns import improve
from scheduler.solver.model import Meeting, Problem
from scheduler.solver.neighbourhoods import Around
from scheduler.solver.search import Context
from scheduler.solver.stages import Built
from scheduler.solver.validate import validate

from .helpers import problem, with_fillers
from .test_properties import FAST, problems


def _improve(prob: Problem, chosen: dict[int, int], bound: int = 0):
    idx = Index.of(prob)
    built = Built.of(prob, idx)
    ctx = Context(prob, idx, {"num_workers": 1}, time.monotonic(), 10.0)
    return improve(ctx, built, built.objectives["breaks"], chosen, bound, 5.0)


def test_improve_removes_breaks_from_a_valid_start():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    outcome = _improve(prob, {0: 0, 1: 2, 2: 4})
    assert (outcome.status, outcome.value) == (cp_model.OPTIMAL, 0)
    assert sorted(outcome.chosen) == [0, 1, 2]


def test_improve_refuses_a_start_that_breaks_a_rule():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    outcome = _improve(prob, {0: 0, 1: 0})
    assert (outcome.status, outcome.chosen) == (cp_model.UNKNOWN, None)


def test_repair_drops_meetings_until_the_break_cap_holds():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, max_breaks=0)
    assert repair(prob, Index.of(prob), {0: 0, 1: 2, 2: 4}) == {2: 4}


def test_repair_drops_the_later_meeting_of_a_broken_precedence():
    prob = problem([(1, 2), (3, 4)], slots=3, precedences=((1, 2),))
    assert repair(prob, Index.of(prob), {0: 2, 1: 0}) == {0: 2}


def test_validate_partial_allows_a_missing_required_meeting_but_not_a_pin():
    prob = problem([(1, 2), (3, 4)], slots=2, required=True)
    pinned = replace(prob, meetings=(prob.meetings[0], replace(prob.meetings[1], fixed_slot=2)))
    assert validate(prob, [], partial=True).violations == []
    assert validate(pinned, [], partial=True).violations == ["meeting 2 must be placed"]
    assert validate(prob, []).violations == [
        "meeting 1 must be placed",
        "meeting 2 must be placed",
    ]


def test_solve_lns_returns_partial_schedule_when_not_every_meeting_fits():
    # Three people who must all meet each other pairwise, in two slots: one meeting too many.
    prob = problem([(1, 2), (1, 3), (2, 3)], slots=2, required=True)
    result = solve(prob, time_limit=10, workers=1, lns=True)
    assert (result.status, len(result.placements)) == ("PARTIAL", 2)
    assert result.conflicts == ["no schedule holds every required meeting: at most 2 can be held"]
    assert [u.code for u in result.unplaced] == ["participant_full"]
    assert validate(prob, result.placements, partial=True).violations == []


def test_solve_full_model_still_proves_the_same_problem_infeasible():
    prob = problem([(1, 2), (1, 3), (2, 3)], slots=2, required=True)
    result = solve(prob, time_limit=10, workers=1, lns=False)
    assert (result.status, result.placements) == ("INFEASIBLE", [])


@st.composite
def must_hold_problems(draw) -> Problem:
    """Random problems where some meetings are required and some pinned."""
    prob = draw(problems(max_meetings=6, max_slots=5))
    meetings = tuple(
        replace(
            m,
            required=draw(st.booleans()),
            fixed_slot=draw(st.none() | st.sampled_from([s.id for s in prob.slots]))
            if draw(st.integers(0, 3)) == 0
            else None,
        )
        for m in prob.meetings
    )
    return replace(prob, meetings=meetings)


@FAST
@given(must_hold_problems())
def test_solve_lns_result_passes_validator_and_keeps_what_a_full_solve_keeps(prob):
    with_lns = solve(prob, time_limit=10, workers=1, lns=True)
    full = solve(prob, time_limit=10, workers=1, lns=False, maxsat=False)
    held = {p.meeting for p in with_lns.placements}
    pinned = {m.id for m in prob.meetings if m.fixed_slot is not None}
    if with_lns.status in ("OPTIMAL", "FEASIBLE", "PARTIAL"):
        partial = with_lns.status == "PARTIAL"
        assert validate(prob, with_lns.placements, partial=partial).violations == []
        assert pinned <= held
    if full.status == "OPTIMAL":
        assert with_lns.status == "OPTIMAL"
        assert {m.id for m in prob.meetings if m.must_hold} <= held
        assert [o.value for o in with_lns.objectives] == [o.value for o in full.objectives]


def test_solve_lns_progress_names_the_held_stage_before_breaks():
    events = []
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    result = solve(prob, time_limit=10, workers=1, lns=True, progress=events.append)
    assert list(dict.fromkeys(e.stage for e in events)) == ["held", "breaks"]
    assert (events[0].stage, events[0].bound) == ("held", 3.0)
    assert (result.status, result.objective("breaks").value) == ("OPTIMAL", 0)


def test_solve_lns_fairness_gives_up_a_little_priority_and_reports_true_bounds():
    events = []
    prob = with_fillers(
        [
            Meeting(1, (1, 2), priority=3),
            Meeting(2, (1, 4), priority=3),
            Meeting(3, (3, 2), priority=2),
        ],
        first_person=5,
    )

    result = solve(prob, time_limit=10, workers=1, lns=True, progress=events.append)

    figures = {o.name: o.value for o in result.objectives}
    assert (figures["placed_priority"], figures["min_share_pct"]) == (405, 50)
    assert validate(prob, result.placements).violations == []
    fairness = [e for e in events if e.stage == "min_share_pct" and e.value == e.value]
    assert fairness and all(e.value <= e.bound for e in fairness)


def test_neighbourhood_seeds_for_fairness_are_the_worst_off_participants():
    prob = problem([(1, 2), (1, 3), (3, 4)], slots=3)
    idx = Index.of(prob)
    slots = {i: [0, 1, 2] for i in range(3)}
    around = Around(prob, idx, slots, {0: 0, 1: 1}, "min_share_pct")
    assert around.seeds == [(4,)]


def test_solve_lns_cancelled_before_start_returns_unknown_without_a_schedule():
    cancel = threading.Event()
    cancel.set()
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    result = solve(prob, time_limit=10, workers=1, lns=True, cancel=cancel)
    assert (result.status, result.cancelled, result.placements) == ("UNKNOWN", True, [])
