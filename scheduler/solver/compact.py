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
from dataclasses import dataclass, replace

from .index import Index, placeable_requests
from .model import Problem
from .neighbourhoods import share_of

_T_START, _T_END = 0.5, 0.05
_CHECK_EVERY = 256
# Holding required meetings: no better schedule for this long (seconds, or share of the
# search's time), and LNS takes over (it can prove that no more can be held). The other
# goals first get worse at high temperature: they use all their time.
_STALL_MIN, _STALL_SHARE = 1.0, 0.25
# Seconds between two progress reports.
_TELL_EVERY = 0.5
# Longest Kempe chain tried: longer ones rarely pay and cost their length to score.
_CHAIN_MAX = 24
# Participants drawn to find one with a break: when few have one, the other moves do.
_GAP_TRIES = 8
# Share of the moves aimed at a break (0.3 and 0.45 did no better than 0.15).
_GAP_SHARE = 0.15


@dataclass(frozen=True)
class Figures:
    """What a schedule of the search reaches."""

    waiting: int  # meetings to hold still left out
    breaks: int
    priority: int  # of the meetings held
    share: int  # the worst-off participant's share of their requests, in percent


class _State:
    """A schedule with the bookkeeping that makes a move cost O(1) to score."""

    def __init__(
        self,
        problem: Problem,
        idx: Index,
        slots: dict[int, list[int]],
        chosen: dict[int, int],
        waiting: list[int],
        track_shares: bool = True,
    ) -> None:
        self.problem, self.idx = problem, idx
        # Only the fairness goal reads the shares at every step; counting them was the
        # costliest part of a move for the other goals.
        self.track_shares = track_shares
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
        self.weight = [m.priority for m in problem.meetings]
        self.priority = 0
        self.goal = "breaks"
        self.floor = -1  # least priority a schedule must keep (the fairness goal)
        # Fairness: each participant's placeable requests (quota-capped) and how many
        # participants hold each share in percent.
        self.wanted = {
            p: wanted for p, (_, wanted) in placeable_requests(problem, idx, self.slots).items()
        }
        self.shares = [0] * 201  # above 100 for a moment while a quota is exceeded
        self.shares[0] = len(self.wanted)
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
        self.in_slot: list[set[int]] = [set() for _ in range(n)]
        self.guests = [0] * n
        self.breaks = 0
        self.cap = problem.max_breaks
        self.person_breaks: dict[int, int] = dict.fromkeys(idx.meetings_of, 0)
        self.people = list(self.person_breaks)
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

    def _count(self, p: int, change: int) -> None:
        """p now holds `change` more meetings: move p to their new share."""
        want = self.wanted.get(p)
        if want:
            held = len(self.where[p])
            self.shares[100 * (held - change) // want] -= 1
            self.shares[100 * held // want] += 1

    def _occupy(self, i: int, t: int) -> None:
        for p in self.meetings[i]:
            self._toggle(p, t, True)
            self.where[p][t] = i
            if self.track_shares:
                self._count(p, 1)
        self.at[i] = t
        self.priority += self.weight[i]
        self.per_slot[t] += 1
        self.guests[t] += self.guest[i]
        self.in_slot[t].add(i)

    def _vacate(self, i: int) -> int:
        t = self.at.pop(i)
        self.priority -= self.weight[i]
        for p in self.meetings[i]:
            del self.where[p][t]
            self._toggle(p, t, False)
            if self.track_shares:
                self._count(p, -1)
        self.per_slot[t] -= 1
        self.guests[t] -= self.guest[i]
        self.in_slot[t].discard(i)
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

    def lowest_share(self) -> int:
        """The fairness figure: the worst-off participant's share, in percent."""
        if not self.track_shares:
            return share_of(self.problem, self.idx, self.slots, self.at)
        return next((k for k, n in enumerate(self.shares) if n), 100)

    def figures(self) -> Figures:
        """The figures of the current schedule; without tracked shares, its share is
        left at -1 (see `completed`)."""
        share = self.lowest_share() if self.track_shares else -1
        return Figures(len(self.waiting), self.breaks, self.priority, share)

    def completed(self, figures: Figures, schedule: dict[int, int]) -> Figures:
        """`figures` of `schedule` with its share, counted afresh if it was not tracked."""
        if figures.share >= 0:
            return figures
        return replace(figures, share=share_of(self.problem, self.idx, self.slots, schedule))

    def cost(self) -> int:
        """What the search minimises: meetings left out, then breaks; or, by priority,
        the priority of the meetings held (maximised); or, for fairness, the worst-off
        participants' share (maximised), then how many they are."""
        if self.goal == "priority":
            return -self.priority
        if self.goal == "fairness":
            low = self.lowest_share()
            return -low * (len(self.wanted) + 1) + self.shares[low]
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
    found: Callable[[Figures], None] | None = None,
    until_held: bool = False,
    goal: str = "breaks",
    floor: int = -1,
    worst: list[int] | None = None,
) -> dict[int, int]:
    """A schedule no worse than `chosen` (meeting position -> slot position): fewer breaks,
    and as many of the left-out required meetings `hold` held as it could, within `seconds`.
    Other goals (breaks do not count in them): `"priority"`, more meetings held by priority,
    a meeting neither required nor pinned giving way to one of higher priority;
    `"fairness"`, a higher share of their requests for the worst-off participants, the
    priority held never below `floor`, for the requests of the participants `worst`.

    `chosen` must satisfy every hard rule; `slots` are the allowed slot positions per meeting.
    `found` hears the figures of better schedules (at most a few times a second);
    `until_held` stops the search once every meeting of `hold` is held, or when it has held
    no more for a quarter of its time.
    """
    fixed = {i for i, m in enumerate(problem.meetings) if m.fixed_slot is not None}
    for a, b in problem.precedences:
        fixed |= {idx.meeting_pos[a], idx.meeting_pos[b]}
    by_priority = goal != "breaks"
    if by_priority:
        hold = [i for i in range(len(problem.meetings)) if i not in chosen and i not in fixed]
    if goal == "fairness":
        hold = [i for i in hold or () if set(problem.meetings[i].participants) & set(worst)]
    state = _State(
        problem,
        idx,
        slots,
        chosen,
        [i for i in hold or () if slots.get(i)],
        track_shares=goal == "fairness",
    )
    state.goal, state.floor = goal, floor
    required = {i for i, m in enumerate(problem.meetings) if m.required} - fixed
    ejectable = {i for i, m in enumerate(problem.meetings) if not m.must_hold} - fixed
    movable = [i for i in chosen if i not in fixed and len(state.slots.get(i, ())) > 1]
    may_move = set(movable)
    if not movable and not state.waiting:
        return dict(chosen)
    rng = random.Random(seed)  # noqa: S311 - a search, not security
    best, best_cost, figures = dict(state.at), state.cost(), state.figures()
    start = time.monotonic()
    temperature = _T_START
    steps = 0
    told, last_told = best_cost, -_TELL_EVERY
    last_better = 0.0
    while True:
        steps += 1
        if steps % _CHECK_EVERY == 0:
            elapsed = time.monotonic() - start
            if found is not None and best_cost < told and elapsed - last_told >= _TELL_EVERY:
                told, last_told = best_cost, elapsed
                found(state.completed(figures, best))
            stalled = until_held and elapsed - last_better > max(_STALL_MIN, _STALL_SHARE * seconds)
            if elapsed >= seconds or stalled or cancelled() or (best_cost == 0 and not by_priority):
                break
            if until_held and not by_priority and best_cost < state.left_out:
                break
            temperature = _T_START * (_T_END / _T_START) ** (elapsed / seconds)
        before = state.cost()
        if state.waiting and (not movable or rng.random() < 0.3):
            if by_priority:
                undo = _insert(state, rng, ejectable)
            else:
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
            elif kind < 1 - _GAP_SHARE or by_priority:
                undo = _chain(state, i, rng, fixed)
            else:
                undo = _fill_gap(state, rng, fixed)
        if undo is None:
            continue
        delta = state.cost() - before
        if delta <= 0 or rng.random() < math.exp(-delta / temperature):
            if state.cost() < best_cost:
                best, best_cost, figures = dict(state.at), state.cost(), state.figures()
                last_better = time.monotonic() - start
            if undo[0] in ("held", "insert") and undo[1] not in may_move:  # held now: it may move
                movable.append(undo[1])
                may_move.add(undo[1])
            continue
        _undo(state, undo)
    if found is not None and best_cost < told:
        found(state.completed(figures, best))
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


def _fill_gap(state: _State, rng: random.Random, fixed: set[int]) -> tuple | None:
    """A Kempe chain aimed at a break: one meeting of someone with a break moved into an
    idle slot between two of their meetings on a day. Random moves seldom hit the few
    slots that matter once most breaks are gone."""
    for _ in range(_GAP_TRIES):
        p = rng.choice(state.people)
        if state.person_breaks[p] > 0:
            break
    else:
        return None
    mine = state.where[p]
    day = state.day_of[rng.choice(list(mine))]
    busy = [t for t in mine if state.day_of[t] == day]
    gaps = [t for t in range(min(busy) + 1, max(busy)) if t not in mine]
    if not gaps:
        return None
    i = mine[rng.choice(list(mine))]
    t2 = rng.choice(gaps)
    if i in fixed or t2 not in state.allowed.get(i, ()):
        return None
    return _chain(state, i, rng, fixed, t2)


def _chain(
    state: _State, i: int, rng: random.Random, fixed: set[int], t2: int | None = None
) -> tuple | None:
    """Exchange two slots (the second `t2`, or drawn) for meeting i and every meeting
    linked to it through a shared participant in either slot (a Kempe chain): nobody is
    double-booked after."""
    t1 = state.at.get(i)
    if t1 is None:
        return None
    if t2 is None:
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


def _insert(state: _State, rng: random.Random, ejectable: set[int]) -> tuple | None:
    """Hold a waiting meeting in one of its slots, in place of the meetings in its way there
    (its people's, or one at the last table), and, for someone over their quota, of another
    of theirs (none required or pinned)."""
    k = rng.randrange(len(state.waiting))
    u = state.waiting[k]
    t = rng.choice(state.slots[u])
    blocking = {state.where[p][t] for p in state.meetings[u] if t in state.where[p]}
    if len(blocking) > 2 or not blocking <= ejectable:
        return None
    out = [(j, state._vacate(j)) for j in blocking]
    if not state.fits(u, t):  # every table taken: one more gives way
        there = [
            j
            for j in state.in_slot[t]
            if j in ejectable
            and state.guest[j] >= state.guest[u]
            and state.weight[j] <= state.weight[u]
        ]
        if there:
            j = rng.choice(there)
            out.append((j, state._vacate(j)))
    if state.fits(u, t):
        state._occupy(u, t)
        for p in state.meetings[u]:
            most = state.quota.get(p)
            if most is None or len(state.where[p]) <= most:
                continue
            theirs = [j for j in state.where[p].values() if j != u and j in ejectable]
            if not theirs:
                break
            j = rng.choice(theirs)
            out.append((j, state._vacate(j)))
        else:
            people = {p for j, _ in out for p in state.meetings[j]} | set(state.meetings[u])
            if state.within_cap(tuple(people)) and state.priority >= state.floor:
                state.waiting[k] = state.waiting[-1]
                state.waiting.pop()
                state.waiting.extend(j for j, _ in out)
                return ("insert", u, k, out)
        state._vacate(u)
    for j, tj in reversed(out):
        state._occupy(j, tj)
    return None


def _undo(state: _State, undo: tuple) -> None:
    kind = undo[0]
    if kind == "insert":
        _, u, k, out = undo
        state._vacate(u)
        for j, tj in reversed(out):
            state._occupy(j, tj)
        del state.waiting[len(state.waiting) - len(out) :]
        state.waiting.append(u)
        last = len(state.waiting) - 1
        state.waiting[k], state.waiting[last] = state.waiting[last], state.waiting[k]
    elif kind == "chain":
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
