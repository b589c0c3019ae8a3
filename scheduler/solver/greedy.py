"""A fast greedy schedule, used as the solver's first hint on large events."""

from __future__ import annotations

from collections import Counter

from .index import Index, count_breaks
from .model import Problem


def greedy(
    problem: Problem,
    idx: Index,
    slots: dict[int, list[int]],
    prices: list[float] | None = None,
    respect_cap: bool = False,
) -> set[tuple[int, int]]:
    """(meeting position, slot position) pairs: pinned, then required, then by value.

    The value of a meeting is its priority less the `prices` of its participants (for
    instance Lagrangian multipliers: busy people are expensive).

    Each meeting takes the allowed slot next to its participants' meetings when it can,
    so the hint is compact as well; with `respect_cap`, never where it would break the
    break cap (a start for LNS, which needs a valid schedule; the full model's hint holds
    more meetings without). Precedences are ignored: `repair` or CP-SAT mends the schedule.
    """
    open_tables = sum(1 for tb in problem.tables if tb.reserved_for is None)
    busy: set[tuple[int, int]] = set()
    count: Counter = Counter()
    used: Counter = Counter()
    guests: Counter = Counter()
    quota = {p.id: p.max_meetings for p in problem.participants}
    cap = problem.max_breaks if respect_cap else None
    mine: dict[int, list[int]] = {p.id: [] for p in problem.participants}

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
                and (
                    cap is None
                    or all(count_breaks([*mine[p], t], idx.days) <= cap for p in m.participants)
                )
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
            mine[p].append(t)
            count[p] += 1
    return chosen


def repair(problem: Problem, idx: Index, chosen: dict[int, int]) -> dict[int, int]:
    """Drop meetings from a greedy schedule until precedences and the break cap hold.

    Pinned meetings stay. A participant over the cap loses a meeting at an end of a day
    next to an idle slot, which takes a break away (or shortens the run that precedes one).
    """
    out = dict(chosen)
    for a, b in problem.precedences:
        ia, ib = idx.meeting_pos[a], idx.meeting_pos[b]
        if ia in out and ib in out and out[ia] >= out[ib]:
            drop = ib if problem.meetings[ib].fixed_slot is None else ia
            out.pop(drop)
    if problem.max_breaks is None:
        return out
    todo = set(idx.meetings_of)
    while todo:
        p = todo.pop()
        mine = sorted((t, i) for i in idx.meetings_of.get(p, ()) if (t := out.get(i)) is not None)
        if count_breaks([t for t, _ in mine], idx.days) <= problem.max_breaks:
            continue
        loose = [i for _, i in mine if problem.meetings[i].fixed_slot is None]
        if not loose:
            continue
        drop = _edge(mine, idx, problem) or loose[0]
        out.pop(drop)
        todo.update(problem.meetings[drop].participants)
    return out


def _edge(mine: list[tuple[int, int]], idx: Index, problem: Problem) -> int | None:
    """The first unpinned meeting of a day that an idle slot follows, if any."""
    busy = {t for t, _ in mine}
    day_of = {t: d for d, day in enumerate(idx.days) for t in day}
    for k, (t, i) in enumerate(mine):
        first = k == 0 or day_of[mine[k - 1][0]] != day_of[t]
        gap = t + 1 not in busy and any(u > t and day_of[u] == day_of[t] for u, _ in mine[k + 1 :])
        if first and gap and problem.meetings[i].fixed_slot is None:
            return i
    return None
