"""CP-SAT variables and constraints: one function per rule of the problem."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .index import Index, allowed_slots
from .model import Problem

Lit = cp_model.IntVar


@dataclass
class Vars:
    """Variable container: x[i, t] is true when meeting position i is in slot position t."""

    x: dict[tuple[int, int], Lit] = field(default_factory=dict)
    placed: dict[int, cp_model.LinearExprT] = field(default_factory=dict)
    busy: dict[tuple[int, int], Lit] = field(default_factory=dict)
    brk: dict[tuple[int, int], Lit] = field(default_factory=dict)
    slots: dict[int, list[int]] = field(default_factory=dict)
    busy_by_slot: dict[int, list[Lit]] = field(default_factory=dict)
    busy_by_person: dict[int, list[Lit]] = field(default_factory=dict)
    brk_by_person: dict[int, list[Lit]] = field(default_factory=dict)
    need_busy: bool = True

    def slots_of(self, i: int) -> list[int]:
        """Slot positions available to meeting position i."""
        return self.slots.get(i, [])

    def breaks_of(self, p: int) -> list[Lit]:
        """Break indicators of participant id p."""
        return self.brk_by_person.get(p, [])

    def extract(self, value: Callable[[Lit], bool]) -> dict[int, int]:
        """The schedule of a solution: meeting position -> slot position, meetings held only."""
        return {i: t for (i, t), lit in self.x.items() if value(lit)}

    def hint(self, model: cp_model.CpModel, chosen: Mapping[int, int]) -> None:
        """Replace the model's hints by the schedule `chosen` (meeting -> slot position)."""
        model.clear_hints()
        # Straight into the proto: add_hint one by one takes seconds on large events.
        hint = model.proto.solution_hint
        hint.vars.extend([lit.index for lit in self.x.values()])
        hint.values.extend([int(chosen.get(i) == t) for i, t in self.x])


def add_meeting_vars(model: cp_model.CpModel, problem: Problem) -> Vars:
    """One Boolean per meeting and allowed slot (session, availability and pin filter)."""
    v = Vars()
    people = {p.id: p for p in problem.participants}
    for i, m in enumerate(problem.meetings):
        v.slots[i] = allowed_slots(problem, m, people)
        for t in v.slots[i]:
            v.x[i, t] = model.new_bool_var(f"x_{m.id}_{t}")
    v.placed = {i: sum(v.x[i, t] for t in v.slots[i]) for i in range(len(problem.meetings))}
    return v


def add_meeting_once(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """A meeting is held at most once; required and pinned meetings exactly once."""
    for i, m in enumerate(problem.meetings):
        lits = [v.x[i, t] for t in v.slots_of(i)]
        if m.must_hold:
            model.add_exactly_one(lits)
        elif len(lits) > 1:
            model.add_at_most_one(lits)


def add_no_double_booking(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """A participant attends at most one meeting per slot; defines busy[p, t]."""
    for p in problem.participants:
        for t in range(len(problem.slots)):
            lits = [v.x[i, t] for i in idx.meetings_of.get(p.id, ()) if (i, t) in v.x]
            if not v.need_busy:
                if len(lits) > 1:
                    model.add_at_most_one(lits)
                continue
            if len(lits) == 1:
                b = lits[0]
            elif lits:
                b = model.new_bool_var(f"busy_{p.id}_{t}")
                model.add(sum(lits) == b)
            else:
                continue
            v.busy[p.id, t] = b
            v.busy_by_slot.setdefault(t, []).append(b)
            v.busy_by_person.setdefault(p.id, []).append(b)


def add_table_capacity(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """Per slot, meetings fit the tables; meetings without a host fit the open tables."""
    open_tables = sum(1 for tb in problem.tables if tb.reserved_for is None)
    lits: dict[int, list[Lit]] = {t: [] for t in range(len(problem.slots))}
    guests: dict[int, list[Lit]] = {t: [] for t in range(len(problem.slots))}
    for (i, t), x in v.x.items():
        lits[t].append(x)
        if idx.is_guest(problem.meetings[i]):
            guests[t].append(x)
    for t in lits:
        if len(lits[t]) > len(problem.tables):
            model.add(sum(lits[t]) <= len(problem.tables))
        if len(guests[t]) > open_tables:
            model.add(sum(guests[t]) <= open_tables)


def add_fixed_meetings(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """A pinned meeting is held in its slot."""
    for i, m in enumerate(problem.meetings):
        if m.fixed_slot is None:
            continue
        t = idx.slot_pos.get(m.fixed_slot)
        if t is None or (i, t) not in v.x:
            model.add_bool_or([])
        else:
            model.add(v.x[i, t] == 1)


def add_precedences(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """If both are held, meeting a is in a strictly earlier slot than meeting b."""
    for a, b in problem.precedences:
        ia, ib = idx.meeting_pos[a], idx.meeting_pos[b]
        for t in v.slots_of(ib):
            later = [v.x[ia, u] for u in v.slots_of(ia) if u >= t]
            if later:
                model.add_at_most_one([v.x[ib, t], *later])


def add_quota(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """A participant attends at most max_meetings meetings."""
    for p in problem.participants:
        mine = idx.meetings_of.get(p.id, ())
        if p.max_meetings is not None and len(mine) > p.max_meetings:
            model.add(sum(v.placed[i] for i in mine) <= p.max_meetings)


def add_breaks(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """brk[p, t] marks a meeting at t after an idle t-1 with an earlier meeting that day."""
    for p in problem.participants:
        if len(idx.meetings_of.get(p.id, ())) < 2:
            continue
        for day in idx.days:
            seen = None
            for k, t in enumerate(day):
                busy = v.busy.get((p.id, t))
                prev = v.busy.get((p.id, day[k - 1])) if k else None
                if busy is not None and prev is not None and seen is not None:
                    b = model.new_bool_var(f"brk_{p.id}_{t}")
                    model.add_bool_or([~busy, prev, ~seen, b])
                    model.add_implication(b, busy)
                    model.add_implication(b, ~prev)
                    model.add_implication(b, seen)
                    v.brk[p.id, t] = b
                    v.brk_by_person.setdefault(p.id, []).append(b)
                elif busy is not None and prev is None and seen is not None:
                    b = model.new_bool_var(f"brk_{p.id}_{t}")
                    model.add_bool_and([busy, seen]).only_enforce_if(b)
                    model.add_bool_or([~busy, ~seen, b])
                    v.brk[p.id, t] = b
                    v.brk_by_person.setdefault(p.id, []).append(b)
                seen = _or_chain(model, seen, busy, f"seen_{p.id}_{t}")


def _or_chain(model: cp_model.CpModel, seen: Lit | None, busy: Lit | None, name: str) -> Lit | None:
    if busy is None or seen is None:
        return busy if seen is None else seen
    s = model.new_bool_var(name)
    model.add_bool_or([~s, seen, busy])
    model.add_implication(seen, s)
    model.add_implication(busy, s)
    return s


def add_break_cap(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """Nobody has more than max_breaks breaks."""
    if problem.max_breaks is None:
        return
    for p in problem.participants:
        lits = v.breaks_of(p.id)
        if len(lits) > problem.max_breaks:
            model.add(sum(lits) <= problem.max_breaks)


def add_implied(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> None:
    """Redundant constraints that tighten propagation (JAIR implied constraints)."""
    for p in problem.participants:
        mine = idx.meetings_of.get(p.id, ())
        if mine and all(problem.meetings[i].required for i in mine):
            model.add(sum(v.busy_by_person.get(p.id, [])) == len(mine))
    if all(len(m.participants) == 2 for m in problem.meetings):
        for t in range(len(problem.slots)):
            busy = v.busy_by_slot.get(t, [])
            if len(busy) > 2 * len(problem.tables):
                model.add(sum(busy) <= 2 * len(problem.tables))


def build(
    model: cp_model.CpModel,
    problem: Problem,
    idx: Index,
    implied: bool = True,
    breaks: bool = True,
) -> Vars:
    """All hard constraints of the problem."""
    v = add_meeting_vars(model, problem)
    v.need_busy = breaks
    add_meeting_once(model, v, problem, idx)
    add_fixed_meetings(model, v, problem, idx)
    add_no_double_booking(model, v, problem, idx)
    add_table_capacity(model, v, problem, idx)
    add_precedences(model, v, problem, idx)
    add_quota(model, v, problem, idx)
    if breaks:
        add_breaks(model, v, problem, idx)
        add_break_cap(model, v, problem, idx)
    if implied and breaks:
        add_implied(model, v, problem, idx)
    return v
