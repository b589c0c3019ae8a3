"""Capacity planning: the engine's bound on the meetings a session can hold, before solving."""

from __future__ import annotations

import random
from dataclasses import replace

from scheduler.solver.capacity import Capacity, capacity
from scheduler.solver.engine import solve
from scheduler.solver.model import Participant, Table

from .helpers import problem

# Four people, five meetings: a meets b, c and d; b meets d; c meets d.
FIVE = [(1, 2), (3, 4), (1, 3), (2, 4), (1, 4)]


def test_capacity_one_table_holds_one_meeting_per_slot():
    assert capacity(problem(FIVE, slots=3, tables=1)) == Capacity(
        requested=5, at_most=3, people_allow=5, slots_for_all=3, tables_for_all=2
    )


def test_capacity_enough_tables_leave_only_the_people_as_the_limit():
    figures = capacity(problem(FIVE, slots=3, tables=2))

    assert (figures.at_most, figures.people_allow, figures.short_of_tables) == (5, 5, False)


def test_capacity_counts_what_availability_allows():
    # Participant 1 is free in one slot only: two of their three meetings cannot be held.
    busy = problem(FIVE, slots=3, tables=5)
    busy = replace(
        busy,
        participants=(Participant(1, unavailable=frozenset({2, 3})), *busy.participants[1:]),
    )

    assert capacity(busy) == Capacity(
        requested=5, at_most=3, people_allow=3, slots_for_all=3, tables_for_all=2
    )


def test_capacity_a_booth_holds_its_host_meetings():
    booth = problem(FIVE, slots=3, tables=2)
    booth = replace(booth, tables=(Table(1, "Booth", reserved_for=1), Table(2, "T2")))

    # Participant 1's three meetings go to the booth; the two others need one open table.
    assert capacity(booth).tables_for_all == 2


def test_capacity_never_below_what_the_engine_places():
    rng = random.Random(3)
    for _ in range(12):
        pairs = [tuple(rng.sample(range(1, 9), 2)) for _ in range(rng.randint(4, 14))]
        prob = problem(pairs, slots=rng.randint(1, 4), tables=rng.randint(1, 3), people=8)

        placed = len(solve(prob, time_limit=5, workers=1).placements)

        figures = capacity(prob)
        assert placed <= figures.at_most <= figures.people_allow <= figures.requested


def test_capacity_of_an_empty_session_is_zero():
    assert capacity(problem([(1, 2)], slots=0, tables=0)) == Capacity(
        requested=1, at_most=0, people_allow=0, slots_for_all=1, tables_for_all=0
    )


def test_capacity_counts_quotas():
    # Participant 1 may have one meeting only, and is asked for two.
    quota = problem([(1, 2), (1, 3)], slots=3, tables=5)
    quota = replace(quota, participants=(Participant(1, max_meetings=1), *quota.participants[1:]))

    assert capacity(quota) == Capacity(
        requested=2, at_most=1, people_allow=1, slots_for_all=2, tables_for_all=1
    )
