"""A fast greedy schedule, used as the solver's first hint on large events."""

from __future__ import annotations

from collections import Counter

from .index import Index
from .model import Problem


def greedy(
    problem: Problem,
    idx: Index,
    slots: dict[int, list[int]],
    prices: list[float] | None = None,
) -> set[tuple[int, int]]:
    """(meeting position, slot position) pairs: pinned, then required, then by value.

    The value of a meeting is its priority less the `prices` of its participants (for
    instance Lagrangian multipliers: busy people are expensive).

    Each meeting takes the allowed slot next to its participants' meetings when it can,
    so the hint is compact as well. Precedences are ignored: CP-SAT repairs the hint.
    """
    open_tables = sum(1 for tb in problem.tables if tb.reserved_for is None)
    busy: set[tuple[int, int]] = set()
    count: Counter = Counter()
    used: Counter = Counter()
    guests: Counter = Counter()
    quota = {p.id: p.max_meetings for p in problem.participants}

    def value(i: int) -> float:
        m = problem.meetings[i]
        if prices is None:
            return m.priority
        return m.priority - sum(prices[idx.participant_pos[p]] for p in m.participants)

    order = sorted(
        range(len(problem.meetings)),
        key=lambda i: (
            problem.meetings[i].fixed_slot is None,
            not problem.meetings[i].required,
            -value(i),
            len(slots.get(i, ())),
            i,
        ),
    )
    chosen: set[tuple[int, int]] = set()
    for i in order:
        m = problem.meetings[i]
        if any(quota[p] is not None and count[p] >= quota[p] for p in m.participants):
            continue
        is_guest = idx.is_guest(m)

        def fits(t: int, m=m, is_guest=is_guest) -> bool:
            return (
                used[t] < len(problem.tables)
                and (not is_guest or guests[t] < open_tables)
                and all((p, t) not in busy for p in m.participants)
            )

        free = [t for t in slots.get(i, ()) if fits(t)]
        if not free:
            continue
        t = max(
            free,
            key=lambda t: sum((p, t - 1) in busy or (p, t + 1) in busy for p in m.participants),
        )
        chosen.add((i, t))
        used[t] += 1
        guests[t] += is_guest
        for p in m.participants:
            busy.add((p, t))
            count[p] += 1
    return chosen
