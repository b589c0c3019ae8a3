"""The validator names each broken rule and recomputes the objectives."""

from __future__ import annotations

from dataclasses import replace

from scheduler.solver.index import Index, count_breaks
from scheduler.solver.model import Meeting, Participant, Placement, Table
from scheduler.solver.validate import validate

from .helpers import problem


def test_validate_accepts_valid_schedule_and_counts_breaks():
    prob = problem([(1, 2), (1, 3)], slots=3)
    report = validate(prob, [Placement(1, 1, 1), Placement(2, 3, 1)])
    assert report.ok
    assert report.objectives["breaks"] == 1
    assert report.breaks[1] == 1


def test_validate_reports_double_booking():
    prob = problem([(1, 2), (1, 3)], slots=3)
    report = validate(prob, [Placement(1, 1, 1), Placement(2, 1, 2)])
    assert report.violations == ["participant 1 has 2 meetings in slot 1"]


def test_validate_reports_table_clash_and_reserved_table():
    prob = replace(problem([(1, 2), (3, 4)], slots=1), tables=(Table(1), Table(2, reserved_for=9)))
    report = validate(prob, [Placement(1, 1, 1), Placement(2, 1, 2)])
    assert report.violations == ["meeting 2 uses table 2 reserved for 9"]
    clash = validate(prob, [Placement(1, 1, 1), Placement(2, 1, 1)])
    assert clash.violations == ["table 1 has 2 meetings in slot 1"]


def test_validate_reports_unavailable_pin_precedence_quota_and_cap():
    prob = problem([(1, 2), (1, 3), (1, 4)], slots=4, precedences=((3, 2),), max_breaks=0)
    prob = replace(
        prob,
        participants=(
            Participant(1, max_meetings=2),
            Participant(2, unavailable=frozenset({1})),
            Participant(3),
            Participant(4),
        ),
        meetings=(Meeting(1, (1, 2)), Meeting(2, (1, 3), fixed_slot=2), Meeting(3, (1, 4))),
    )
    report = validate(prob, [Placement(1, 1, 1), Placement(2, 3, 1), Placement(3, 4, 1)])
    assert report.violations == [
        "meeting 1: participant 2 is unavailable in slot 1",
        "meeting 2 is pinned to slot 2 but is in 3",
        "meeting 3 must come before meeting 2",
        "participant 1 has 3 meetings, quota 2",
        "participant 1 has 1 breaks, cap 0",
    ]


def test_validate_reports_missing_required_meeting():
    prob = problem([(1, 2)], slots=1, required=True)
    assert validate(prob, []).violations == ["meeting 1 must be placed"]


def test_count_breaks_ignores_gaps_across_days():
    days = ((0, 1, 2), (3, 4, 5))
    assert count_breaks([0, 2, 3], days) == 1
    assert count_breaks([2, 3], days) == 0
    assert count_breaks([0, 2, 3, 5], days) == 2


def test_index_groups_slots_by_day():
    prob = problem([(1, 2)], slots=2)
    assert Index.of(prob).days == ((0, 1),)
