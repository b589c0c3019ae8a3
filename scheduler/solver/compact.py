"""Simulated annealing on a schedule: fewer breaks, and left-out required meetings held.

CP-SAT's neighbourhoods move a few dozen meetings per step; breaks at the scale of a
brokerage day need hundreds of thousands of small moves. This search makes them in pure
Python with constant-time bookkeeping: move a meeting to another slot, swap two meetings of
one participant, and (when required meetings are left out) hold one, in a free slot or in
place of a required meeting that then waits its turn. Every state keeps every hard rule of
the model (allowed slots, one meeting per person and slot, tables and booths, the break
cap); pinned meetings and meetings under a precedence rule never move, and no meeting
held is dropped except a required one swapped for another. The caller checks the result
against the model anyway (LNS starts from it).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from .index import Index
from .model import Problem

_T_START, _T_END = 0.5, 0.05
_CHECK_EVERY = 256
# Longest Kempe chain tried: longer ones rarely pay and cost their length to score.
_CHAIN_MAX = 24


class _State:
    """A schedule with the bookkeeping that makes a move cost O(1) to score."""

    def __init__(
        self,
        problem: Problem,
        idx: Index,
        slots: dict[int, list[int]],
        chosen: dict[int, int],
        waiting: list[int],
    ) -> None:
        self.problem, self.idx = problem, idx
        self.meetings = [m.participants for m in problem.meetings]
        self.slots = {i: ts for i, ts in slots.items() if ts}
        self.allowed = {i: set(ts) for i, ts in self.slots.items()}
        self.quota = {p.id: p.max_meetings for p in problem.participants}
        n = len(problem.slots)
        self.day_of = [0] * n
        for d, day in enumerate(idx.days):
            for t in day:
                self.day_of[t] = d
        self.n_tables = len(problem.tables)
        self.open_tables = sum(1 for tb in problem.tables if tb.reserved_for is None)
        self.guest = [idx.is_guest(m) for m in problem.meetings]
        self.at = dict(chosen)
        self.where: dict[int, dict[int, int]] = {p: {} for p in idx.meetings_of}
        self.runs = {p: [0] * len(idx.days) for p in idx.meetings_of}
        # The slot before and after each slot on its day; -1 (never busy) at a day's ends.
        self.before = [
            t - 1 if t and self.day_of[t - 1] == self.day_of[t] else -1 for t in range(n)
        ]
        self.after = [
            t + 1 if t + 1 < n and self.day_of[t + 1] == self.day_of[t] else -1 for t in range(n)
        ]
        self.per_slot = [0] * n
        self.guests = [0] * n
        self.breaks = 0
        self.cap = problem.max_breaks
        self.person_breaks: dict[int, int] = dict.fromkeys(idx.meetings_of, 0)
        for i, t in chosen.items():
            self._occupy(i, t)
        self.waiting = list(waiting)
        # A left-out required meeting costs more than every break there could be.
        self.left_out = n * len(problem.participants) + 1

    # -- bookkeeping -------------------------------------------------------------------

    def _toggle(self, p: int, t: int, on: bool) -> None:
        """Mark p busy (or idle) at t, t not yet (no longer) in p's slots: update p's
        runs of meetings on t's day, and the breaks (runs but the first)."""
        mine = self.where[p]
        left = self.before[t] in mine
        right = self.after[t] in mine
        if left and right:
            change = -1 if on else 1
        elif left or right:
            return
        else:
            change = 1 if on else -1
        runs = self.runs[p]
        d = self.day_of[t]
        was = runs[d]
        now = was + change
        runs[d] = now
        delta = (now - 1 if now > 1 else 0) - (was - 1 if was > 1 else 0)
        if delta:
            self.person_breaks[p] += delta
            self.breaks += delta

    def _occupy(self, i: int, t: int) -> None:
        for p in self.meetings[i]:
            self._toggle(p, t, True)
            self.where[p][t] = i
        self.at[i] = t
        self.per_slot[t] += 1
        self.guests[t] += self.guest[i]

    def _vacate(self, i: int) -> int:
        t = self.at.pop(i)
        for p in self.meetings[i]:
            del self.where[p][t]
            self._toggle(p, t, False)
        self.per_slot[t] -= 1
        self.guests[t] -= self.guest[i]
        return t

    def fits(self, i: int, t: int, ignore: int | None = None) -> bool:
        """Meeting i could go to slot t: its people are free there (but for meeting
        `ignore`) and a table is left."""
        for p in self.meetings[i]:
            j = self.where[p].get(t)
            if j is not None and j != ignore:
                return False
        same = ignore is not None and self.at.get(ignore) == t
        if self.per_slot[t] - same >= self.n_tables:
            return False
        leaving = same and self.guest[ignore]  # type: ignore[index]
        return not (self.guest[i] and self.guests[t] - leaving >= self.open_tables)

    def within_cap(self, people: tuple[int, ...]) -> bool:
        """Nobody of `people` has more breaks than the cap."""
        if self.cap is None:
            return True
        return all(self.person_breaks[p] <= self.cap for p in people)

    def within_quota(self, people: tuple[int, ...]) -> bool:
        """Nobody of `people` attends more meetings than their quota."""
        for p in people:
            most = self.quota.get(p)
            if most is not None and len(self.where[p]) > most:
                return False
        return True

    def cost(self) -> int:
        return self.left_out * len(self.waiting) + self.breaks


def anneal(
    problem: Problem,
    idx: Index,
    slots: dict[int, list[int]],
    chosen: dict[int, int],
    seconds: float,
    *,
    hold: list[int] | None = None,
    seed: int = 0,
    cancelled: Callable[[], bool] = lambda: False,
    found: Callable[[int, int], None] | None = None,
    until_held: bool = False,
) -> dict[int, int]:
    """A schedule no worse than `chosen` (meeting position -> slot position): fewer breaks,
    and as many of the left-out required meetings `hold` held as it could, within `seconds`.

    `chosen` must satisfy every hard rule; `slots` are the allowed slot positions per meeting.
    `found(waiting, breaks)` hears of better schedules, with the meetings of `hold` still
    left out (at most a few times a second);
    `until_held` stops the search once every meeting of `hold` is held.
    """
    fixed = {i for i, m in enumerate(problem.meetings) if m.fixed_slot is not None}
    for a, b in problem.precedences:
        fixed |= {idx.meeting_pos[a], idx.meeting_pos[b]}
    state = _State(problem, idx, slots, chosen, [i for i in hold or () if slots.get(i)])
    required = {i for i, m in enumerate(problem.meetings) if m.required} - fixed
    movable = [i for i in chosen if i not in fixed and len(state.slots.get(i, ())) > 1]
    may_move = set(movable)
    if not movable and not state.waiting:
        return dict(chosen)
    rng = random.Random(seed)  # noqa: S311 - a search, not security
    best, best_cost, best_breaks = dict(state.at), state.cost(), state.breaks
    best_waiting = len(state.waiting)
    start = time.monotonic()
    temperature = _T_START
    steps = 0
    told = best_cost
    while True:
        steps += 1
        if steps % _CHECK_EVERY == 0:
            elapsed = time.monotonic() - start
            if found is not None and best_cost < told:
                told = best_cost
                found(best_waiting, best_breaks)
            if elapsed >= seconds or cancelled() or best_cost == 0:
                break
            if until_held and best_cost < state.left_out:
                break
            temperature = _T_START * (_T_END / _T_START) ** (elapsed / seconds)
        before = state.cost()
        if state.waiting and (not movable or rng.random() < 0.3):
            undo = _hold_one(state, rng, required)
        elif not movable:
            break
        else:
            kind = rng.random()
            i = rng.choice(movable)
            if kind < 0.4:
                undo = _move(state, i, rng)
            elif kind < 0.7:
                undo = _swap(state, i, rng, fixed)
            else:
                undo = _chain(state, i, rng, fixed)
        if undo is None:
            continue
        delta = state.cost() - before
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            if state.cost() < best_cost:
                best, best_cost, best_breaks = dict(state.at), state.cost(), state.breaks
                best_waiting = len(state.waiting)
            if undo[0] == "held" and undo[1] not in may_move:  # held now: it may move
                movable.append(undo[1])
                may_move.add(undo[1])
            continue
        _undo(state, undo)
    return best


def _move(state: _State, i: int, rng: random.Random) -> tuple | None:
    """Move meeting i to another allowed slot where it fits."""
    t = rng.choice(state.slots[i])
    old = state.at.get(i)
    if old is None or t == old or not state.fits(i, t):
        return None
    state._vacate(i)
    state._occupy(i, t)
    if not state.within_cap(state.meetings[i]):
        state._vacate(i)
        state._occupy(i, old)
        return None
    return ("move", i, old)


def _swap(state: _State, i: int, rng: random.Random, fixed: set[int]) -> tuple | None:
    """Exchange the slots of meeting i and another meeting of one of its participants."""
    ti = state.at.get(i)
    if ti is None:
        return None
    p = rng.choice(state.meetings[i])
    others = state.where[p]
    if len(others) < 2:
        return None
    tj = rng.choice(list(others))
    j = others[tj]
    if j == i or j in fixed or tj not in state.allowed[i] or ti not in state.allowed.get(j, ()):
        return None
    state._vacate(i)
    state._vacate(j)
    if state.fits(i, tj) and state.fits(j, ti):
        state._occupy(i, tj)
        state._occupy(j, ti)
        if state.within_cap(state.meetings[i]) and state.within_cap(state.meetings[j]):
            return ("swap", i, ti, j, tj)
        state._vacate(i)
        state._vacate(j)
    state._occupy(i, ti)
    state._occupy(j, tj)
    return None


def _chain(state: _State, i: int, rng: random.Random, fixed: set[int]) -> tuple | None:
    """Exchange two slots for meeting i and every meeting linked to it through a shared
    participant in either slot (a Kempe chain): nobody is double-booked after."""
    t1 = state.at.get(i)
    if t1 is None:
        return None
    t2 = rng.choice(state.slots[i])
    if t2 == t1:
        return None
    chain, queue = {i: t1}, [i]
    while queue:
        k = queue.pop()
        other = t2 if chain[k] == t1 else t1
        for p in state.meetings[k]:
            j = state.where[p].get(other)
            if j is not None and j not in chain:
                if j in fixed or len(chain) >= _CHAIN_MAX:
                    return None
                chain[j] = other
                queue.append(j)
    for k, t in chain.items():
        if (t2 if t == t1 else t1) not in state.allowed.get(k, ()):
            return None
    gain = {t1: 0, t2: 0}
    guests = {t1: 0, t2: 0}
    for k, t in chain.items():
        to = t2 if t == t1 else t1
        gain[to] += 1
        gain[t] -= 1
        guests[to] += state.guest[k]
        guests[t] -= state.guest[k]
    for t in (t1, t2):
        if state.per_slot[t] + gain[t] > state.n_tables:
            return None
        if guests[t] > 0 and state.guests[t] + guests[t] > state.open_tables:
            return None
    _exchange(state, chain, t1, t2)
    people = tuple({p for k in chain for p in state.meetings[k]})
    if not state.within_cap(people):
        _exchange(state, {k: (t2 if t == t1 else t1) for k, t in chain.items()}, t1, t2)
        return None
    return ("chain", chain, t1, t2)


def _exchange(state: _State, chain: dict[int, int], t1: int, t2: int) -> None:
    """Move every meeting of `chain` (meeting -> its slot, t1 or t2) to the other slot."""
    for k in chain:
        state._vacate(k)
    for k, t in chain.items():
        state._occupy(k, t2 if t == t1 else t1)


def _hold_one(state: _State, rng: random.Random, required: set[int]) -> tuple | None:
    """Hold a waiting meeting in a slot where it fits, or in place of the one required
    meeting in its way, which then waits."""
    k = rng.randrange(len(state.waiting))
    u = state.waiting[k]
    t = rng.choice(state.slots[u])
    if state.fits(u, t):
        out = None
    else:
        blocking = {state.where[p][t] for p in state.meetings[u] if t in state.where[p]}
        if len(blocking) != 1:
            return None
        out = blocking.pop()
        if out not in required or not state.fits(u, t, ignore=out):
            return None
        state._vacate(out)
    state._occupy(u, t)
    people = state.meetings[u] + (state.meetings[out] if out is not None else ())
    if not state.within_cap(people) or not state.within_quota(state.meetings[u]):
        state._vacate(u)
        if out is not None:
            state._occupy(out, t)
        return None
    if out is None:
        state.waiting[k] = state.waiting[-1]
        state.waiting.pop()
    else:
        state.waiting[k] = out
    return ("held", u, k, out, t)


def _undo(state: _State, undo: tuple) -> None:
    kind = undo[0]
    if kind == "chain":
        _, chain, t1, t2 = undo
        _exchange(state, {k: (t2 if t == t1 else t1) for k, t in chain.items()}, t1, t2)
    elif kind == "move":
        _, i, old = undo
        state._vacate(i)
        state._occupy(i, old)
    elif kind == "swap":
        _, i, ti, j, tj = undo
        state._vacate(i)
        state._vacate(j)
        state._occupy(i, ti)
        state._occupy(j, tj)
    else:
        _, u, k, out, t = undo
        state._vacate(u)
        if out is None:
            state.waiting.append(u)
            last = len(state.waiting) - 1
            state.waiting[k], state.waiting[last] = state.waiting[last], state.waiting[k]
        else:
            state._occupy(out, t)
            state.waiting[k] = u
