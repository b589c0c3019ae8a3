"""Small problem builders shared by the solver tests."""

from __future__ import annotations

from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.solver.cpmodel import Vars, add_meeting_vars
from scheduler.solver.index import Index
from scheduler.solver.model import Meeting, Participant, Problem, Slot, Table


def problem(
    meetings: list[tuple[int, ...]],
    *,
    slots: int = 3,
    tables: int = 5,
    people: int | None = None,
    required: bool = False,
    **extra,
) -> Problem:
    """Meetings given as participant tuples; ids are 1-based positions."""
    n = people or max(p for m in meetings for p in m)
    return Problem(
        slots=tuple(Slot(t) for t in range(1, slots + 1)),
        tables=tuple(Table(i, f"T{i}") for i in range(1, tables + 1)),
        participants=tuple(Participant(p) for p in range(1, n + 1)),
        meetings=tuple(Meeting(i, tuple(m), required=required) for i, m in enumerate(meetings, 1)),
        **extra,
    )


def solve_with(prob: Problem, *adders, required: bool = True) -> tuple[str, dict[int, int]]:
    """Solve with only the given constraint functions; return status and meeting -> slot id."""
    model = cp_model.CpModel()
    idx = Index.of(prob)
    v: Vars = add_meeting_vars(model, prob)
    for i in range(len(prob.meetings)):
        if required:
            model.add_exactly_one([v.x[i, t] for t in v.slots_of(i)])
    for add in adders:
        add(model, v, prob, idx)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return name, {}
    slots = {
        prob.meetings[i].id: prob.slots[t].id
        for (i, t), x in v.x.items()
        if solver.boolean_value(x)
    }
    return name, slots


def with_fillers(meetings: list[Meeting], first_person: int) -> Problem:
    """`meetings` among participants 1-4 (2 and 4 with a quota of one), beside four
    independent meetings of priority 100: 400 more points, so that fairness may give up 1."""
    fillers = [
        Meeting(10 + k, (first_person + 2 * k, first_person + 2 * k + 1), priority=100)
        for k in range(4)
    ]
    prob = problem([m.participants for m in meetings + fillers], slots=2)
    people = tuple(replace(p, max_meetings=1) if p.id in (2, 4) else p for p in prob.participants)
    return replace(prob, meetings=tuple(meetings + fillers), participants=people)
