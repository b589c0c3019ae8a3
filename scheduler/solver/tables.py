"""Give placed meetings a table: hosts keep their booth, others keep their table if free."""

from __future__ import annotations

from collections import defaultdict

from .index import Index
from .model import Placement, Problem


def assign_tables(problem: Problem, slot_of: dict[int, int]) -> list[Placement]:
    """Tables for meetings already given a slot (meeting id -> slot id)."""
    idx = Index.of(problem)
    meetings = {m.id: m for m in problem.meetings}
    open_tables = [tb.id for tb in problem.tables if tb.reserved_for is None]
    by_slot: dict[int, list[int]] = defaultdict(list)
    for mid, sid in slot_of.items():
        by_slot[sid].append(mid)
    last_table: dict[int, int] = {}
    out: list[Placement] = []
    for slot in problem.slots:
        used: set[int] = set()
        todo = sorted(
            by_slot.get(slot.id, []),
            key=lambda mid: (idx.is_guest(meetings[mid]), mid),
        )
        for mid in todo:
            parts = meetings[mid].participants
            own = [idx.hosts[p] for p in parts if p in idx.hosts and idx.hosts[p] not in used]
            prev = problem.previous.get(mid)
            wishes = [prev.table] if prev is not None and prev.table is not None else []
            wishes += [last_table[p] for p in parts if p in last_table]
            free = [tb for tb in wishes if tb in open_tables and tb not in used]
            free += [tb for tb in open_tables if tb not in used]
            table = own[0] if own else free[0]
            used.add(table)
            for p in parts:
                last_table[p] = table
            out.append(Placement(mid, slot.id, table))
    order = {m.id: k for k, m in enumerate(problem.meetings)}
    return sorted(out, key=lambda pl: order[pl.meeting])
