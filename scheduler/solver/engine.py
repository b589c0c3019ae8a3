"""`solve`: lexicographic CP-SAT optimisation in stages, one stage per objective."""

from __future__ import annotations

import math
import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from .bounds import placed_priority_bound
from .compact import Figures, anneal
from .explain import explain
from .greedy import greedy, repair
from .index import Index, allowed_slots, total_breaks
from .lns import improve
from .maxsat import Answer as MaxSatAnswer
from .maxsat import MaxSatProcess
from .maxsat import applies as maxsat_applies
from .model import ObjectiveReport, Problem, Progress, Result
from .neighbourhoods import share_of, worst_off
from .objectives import Objective, trivial_bound
from .precheck import find_conflicts
from .search import RACE_SHARES, Context, Outcome, Stop, core_then_default, run
from .stages import Built, Incumbent, Plan, Strategy, priority_slack, run_stages
from .tables import assign_tables
from .validate import objectives as recompute
from .validate import validate

# On events this large, CP-SAT's presolve costs more time than it saves.
_LARGE_MODEL = 50_000
_LARGE = {"cp_model_presolve": False, "symmetry_level": 0, "cp_model_probing_level": 0}
# Above this many slot variables, each stage ends with large-neighbourhood search.
_LNS_MODEL = 8_000
# Share of a stage the full model gets before large-neighbourhood search takes over.
_FULL_SHARE = 0.1
# Share of the time LNS spends holding every required meeting before it leaves the rest
# to the later stages; it stops as soon as all are held.
_HELD_SHARE = 0.85
# Share of the breaks stage, and of holding required meetings, that simulated annealing
# gets before LNS: its small moves are what breaks need at scale (at 300 participants
# without a cap, 119 breaks in 60 s at 0.9 against 128 at 0.75).
_ANNEAL_SHARE = 0.9
# The same for meetings held by priority (LNS gained 2 more in the 14 s it had after
# 50 % at 2,000 participants), and for fairness.
_PRIORITY_SHARE = 0.8
_FAIRNESS_SHARE = 0.5
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
    lns: bool | None = None,
) -> Result:
    """Schedule `problem` within `time_limit` seconds; see the package README.

    `progress` receives solutions and bounds of each stage (from the solver's threads, and
    MaxSAT's bounds from a reader thread, so it must be thread-safe); setting `cancel` stops the
    search and returns the best schedule so far. `params` are extra CP-SAT parameters;
    `core_breaks=False` optimises breaks with the default portfolio only; `maxsat=False`
    does without the MaxSAT process that races CP-SAT when every meeting must be held.
    `lns` turns large-neighbourhood search on or off; by default it serves events with more
    than 8,000 slot variables (the 140 benchmark instances have at most 5,926), where RC2
    does not race.
    """
    start = time.monotonic()
    conflicts = find_conflicts(problem)
    if conflicts:
        return Result("INFEASIBLE", conflicts=conflicts, seconds=time.monotonic() - start)
    idx = Index.of(problem)
    if lns is None:
        size = sum(len(allowed_slots(problem, m, idx.people)) for m in problem.meetings)
        lns = size > _LNS_MODEL
    finished = threading.Event()
    race = None
    if maxsat and not lns and idx.may_break and maxsat_applies(problem):
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
        return _stages(ctx, _full_model(ctx, race, stop, core_breaks), lns)
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


def _full_model(
    ctx: Context, race: MaxSatProcess | None, stop: Stop, core_breaks: bool
) -> Callable[[str], Strategy]:
    """The search each stage uses: the full model; for breaks, core search and RC2's race."""

    def full(name: str) -> Strategy:
        def search(built: Built, obj: Objective, limit: float, best: Incumbent) -> Outcome:
            if name != "breaks":
                return run(ctx, built.model, built.v, obj, limit, Stop(ctx.cancel))
            if not core_breaks:
                outcome = run(ctx, built.model, built.v, obj, limit, stop)
            elif race is None:
                outcome = core_then_default(ctx, built.model, built.v, obj, limit, stop)
            else:
                outcome = core_then_default(
                    ctx, built.model, built.v, obj, limit, stop, shares=RACE_SHARES
                )
            if race is None:
                return outcome
            race.close()
            return _with_maxsat(ctx.problem, race, outcome)

        return search

    return full


def _with_lns(ctx: Context, large: bool) -> Callable[[str], Strategy]:
    """The full model for a share of each stage (a bound, perhaps a better schedule), then LNS.

    The full model's run is CP-SAT's default portfolio: on events this large, core-based
    search and RC2 find nothing in time. On the largest (`large`) it is skipped: loading
    the model alone takes CP-SAT seconds, and it did not improve the greedy start there.
    """

    def pick(name: str) -> Strategy:
        def search(built: Built, obj: Objective, limit: float, best: Incumbent) -> Outcome:
            end = time.monotonic() + limit
            if large and name == "breaks":  # the model has no break variables: anneal only
                chosen = _annealed(ctx, built, best.chosen, limit)
                value = total_breaks(ctx.problem, ctx.idx, chosen)
                return Outcome(cp_model.FEASIBLE, chosen, value, trivial_bound(ctx.problem, name))
            first = Outcome(cp_model.UNKNOWN)
            if not large or name == "feasible":
                first = run(ctx, built.model, built.v, obj, limit * _FULL_SHARE, Stop(ctx.cancel))
            if first.proven or name == "feasible" or ctx.cancelled():
                return first
            start = first.chosen if first.chosen is not None else best.chosen
            bound = first.bound if first.found else trivial_bound(ctx.problem, name)
            if name == "breaks":
                start = _annealed(ctx, built, start, _ANNEAL_SHARE * (end - time.monotonic()))
            if name == "placed_priority":
                seconds = _PRIORITY_SHARE * (end - time.monotonic())
                start = _annealed(ctx, built, start, seconds, placed_bound=bound)
            left = end - time.monotonic()
            if name == "min_share_pct":
                held = best.values.get("placed_priority")
                floor = -1 if held is None else held - priority_slack(held)
                start = _annealed(ctx, built, start, _FAIRNESS_SHARE * left, floor=floor)
                found = _fairer(ctx, built, obj, start, bound, end - time.monotonic())
                return found if found.found else first
            found = improve(ctx, built, obj, start, bound, left, objective_set=not large)
            return found if found.found else first

        return search

    return pick


def _fairer(
    ctx: Context, built: Built, obj: Objective, chosen: dict[int, int], bound: int, limit: float
) -> Outcome:
    """LNS on fairness, in rounds: each round also rewards every meeting of the worst-off
    participants, so that a step which helps some of them counts before the last one is
    helped and the figure moves; a round ends when the figure rises."""
    end = time.monotonic() + limit
    outcome = Outcome(cp_model.UNKNOWN)
    while not ctx.cancelled():
        worst = worst_off(ctx.problem, ctx.idx, built.v.slots, chosen)
        theirs = {i for p in worst for i in ctx.idx.meetings_of.get(p, ())}
        weight = len(theirs) + 1
        helped = sum(built.v.placed[i] for i in theirs)
        surrogate = Objective(obj.name, "max", weight * obj.expr + helped, False)
        value = share_of(ctx.problem, ctx.idx, built.v.slots, chosen)
        target = weight * (value + 1)
        left = end - time.monotonic()
        shown = lambda v, w=weight: v // w  # noqa: E731 - the fairness figure
        found = improve(ctx, built, surrogate, chosen, target, left, shown, told=bound)
        if not found.found:
            break
        chosen = found.chosen
        outcome = Outcome(cp_model.FEASIBLE, chosen, found.value // weight, bound)
        if found.value < target or outcome.value >= bound:  # out of time, or proven
            break
    if outcome.found and outcome.value >= bound:
        return replace(outcome, status=cp_model.OPTIMAL)
    return outcome


def _annealed(
    ctx: Context,
    built: Built,
    chosen: dict[int, int],
    seconds: float,
    hold: list[int] | None = None,
    held: int = 0,
    placed_bound: int | None = None,
    floor: int | None = None,
) -> dict[int, int]:
    """`chosen` improved by simulated annealing, its progress reported as the stage's;
    with `hold`, the required meetings left out, of which `held` others are held; with
    `placed_bound` (the stage's bound), more meetings held by priority instead of breaks;
    with `floor`, fairness, the priority held never below `floor`."""
    problem = ctx.problem
    bound = trivial_bound(problem, "breaks")
    goal = "priority" if placed_bound is not None else "fairness" if floor is not None else "breaks"
    worst = worst_off(problem, ctx.idx, built.v.slots, chosen) if goal == "fairness" else None

    def found(figures: Figures) -> None:
        if goal == "fairness":
            ctx.report("min_share_pct", figures.share, trivial_bound(problem, "min_share_pct"))
        elif goal == "priority":
            ctx.report("placed_priority", figures.priority, placed_bound)
        elif hold:
            ctx.report("held", len(hold) + held - figures.waiting, len(hold) + held)
        else:
            ctx.report("breaks", figures.breaks, bound)

    seed = ctx.settings.get("random_seed", 0)
    return anneal(
        ctx.problem,
        ctx.idx,
        built.v.slots,
        chosen,
        seconds,
        hold=hold,
        seed=seed if isinstance(seed, int) else 0,
        cancelled=ctx.cancelled,
        found=found,
        until_held=hold is not None,
        goal=goal,
        floor=-1 if floor is None else floor,
        worst=worst,
    )


def _hold_required(ctx: Context, best: Incumbent, share: float) -> Outcome:
    """Hold as many required meetings as possible, on a model where they may be left out.

    LNS from the greedy schedule for `share` of the time left once its model is built (which
    takes seconds on the largest events), and on to the end if not all are
    held by then; once every one is held, `best` is that full schedule.
    Pinned meetings stay hard: a schedule never loses one. Breaks weigh less than one
    meeting held: a compact schedule leaves room under the break cap for the others.
    """
    problem = ctx.problem
    loose = [i for i, m in enumerate(problem.meetings) if m.required and m.fixed_slot is None]
    relaxed = replace(problem, meetings=tuple(replace(m, required=False) for m in problem.meetings))
    built = Built.of(relaxed, ctx.idx, breaks=problem.max_breaks is not None)
    weight = len(built.v.brk) + 1
    expr = weight * sum(built.v.placed[i] for i in loose) - sum(built.v.brk.values())
    # Any value above weight x (all but one held) means all held.
    target = weight * (len(loose) - 1) + 1
    start = repair(problem, ctx.idx, best.chosen)
    waiting = [i for i in loose if i not in start]
    seconds = _ANNEAL_SHARE * share * ctx.left()
    start = _annealed(ctx, built, start, seconds, waiting, len(loose) - len(waiting))
    limit = share * ctx.left()
    held = Objective("held", "max", expr, False)
    shown = lambda v: -(-v // weight)  # noqa: E731 - meetings held
    ctx.report("held", math.nan, len(loose))
    outcome = improve(ctx, built, held, start, target, limit, shown)
    if outcome.status == cp_model.FEASIBLE and outcome.chosen is not None:
        # Not all held yet: the later stages need a full schedule, so the time is theirs.
        outcome = improve(ctx, built, held, outcome.chosen, target, ctx.left(), shown)
    if outcome.chosen is not None and all(i in outcome.chosen for i in loose):
        best.chosen, best.found = outcome.chosen, True
    return outcome


def _stages(ctx: Context, full: Callable[[str], Strategy], lns: bool) -> Result:
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
    start = dict(greedy(problem, idx, built.v.slots, respect_cap=lns))
    best = Incumbent(repair(problem, idx, start) if lns else start)
    strategy = _with_lns(ctx, large) if lns else full
    caps = {}
    if large and "placed_priority" in plan.stages:
        known = sum(problem.meetings[i].priority for i in best.chosen)
        caps["placed_priority"] = placed_priority_bound(problem, idx, built.v.slots, known)[0]
        best.bounds["placed_priority"] = (caps["placed_priority"], False)
    if lns and any(m.required and m.fixed_slot is None for m in problem.meetings):
        partial = _held_or_partial(ctx, best, plan)
        if partial is not None:
            return partial
    failed = run_stages(ctx, plan, built, best, strategy, caps)
    if best.found:
        return _result(ctx, best, plan)
    status = failed.status if failed is not None else cp_model.UNKNOWN
    if status == cp_model.INFEASIBLE:
        why = "the solver proved that no schedule satisfies every hard rule"
        return Result("INFEASIBLE", conflicts=[why], seconds=ctx.elapsed())
    best.chosen = repair(problem, idx, best.chosen)
    return _fallback(ctx, best, plan, status)


def _held_or_partial(ctx: Context, best: Incumbent, plan: Plan) -> Result | None:
    """Hold every required meeting (then None: the stages go on), or the PARTIAL result."""
    held = _hold_required(ctx, best, _HELD_SHARE)
    if best.found or held.chosen is None:
        return None
    why = []
    if held.status == cp_model.OPTIMAL:
        most = sum(1 for i in held.chosen if ctx.problem.meetings[i].required)
        why = [f"no schedule holds every required meeting: at most {most} can be held"]
    return _fallback(ctx, Incumbent(held.chosen), plan, cp_model.UNKNOWN, why)


def _fallback(
    ctx: Context, best: Incumbent, plan: Plan, status: int, why: list[str] | None = None
) -> Result:
    """No full schedule in time: the best partial one (required meetings left out, each
    explained) if it keeps every other rule and every pin; else nothing."""
    problem = ctx.problem
    slot_of = {problem.meetings[i].id: problem.slots[t].id for i, t in best.chosen.items()}
    try:
        report = validate(problem, assign_tables(problem, slot_of), partial=True)
    except IndexError:  # more meetings without a booth than open tables in some slot
        report = None
    if ctx.cancelled() or report is None or not report.ok:
        return Result(_STATUS[status], seconds=ctx.elapsed(), cancelled=ctx.cancelled())
    full = validate(problem, assign_tables(problem, slot_of)).ok
    result = _result(ctx, best, plan, "FEASIBLE" if full else "PARTIAL")
    result.conflicts = why or []
    return result


def _result(ctx: Context, best: Incumbent, plan: Plan, status: str | None = None) -> Result:
    problem = ctx.problem
    slot_of = {problem.meetings[i].id: problem.slots[t].id for i, t in best.chosen.items()}
    placements = assign_tables(problem, slot_of)
    values, _ = recompute(problem, placements)
    reports = []
    for name in plan.stages:
        if name == "feasible":
            continue
        bound, optimal = best.bounds.get(name, (trivial_bound(problem, name), False))
        reports.append(ObjectiveReport(name, _SENSE[name], values[name], bound, optimal))
    all_optimal = all(best.bounds.get(name, (0, False))[1] for name in plan.stages)
    cancelled = ctx.cancelled()
    return Result(
        status or ("OPTIMAL" if all_optimal and not cancelled else "FEASIBLE"),
        objectives=reports,
        placements=placements,
        unplaced=explain(problem, slot_of),
        seconds=ctx.elapsed(),
        cancelled=cancelled,
    )
