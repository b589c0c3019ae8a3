"""`solve`: lexicographic CP-SAT optimisation in stages, one stage per objective."""

from __future__ import annotations

import math
import pickle
import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .bounds import placed_priority_bound
from .explain import explain
from .greedy import greedy
from .index import Index
from .maxsat import Answer as MaxSatAnswer
from .maxsat import MaxSatProcess
from .maxsat import applies as maxsat_applies
from .model import ObjectiveReport, Problem, Progress, Result
from .precheck import find_conflicts
from .search import Context, Outcome, Stop, core_then_default, run
from .stages import Built, Incumbent, Plan, Strategy, run_stages
from .tables import assign_tables
from .validate import objectives as recompute
from .validate import validate

# On events this large, CP-SAT's presolve costs more time than it saves.
_LARGE_MODEL = 50_000
_LARGE = {"cp_model_presolve": False, "symmetry_level": 0, "cp_model_probing_level": 0}
_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}
_SENSE = {"placed_priority": "max", "min_share_pct": "max", "breaks": "min", "moved": "min"}


def _with_maxsat(problem: Problem, race: MaxSatProcess, outcome: Outcome) -> Outcome:
    """Combine the breaks stage of CP-SAT with what RC2 proved beside it.

    RC2's word is taken only where it agrees with CP-SAT and the validator: a schedule
    CP-SAT holds beats an RC2 "infeasible", and an RC2 schedule must pass the validator
    with the number of breaks RC2 claims.
    """
    answer = race.answer
    if answer is not None and answer.status == "OPTIMAL" and _checks_out(problem, answer):
        return Outcome(cp_model.OPTIMAL, dict(answer.placed), answer.cost, answer.cost)
    if answer is not None and answer.status == "INFEASIBLE" and not outcome.found:
        return Outcome(cp_model.INFEASIBLE)
    if outcome.status == cp_model.FEASIBLE and race.bound > outcome.bound:
        proven = cp_model.OPTIMAL if race.bound >= outcome.value else outcome.status
        bound = min(outcome.value, race.bound)
        return Outcome(proven, outcome.chosen, outcome.value, bound)
    return outcome


def _checks_out(problem: Problem, answer: MaxSatAnswer) -> bool:
    slot_of = {problem.meetings[i].id: problem.slots[t].id for i, t in answer.placed}
    try:
        placements = assign_tables(problem, slot_of)
    except IndexError:  # more meetings without a booth than open tables in some slot
        return False
    report = validate(problem, placements)
    return report.ok and report.objectives["breaks"] == answer.cost


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

    ctx = Context(
        problem,
        idx,
        settings={"num_workers": workers, "random_seed": seed, **(params or {})},
        start=start,
        deadline=time_limit,
        progress=progress,
        cancel=cancel,
    )
    stop = Stop(cancel, finished, floor=lambda: race.bound) if race else Stop(cancel)
    try:
        return _stages(ctx, _strategies(ctx, race, stop, core_breaks))
    finally:
        if race is not None:
            race.close()


def _bound_reporter(
    progress: Callable[[Progress], None] | None, start: float
) -> Callable[[int], None]:
    def report(cost: int) -> None:
        if progress is not None:
            progress(Progress("breaks", math.nan, cost, time.monotonic() - start))

    return report


def _strategies(
    ctx: Context, race: MaxSatProcess | None, stop: Stop, core_breaks: bool
) -> Callable[[str], Strategy]:
    """The search each stage uses: the full model; for breaks, core search and RC2's race."""

    def full(name: str) -> Strategy:
        def search(built: Built, obj, limit: float) -> Outcome:
            if name != "breaks":
                return run(ctx, built.model, built.v, obj, limit, Stop(ctx.cancel))
            use = core_then_default if core_breaks else run
            outcome = use(ctx, built.model, built.v, obj, limit, stop)
            if race is None:
                return outcome
            race.close()
            return _with_maxsat(ctx.problem, race, outcome)

        return search

    return full


def _stages(ctx: Context, strategy: Callable[[str], Strategy]) -> Result:
    """Optimise the objectives one after the other; see `solve`."""
    problem, idx = ctx.problem, ctx.idx
    # Without a break cap, the first two stages need no break variables: a smaller model.
    built = Built.of(problem, idx, breaks=problem.max_breaks is not None)
    large = len(built.v.x) > _LARGE_MODEL
    if large:
        ctx.settings = {**_LARGE, **ctx.settings}
        # Leave time for tables, explanations and validation after the last stage.
        ctx.deadline -= min(5.0, 0.1 * ctx.deadline)
    plan = Plan.of(problem, idx, built, large)
    best = Incumbent(dict(greedy(problem, idx, built.v.slots)))
    caps = {}
    if large and "placed_priority" in plan.stages:
        known = sum(problem.meetings[i].priority for i in best.chosen)
        caps["placed_priority"] = placed_priority_bound(problem, idx, built.v.slots, known)[0]
    failed = run_stages(ctx, plan, built, best, strategy, caps)
    if not best.found:
        status = failed.status if failed is not None else cp_model.UNKNOWN
        why = "the solver proved that no schedule satisfies every hard rule"
        return Result(
            _STATUS[status],
            conflicts=[why] if status == cp_model.INFEASIBLE else [],
            seconds=ctx.elapsed(),
            cancelled=ctx.cancelled(),
        )
    return _result(ctx, best, plan)


def _trivial_bound(problem: Problem, name: str) -> int:
    """The bound to report for a stage the time limit left unsolved."""
    if name == "placed_priority":
        return sum(m.priority for m in problem.meetings)
    return 100 if name == "min_share_pct" else 0


def _result(ctx: Context, best: Incumbent, plan: Plan) -> Result:
    problem = ctx.problem
    slot_of = {problem.meetings[i].id: problem.slots[t].id for i, t in best.chosen.items()}
    placements = assign_tables(problem, slot_of)
    values, _ = recompute(problem, placements)
    reports = []
    for name in plan.stages:
        if name == "feasible":
            continue
        bound, optimal = best.bounds.get(name, (_trivial_bound(problem, name), False))
        reports.append(ObjectiveReport(name, _SENSE[name], values[name], bound, optimal))
    all_optimal = all(best.bounds.get(name, (0, False))[1] for name in plan.stages)
    cancelled = ctx.cancelled()
    return Result(
        "OPTIMAL" if all_optimal and not cancelled else "FEASIBLE",
        objectives=reports,
        placements=placements,
        unplaced=explain(problem, slot_of),
        seconds=ctx.elapsed(),
        cancelled=cancelled,
    )
