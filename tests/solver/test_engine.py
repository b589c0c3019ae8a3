"""The solve entry point: lexicographic objectives, explanations, progress, cancel."""

from __future__ import annotations

import math
import threading
from dataclasses import replace
from pathlib import Path

from scheduler.solver.dzn import load_dzn
from scheduler.solver.engine import solve
from scheduler.solver.model import Meeting, Participant, Placement, Table
from scheduler.solver.validate import validate

from .helpers import problem, with_fillers

DATA = Path(__file__).parent / "data"


def _slots(result):
    return {p.meeting: p.slot for p in result.placements}


def test_solve_priority_decides_who_gets_the_only_slot():
    prob = problem([(1, 2), (1, 3)], slots=1)
    prob = replace(prob, meetings=(Meeting(1, (1, 2), priority=1), Meeting(2, (1, 3), priority=5)))
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "OPTIMAL"
    assert _slots(result) == {2: 1}
    assert result.objective("placed_priority").value == 5
    assert [u.code for u in result.unplaced] == ["participant_full"]


def test_solve_fairness_spreads_meetings_over_participants():
    prob = problem([(1, 2), (1, 2), (3, 4), (3, 4)], slots=2, tables=1)
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "OPTIMAL"
    assert result.objective("min_share_pct").value == 50
    assert sorted((m > 2) for m in _slots(result)) == [False, True]


def test_solve_fairness_gives_up_a_little_priority_so_nobody_is_left_without_a_meeting():
    # By priority alone: 1 meets 2 and 4 (3 + 3), and 3's only request (with 2) is dropped.
    prob = with_fillers(
        [
            Meeting(1, (1, 2), priority=3),
            Meeting(2, (1, 4), priority=3),
            Meeting(3, (3, 2), priority=2),
        ],
        first_person=5,
    )

    result = solve(prob, time_limit=10, workers=1)

    priority = result.objective("placed_priority")
    assert (priority.value, priority.bound, priority.optimal) == (405, 406, False)
    assert result.objective("min_share_pct").value == 50
    assert sorted(_slots(result)) == [2, 3, 10, 11, 12, 13]
    assert result.status == "FEASIBLE"
    assert validate(prob, result.placements).violations == []


def test_solve_fairness_gives_up_no_priority_when_nobody_is_better_off():
    # 1 or 3 meets 2, never both: either way someone holds none of their requests.
    prob = with_fillers(
        [Meeting(1, (1, 2), priority=3), Meeting(3, (3, 2), priority=2)], first_person=5
    )

    result = solve(prob, time_limit=10, workers=1)

    priority = result.objective("placed_priority")
    assert (priority.value, priority.bound, priority.optimal) == (403, 403, True)
    assert result.objective("min_share_pct").value == 0
    assert sorted(_slots(result)) == [1, 10, 11, 12, 13]
    assert result.status == "OPTIMAL"


def test_solve_breaks_minimised_and_reported_optimal():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "OPTIMAL"
    assert result.objective("breaks").value == 0
    assert result.objective("breaks").bound == 0
    assert validate(prob, result.placements).objectives["breaks"] == 0


def test_solve_stability_keeps_announced_slot():
    prob = problem(
        [(1, 2), (3, 4)],
        slots=3,
        required=True,
        previous={1: Placement(1, 3, 2), 2: Placement(2, 2, None)},
    )
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "OPTIMAL"
    assert _slots(result) == {1: 3, 2: 2}
    assert result.objective("moved").value == 0
    assert result.placements[0].table == 2


def test_solve_pin_in_forbidden_slot_is_infeasible_with_named_items():
    prob = problem([(1, 2)], slots=2)
    prob = replace(
        prob,
        meetings=(Meeting(1, (1, 2), fixed_slot=2),),
        participants=(Participant(1), Participant(2, workshops=frozenset({2}))),
    )
    result = solve(prob, time_limit=5, workers=1)
    assert result.status == "INFEASIBLE"
    assert result.conflicts == [
        "meeting 1 is pinned to slot 2, where participant 2 attends a workshop"
    ]
    assert result.placements == []


def test_solve_progress_reports_each_stage():
    events = []
    solve(problem([(1, 2), (1, 3)], slots=3), time_limit=5, workers=1, progress=events.append)
    assert {e.stage for e in events} >= {"placed_priority"}
    assert all(e.seconds >= 0 for e in events)


def test_solve_cancel_before_start_returns_unknown():
    cancel = threading.Event()
    cancel.set()
    result = solve(problem([(1, 2)], slots=2), time_limit=5, cancel=cancel)
    assert (result.status, result.cancelled, result.placements) == ("UNKNOWN", True, [])


def test_solve_booth_host_stays_at_reserved_table():
    prob = problem([(1, 2), (1, 3), (4, 5)], slots=2, people=5, required=True)
    prob = replace(prob, tables=(Table(1, "A"), Table(7, "booth", reserved_for=1)))
    result = solve(prob, time_limit=5, workers=1)
    assert validate(prob, result.placements).ok
    assert {p.meeting: p.table for p in result.placements}[1] == 7
    assert {p.meeting: p.table for p in result.placements}[2] == 7


def test_solve_explains_no_common_slot_and_workshop():
    prob = problem([(1, 2), (1, 3)], slots=1)
    prob = replace(
        prob,
        participants=(
            Participant(1),
            Participant(2, unavailable=frozenset({1})),
            Participant(3, workshops=frozenset({1})),
        ),
    )
    result = solve(prob, time_limit=5, workers=1)
    assert [(u.meeting, u.code) for u in result.unplaced] == [
        (1, "no_common_slot"),
        (2, "workshop_conflict"),
    ]


def test_solve_explains_with_the_names_the_problem_gives():
    prob = problem([(1, 2)], slots=1)
    prob = replace(
        prob,
        participants=(Participant(1, "Ana Silva"), Participant(2, "", unavailable=frozenset({1}))),
    )
    result = solve(prob, time_limit=5, workers=1)
    assert [u.reason for u in result.unplaced] == [
        "participants Ana Silva, 2 have no common free slot"
    ]


def test_solve_explains_quota_and_full_tables():
    prob = problem([(1, 2), (1, 3), (4, 5), (6, 7)], slots=2, tables=1)
    prob = replace(
        prob,
        participants=tuple(Participant(p, max_meetings=1 if p == 1 else None) for p in range(1, 8)),
    )
    result = solve(prob, time_limit=5, workers=1)
    codes = sorted(u.code for u in result.unplaced)
    assert len(result.placements) == 2
    assert "quota_reached" in codes or "tables_full" in codes
    assert all(u.fix for u in result.unplaced)


def test_solve_benchmark_tic12_is_optimal_with_zero_breaks():
    prob = load_dzn(DATA / "tic-12.original.dzn")
    result = solve(prob, time_limit=30)
    assert (result.status, result.objective("breaks").value) == ("OPTIMAL", 0)
    assert validate(prob, result.placements).ok
    assert len(result.placements) == 125


def test_solve_benchmark_bad_pin_names_meeting():
    prob = load_dzn(DATA / "forum-13crafb.fixed040-Forb.dzn")
    result = solve(prob, time_limit=5)
    assert result.status == "INFEASIBLE"
    assert result.conflicts[0] == (
        "meeting 96 is pinned to slot 12 in session 'am' but is restricted to ['pm']"
    )


def test_solve_benchmark_forbidden_overload_is_infeasible():
    result = solve(load_dzn(DATA / "tic-12.forb0003.dzn"), time_limit=5)
    assert result.status == "INFEASIBLE"
    assert result.conflicts == [
        "participant 1 must attend meetings [1, 2, 3, 4, 5, 12, 47, 66] "
        "but has only 7 free slots for them"
    ]


def test_solve_cancel_during_search_keeps_valid_schedule():
    prob = load_dzn(DATA / "tic-12.original.dzn")
    cancel = threading.Event()

    def on_event(event):
        if not math.isnan(event.value):
            cancel.set()

    # CP-SAT alone: MaxSAT can prove this instance before CP-SAT finds its first schedule.
    result = solve(prob, time_limit=30, cancel=cancel, progress=on_event, maxsat=False)
    assert (result.cancelled, result.status) == (True, "FEASIBLE")
    assert validate(prob, result.placements).ok


def test_solve_three_person_meeting_blocks_all_three():
    prob = problem([(1, 2, 3), (3, 4)], slots=2, tables=2, required=True)
    result = solve(prob, time_limit=5, workers=1)
    slots = _slots(result)
    assert result.status == "OPTIMAL"
    assert slots[1] != slots[2]
    assert validate(prob, result.placements).ok
