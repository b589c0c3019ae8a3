"""Neighbourhoods for large-neighbourhood search: which meetings to free around a schedule."""

from __future__ import annotations

import random
from collections.abc import Callable

from .index import Index, count_breaks, placeable_requests
from .model import Problem

# A neighbourhood: meeting positions that may move (or be dropped or added); the rest stays.
Pick = Callable[["Around", int, random.Random], set[int]]


class Around:
    """A schedule (meeting -> slot position) and the participants a stage wants to help."""

    def __init__(
        self,
        problem: Problem,
        idx: Index,
        slots: dict[int, list[int]],
        chosen: dict[int, int],
        stage: str,
    ) -> None:
        self.problem, self.idx, self.slots, self.chosen = problem, idx, slots, chosen
        self.seeds = _seeds(problem, idx, slots, chosen, stage)


def _seeds(
    problem: Problem, idx: Index, slots: dict[int, list[int]], chosen: dict[int, int], stage: str
) -> list[tuple[int, ...]]:
    """Groups of participants where the stage's objective can gain: those of a meeting left
    out or moved, or one participant with breaks."""
    if stage == "breaks":
        mine: dict[int, list[int]] = {}
        for i, t in chosen.items():
            for p in problem.meetings[i].participants:
                mine.setdefault(p, []).append(t)
        return [(p,) for p, ts in mine.items() if count_breaks(ts, idx.days)]
    if stage == "moved":
        moved = [
            idx.meeting_pos[mid]
            for mid, pl in problem.previous.items()
            if mid in idx.meeting_pos
            and chosen.get(idx.meeting_pos[mid]) != idx.slot_pos.get(pl.slot)
        ]
        return [problem.meetings[i].participants for i in moved]
    if stage == "min_share_pct":
        return [(p,) for p in worst_off(problem, idx, slots, chosen)]
    left = [i for i, m in enumerate(problem.meetings) if i not in chosen and slots.get(i)]
    if stage == "held":
        left = [i for i in left if problem.meetings[i].must_hold]
    return [problem.meetings[i].participants for i in left]


def _shares(
    problem: Problem, idx: Index, slots: dict[int, list[int]], chosen: dict[int, int]
) -> dict[int, int]:
    """Each participant's share of their placeable requests, in percent rounded down."""
    return {
        p: 100 * sum(1 for i in mine if i in chosen) // wanted
        for p, (mine, wanted) in placeable_requests(problem, idx, slots).items()
    }


def share_of(
    problem: Problem, idx: Index, slots: dict[int, list[int]], chosen: dict[int, int]
) -> int:
    """The fairness figure of a schedule: the worst-off participant's share, in percent."""
    return min(_shares(problem, idx, slots, chosen).values(), default=100)


def worst_off(
    problem: Problem, idx: Index, slots: dict[int, list[int]], chosen: dict[int, int]
) -> list[int]:
    """Participants with the lowest share of their placeable requests (the fairness figure)."""
    shares = _shares(problem, idx, slots, chosen)
    low = min(shares.values(), default=100)
    return [p for p, share in shares.items() if share == low]


def by_people(around: Around, size: int, rng: random.Random) -> set[int]:
    """Meetings of participants the stage wants to help, of their partners, and so on."""
    problem, idx = around.problem, around.idx
    if around.seeds and rng.random() < 0.8:
        queue = list(rng.choice(around.seeds))
    else:
        queue = [rng.choice(list(idx.meetings_of))]
    seen, free = set(queue), set()
    while queue and len(free) < size:
        p = queue.pop(0)
        mine = list(idx.meetings_of.get(p, ()))
        rng.shuffle(mine)
        for i in mine:
            free.add(i)
            partners = [q for q in problem.meetings[i].participants if q not in seen]
            seen.update(partners)
            queue += partners
    return free


def by_window(around: Around, size: int, rng: random.Random) -> set[int]:
    """Meetings held in a window of consecutive slots, and left-out ones that could go there."""
    n = len(around.problem.slots)
    per_slot = max(1.0, len(around.chosen) / n)
    width = max(1, min(n, round(size / per_slot)))
    first = rng.randrange(n - width + 1)
    window = range(first, first + width)
    free = {i for i, t in around.chosen.items() if t in window}
    left = [
        i
        for i, allowed in around.slots.items()
        if i not in around.chosen and any(t in window for t in allowed)
    ]
    free.update(rng.sample(left, min(len(left), max(1, size // 4))))
    return free


def at_random(around: Around, size: int, rng: random.Random) -> set[int]:
    """Meetings drawn at random."""
    n = len(around.problem.meetings)
    return set(rng.sample(range(n), min(n, size)))


PICKS: dict[str, Pick] = {"people": by_people, "window": by_window, "random": at_random}
