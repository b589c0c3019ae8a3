"""Large-neighbourhood search on top of CP-SAT: free part of a schedule, fix the rest, re-solve.

Each step frees a neighbourhood (the meetings of a few participants and their partners, a
window of slots, or meetings at random), fixes every other meeting where the schedule has
it, and lets CP-SAT re-solve the stage's objective on that small problem, starting from the
schedule. A result no worse is kept. A neighbourhood that CP-SAT solves to optimality grows,
one it cannot finish shrinks; a step that ends without even the old schedule back (CP-SAT
had no time to load the model) makes the steps longer. The model is the full one with some
variables fixed, so every schedule kept obeys every rule the model has, pins and required
meetings included.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace

from ortools.sat.python import cp_model

from .neighbourhoods import PICKS, Around
from .objectives import Objective
from .search import Context, Outcome, Stop, solve_once
from .stages import Built

_FIRST_SIZE = 60
_MIN_SIZE = 6
_GROW, _SHRINK = 1.25, 0.8
# Seconds per step: at least, at most, and as a share of the search's time.
_STEP_MIN, _STEP_MAX, _STEP_SHARE = 0.3, 2.0, 0.02
# Small problems with most variables fixed: presolve removes the fixed part fast. One
# worker: on 2 cores (under load) steps improved more often than with two.
_SUB = {"cp_model_presolve": True, "symmetry_level": 0, "num_workers": 1}


def improve(
    ctx: Context,
    built: Built,
    obj: Objective,
    chosen: dict[int, int],
    bound: int,
    limit: float,
    shown: Callable[[int], int] = lambda value: value,
    objective_set: bool = False,
    told: int | None = None,
) -> Outcome:
    """Improve `chosen`, a schedule that satisfies `built.model`, on `obj` for `limit` seconds.

    `bound` is a proven bound on `obj` (LNS proves none) or a target: reaching it ends
    the search. `shown` turns a value into the figure progress reports show;
    `objective_set` says `built.model` already has `obj` as its objective (setting one
    takes seconds on large events); `told` is the bound progress reports show when
    `bound` is only a target.
    Returns UNKNOWN without a schedule when `chosen` does not satisfy the model.
    """
    if limit < _STEP_MIN:
        return Outcome(cp_model.UNKNOWN)
    end = time.monotonic() + limit
    quiet = replace(ctx, progress=None, settings={**ctx.settings, **_SUB})
    seed = ctx.settings.get("random_seed", 0)
    rng = random.Random(seed if isinstance(seed, int) else 0)  # noqa: S311 - not security
    sub = _Fixed(built, obj, chosen, objective_set)
    t0 = time.monotonic()
    current = sub.resolve(quiet, set(), limit)
    if current.chosen is None:
        return Outcome(cp_model.UNKNOWN)
    # Loading a large model costs CP-SAT time of its own: steps of at least twice that.
    step = min(_STEP_MAX, max(_STEP_MIN, _STEP_SHARE * limit, 2 * (time.monotonic() - t0)))
    n = len(ctx.problem.meetings)
    sizes = {name: float(min(n, _FIRST_SIZE)) for name in PICKS}
    wins = dict.fromkeys(PICKS, 1.0)
    better = (lambda a, b: a > b) if obj.sense == "max" else (lambda a, b: a < b)
    while better(bound, current.value) and not ctx.cancelled():
        left = end - time.monotonic()
        if left < 0.05:
            break
        name = rng.choices(list(PICKS), weights=list(wins.values()))[0]
        around = Around(ctx.problem, ctx.idx, built.v.slots, current.chosen, obj.name)
        free = PICKS[name](around, round(sizes[name]), rng)
        tried = sub.resolve(quiet, free, min(step, left))
        if tried.status == cp_model.OPTIMAL and len(free) == n:  # the whole problem: proven
            return Outcome(cp_model.OPTIMAL, tried.chosen, tried.value, tried.value)
        if tried.chosen is not None and not better(current.value, tried.value):
            if better(tried.value, current.value):
                wins[name] += 1.0
                ctx.report(obj.name, shown(tried.value), shown(bound) if told is None else told)
            current = tried
        sub.settle(current.chosen, free)
        if tried.status == cp_model.UNKNOWN:
            # Not even the old schedule back: the step was too short to load the model.
            step = min(_STEP_MAX, step * _GROW)
            continue
        grown = sizes[name] * (_GROW if tried.status == cp_model.OPTIMAL else _SHRINK)
        sizes[name] = min(float(n), max(float(_MIN_SIZE), grown))
    reached = not better(bound, current.value)
    status = cp_model.OPTIMAL if reached else cp_model.FEASIBLE
    return Outcome(status, current.chosen, current.value, bound)


class _Fixed:
    """A copy of the model with every meeting fixed where a schedule has it, but a few.

    Only the meetings of a neighbourhood change between steps, so a step touches only
    their variables: the copy is made once.
    """

    def __init__(
        self, built: Built, obj: Objective, chosen: dict[int, int], objective_set: bool
    ) -> None:
        self.v, self.obj = built.v, obj
        self.model = built.model.clone()
        if obj.name != "feasible" and not objective_set:
            (self.model.maximize if obj.sense == "max" else self.model.minimize)(obj.expr)
        self.chosen = dict(chosen)
        self.variables = self.model.proto.variables
        self.settle(self.chosen, set(self.v.slots))

    def _set(self, i: int, free: bool) -> None:
        """Free meeting i, or fix it where `chosen` has it."""
        for t in self.v.slots_of(i):
            domain = self.variables[self.v.x[i, t].index].domain
            if free:
                domain[0], domain[1] = 0, 1
            else:
                domain[0] = domain[1] = int(self.chosen.get(i) == t)

    def settle(self, chosen: dict[int, int], meetings: set[int]) -> None:
        """Fix `meetings` where `chosen` has them, and remember `chosen`."""
        self.chosen = chosen
        for i in meetings:
            self._set(i, False)

    def resolve(self, ctx: Context, free: set[int], limit: float) -> Outcome:
        """Re-solve with the meetings of `free` unfixed, their old slots as hints; `settle`
        must follow before the next step."""
        for i in free:
            self._set(i, True)
        self.model.clear_hints()
        hint = self.model.proto.solution_hint
        cells = [(i, t) for i in free for t in self.v.slots_of(i)]
        hint.vars.extend([self.v.x[cell].index for cell in cells])
        hint.values.extend([int(self.chosen.get(i) == t) for i, t in cells])
        ran = solve_once(ctx, self.model, self.obj, limit, Stop(ctx.cancel), ctx.settings, False)
        if not ran.found:
            return Outcome(ran.status)
        value = round(ran.solver.objective_value)
        status = ran.status
        if self.obj.name != "feasible" and ran.solver.best_objective_bound == value:
            status = cp_model.OPTIMAL
        chosen = {i: t for i, t in self.chosen.items() if i not in free}
        for i in free:
            for t in self.v.slots_of(i):
                if ran.solver.boolean_value(self.v.x[i, t]):
                    chosen[i] = t
        return Outcome(status, chosen, value, value)
