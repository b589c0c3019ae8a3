"""The stage runner's rule after fairness: priority given up only for a fairer schedule."""

from __future__ import annotations

from dataclasses import replace

from scheduler.solver.index import Index
from scheduler.solver.model import Meeting
from scheduler.solver.stages import Built, Fallback, Incumbent, keep_priority_held

from .helpers import problem


def _two_requests_for_one_place():
    prob = problem([(1, 2), (3, 2)], slots=1)
    people = tuple(replace(p, max_meetings=1) if p.id == 2 else p for p in prob.participants)
    meetings = (Meeting(1, (1, 2), priority=3), Meeting(2, (3, 2), priority=2))
    return replace(prob, participants=people, meetings=meetings)


def test_stages_priority_given_up_without_a_fairer_schedule_is_taken_back():
    prob = _two_requests_for_one_place()
    built = Built.of(prob, Index.of(prob))
    best = Incumbent({0: 0}, True, {"placed_priority": 3, "min_share_pct": 0})
    best.bounds["placed_priority"] = (3, True)
    before = Fallback(dict(best.chosen), 0)
    best.chosen = {1: 0}  # what fairness returned: meeting 2 for meeting 1, nobody fairer

    keep_priority_held(prob, built, best, before)

    assert (best.chosen, best.values) == ({0: 0}, {"placed_priority": 3, "min_share_pct": 0})
    assert best.bounds["placed_priority"] == (3, True)


def test_stages_priority_given_up_for_a_fairer_schedule_is_kept_and_no_longer_proven():
    prob = _two_requests_for_one_place()
    built = Built.of(prob, Index.of(prob))
    best = Incumbent({0: 0}, True, {"placed_priority": 3, "min_share_pct": 50})
    best.bounds["placed_priority"] = (3, True)
    before = Fallback({0: 0}, 0)
    best.chosen = {1: 0}

    keep_priority_held(prob, built, best, before)

    assert (best.chosen, best.values) == ({1: 0}, {"placed_priority": 2, "min_share_pct": 50})
    assert best.bounds["placed_priority"] == (3, False)
