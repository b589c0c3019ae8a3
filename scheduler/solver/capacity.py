"""Capacity planning before solving: how many of the requested meetings a session can hold
at most, and how many slots and tables holding them all would take."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from .bounds import placed_priority_bound
from .index import Index, allowed_slots
from .model import Problem

# Subgradient rounds of the bound: every round gives a valid bound, more rounds only
# tighten it, and the organisers' console computes it on every visit.
ROUNDS = 60


@dataclass(frozen=True)
class Capacity:
    """``at_most`` is a proven upper bound on the meetings the session can hold with its
    slots and tables; ``people_allow`` the same bound with unlimited tables (what
    availability and quotas allow). Holding every meeting takes at least ``slots_for_all``
    slots (the busiest participant's meetings) and ``tables_for_all`` tables (the booths,
    and enough open tables for the meetings of no booth host)."""

    requested: int
    at_most: int
    people_allow: int
    slots_for_all: int
    tables_for_all: int

    @property
    def short_of_tables(self) -> bool:
        """More tables would let more meetings be held."""
        return self.at_most < self.people_allow


def capacity(problem: Problem, rounds: int = ROUNDS) -> Capacity:
    """The capacity figures of ``problem``, each meeting counted once whatever its priority."""
    counted = replace(problem, meetings=tuple(replace(m, priority=1) for m in problem.meetings))
    idx = Index.of(counted)
    slots = {i: allowed_slots(counted, m, idx.people) for i, m in enumerate(counted.meetings)}
    people_allow = min(
        _bound(counted, idx, slots, rounds, unlimited_tables=True), _seats(counted, slots)
    )
    room = len(problem.slots) * len(problem.tables)
    at_most = min(people_allow, room, _bound(counted, idx, slots, rounds) if room else 0)
    guests = sum(1 for m in counted.meetings if idx.is_guest(m))
    n_slots = len(problem.slots)
    booths = len(idx.hosts)
    busiest = Counter(p for m in problem.meetings for p in m.participants)
    return Capacity(
        requested=len(problem.meetings),
        at_most=at_most,
        people_allow=people_allow,
        slots_for_all=max(busiest.values(), default=0),
        tables_for_all=booths + (-(-guests // n_slots) if n_slots else 0),
    )


def _bound(
    problem: Problem,
    idx: Index,
    slots: dict[int, list[int]],
    rounds: int,
    unlimited_tables: bool = False,
) -> int:
    if not problem.slots or not problem.meetings:
        return 0
    value, _ = placed_priority_bound(
        problem, idx, slots, rounds=rounds, unlimited_tables=unlimited_tables
    )
    return min(value, len(problem.meetings))


def _seats(problem: Problem, slots: dict[int, list[int]]) -> int:
    """Each meeting takes a free slot of each of its participants: the meetings held are at
    most the sum of what each participant can attend, over the smallest meeting's size."""
    wanted: Counter[int] = Counter()
    free: dict[int, set[int]] = {}
    for i, meeting in enumerate(problem.meetings):
        if not slots[i]:
            continue
        for p in meeting.participants:
            wanted[p] += 1
            free.setdefault(p, set()).update(slots[i])
    quota = {p.id: p.max_meetings for p in problem.participants}
    seats = sum(
        min(count, len(free[p]), quota[p] if quota.get(p) is not None else count)
        for p, count in wanted.items()
    )
    smallest = min((len(m.participants) for m in problem.meetings), default=1)
    return seats // smallest
