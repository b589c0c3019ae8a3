"""The lexicographic stage runner: one objective after the other, each with its own budget.

A stage hands its model, objective and time to a strategy (the full model, or
large-neighbourhood search) and keeps what it returns; the next stage then requires
"no worse than that" on the objectives already done.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from .cpmodel import Vars, build
from .index import Index
from .model import Problem
from .neighbourhoods import share_of
from .objectives import Objective, all_objectives, trivial_bound
from .search import FEASIBLE, Context, Outcome

# Share of the remaining time given to each stage, by objective name.
WEIGHT = {"held": 3, "placed_priority": 4, "min_share_pct": 1, "breaks": 3, "moved": 1}
# Seconds a large event needs at least to rebuild its model with break variables.
_REBUILD_MIN = 15.0
# Share of the placed priority the fairness stage may give up, so that nobody is left
# without a meeting for the sake of a few "nice to have" ones elsewhere; below 400 points
# of priority (small events) it is nothing. The stages after fairness keep what it held.
FAIRNESS_PRIORITY_SLACK = 0.0025


def priority_slack(value: int) -> int:
    """The placed priority the fairness stage may give up from `value`."""
    return int(value * FAIRNESS_PRIORITY_SLACK)


@dataclass
class Built:
    """A CP-SAT model of the problem, its variables and its objectives by name."""

    model: cp_model.CpModel
    v: Vars
    objectives: dict[str, Objective]
    breaks: bool

    @classmethod
    def of(
        cls,
        problem: Problem,
        idx: Index,
        *,
        breaks: bool = True,
        keep: dict[str, int] | None = None,
    ) -> Built:
        """Build the model; `keep` holds objective values it must not fall below."""
        model = cp_model.CpModel()
        v = build(model, problem, idx, breaks=breaks)
        built = cls(model, v, {o.name: o for o in all_objectives(model, v, problem, idx)}, breaks)
        for name, value in (keep or {}).items():
            built.keep(name, value)
        return built

    def keep(self, name: str, value: int) -> None:
        """From now on, objective `name` must be at least as good as `value`."""
        o = self.objectives[name]
        self.model.add(o.expr >= value if o.sense == "max" else o.expr <= value)


# A search for one stage: model, objective, seconds, and the best schedule before the stage.
Strategy = Callable[[Built, Objective, float, "Incumbent"], Outcome]


@dataclass
class Incumbent:
    """The best schedule so far and what each finished stage reached and proved."""

    chosen: dict[int, int]
    found: bool = False
    values: dict[str, int] = field(default_factory=dict)
    bounds: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def record(self, name: str, outcome: Outcome) -> None:
        """Keep the schedule of a successful stage with its value and bound."""
        assert outcome.chosen is not None
        self.chosen, self.found = outcome.chosen, True
        proven = outcome.status == cp_model.OPTIMAL or outcome.bound == outcome.value
        self.bounds[name] = (outcome.bound, proven)
        if name != "feasible":
            self.values[name] = outcome.value


@dataclass(frozen=True)
class Plan:
    """The stages to run, in order, and how to model them."""

    stages: tuple[str, ...]
    split: bool  # stages before breaks use a model without break variables
    large: bool  # too large for the full model's rebuild in little time

    @classmethod
    def of(cls, problem: Problem, idx: Index, built: Built, large: bool) -> Plan:
        """The objectives that can vary, or a single "feasible" stage."""
        split = not built.breaks
        names = [
            o.name
            for o in built.objectives.values()
            if not o.constant or (split and o.name == "breaks" and idx.may_break)
        ]
        return cls(tuple(names) or ("feasible",), split, large)


def budget(left: float, stages: tuple[str, ...]) -> float:
    """Seconds for the first of `stages`: its weighted share of the time left."""
    weights = [WEIGHT.get(s, 1) for s in stages]
    return left * weights[0] / sum(weights)


def run_stages(
    ctx: Context,
    plan: Plan,
    built: Built,
    best: Incumbent,
    strategy: Callable[[str], Strategy],
    caps: dict[str, int] | None = None,
) -> Outcome | None:
    """Run the plan's stages, improving `best`; the outcome of a first stage that found nothing.

    `caps` are bounds proven outside CP-SAT (a Lagrangian bound on placed priority).
    """
    for k, name in enumerate(plan.stages):
        if ctx.cancelled():
            return None
        # On the largest events, breaks are annealed without the model: no rebuild.
        needs_breaks = name == "moved" or (name == "breaks" and not plan.large)
        if needs_breaks and not built.breaks:
            if plan.large and ctx.left() < _REBUILD_MIN:
                return None
            built = Built.of(ctx.problem, ctx.idx, keep=best.values)
        obj = built.objectives.get(name, FEASIBLE)
        if name != "feasible":  # the stage starts: no value yet, only the trivial bound
            ctx.report(name, math.nan, trivial_bound(ctx.problem, name))
        built.v.hint(built.model, best.chosen)
        unfair = None
        if name == "min_share_pct":
            unfair = Fallback(
                dict(best.chosen), share_of(ctx.problem, ctx.idx, built.v.slots, best.chosen)
            )
        outcome = strategy(name)(built, obj, budget(ctx.left(), plan.stages[k:]), best)
        if outcome.found:
            if caps and name in caps and caps[name] < outcome.bound:
                outcome = replace(outcome, bound=caps[name])
            best.record(name, outcome)
            if name == "placed_priority" and "min_share_pct" in plan.stages:
                built.keep(name, outcome.value - priority_slack(outcome.value))
            elif name != "feasible":
                built.keep(name, outcome.value)
        elif not best.found:
            return outcome
        if unfair is not None and "placed_priority" in best.values:
            keep_priority_held(ctx.problem, built, best, unfair)
    return None


@dataclass(frozen=True)
class Fallback:
    """The schedule before the fairness stage, and its fairness figure."""

    chosen: dict[int, int]
    share: int


def keep_priority_held(problem: Problem, built: Built, best: Incumbent, before: Fallback) -> None:
    """After fairness: the priority its schedule holds, kept by the later stages (and no
    longer proven optimal if fairness gave some up). A schedule that gave up priority
    without being fairer is dropped for the one before the stage."""
    held = sum(problem.meetings[i].priority for i in best.chosen)
    if held < best.values["placed_priority"]:
        if best.values.get("min_share_pct", before.share) <= before.share:
            best.chosen, best.values["min_share_pct"] = before.chosen, before.share
            held = best.values["placed_priority"]
        else:
            bound, _ = best.bounds["placed_priority"]
            best.bounds["placed_priority"] = (bound, held >= bound)
    best.values["placed_priority"] = held
    built.keep("placed_priority", held)
