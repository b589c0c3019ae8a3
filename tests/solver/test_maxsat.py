"""The MaxSAT encoding of the breaks stage: each rule's trio, brute force, and the process."""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from dataclasses import replace
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from scheduler.solver import search
from scheduler.solver.engine import _with_maxsat, solve
from scheduler.solver.maxsat import Answer, MaxSatProcess, applies, solve_breaks
from scheduler.solver.model import Meeting, Participant, Placement, Problem, Slot, Table
from scheduler.solver.search import Outcome, Stop
from scheduler.solver.tables import assign_tables
from scheduler.solver.validate import validate

from .helpers import problem
from .test_properties import FAST


def _schedule(prob: Problem, answer) -> dict[int, int]:
    return {prob.meetings[i].id: prob.slots[t].id for i, t in answer.placed}


def _solved(prob: Problem) -> tuple[str, int | None, dict[int, int]]:
    answer = solve_breaks(prob)
    slots = _schedule(prob, answer)
    if answer.status == "OPTIMAL":
        assert validate(prob, assign_tables(prob, slots)).violations == []
    return answer.status, answer.cost, slots


def _pinned(prob: Problem, **pins: int) -> Problem:
    meetings = tuple(
        replace(m, fixed_slot=pins.get(f"m{m.id}", m.fixed_slot)) for m in prob.meetings
    )
    return replace(prob, meetings=meetings)


def test_maxsat_applies_only_when_every_meeting_is_held_and_nothing_was_announced():
    held = problem([(1, 2), (2, 3)], required=True)
    assert applies(held) is True
    assert applies(problem([(1, 2), (2, 3)])) is False
    assert applies(replace(held, previous={1: Placement(1, 1)})) is False
    assert applies(_pinned(problem([(1, 2)]), m1=2)) is True


def test_maxsat_meeting_once_feasible_places_each_meeting_once():
    assert _solved(problem([(1, 2)], slots=1, required=True)) == ("OPTIMAL", 0, {1: 1})


def test_maxsat_meeting_once_infeasible_without_free_slot():
    prob = problem([(1, 2)], slots=1, required=True)
    prob = replace(prob, participants=(Participant(1, unavailable=frozenset({1})), Participant(2)))
    assert _solved(prob) == ("INFEASIBLE", None, {})


def test_maxsat_meeting_once_alternative_workshop_moves_meeting():
    prob = problem([(1, 2)], slots=2, required=True)
    prob = replace(prob, participants=(Participant(1, workshops=frozenset({1})), Participant(2)))
    assert _solved(prob) == ("OPTIMAL", 0, {1: 2})


def test_maxsat_no_double_booking_feasible_uses_two_slots():
    status, cost, slots = _solved(problem([(1, 2), (1, 3)], slots=2, required=True))
    assert (status, cost, sorted(slots.values())) == ("OPTIMAL", 0, [1, 2])


def test_maxsat_no_double_booking_infeasible_in_one_slot():
    assert _solved(problem([(1, 2), (1, 3)], slots=1, required=True))[0] == "INFEASIBLE"


def test_maxsat_no_double_booking_alternative_disjoint_pairs_share_slot():
    prob = problem([(1, 2), (3, 4)], slots=1, required=True)
    assert _solved(prob) == ("OPTIMAL", 0, {1: 1, 2: 1})


def test_maxsat_table_capacity_feasible_when_tables_suffice():
    prob = problem([(1, 2), (3, 4), (5, 6)], slots=1, tables=3, required=True)
    assert _solved(prob) == ("OPTIMAL", 0, {1: 1, 2: 1, 3: 1})


def test_maxsat_table_capacity_infeasible_with_too_few_tables():
    prob = problem([(1, 2), (3, 4), (5, 6)], slots=1, tables=2, required=True)
    assert _solved(prob)[0] == "INFEASIBLE"


def test_maxsat_table_capacity_alternative_booth_only_for_its_host():
    booth = (Table(1, "open"), Table(2, "booth", reserved_for=5))
    guests = replace(problem([(1, 2), (3, 4)], slots=1, people=6, required=True), tables=booth)
    host = replace(problem([(1, 2), (5, 6)], slots=1, people=6, required=True), tables=booth)
    assert _solved(guests)[0] == "INFEASIBLE"
    assert _solved(host) == ("OPTIMAL", 0, {1: 1, 2: 1})


def test_maxsat_table_capacity_counts_a_participants_meetings_as_one_group():
    # Slot 1 groups 2's meetings, then 1's meetings without (1, 2). A meeting of three lifts
    # the implied "2 x tables busy people" rule to 3 x tables, so only the table count
    # itself can reject the three meetings pinned into slot 1.
    meetings = [(1, 2), (1, 3), (1, 4), (2, 5), (2, 6), (2, 7), (8, 9), (10, 11, 12)]
    overfull = _pinned(problem(meetings, slots=4, tables=2, required=True), m2=1, m4=1, m7=1)
    assert _solved(overfull)[0] == "INFEASIBLE"
    status, cost, slots = _solved(replace(overfull, tables=tuple(Table(k) for k in (1, 2, 3))))
    assert (status, cost, slots[2], slots[4], slots[7]) == ("OPTIMAL", 0, 1, 1, 1)


def test_maxsat_even_busy_count_is_not_imposed_on_meetings_of_three():
    prob = problem([(1, 2, 3), (1, 4)], slots=2, required=True)
    status, cost, slots = _solved(prob)
    assert (status, cost, sorted(slots.values())) == ("OPTIMAL", 0, [1, 2])


def test_maxsat_pin_feasible_keeps_meeting_in_its_slot():
    prob = _pinned(problem([(1, 2), (3, 4)], slots=3, required=True), m1=3)
    status, cost, slots = _solved(prob)
    assert (status, cost, slots[1]) == ("OPTIMAL", 0, 3)


def test_maxsat_pin_infeasible_when_two_pins_share_a_participant_and_slot():
    prob = _pinned(problem([(1, 2), (1, 3)], slots=3, required=True), m1=2, m2=2)
    assert _solved(prob)[0] == "INFEASIBLE"


def test_maxsat_precedence_feasible_orders_meetings():
    prob = problem([(1, 2), (3, 4)], slots=2, required=True, precedences=((2, 1),))
    assert _solved(prob) == ("OPTIMAL", 0, {1: 2, 2: 1})


def test_maxsat_precedence_infeasible_in_a_single_slot():
    prob = problem([(1, 2), (3, 4)], slots=1, required=True, precedences=((2, 1),))
    assert _solved(prob)[0] == "INFEASIBLE"


def test_maxsat_precedence_alternative_chain_of_three_fills_three_slots():
    prob = problem([(1, 2), (3, 4), (5, 6)], slots=3, required=True, precedences=((3, 2), (2, 1)))
    assert _solved(prob) == ("OPTIMAL", 0, {1: 3, 2: 2, 3: 1})


def test_maxsat_breaks_counts_a_forced_gap_once():
    prob = _pinned(problem([(1, 2), (1, 3)], slots=5, required=True), m1=1, m2=5)
    assert _solved(prob) == ("OPTIMAL", 1, {1: 1, 2: 5})


def test_maxsat_breaks_minimised_to_back_to_back_meetings():
    prob = _pinned(problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True), m1=1)
    status, cost, slots = _solved(prob)
    assert (status, cost, sorted(slots.values())) == ("OPTIMAL", 0, [1, 2, 3])


def test_maxsat_breaks_reset_at_each_day():
    prob = problem([(1, 2), (1, 3)], slots=4, required=True)
    two_days = replace(prob, slots=tuple(Slot(t, day=f"d{(t + 1) // 2}") for t in range(1, 5)))
    assert _solved(_pinned(prob, m1=1, m2=3))[1] == 1
    assert _solved(_pinned(two_days, m1=1, m2=3))[1] == 0


def test_maxsat_break_cap_infeasible_when_pins_force_a_break():
    prob = _pinned(problem([(1, 2), (1, 3)], slots=3, required=True, max_breaks=0), m1=1, m2=3)
    assert _solved(prob)[0] == "INFEASIBLE"


def test_maxsat_break_cap_alternative_allows_the_forced_gap():
    prob = _pinned(problem([(1, 2), (1, 3)], slots=3, required=True, max_breaks=1), m1=1, m2=3)
    assert _solved(prob) == ("OPTIMAL", 1, {1: 1, 2: 3})


@st.composite
def held_problems(draw) -> Problem:
    """Small problems where every meeting is held, with every rule MaxSAT encodes."""
    n_people = draw(st.integers(2, 4))
    n_slots = draw(st.integers(2, 5))
    slot_ids = st.integers(1, n_slots)
    groups = st.lists(st.integers(1, n_people), min_size=2, max_size=3, unique=True)
    meetings = tuple(
        Meeting(
            i,
            tuple(group),
            required=True,
            fixed_slot=draw(slot_ids) if draw(st.integers(0, 5)) == 5 else None,
            sessions=frozenset({"am"}) if draw(st.integers(0, 5)) == 5 else None,
        )
        for i, group in enumerate(draw(st.lists(groups, min_size=2, max_size=5)), 1)
    )
    people = tuple(
        Participant(p, unavailable=frozenset(draw(st.sets(slot_ids, max_size=1))))
        for p in range(1, n_people + 1)
    )
    split = draw(st.booleans())
    ids = st.sampled_from([m.id for m in meetings])
    precedences = tuple(
        (a, b) for a, b in draw(st.lists(st.tuples(ids, ids), max_size=2)) if a != b
    )
    booth = draw(st.none() | st.integers(1, n_people))
    return Problem(
        slots=tuple(
            Slot(
                t,
                session="am" if t <= (n_slots + 1) // 2 else "pm",
                day="d2" if split and t > n_slots // 2 else "d1",
            )
            for t in range(1, n_slots + 1)
        ),
        tables=tuple(
            Table(k, reserved_for=booth if k == 1 else None)
            for k in range(1, draw(st.integers(1, 3)) + 1)
        ),
        participants=people,
        meetings=meetings,
        precedences=precedences,
        max_breaks=draw(st.sampled_from([None, 0, 1])),
    )


def _fewest_breaks(prob: Problem) -> int | None:
    best = None
    for combo in itertools.product([s.id for s in prob.slots], repeat=len(prob.meetings)):
        slot_of = {m.id: t for m, t in zip(prob.meetings, combo, strict=True)}
        try:
            placements = assign_tables(prob, slot_of)
        except IndexError:  # more guests in a slot than open tables: no table left
            continue
        report = validate(prob, placements)
        if report.ok:
            breaks = report.objectives["breaks"]
            best = breaks if best is None else min(best, breaks)
    return best


@FAST
@given(held_problems())
def test_maxsat_optimum_matches_brute_force(prob):
    status, cost, _ = _solved(prob)
    assert cost == _fewest_breaks(prob)
    assert status == ("INFEASIBLE" if cost is None else "OPTIMAL")


@FAST
@given(held_problems())
def test_solve_with_maxsat_agrees_with_cp_sat_alone(prob):
    with_maxsat = solve(prob, time_limit=20, workers=1)
    alone = solve(prob, time_limit=20, workers=1, maxsat=False)
    assert with_maxsat.status == alone.status
    if alone.status == "OPTIMAL":
        assert validate(prob, with_maxsat.placements).ok
        assert [o.value for o in with_maxsat.objectives] == [o.value for o in alone.objectives]


def test_maxsat_process_reports_a_child_error_without_calling_done():
    broken = replace(problem([(1, 2)], required=True), participants=(Participant(1),))
    done = threading.Event()
    race = MaxSatProcess(broken, on_done=done.set)
    assert race.wait(60)
    race.close()
    assert (race.answer, race.error, done.is_set()) == (None, "KeyError: 2", False)


def test_maxsat_process_proves_optimum_and_reports_bounds():
    prob = _pinned(problem([(1, 2), (1, 3)], slots=5, required=True), m1=1, m2=5)
    done = threading.Event()
    bounds: list[int] = []
    race = MaxSatProcess(prob, on_done=done.set, on_bound=bounds.append)
    assert done.wait(60)
    race.close()
    assert (race.answer.status, race.answer.cost, race.bound, bounds) == ("OPTIMAL", 1, 1, [1])


def test_solve_with_maxsat_stops_the_child_when_cancelled():
    prob = problem([(1, 2), (1, 3), (2, 3)], slots=4, required=True)
    cancel = threading.Event()
    cancel.set()
    result = solve(prob, time_limit=30, cancel=cancel)
    assert (result.status, result.cancelled) == ("UNKNOWN", True)
    assert multiprocessing.active_children() == []


def test_solve_with_maxsat_and_without_agree_on_breaks():
    prob = _pinned(problem([(1, 2), (1, 3), (1, 4), (2, 3)], slots=5, required=True), m1=1, m4=4)
    with_maxsat = solve(prob, time_limit=30, workers=1)
    without = solve(prob, time_limit=30, workers=1, maxsat=False)
    assert with_maxsat.status == without.status == "OPTIMAL"
    assert with_maxsat.objective("breaks").value == without.objective("breaks").value == 1
    assert validate(prob, with_maxsat.placements).ok


def test_stop_is_set_once_a_schedule_reaches_the_proven_floor():
    floor = [2]
    stop = Stop(threading.Event(), floor=lambda: floor[0])
    stop.best = 3
    assert (stop.is_set(), stop.lower()) == (False, 2)
    floor[0] = 3
    assert (stop.is_set(), stop.lower()) == (True, 3)
    assert Stop(None).active is False


def test_solve_with_maxsat_keeps_the_schedule_when_no_breaks_are_possible():
    # One slot per day and a break cap: the only stage is "feasible", which RC2 (started
    # beside it, with nothing to minimise) must not stop.
    prob = problem([(1, 2), (1, 3)], slots=2, required=True, max_breaks=0)
    prob = replace(prob, slots=(Slot(1, day="d1"), Slot(2, day="d2")))
    result = solve(prob, time_limit=30, workers=1)
    assert (result.status, sorted(p.slot for p in result.placements)) == ("OPTIMAL", [1, 2])


def _merge(prob: Problem, answer: Answer | None, bound: int, value: int, status: int):
    """What the engine keeps when CP-SAT ended with `status` at `value` and RC2 said `answer`."""
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    cp_sat = Outcome(status, {} if found else None, value, 0)
    race = SimpleNamespace(answer=answer, bound=bound)
    kept = _with_maxsat(prob, race, cp_sat)
    return kept.status, kept.value, kept.bound


def test_merge_floor_proves_a_cp_sat_schedule_optimal():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    assert _merge(prob, None, 2, 2, cp_model.FEASIBLE) == (cp_model.OPTIMAL, 2, 2)
    assert _merge(prob, None, 1, 2, cp_model.FEASIBLE) == (cp_model.FEASIBLE, 2, 1)


def test_merge_cp_sat_schedule_beats_a_maxsat_infeasible():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    infeasible = Answer("INFEASIBLE")
    assert _merge(prob, infeasible, 0, 1, cp_model.FEASIBLE) == (cp_model.FEASIBLE, 1, 0)
    assert _merge(prob, infeasible, 0, 1, cp_model.UNKNOWN)[0] == cp_model.INFEASIBLE


def test_merge_ignores_a_maxsat_schedule_the_validator_rejects():
    prob = problem([(1, 2), (1, 3)], slots=3, required=True)
    double_booked = Answer("OPTIMAL", 0, frozenset({(0, 0), (1, 0)}))
    honest = Answer("OPTIMAL", 0, frozenset({(0, 0), (1, 1)}))
    assert _merge(prob, double_booked, 0, 1, cp_model.FEASIBLE) == (cp_model.FEASIBLE, 1, 0)
    assert _merge(prob, honest, 0, 1, cp_model.FEASIBLE) == (cp_model.OPTIMAL, 0, 0)


def test_merge_ignores_a_maxsat_schedule_with_more_guests_than_open_tables():
    booth = (Table(1, "open"), Table(2, "booth", reserved_for=5))
    prob = replace(problem([(1, 2), (3, 4)], slots=2, people=5, required=True), tables=booth)
    crowded = Answer("OPTIMAL", 0, frozenset({(0, 0), (1, 0)}))
    spread = Answer("OPTIMAL", 0, frozenset({(0, 0), (1, 1)}))
    assert _merge(prob, crowded, 0, 1, cp_model.FEASIBLE) == (cp_model.FEASIBLE, 1, 0)
    assert _merge(prob, spread, 0, 1, cp_model.FEASIBLE) == (cp_model.OPTIMAL, 0, 0)


def _solve_in_worker(prob: Problem) -> tuple[str, int]:
    result = solve(prob, time_limit=30, workers=1)
    return result.status, result.objective("breaks").value


def test_solve_in_a_daemonic_pool_worker_falls_back_to_cp_sat():
    prob = _pinned(problem([(1, 2), (1, 3), (1, 4)], slots=5, required=True), m1=1, m2=5)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply(_solve_in_worker, (prob,)) == ("OPTIMAL", 1)


def _core_limits(monkeypatch, **kwargs) -> list[float]:
    """Seconds given to each core-search run of the breaks stage in one `solve`."""
    limits: list[float] = []
    real = search.solve_once

    def spy(ctx, model, obj, limit, stop, params, *rest):
        if params.get("subsolvers") == ["core"]:
            limits.append(limit)
        return real(ctx, model, obj, limit, stop, params, *rest)

    monkeypatch.setattr(search, "solve_once", spy)
    prob = _pinned(problem([(1, 2), (1, 3), (1, 4), (2, 3)], slots=5, required=True), m1=1, m4=4)
    assert solve(prob, time_limit=30, workers=1, **kwargs).status == "OPTIMAL"
    return limits


def test_breaks_stage_racing_maxsat_gives_core_search_most_of_its_time(monkeypatch):
    # With RC2 proving the lower bound beside it, core search is not cut off at 45 % of the
    # stage for probes: on a loaded machine the hardest originals need its time.
    [racing] = _core_limits(monkeypatch)
    assert racing >= 0.85 * 30
    [alone] = _core_limits(monkeypatch, maxsat=False)
    assert alone <= 0.5 * 30
