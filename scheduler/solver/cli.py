"""Offline solve command: `cluster-scheduler-solve PROBLEM [--out-json F] [--out-csv F]`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from .dzn import load_dzn
from .engine import solve
from .errors import InputError
from .jsonio import load_problem, result_to_csv, result_to_json
from .model import Progress
from .validate import validate


def _progress(event: Progress) -> None:
    print(
        f"[{event.seconds:7.1f} s] {event.stage}: value {event.value:g}, bound {event.bound:g}",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Read a `.dzn` or JSON problem, solve it, write the schedule as JSON and CSV."""
    ap = argparse.ArgumentParser(prog="cluster-scheduler-solve", description=__doc__)
    ap.add_argument("problem", type=Path, help="problem file: .dzn (benchmark) or .json")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    ap.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    ap.add_argument("--d", type=int, default=2, help="break cap for .dzn files (default 2)")
    ap.add_argument("--out-json", type=Path, help="schedule as JSON (default: stdout)")
    ap.add_argument("--out-csv", type=Path, help="schedule as CSV, one row per meeting")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args(argv)
    try:
        if args.problem.suffix == ".dzn":
            problem = load_dzn(args.problem, max_breaks=args.d)
        else:
            problem = load_problem(args.problem)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cancel = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: cancel.set())
    result = solve(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        progress=None if args.quiet else _progress,
        cancel=cancel,
    )
    report = validate(problem, result.placements, partial=result.status == "PARTIAL")
    if result.placements and not report.ok:
        print(f"error: internal: schedule breaks a rule: {report.violations[0]}", file=sys.stderr)
        return 3
    text = json.dumps(result_to_json(result), indent=2) + "\n"
    if args.out_json:
        args.out_json.write_text(text)
    else:
        sys.stdout.write(text)
    if args.out_csv:
        args.out_csv.write_text(result_to_csv(problem, result))
    print(
        f"{result.status}: {len(result.placements)} placed, {len(result.unplaced)} left out"
        + "".join(f"; {o.name} {o.value} (bound {o.bound})" for o in result.objectives)
        + "".join(f"; conflict: {c}" for c in result.conflicts),
        file=sys.stderr,
    )
    return 0 if result.status in ("OPTIMAL", "FEASIBLE") else 1


if __name__ == "__main__":
    sys.exit(main())
