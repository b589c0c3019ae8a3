"""One CP-SAT search with a time limit, progress reports and a stop rule; its outcome."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .cpmodel import Vars
from .index import Index
from .model import Problem, Progress
from .objectives import Objective

# Shares of the breaks stage given to core-based search and to probes from its bound.
_CORE_SHARE = 0.45
_PROBE_SHARE = 0.30
# The same when RC2 races CP-SAT (small must-hold problems). RC2 proves the lower bound
# the probes would start from, so core search, which finds the schedules at that bound on
# the hardest benchmark instances, keeps going instead; the portfolio has the last 10 %.
# The shares are of wall-clock time: on a loaded machine core search needs more of it
# (ticf-13crafb: 27 s of core search alone under load, 9.4 s for the whole solve idle).
RACE_SHARES = (0.9, 0.0)

FEASIBLE = Objective("feasible", "min", 0, False)


@dataclass
class Context:
    """What every search of one `solve` call shares: the problem, the clock, the hooks."""

    problem: Problem
    idx: Index
    settings: dict[str, object]
    start: float
    deadline: float
    progress: Callable[[Progress], None] | None = None
    cancel: threading.Event | None = None

    def elapsed(self) -> float:
        """Seconds since `solve` was called."""
        return time.monotonic() - self.start

    def left(self) -> float:
        """Seconds left before the stages must end."""
        return self.deadline - self.elapsed()

    def cancelled(self) -> bool:
        """True once the caller has asked to stop."""
        return self.cancel is not None and self.cancel.is_set()

    def report(self, stage: str, value: float, bound: float) -> None:
        """Send one progress event, if anyone listens."""
        if self.progress is not None:
            # + 0.0 turns -0.0 (a maximised zero) into 0.0
            self.progress(Progress(stage, value + 0.0, bound + 0.0, self.elapsed()))


@dataclass(frozen=True)
class Outcome:
    """How a search ended: CP-SAT status, the schedule (meeting -> slot position) if any,
    its objective value and the proven bound."""

    status: int
    chosen: dict[int, int] | None = None
    value: int = 0
    bound: int = 0

    @property
    def found(self) -> bool:
        """A schedule was found."""
        return self.chosen is not None

    @property
    def proven(self) -> bool:
        """The search proved optimality or infeasibility."""
        return self.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)


class Stop:
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


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, ctx: Context, stop: Stop) -> None:
        super().__init__()
        self.stage, self.ctx, self.stop = stage, ctx, stop

    def on_solution_callback(self) -> None:
        if self.stage == "breaks":
            self.stop.best = min(self.stop.best, self.objective_value)
        self.ctx.report(self.stage, self.objective_value, self.best_objective_bound)


def _watch(stop: Stop, done: threading.Event, solver: cp_model.CpSolver) -> None:
    while not done.wait(0.05):
        if stop.is_set():
            solver.stop_search()
            return


@dataclass
class Run:
    """A finished CP-SAT run: the solver (for values and bounds) and its status."""

    solver: cp_model.CpSolver
    status: int
    settings: dict[str, object] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def solve_once(
    ctx: Context,
    model: cp_model.CpModel,
    obj: Objective,
    limit: float,
    stop: Stop,
    params: dict,
    set_objective: bool = True,
) -> Run:
    """One CP-SAT run on `model` with `obj` as objective (`set_objective=False`: already set)."""
    if obj.name != "feasible" and set_objective:
        (model.maximize if obj.sense == "max" else model.minimize)(obj.expr)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, limit)
    for key, value in params.items():
        if isinstance(value, list):
            getattr(solver.parameters, key).extend(value)
        else:
            setattr(solver.parameters, key, value)
    if ctx.progress is not None and obj.name != "feasible":
        solver.best_bound_callback = lambda bound: ctx.report(obj.name, math.nan, bound)
    if stop.is_set():
        return Run(solver, cp_model.UNKNOWN)
    done = threading.Event()
    if stop.active:
        threading.Thread(target=_watch, args=(stop, done, solver), daemon=True).start()
    try:
        status = solver.solve(model, _Reporter(obj.name, ctx, stop))
    finally:
        done.set()
    return Run(solver, status)


def _bound(obj: Objective, run: Run, value: int) -> int:
    if run.status == cp_model.OPTIMAL:
        return value
    b = run.solver.best_objective_bound
    return math.floor(b + 1e-6) if obj.sense == "max" else math.ceil(b - 1e-6)


def _outcome(obj: Objective, v: Vars, run: Run, floor: int | None = None) -> Outcome:
    if not run.found:
        return Outcome(run.status)
    value = round(run.solver.objective_value)
    bound = _bound(obj, run, value)
    if floor is not None:
        bound = max(bound, floor)
    status = cp_model.OPTIMAL if bound == value and obj.name != "feasible" else run.status
    return Outcome(status, v.extract(run.solver.boolean_value), value, bound)


def run(
    ctx: Context,
    model: cp_model.CpModel,
    v: Vars,
    obj: Objective,
    limit: float,
    stop: Stop,
    params: dict | None = None,
) -> Outcome:
    """Optimise `obj` on `model` (or find any solution for FEASIBLE) within `limit` seconds."""
    ran = solve_once(ctx, model, obj, limit, stop, params if params is not None else ctx.settings)
    return _outcome(obj, v, ran)


def core_then_default(
    ctx: Context,
    model: cp_model.CpModel,
    v: Vars,
    obj: Objective,
    limit: float,
    stop: Stop,
    shares: tuple[float, float] = (_CORE_SHARE, _PROBE_SHARE),
) -> Outcome:
    """Breaks stage: core search, then probes upwards from its bound, then the portfolio.

    Core-based search proves lower bounds fast; a probe "breaks <= bound" is a plain
    satisfaction problem that the default search often solves when core search cannot.
    `shares` are the parts of `limit` for core search and for the probes.
    """
    core_share, probe_share = shares
    t0 = time.monotonic()
    params = ctx.settings
    core = {**params, "num_workers": 1, "subsolvers": ["core"]}
    first = solve_once(ctx, model, obj, limit * core_share, stop, core)
    if first.status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or stop.is_set():
        return _outcome(obj, v, first)
    lower = max(math.ceil(first.solver.best_objective_bound - 1e-6), stop.lower())
    while time.monotonic() - t0 < limit * (core_share + probe_share):
        probe = model.clone()
        probe.clear_objective()
        probe.add(obj.expr <= lower)
        budget = limit * (core_share + probe_share) - (time.monotonic() - t0)
        tried = solve_once(ctx, probe, FEASIBLE, budget, stop, params)
        if tried.found:
            return Outcome(cp_model.OPTIMAL, v.extract(tried.solver.boolean_value), lower, lower)
        if tried.status != cp_model.INFEASIBLE or stop.is_set():
            break
        lower = max(lower + 1, stop.lower())
    if stop.is_set():
        return _outcome(obj, v, first)
    # The proven bound is a valid cut: it lets the last phase stop at a matching solution.
    model.add(obj.expr >= lower)
    if first.found:
        model.clear_hints()
        for var in _bool_vars(model):
            model.add_hint(var, first.solver.boolean_value(var))
    left = limit - (time.monotonic() - t0)
    second = solve_once(ctx, model, obj, left, stop, params)
    if second.found:
        return _outcome(obj, v, second, floor=lower)
    if first.found:
        return _outcome(obj, v, first, floor=lower)
    return _outcome(obj, v, first)


def _bool_vars(model: cp_model.CpModel) -> list:
    proto = model.proto
    return [
        model.get_bool_var_from_proto_index(i)
        for i, var in enumerate(proto.variables)
        if list(var.domain) == [0, 1]
    ]
