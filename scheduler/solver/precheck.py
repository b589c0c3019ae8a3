"""Contradictions found before solving, each naming the conflicting items."""

from __future__ import annotations

from collections import Counter, defaultdict

from .index import Index, allowed_slots
from .model import Problem


def _pin_conflicts(problem: Problem, idx: Index) -> list[str]:
    out = []
    people = {p.id: p for p in problem.participants}
    pins: Counter = Counter()
    per_slot: Counter = Counter()
    for m in problem.meetings:
        t = m.fixed_slot
        if t is None:
            continue
        if t not in idx.slot_pos:
            out.append(f"meeting {m.id} is pinned to unknown slot {t}")
            continue
        per_slot[t] += 1
        session = problem.slots[idx.slot_pos[t]].session
        if m.sessions is not None and session not in m.sessions:
            out.append(
                f"meeting {m.id} is pinned to slot {t} in session '{session}' "
                f"but is restricted to {sorted(m.sessions)}"
            )
        for p in m.participants:
            pins[p, t] += 1
            if t in people[p].workshops:
                out.append(
                    f"meeting {m.id} is pinned to slot {t}, "
                    f"where participant {p} attends a workshop"
                )
            elif t in people[p].unavailable:
                out.append(
                    f"meeting {m.id} is pinned to slot {t}, where participant {p} is unavailable"
                )
    out += [
        f"participant {p} has {n} meetings pinned to slot {t}"
        for (p, t), n in pins.items()
        if n > 1
    ]
    out += [
        f"{n} meetings are pinned to slot {t} but there are {len(problem.tables)} tables"
        for t, n in per_slot.items()
        if n > len(problem.tables)
    ]
    return out


def _capacity_conflicts(problem: Problem, idx: Index) -> list[str]:
    out = []
    people = {p.id: p for p in problem.participants}
    allowed = {m.id: set(allowed_slots(problem, m, people)) for m in problem.meetings}
    for m in problem.meetings:
        if m.must_hold and not allowed[m.id] and m.fixed_slot is None:
            out.append(
                f"meeting {m.id} must be placed but has no slot free for all its "
                f"participants {list(m.participants)}"
            )
    for p in problem.participants:
        mine = (problem.meetings[i] for i in idx.meetings_of.get(p.id, ()))
        must = [m for m in mine if m.must_hold]
        if p.max_meetings is not None and len(must) > p.max_meetings:
            out.append(
                f"participant {p.id} must attend {len(must)} meetings "
                f"but has a quota of {p.max_meetings}"
            )
        groups: dict[frozenset, list[int]] = defaultdict(list)
        for m in must:
            groups[m.sessions or frozenset()].append(m.id)
        groups[frozenset({"*"})] = [m.id for m in must]
        for ids in groups.values():
            free = set().union(*(allowed[i] for i in ids)) if ids else set()
            if len(ids) > len(free):
                out.append(
                    f"participant {p.id} must attend meetings {ids} "
                    f"but has only {len(free)} free slots for them"
                )
                break
    return out


def _precedence_conflicts(problem: Problem, idx: Index) -> list[str]:
    out = []
    fixed = {m.id: m.fixed_slot for m in problem.meetings}
    for a, b in problem.precedences:
        if a not in idx.meeting_pos or b not in idx.meeting_pos:
            out.append(f"precedence ({a}, {b}) names an unknown meeting")
            continue
        ta, tb = fixed.get(a), fixed.get(b)
        if ta in idx.slot_pos and tb in idx.slot_pos and idx.slot_pos[ta] >= idx.slot_pos[tb]:
            out.append(
                f"meeting {a} must come before meeting {b}, "
                f"but they are pinned to slots {ta} and {tb}"
            )
    succ: dict[int, list[int]] = defaultdict(list)
    for a, b in problem.precedences:
        succ[a].append(b)
    state: dict[int, int] = {}

    def cyclic(v: int) -> bool:
        state[v] = 1
        for w in succ[v]:
            if state.get(w) == 1 or (w not in state and cyclic(w)):
                return True
        state[v] = 2
        return False

    for v in list(succ):
        if v not in state and cyclic(v):
            out.append(f"the precedences form a cycle through meeting {v}")
            break
    return out


def find_conflicts(problem: Problem) -> list[str]:
    """Contradictions in the input that make any schedule impossible."""
    idx = Index.of(problem)
    out = _pin_conflicts(problem, idx) + _precedence_conflicts(problem, idx)
    # Capacity findings would only repeat the consequences of a bad pin.
    return out or _capacity_conflicts(problem, idx)
