"""`solve`: lexicographic CP-SAT optimisation in stages, one stage per objective."""

from __future__ import annotations

import math
import pickle
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .bounds import placed_priority_bound
from .cpmodel import Vars, build
from .explain import explain
from .greedy import greedy
from .index import Index
from .maxsat import Answer as MaxSatAnswer
from .maxsat import MaxSatProcess
from .maxsat import applies as maxsat_applies
from .model import ObjectiveReport, Problem, Progress, Result
from .objectives import Objective, all_objectives
from .precheck import find_conflicts
from .tables import assign_tables
from .validate import objectives as recompute
from .validate import validate

# On events this large, CP-SAT's presolve costs more time than it saves.
_LARGE_MODEL = 50_000
_LARGE = {"cp_model_presolve": False, "symmetry_level": 0, "cp_model_probing_level": 0}
# Seconds a large event needs at least to rebuild its model with break variables.
_REBUILD_MIN = 15.0
# Shares of the breaks stage given to core-based search and to probes from its bound.
_CORE_SHARE = 0.45
_PROBE_SHARE = 0.30
# Share of the remaining time given to each stage, by objective name.
_WEIGHT = {"placed_priority": 4, "min_share_pct": 1, "breaks": 3, "moved": 1, "feasible": 1}
_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        stage: str,
        start: float,
        progress: Callable[[Progress], None] | None,
        stop: _Stop | None = None,
    ):
        super().__init__()
        self.stage, self.start, self.progress, self.stop = stage, start, progress, stop

    def on_solution_callback(self) -> None:
        if self.stop is not None and self.stage == "breaks":
            self.stop.best = min(self.stop.best, self.objective_value)
        if self.progress is not None:
            self.progress(
                Progress(
                    self.stage,
                    self.objective_value + 0.0,  # -0.0 (a maximised zero) becomes 0.0
                    self.best_objective_bound + 0.0,
                    time.monotonic() - self.start,
                )
            )


class _Stop:
    """When to stop CP-SAT: the caller cancels, MaxSAT finishes first, or the two meet.

    `floor` is the lower bound on breaks that MaxSAT has proven so far; `best` is the
    fewest breaks of a CP-SAT schedule. Once best <= floor, that schedule is optimal.
    """

    def __init__(
        self,
        *events: threading.Event | None,
        floor: Callable[[], int] | None = None,
    ) -> None:
        self.events = [e for e in events if e is not None]
        self.floor = floor
        self.best = math.inf

    @property
    def active(self) -> bool:
        return bool(self.events) or self.floor is not None

    def met(self) -> bool:
        return self.floor is not None and self.best <= self.floor()

    def is_set(self) -> bool:
        return self.met() or any(e.is_set() for e in self.events)

    def lower(self) -> int:
        return self.floor() if self.floor is not None else 0


def _watch(stop: _Stop, done: threading.Event, solver: cp_model.CpSolver) -> None:
    while not done.wait(0.05):
        if stop.is_set():
            solver.stop_search()
            return


def _run_stage(model, obj, limit, params, progress, stop, start):
    if obj.name != "feasible":
        (model.maximize if obj.sense == "max" else model.minimize)(obj.expr)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit)
    for key, value in params.items():
        if isinstance(value, list):
            getattr(solver.parameters, key).extend(value)
        else:
            setattr(solver.parameters, key, value)
    if progress is not None and obj.name != "feasible":

        def on_bound(bound: float) -> None:
            progress(Progress(obj.name, math.nan, bound + 0.0, time.monotonic() - start))

        solver.best_bound_callback = on_bound
    if stop is not None and stop.is_set():
        return solver, cp_model.UNKNOWN
    done = threading.Event()
    if stop is not None and stop.active:
        threading.Thread(target=_watch, args=(stop, done, solver), daemon=True).start()
    try:
        status = solver.solve(model, _Reporter(obj.name, start, progress, stop))
    finally:
        done.set()
    return solver, status


def _core_then_default(model, obj, limit, params, progress, stop, start):
    """Breaks stage: core search, then probes upwards from its bound, then the portfolio.

    Core-based search proves lower bounds fast; a probe "breaks <= bound" is a plain
    satisfaction problem that the default search often solves when core search cannot.
    """
    t0 = time.monotonic()
    core = {**params, "num_workers": 1, "subsolvers": ["core"]}
    solver, status = _run_stage(model, obj, limit * _CORE_SHARE, core, progress, stop, start)
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or stop.is_set():
        return solver, status
    lower = max(math.ceil(solver.best_objective_bound - 1e-6), stop.lower())
    while time.monotonic() - t0 < limit * (_CORE_SHARE + _PROBE_SHARE):
        probe = model.clone()
        probe.clear_objective()
        probe.add(obj.expr <= lower)
        budget = limit * (_CORE_SHARE + _PROBE_SHARE) - (time.monotonic() - t0)
        feasible = Objective("feasible", "min", 0, False)
        tried, found = _run_stage(probe, feasible, budget, params, progress, stop, start)
        if found in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Answer(tried.boolean_value, lower, lower), cp_model.OPTIMAL
        if found != cp_model.INFEASIBLE or stop.is_set():
            break
        lower = max(lower + 1, stop.lower())
    if stop.is_set():
        return solver, status
    # The proven bound is a valid cut: it lets the last phase stop at a matching solution.
    model.add(obj.expr >= lower)
    if status == cp_model.FEASIBLE:
        model.clear_hints()
        for var in _bool_vars(model):
            model.add_hint(var, solver.boolean_value(var))
    left = limit - (time.monotonic() - t0)
    second, status2 = _run_stage(model, obj, left, params, progress, stop, start)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(lower, math.ceil(second.best_objective_bound - 1e-6))
        return _Answer(second.boolean_value, round(second.objective_value), bound), status2
    if status == cp_model.FEASIBLE:
        return _Answer(solver.boolean_value, round(solver.objective_value), lower), status
    return solver, status


class _Answer:
    """A solution with the value and bound proven across several solver runs."""

    def __init__(self, boolean_value: Callable, value: int, bound: int) -> None:
        self.boolean_value = boolean_value
        self.objective_value = value
        self.best_objective_bound = bound


def _with_maxsat(problem: Problem, race: MaxSatProcess, v: Vars, solver, status: int):
    """Combine the breaks stage of CP-SAT with what RC2 proved beside it.

    RC2's word is taken only where it agrees with CP-SAT and the validator: a schedule
    CP-SAT holds beats an RC2 "infeasible", and an RC2 schedule must pass the validator
    with the number of breaks RC2 claims.
    """
    answer = race.answer
    held = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if answer is not None and answer.status == "OPTIMAL" and _checks_out(problem, answer):
        on = {v.x[key].index for key in answer.placed}
        return _Answer(lambda lit: lit.index in on, answer.cost, answer.cost), cp_model.OPTIMAL
    if answer is not None and answer.status == "INFEASIBLE" and not held:
        return solver, cp_model.INFEASIBLE
    if status == cp_model.FEASIBLE and race.bound > solver.best_objective_bound:
        value = round(solver.objective_value)
        proven = cp_model.OPTIMAL if race.bound >= value else status
        return _Answer(solver.boolean_value, value, min(value, race.bound)), proven
    return solver, status


def _checks_out(problem: Problem, answer: MaxSatAnswer) -> bool:
    slot_of = {problem.meetings[i].id: problem.slots[t].id for i, t in answer.placed}
    try:
        placements = assign_tables(problem, slot_of)
    except IndexError:  # more meetings without a booth than open tables in some slot
        return False
    report = validate(problem, placements)
    return report.ok and report.objectives["breaks"] == answer.cost


def _bool_vars(model: cp_model.CpModel) -> list:
    proto = model.proto
    return [
        model.get_bool_var_from_proto_index(i)
        for i, var in enumerate(proto.variables)
        if list(var.domain) == [0, 1]
    ]


def _bound(obj: Objective, solver: cp_model.CpSolver, status: int, value: int) -> int:
    if status == cp_model.OPTIMAL:
        return value
    b = solver.best_objective_bound
    return math.floor(b + 1e-6) if obj.sense == "max" else math.ceil(b - 1e-6)


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    workers: int = 2,
    seed: int = 0,
    params: dict | None = None,
    core_breaks: bool = True,
    maxsat: bool = True,
) -> Result:
    """Schedule `problem` within `time_limit` seconds; see the package README.

    `progress` receives solutions and bounds of each stage (from the solver's threads, and
    MaxSAT's bounds from a reader thread, so it must be thread-safe); setting `cancel` stops the
    search and returns the best schedule so far. `params` are extra CP-SAT parameters;
    `core_breaks=False` optimises breaks with the default portfolio only; `maxsat=False`
    does without the MaxSAT process that races CP-SAT when every meeting must be held.
    """
    start = time.monotonic()
    conflicts = find_conflicts(problem)
    if conflicts:
        return Result("INFEASIBLE", conflicts=conflicts, seconds=time.monotonic() - start)
    idx = Index.of(problem)
    finished = threading.Event()
    race = None
    if maxsat and idx.may_break and maxsat_applies(problem):
        try:
            race = MaxSatProcess(problem, finished.set, _bound_reporter(progress, start))
        except (OSError, ValueError, AssertionError, pickle.PicklingError):
            # No child process here (multiprocessing asserts that a daemonic process, such
            # as a pool worker, has none): CP-SAT alone.
            race = None

    try:
        return _stages(
            problem,
            idx,
            time_limit=time_limit,
            progress=progress,
            cancel=cancel,
            stop=_Stop(cancel, finished, floor=lambda: race.bound) if race else _Stop(cancel),
            race=race,
            settings={"num_workers": workers, "random_seed": seed, **(params or {})},
            core_breaks=core_breaks,
            start=start,
        )
    finally:
        if race is not None:
            race.close()


def _bound_reporter(progress, start: float) -> Callable[[int], None]:
    def report(cost: int) -> None:
        if progress is not None:
            progress(Progress("breaks", math.nan, cost, time.monotonic() - start))

    return report


def _stages(
    problem, idx, *, time_limit, progress, cancel, stop, race, settings, core_breaks, start
):
    """Optimise the objectives one after the other; see `solve`."""
    # Without a break cap, the first two stages need no break variables: a smaller model.
    split = problem.max_breaks is None
    model = cp_model.CpModel()
    v = build(model, problem, idx, breaks=not split)
    objectives = {o.name: o for o in all_objectives(model, v, problem, idx)}
    stages = [
        o.name
        for o in objectives.values()
        if not o.constant or (split and o.name == "breaks" and idx.may_break)
    ] or ["feasible"]
    objectives["feasible"] = Objective("feasible", "min", 0, False)
    if len(v.x) > _LARGE_MODEL:
        settings = {**_LARGE, **settings}
    bounds: dict[str, tuple[int, bool]] = {}
    values: dict[str, int] = {}
    solution = {key: False for key in v.x}
    for key in greedy(problem, idx, v.slots):
        solution[key] = True
    large = len(v.x) > _LARGE_MODEL
    relaxed = None
    if large and "placed_priority" in stages:
        known = sum(problem.meetings[i].priority for (i, _), on in solution.items() if on)
        relaxed, _ = placed_priority_bound(problem, idx, v.slots, known)
    # Leave time for tables, explanations and validation after the last stage.
    deadline = time_limit - (min(5.0, 0.1 * time_limit) if large else 0.0)
    found = False
    cancelled = False
    for k, name in enumerate(stages):
        if cancel is not None and cancel.is_set():
            cancelled = True
            break
        if split and name in ("breaks", "moved"):
            if large and deadline - (time.monotonic() - start) < _REBUILD_MIN:
                break
            split = False
            model = cp_model.CpModel()
            v = build(model, problem, idx)
            objectives = {o.name: o for o in all_objectives(model, v, problem, idx)}
            for done, value in values.items():
                o = objectives[done]
                model.add(o.expr >= value if o.sense == "max" else o.expr <= value)
        obj = objectives.get(name, Objective("feasible", "min", 0, False))
        left = deadline - (time.monotonic() - start)
        weights = [_WEIGHT[s] for s in stages[k:]]
        limit = left * weights[0] / sum(weights)
        model.clear_hints()
        for key, lit in v.x.items():
            model.add_hint(lit, solution[key])
        run = _core_then_default if name == "breaks" and core_breaks else _run_stage
        here = stop if name == "breaks" else _Stop(cancel)
        solver, status = run(model, obj, limit, settings, progress, here, start)
        if race is not None and name == "breaks":
            race.close()
            solver, status = _with_maxsat(problem, race, v, solver, status)
        cancelled = cancel is not None and cancel.is_set()
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = True
            solution = {key: bool(solver.boolean_value(lit)) for key, lit in v.x.items()}
            value = round(solver.objective_value)
            bound = _bound(obj, solver, status, value)
            if name == "placed_priority" and relaxed is not None:
                bound = min(bound, relaxed)
            bounds[name] = (bound, status == cp_model.OPTIMAL or bound == value)
            if name != "feasible":
                values[name] = value
                model.add(obj.expr >= value if obj.sense == "max" else obj.expr <= value)
        elif not found:
            why = "the solver proved that no schedule satisfies every hard rule"
            if status != cp_model.INFEASIBLE:
                why = f"no schedule found within {time_limit:g} s"
            return Result(
                _STATUS[status],
                conflicts=[why] if status == cp_model.INFEASIBLE else [],
                seconds=time.monotonic() - start,
                cancelled=cancelled,
            )
        if cancelled:
            break
    stages = [objectives.get(n, Objective(n, "min", 0, False)) for n in stages]
    return _result(problem, idx, v, solution if found else None, bounds, stages, start, cancelled)


def _trivial_bound(problem: Problem, name: str) -> int:
    """The bound to report for a stage the time limit left unsolved."""
    if name == "placed_priority":
        return sum(m.priority for m in problem.meetings)
    return 100 if name == "min_share_pct" else 0


def _result(problem, idx, v: Vars, solution, bounds, stages, start, cancelled) -> Result:
    if solution is None:
        return Result("UNKNOWN", seconds=time.monotonic() - start, cancelled=cancelled)
    slot_of = {problem.meetings[i].id: problem.slots[t].id for (i, t), on in solution.items() if on}
    placements = assign_tables(problem, slot_of)
    values, _ = recompute(problem, placements)
    reports = []
    all_optimal = True
    for obj in stages:
        if obj.name == "feasible":
            continue
        bound, optimal = bounds.get(obj.name, (_trivial_bound(problem, obj.name), False))
        value = values[obj.name]
        all_optimal &= optimal
        reports.append(ObjectiveReport(obj.name, obj.sense, value, bound, optimal))
    all_optimal &= all(o.name in bounds for o in stages)
    return Result(
        "OPTIMAL" if all_optimal and not cancelled else "FEASIBLE",
        objectives=reports,
        placements=placements,
        unplaced=explain(problem, slot_of),
        seconds=time.monotonic() - start,
        cancelled=cancelled,
    )
