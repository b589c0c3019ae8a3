"""The four objectives, in strict order of importance, as CP-SAT expressions."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .cpmodel import Vars
from .index import Index, placeable_requests
from .model import Problem


@dataclass(frozen=True)
class Objective:
    """One stage of the lexicographic optimisation."""

    name: str
    sense: str
    expr: cp_model.LinearExprT
    constant: bool


def placed_priority(model: cp_model.CpModel, v: Vars, problem: Problem) -> Objective:
    """1. Meetings placed, weighted by priority (maximise)."""
    expr = sum(m.priority * v.placed[i] for i, m in enumerate(problem.meetings))
    constant = all(m.must_hold for m in problem.meetings)
    return Objective("placed_priority", "max", expr, constant)


def min_share(model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index) -> Objective:
    """2. Fairness: the worst-off participant's share of meetings, in percent (maximise)."""
    z = model.new_int_var(0, 100, "min_share_pct")
    # Meetings without any common free slot cannot count against anyone's share.
    for mine, wanted in placeable_requests(problem, idx, v.slots).values():
        # 100 * placed >= z * wanted, floor division matches the validator.
        model.add(100 * sum(v.placed[i] for i in mine) >= wanted * z)
    constant = all(m.must_hold for m in problem.meetings)
    return Objective("min_share_pct", "max", z, constant)


def breaks(v: Vars) -> Objective:
    """3. Compact days: total breaks (minimise)."""
    lits = list(v.brk.values())
    return Objective("breaks", "min", sum(lits), not lits)


def moved(v: Vars, problem: Problem, idx: Index) -> Objective:
    """4. Stability: announced meetings moved to another slot or dropped (minimise)."""
    terms = []
    for mid, pl in problem.previous.items():
        i, t = idx.meeting_pos.get(mid), idx.slot_pos.get(pl.slot)
        if i is None:
            continue
        lit = v.x.get((i, t)) if t is not None else None
        terms.append(1 - lit if lit is not None else 1)
    return Objective("moved", "min", sum(terms), not terms)


def all_objectives(
    model: cp_model.CpModel, v: Vars, problem: Problem, idx: Index
) -> list[Objective]:
    """The objectives in order of importance."""
    return [
        placed_priority(model, v, problem),
        min_share(model, v, problem, idx),
        breaks(v),
        moved(v, problem, idx),
    ]


def trivial_bound(problem: Problem, name: str) -> int:
    """The bound to report for a stage the time limit left unsolved."""
    if name == "placed_priority":
        return sum(m.priority for m in problem.meetings)
    return 100 if name == "min_share_pct" else 0
