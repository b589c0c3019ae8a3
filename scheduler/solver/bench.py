"""Benchmark command: `python -m scheduler.solver.bench DIR [--time-limit S] [--out DIR]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .dzn import load_dzn
from .engine import solve
from .errors import InputError
from .model import Placement, Problem, Result
from .published import MAXSAT
from .validate import validate


def _param(text: str) -> tuple[str, object]:
    key, _, raw = text.partition("=")
    value: object = raw
    if raw.startswith("["):
        return key, json.loads(raw)
    for cast in (int, float):
        try:
            value = cast(raw)
            break
        except ValueError:
            continue
    if raw in ("true", "false"):
        value = raw == "true"
    return key, value


def run_one(path: Path, args: argparse.Namespace) -> dict:
    """Solve one instance and check the schedule with the validator."""
    problem = load_dzn(path, max_breaks=args.d)
    result = solve(
        problem, time_limit=args.time_limit, workers=args.workers, params=dict(args.param)
    )
    return row(path.name, problem, result)


def row(name: str, problem: Problem, result: Result) -> dict:
    """One instance's row; a PARTIAL schedule has null for each meeting it leaves out."""
    partial = result.status == "PARTIAL"
    report = validate(problem, result.placements, partial=partial) if result.placements else None
    if report is not None and not report.ok:
        raise AssertionError(f"{name}: invalid schedule: {report.violations[:3]}")
    breaks = result.objective("breaks")
    order = {pl.meeting: pl for pl in result.placements}
    return {
        "instance": name,
        "status": result.status,
        "breaks": report.objectives["breaks"] if report else None,
        "bound": breaks.bound if breaks else (0 if report else None),
        "seconds": round(result.seconds, 2),
        "slots": [_get(order, m.id, "slot") for m in problem.meetings] if report else [],
        "tables": [_get(order, m.id, "table") for m in problem.meetings] if report else [],
        "conflicts": result.conflicts,
    }


def _get(order: dict[int, Placement], meeting: int, field: str) -> int | None:
    placement = order.get(meeting)
    return None if placement is None else getattr(placement, field)


def _verdict(row: dict, published: tuple[float, int | None] | None) -> str:
    if published is None:
        return "?"
    opt = published[1]
    if opt is None:
        return "ok" if row["status"] == "INFEASIBLE" else "MISS"
    proven = row["status"] == "OPTIMAL" and row["breaks"] == opt
    return "ok" if proven else ("best" if row["breaks"] == opt else "MISS")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one row per instance, then totals."""
    ap = argparse.ArgumentParser(prog="python -m scheduler.solver.bench", description=__doc__)
    ap.add_argument("dir", type=Path, help="folder of .dzn files (searched recursively)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    ap.add_argument("--d", type=int, default=2, help="most breaks per participant")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, help="write one JSON file per instance here")
    ap.add_argument(
        "--param",
        type=_param,
        action="append",
        default=[],
        help="CP-SAT parameter name=value (repeatable)",
    )
    args = ap.parse_args(argv)
    files = sorted(args.dir.rglob("*.dzn")) if args.dir.is_dir() else [args.dir]
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    head = (
        f"{'instance':34} {'status':10} {'breaks':>6} {'bound':>5} {'secs':>6} "
        f"{'pub.opt':>7} {'maxsat s':>8}  verdict"
    )
    print(head)
    tally = {"ok": 0, "best": 0, "MISS": 0, "?": 0}
    total = faster = 0.0
    for path in files:
        try:
            row = run_one(path, args)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        pub = MAXSAT.get(path.name.removesuffix(".dzn")) if args.d == 2 else None
        verdict = _verdict(row, pub)
        tally[verdict] += 1
        total += row["seconds"]
        faster += pub is not None and verdict == "ok" and row["seconds"] < pub[0]
        opt = "-" if pub is None else ("inf" if pub[1] is None else pub[1])
        pub_s = "-" if pub is None else f"{pub[0]:.1f}"
        show = lambda x: "-" if x is None else x  # noqa: E731
        print(
            f"{path.name:34} {row['status']:10} {show(row['breaks']):>6} "
            f"{show(row['bound']):>5} {row['seconds']:6.1f} {opt!s:>7} {pub_s:>8}  {verdict}",
            flush=True,
        )
        if args.out:
            keep = {k: row[k] for k in ("instance", "status", "breaks", "slots", "tables")}
            (args.out / f"{path.stem}.json").write_text(json.dumps(keep) + "\n")
    print(
        f"instances {len(files)}: proven and matching published {tally['ok']}, "
        f"matching but unproven {tally['best']}, missed {tally['MISS']}, "
        f"no published value {tally['?']}; faster than MaxSAT {int(faster)}; "
        f"total {total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
