"""Solver-independent checker: the readable specification and the test oracle."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .index import Index, allowed_slots, count_breaks
from .model import Placement, Problem


@dataclass
class Report:
    """Hard-rule violations (empty when valid) and recomputed objective values."""

    violations: list[str] = field(default_factory=list)
    objectives: dict[str, int] = field(default_factory=dict)
    breaks: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.violations


def _share_pct(problem: Problem, placed: Counter, idx: Index) -> int:
    """Worst share of placeable requests (those with a common free slot) that were placed."""
    shares = []
    possible = [bool(allowed_slots(problem, m, idx.people)) for m in problem.meetings]
    for p in problem.participants:
        wanted = sum(possible[i] for i in idx.meetings_of.get(p.id, ()))
        if p.max_meetings is not None:
            wanted = min(wanted, p.max_meetings)
        if wanted > 0:
            shares.append(100 * placed[p.id] // wanted)
    return min(shares, default=100)


def objectives(problem: Problem, placements: list[Placement]) -> tuple[dict[str, int], dict]:
    """Recompute every objective of a schedule, and breaks per participant."""
    idx = Index.of(problem)
    meetings = {m.id: m for m in problem.meetings}
    slots_of: dict[int, list[int]] = {p.id: [] for p in problem.participants}
    placed: Counter = Counter()
    for pl in placements:
        for p in meetings[pl.meeting].participants:
            slots_of.setdefault(p, []).append(idx.slot_pos[pl.slot])
            placed[p] += 1
    breaks = {p: count_breaks(ts, idx.days) for p, ts in slots_of.items()}
    moved = sum(
        1
        for pl in placements
        if pl.meeting in problem.previous and problem.previous[pl.meeting].slot != pl.slot
    )
    held = {pl.meeting for pl in placements}
    moved += sum(1 for m in problem.previous if m in meetings and m not in held)
    table_moves = sum(
        1
        for pl in placements
        if pl.meeting in problem.previous
        and problem.previous[pl.meeting].table is not None
        and problem.previous[pl.meeting].table != pl.table
    )
    values = {
        "placed_priority": sum(meetings[pl.meeting].priority for pl in placements),
        "placed": len(placements),
        "min_share_pct": _share_pct(problem, placed, idx),
        "breaks": sum(breaks.values()),
        "moved": moved,
        "table_moves": table_moves,
    }
    return values, breaks


def validate(
    problem: Problem,
    placements: list[Placement],
    *,
    check_tables: bool = True,
    partial: bool = False,
) -> Report:
    """Check every hard rule of `problem` on `placements` and recompute objectives.

    `partial=True` checks a PARTIAL schedule: required meetings may be missing, pinned
    ones may not, and every other rule holds.
    """
    out: list[str] = []
    idx = Index.of(problem)
    meetings = {m.id: m for m in problem.meetings}
    people = {p.id: p for p in problem.participants}
    tables = {t.id: t for t in problem.tables}
    slot_ids = set(idx.slot_pos)
    where: dict[int, int] = {}
    for pl in placements:
        if pl.meeting not in meetings:
            out.append(f"meeting {pl.meeting} does not exist")
        elif pl.meeting in where:
            out.append(f"meeting {pl.meeting} is placed twice")
        elif pl.slot not in slot_ids:
            out.append(f"meeting {pl.meeting} is in unknown slot {pl.slot}")
        else:
            where[pl.meeting] = pl.slot
    if out:
        return Report(out)
    placements = [pl for pl in placements if pl.meeting in where]
    for m in problem.meetings:
        t = where.get(m.id)
        if t is None:
            if m.fixed_slot is not None or (m.required and not partial):
                out.append(f"meeting {m.id} must be placed")
            continue
        slot = problem.slots[idx.slot_pos[t]]
        if m.sessions is not None and slot.session not in m.sessions:
            out.append(f"meeting {m.id} is outside its sessions {sorted(m.sessions)}")
        if m.fixed_slot is not None and t != m.fixed_slot:
            out.append(f"meeting {m.id} is pinned to slot {m.fixed_slot} but is in {t}")
        for p in m.participants:
            if t in people[p].blocked:
                out.append(f"meeting {m.id}: participant {p} is unavailable in slot {t}")
    busy = Counter(
        (p, where[m.id]) for m in problem.meetings if m.id in where for p in m.participants
    )
    out += [f"participant {p} has {n} meetings in slot {t}" for (p, t), n in busy.items() if n > 1]
    per_slot = Counter(where.values())
    out += [
        f"slot {t} has {n} meetings for {len(tables)} tables"
        for t, n in per_slot.items()
        if n > len(tables)
    ]
    for a, b in problem.precedences:
        if a in where and b in where and idx.slot_pos[where[a]] >= idx.slot_pos[where[b]]:
            out.append(f"meeting {a} must come before meeting {b}")
    count = Counter(p for m in problem.meetings if m.id in where for p in m.participants)
    for p in problem.participants:
        if p.max_meetings is not None and count[p.id] > p.max_meetings:
            out.append(f"participant {p.id} has {count[p.id]} meetings, quota {p.max_meetings}")
    if check_tables:
        out += _check_tables(problem, placements, tables, meetings, idx)
    values, breaks = objectives(problem, placements)
    if problem.max_breaks is not None:
        out += [
            f"participant {p} has {b} breaks, cap {problem.max_breaks}"
            for p, b in breaks.items()
            if b > problem.max_breaks
        ]
    return Report(out, values, breaks)


def _check_tables(problem, placements, tables, meetings, idx) -> list[str]:
    out = []
    used = Counter((pl.slot, pl.table) for pl in placements)
    out += [f"table {tb} has {n} meetings in slot {t}" for (t, tb), n in used.items() if n > 1]
    for pl in placements:
        if pl.table not in tables:
            out.append(f"meeting {pl.meeting} has unknown table {pl.table}")
            continue
        parts = meetings[pl.meeting].participants
        host = tables[pl.table].reserved_for
        if host is not None and host not in parts:
            out.append(f"meeting {pl.meeting} uses table {pl.table} reserved for {host}")
        own = [idx.hosts[p] for p in parts if p in idx.hosts]
        if own and pl.table not in own:
            out.append(f"meeting {pl.meeting} must be at its host's table {own[0]}")
    return out
