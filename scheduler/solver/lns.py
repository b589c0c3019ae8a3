"""Large-neighbourhood search on top of CP-SAT: free part of a schedule, fix the rest, re-solve.

Each step frees a neighbourhood (the meetings of a few participants and their partners, a
window of slots, or meetings at random), fixes every other meeting where the schedule has
it, and lets CP-SAT re-solve the stage's objective on that small problem, starting from the
schedule. A result no worse is kept. A neighbourhood that CP-SAT solves to optimality grows,
one it cannot finish shrinks. The model is the full one with some variables fixed, so every
schedule kept obeys every rule the model has, pins and required meetings included.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from .neighbourhoods import PICKS, Around
from .objectives import Objective
from .search import Context, Outcome, Stop, run
from .stages import Built

_FIRST_SIZE = 60
_MIN_SIZE = 6
_GROW, _SHRINK = 1.25, 0.8
# Seconds per step: at least, at most, and as a share of the search's time.
_STEP_MIN, _STEP_MAX, _STEP_SHARE = 0.3, 4.0, 0.05
# Small problems with most variables fixed: presolve removes the fixed part fast.
_SUB = {"cp_model_presolve": True, "symmetry_level": 0}


def improve(
    ctx: Context,
    built: Built,
    obj: Objective,
    chosen: dict[int, int],
    bound: int,
    limit: float,
    shown: Callable[[int], int] = lambda value: value,
) -> Outcome:
    """Improve `chosen`, a schedule that satisfies `built.model`, on `obj` for `limit` seconds.

    `bound` is a proven bound on `obj` (LNS proves none) or a target: reaching it ends
    the search. `shown` turns a value into the figure progress reports show.
    Returns UNKNOWN without a schedule when `chosen` does not satisfy the model.
    """
    end = time.monotonic() + limit
    quiet = replace(ctx, progress=None, settings={**ctx.settings, **_SUB})
    seed = ctx.settings.get("random_seed", 0)
    rng = random.Random(seed if isinstance(seed, int) else 0)  # noqa: S311 - not security
    t0 = time.monotonic()
    current = _resolve(quiet, built, obj, chosen, set(), limit)
    if not current.found:
        return Outcome(cp_model.UNKNOWN)
    # Loading a large model costs CP-SAT time of its own: steps of at least twice that.
    loading = time.monotonic() - t0
    step = min(_STEP_MAX, max(_STEP_MIN, _STEP_SHARE * limit, 2 * loading))
    n = len(ctx.problem.meetings)
    sizes = {name: float(min(n, _FIRST_SIZE)) for name in PICKS}
    wins = dict.fromkeys(PICKS, 1.0)
    better = (lambda a, b: a > b) if obj.sense == "max" else (lambda a, b: a < b)
    while better(bound, current.value) and not ctx.cancelled():
        left = end - time.monotonic()
        if left < 0.05:
            break
        name = rng.choices(list(PICKS), weights=list(wins.values()))[0]
        around = Around(ctx.problem, ctx.idx, built.v.slots, current.chosen or {}, obj.name)
        free = PICKS[name](around, round(sizes[name]), rng)
        tried = _resolve(quiet, built, obj, current.chosen or {}, free, min(step, left))
        if tried.status == cp_model.OPTIMAL and len(free) == n:  # the whole problem: proven
            return Outcome(cp_model.OPTIMAL, tried.chosen, tried.value, tried.value)
        if tried.found and not better(current.value, tried.value):
            if better(tried.value, current.value):
                wins[name] += 1.0
                ctx.report(obj.name, shown(tried.value), shown(bound))
            current = tried
        grown = sizes[name] * (_GROW if tried.status == cp_model.OPTIMAL else _SHRINK)
        sizes[name] = min(float(n), max(float(_MIN_SIZE), grown))
    reached = not better(bound, current.value)
    status = cp_model.OPTIMAL if reached else cp_model.FEASIBLE
    return Outcome(status, current.chosen, current.value, bound)


def _resolve(
    ctx: Context,
    built: Built,
    obj: Objective,
    chosen: dict[int, int],
    free: set[int],
    limit: float,
) -> Outcome:
    """Re-solve `obj` with every meeting outside `free` fixed where `chosen` has it."""
    sub = built.model.clone()
    variables = sub.proto.variables
    for (i, t), lit in built.v.x.items():
        if i not in free:
            domain = variables[lit.index].domain
            domain[0] = domain[1] = int(chosen.get(i) == t)
    sub.clear_hints()
    for i in free:
        for t in built.v.slots_of(i):
            sub.add_hint(built.v.x[i, t], chosen.get(i) == t)
    return run(ctx, sub, built.v, obj, limit, Stop(ctx.cancel))
