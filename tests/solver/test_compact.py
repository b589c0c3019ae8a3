"""Simulated annealing: fewer breaks and left-out required meetings held, every rule kept."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from scheduler.solver.compact import Figures, _fill_gap, _State, anneal
from scheduler.solver.greedy import greedy, repair
from scheduler.solver.index import Index, allowed_slots
from scheduler.solver.model import Problem, Table
from scheduler.solver.tables import assign_tables
from scheduler.solver.validate import validate

from .helpers import problem
from .test_lns import must_hold_problems
from .test_properties import FAST


def _slots(prob: Problem, idx: Index) -> dict[int, list[int]]:
    return {i: allowed_slots(prob, m, idx.people) for i, m in enumerate(prob.meetings)}


def _report(prob: Problem, chosen: dict[int, int]):
    slot_of = {prob.meetings[i].id: prob.slots[t].id for i, t in chosen.items()}
    return validate(prob, assign_tables(prob, slot_of), partial=True)


def test_anneal_closes_the_gaps_of_one_participant():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    idx = Index.of(prob)
    out = anneal(prob, idx, _slots(prob, idx), {0: 0, 1: 2, 2: 4}, 1.0)
    assert sorted(out) == [0, 1, 2]
    assert _report(prob, out).objectives["breaks"] == 0


def test_fill_gap_moves_a_meeting_into_the_break_and_its_partner_along():
    # 1 meets 2 in slot 1 and 3 in slot 3: a break in slot 2, where 2 meets 4.
    prob = problem([(1, 2), (1, 3), (2, 4)], slots=3, required=True)
    idx = Index.of(prob)
    for seed in range(6):
        state = _State(prob, idx, _slots(prob, idx), {0: 0, 1: 2, 2: 1}, [])
        assert _fill_gap(state, random.Random(seed), set())[0] == "chain"
        assert (state.breaks, _report(prob, state.at).violations) == (0, [])


def test_fill_gap_leaves_a_schedule_without_breaks_alone():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    idx = Index.of(prob)
    state = _State(prob, idx, _slots(prob, idx), {0: 0, 1: 1}, [])
    assert _fill_gap(state, random.Random(0), set()) is None
    assert state.at == {0: 0, 1: 1}


def test_fill_gap_never_moves_a_fixed_meeting():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    idx = Index.of(prob)
    for seed in range(6):
        state = _State(prob, idx, _slots(prob, idx), {0: 0, 1: 2}, [])
        assert _fill_gap(state, random.Random(seed), {0, 1}) is None
        assert state.at == {0: 0, 1: 2}


def test_anneal_holds_a_required_meeting_in_place_of_the_one_in_its_way():
    # 1 meets 2 then 3 in two slots; 2 is away in slot 2, so 1-2 must go first.
    prob = problem([(1, 2), (1, 3)], slots=2, required=True)
    away = replace(prob.participants[1], unavailable=frozenset({2}))
    prob = replace(prob, participants=(prob.participants[0], away, *prob.participants[2:]))
    idx = Index.of(prob)
    out = anneal(prob, idx, _slots(prob, idx), {1: 0}, 1.0, hold=[0])
    assert out == {0: 0, 1: 1}


def test_anneal_reports_better_schedules_with_what_is_left_out():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True)
    idx = Index.of(prob)
    heard: list[Figures] = []
    anneal(prob, idx, _slots(prob, idx), {0: 0, 2: 4}, 1.0, hold=[1], found=heard.append)
    assert heard[-1] == Figures(waiting=0, breaks=0, priority=3, share=100)


def test_anneal_stops_once_held_when_asked():
    prob = problem([(1, 2), (1, 3)], slots=4, required=True)
    idx = Index.of(prob)
    out = anneal(prob, idx, _slots(prob, idx), {0: 0}, 5.0, hold=[1], until_held=True)
    assert sorted(out) == [0, 1]


def test_anneal_by_priority_gives_the_slot_to_the_higher_priority_meeting():
    # One slot, one table: 1-2 (priority 1) holds it, 3-4 (priority 3) waits.
    prob = problem([(1, 2), (3, 4)], slots=1, tables=1)
    prob = replace(prob, meetings=(prob.meetings[0], replace(prob.meetings[1], priority=3)))
    idx = Index.of(prob)
    assert anneal(prob, idx, _slots(prob, idx), {0: 0}, 0.5, goal="priority") == {1: 0}


def test_anneal_by_priority_respects_a_quota_by_letting_a_lower_meeting_go():
    # 1 may attend one meeting: 1-3 (priority 2) takes the place of 1-2 (priority 1).
    prob = problem([(1, 2), (1, 3)], slots=2)
    first = replace(prob.participants[0], max_meetings=1)
    prob = replace(
        prob,
        participants=(first, *prob.participants[1:]),
        meetings=(prob.meetings[0], replace(prob.meetings[1], priority=2)),
    )
    idx = Index.of(prob)
    out = anneal(prob, idx, _slots(prob, idx), {0: 0}, 0.5, goal="priority")
    assert list(out) == [1]


def test_anneal_for_fairness_helps_the_worst_off_without_losing_priority():
    # 1 has a quota of one: 1-2 or 1-3, same priority. 3 has nothing else; 2 meets 4 too.
    prob = problem([(1, 2), (1, 3), (2, 4)], slots=2)
    first = replace(prob.participants[0], max_meetings=1)
    prob = replace(prob, participants=(first, *prob.participants[1:]))
    idx = Index.of(prob)
    slots = _slots(prob, idx)
    out = anneal(prob, idx, slots, {0: 0, 2: 1}, 0.5, goal="fairness", floor=2, worst=[3])
    assert sorted(out) == [1, 2]
    assert _State(prob, idx, slots, out, []).lowest_share() == 50  # 2: one of two
    untracked = _State(prob, idx, slots, out, [], track_shares=False)
    assert (untracked.lowest_share(), untracked.figures().share) == (50, -1)
    assert untracked.completed(untracked.figures(), {0: 0, 2: 1}).share == 0  # 3: none


def test_anneal_for_fairness_never_falls_below_the_priority_floor():
    # Helping 3 would cost 1-2's priority 3 for 1-3's priority 1: not allowed.
    prob = problem([(1, 2), (1, 3)], slots=1)
    prob = replace(prob, meetings=(replace(prob.meetings[0], priority=3), prob.meetings[1]))
    idx = Index.of(prob)
    out = anneal(prob, idx, _slots(prob, idx), {0: 0}, 0.3, goal="fairness", floor=3, worst=[3])
    assert out == {0: 0}


@st.composite
def annealed_problems(draw) -> Problem:
    """Must-hold problems, some with a booth for participant 1."""
    prob = draw(must_hold_problems())
    if draw(st.booleans()):
        prob = replace(prob, tables=(Table(99, "Booth", 1), *prob.tables))
    return prob


@FAST
@given(annealed_problems(), st.sampled_from(["priority", "fairness"]))
def test_anneal_other_goals_keep_every_rule_and_every_must_hold_meeting(prob, goal):
    idx = Index.of(prob)
    slots = _slots(prob, idx)
    start = repair(prob, idx, dict(greedy(prob, idx, slots, respect_cap=True)))
    before = _report(prob, start)
    if before.violations:
        return
    floor = before.objectives["placed_priority"]
    worst = [p.id for p in prob.participants]
    out = anneal(prob, idx, slots, start, 0.05, goal=goal, floor=floor, worst=worst)
    report = _report(prob, out)
    assert report.violations == []
    assert {i for i in start if prob.meetings[i].must_hold} <= set(out)
    assert report.objectives["placed_priority"] >= floor
    if goal == "fairness":
        assert report.objectives["min_share_pct"] >= before.objectives["min_share_pct"]


@FAST
@given(annealed_problems(), st.integers(0, 3))
def test_anneal_result_keeps_every_rule_and_every_meeting_held(prob, seed):
    idx = Index.of(prob)
    slots = _slots(prob, idx)
    start = repair(prob, idx, dict(greedy(prob, idx, slots, respect_cap=True)))
    if _report(prob, start).violations:  # a pin the greedy start could not keep
        return
    loose = [i for i, m in enumerate(prob.meetings) if m.required and m.fixed_slot is None]
    waiting = [i for i in loose if i not in start]
    out = anneal(prob, idx, slots, start, 0.05, hold=waiting, seed=seed)
    report = _report(prob, out)
    assert report.violations == []
    # Lexicographically no worse: as many required meetings held, then no more breaks.
    before = (-sum(1 for i in start if i in loose), _report(prob, start).objectives["breaks"])
    assert (-sum(1 for i in out if i in loose), report.objectives["breaks"]) <= before
    # Only a required meeting ever gives way, and only to another: nothing else is lost.
    assert {i for i in start if i not in loose} <= set(out)
    for i, m in enumerate(prob.meetings):
        if m.fixed_slot is not None and i in start:
            assert out[i] == start[i]
    # The bookkeeping counts breaks as the validator does.
    assert _State(prob, idx, slots, out, []).breaks == report.objectives["breaks"]
