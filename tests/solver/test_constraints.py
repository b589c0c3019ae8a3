"""Each constraint function with its trio: feasible, forced infeasible, alternative."""

from __future__ import annotations

from dataclasses import replace

from scheduler.solver.cpmodel import (
    add_break_cap,
    add_breaks,
    add_fixed_meetings,
    add_meeting_once,
    add_no_double_booking,
    add_precedences,
    add_quota,
    add_table_capacity,
)
from scheduler.solver.model import Meeting, Participant, Slot, Table

from .helpers import problem, solve_with


def pin(prob, **pins):
    meetings = tuple(
        replace(m, fixed_slot=pins.get(f"m{m.id}", m.fixed_slot)) for m in prob.meetings
    )
    return replace(prob, meetings=meetings)


def test_meeting_once_feasible_places_required_meeting():
    status, slots = solve_with(
        problem([(1, 2)], slots=1, required=True), add_meeting_once, required=False
    )
    assert (status, slots) == ("OPTIMAL", {1: 1})


def test_meeting_once_infeasible_without_free_slot():
    prob = problem([(1, 2)], slots=1, required=True)
    prob = replace(prob, participants=(Participant(1, unavailable=frozenset({1})), Participant(2)))
    status, _ = solve_with(prob, add_meeting_once, required=False)
    assert status == "INFEASIBLE"


def test_meeting_once_alternative_optional_meeting_may_stay_out():
    prob = problem([(1, 2)], slots=1)
    prob = replace(prob, participants=(Participant(1, unavailable=frozenset({1})), Participant(2)))
    status, slots = solve_with(prob, add_meeting_once, required=False)
    assert (status, slots) == ("OPTIMAL", {})


def test_no_double_booking_feasible_uses_two_slots():
    status, slots = solve_with(problem([(1, 2), (1, 3)], slots=2), add_no_double_booking)
    assert status == "OPTIMAL"
    assert sorted(slots.values()) == [1, 2]


def test_no_double_booking_infeasible_in_one_slot():
    status, _ = solve_with(problem([(1, 2), (1, 3)], slots=1), add_no_double_booking)
    assert status == "INFEASIBLE"


def test_no_double_booking_alternative_disjoint_pairs_share_slot():
    status, slots = solve_with(problem([(1, 2), (3, 4)], slots=1), add_no_double_booking)
    assert (status, slots) == ("OPTIMAL", {1: 1, 2: 1})


def test_table_capacity_feasible_when_tables_suffice():
    prob = problem([(1, 2), (3, 4), (5, 6)], slots=1, tables=3)
    assert solve_with(prob, add_table_capacity) == ("OPTIMAL", {1: 1, 2: 1, 3: 1})


def test_table_capacity_infeasible_with_too_few_tables():
    prob = problem([(1, 2), (3, 4), (5, 6)], slots=1, tables=2)
    assert solve_with(prob, add_table_capacity)[0] == "INFEASIBLE"


def test_table_capacity_alternative_reserved_table_only_for_its_host():
    booth = (Table(1, "open"), Table(2, "booth", reserved_for=5))
    guests = replace(problem([(1, 2), (3, 4)], slots=1, people=6), tables=booth)
    host = replace(problem([(1, 2), (5, 6)], slots=1, people=6), tables=booth)
    assert solve_with(guests, add_table_capacity)[0] == "INFEASIBLE"
    assert solve_with(host, add_table_capacity) == ("OPTIMAL", {1: 1, 2: 1})


def test_fixed_meetings_feasible_meeting_stays_in_pin():
    prob = pin(problem([(1, 2)], slots=3), m1=2)
    assert solve_with(prob, add_fixed_meetings) == ("OPTIMAL", {1: 2})


def test_fixed_meetings_infeasible_two_pins_same_person_same_slot():
    prob = pin(problem([(1, 2), (1, 3)], slots=3), m1=2, m2=2)
    assert solve_with(prob, add_fixed_meetings, add_no_double_booking)[0] == "INFEASIBLE"


def test_fixed_meetings_alternative_distinct_pins_kept():
    prob = pin(problem([(1, 2), (1, 3)], slots=3), m1=3, m2=1)
    assert solve_with(prob, add_fixed_meetings, add_no_double_booking) == ("OPTIMAL", {1: 3, 2: 1})


def test_precedences_feasible_earlier_first():
    prob = problem([(1, 2), (3, 4)], slots=2, precedences=((1, 2),))
    assert solve_with(prob, add_precedences) == ("OPTIMAL", {1: 1, 2: 2})


def test_precedences_infeasible_in_single_slot():
    prob = problem([(1, 2), (3, 4)], slots=1, precedences=((1, 2),))
    assert solve_with(prob, add_precedences)[0] == "INFEASIBLE"


def test_precedences_alternative_reverse_arc_reverses_order():
    prob = problem([(1, 2), (3, 4)], slots=2, precedences=((2, 1),))
    assert solve_with(prob, add_precedences) == ("OPTIMAL", {1: 2, 2: 1})


def _quota(limit: int):
    prob = problem([(1, 2), (1, 3)], slots=2)
    people = (Participant(1, max_meetings=limit), Participant(2), Participant(3))
    return replace(prob, participants=people)


def test_quota_feasible_within_limit():
    status, slots = solve_with(_quota(2), add_quota, add_no_double_booking)
    assert (status, sorted(slots)) == ("OPTIMAL", [1, 2])


def test_quota_infeasible_when_required_meetings_exceed_it():
    assert solve_with(_quota(1), add_quota)[0] == "INFEASIBLE"


def test_quota_alternative_optional_meetings_capped():
    status, slots = solve_with(_quota(1), add_meeting_once, add_quota, required=False)
    assert status == "OPTIMAL"
    assert len(slots) <= 1


def _gap(cap: int | None, pins: tuple[int, int]):
    prob = problem([(1, 2), (1, 3)], slots=3, max_breaks=cap)
    return pin(prob, m1=pins[0], m2=pins[1])


def _break_stack(model, v, prob, idx):
    for add in (add_fixed_meetings, add_no_double_booking, add_breaks, add_break_cap):
        add(model, v, prob, idx)


def test_break_cap_feasible_one_break_allowed():
    assert solve_with(_gap(1, (1, 3)), _break_stack) == ("OPTIMAL", {1: 1, 2: 3})


def test_break_cap_infeasible_gap_with_zero_cap():
    assert solve_with(_gap(0, (1, 3)), _break_stack)[0] == "INFEASIBLE"


def test_break_cap_alternative_adjacent_meetings_need_no_break():
    assert solve_with(_gap(0, (1, 2)), _break_stack) == ("OPTIMAL", {1: 1, 2: 2})


def _session_problem(sessions, fixed=None):
    return (
        problem([(1, 2)], slots=1)
        if sessions is None
        else replace(
            problem([(1, 2)], slots=2),
            slots=(Slot(1, "am"), Slot(2, "pm")),
            meetings=(Meeting(1, (1, 2), sessions=frozenset(sessions), fixed_slot=fixed),),
        )
    )


def test_sessions_feasible_meeting_lands_in_its_session():
    assert solve_with(_session_problem({"pm"})) == ("OPTIMAL", {1: 2})


def test_sessions_infeasible_pinned_outside_session():
    assert solve_with(_session_problem({"pm"}, fixed=1))[0] == "INFEASIBLE"


def test_sessions_alternative_other_session():
    assert solve_with(_session_problem({"am"})) == ("OPTIMAL", {1: 1})


def _avail(unavailable, workshops=frozenset()):
    prob = problem([(1, 2)], slots=3)
    people = (
        Participant(1, unavailable=frozenset(unavailable), workshops=workshops),
        Participant(2),
    )
    return replace(prob, participants=people)


def test_availability_feasible_uses_free_slot():
    assert solve_with(_avail({1, 2})) == ("OPTIMAL", {1: 3})


def test_availability_infeasible_when_never_free():
    assert solve_with(_avail({1, 2}, frozenset({3})))[0] == "INFEASIBLE"


def test_availability_alternative_workshop_blocks_slot():
    assert solve_with(_avail({1}, frozenset({2}))) == ("OPTIMAL", {1: 3})
