"""Scale benchmark: `python -m scheduler.solver.scale [--sizes 60,120,300,600] [--time-limit S]`.

Must-hold brokerage days of growing size (`generate.brokerage_day`), each solved twice in a
fresh process: by the engine (LNS above 8,000 slot variables, RC2 below) and by the plain
stage-by-stage CP-SAT solve (no LNS, no MaxSAT). One row per size and solve: status,
meetings held, breaks, proven bound, gap, seconds and the process's peak memory.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
from multiprocessing.connection import Connection

from .engine import solve
from .generate import brokerage_day
from .validate import validate

# participants -> (meetings, slots, tables); 120 and 300 are the sizes of issue 14.
SIZES = {60: (240, 12, None), 120: (600, 20, 35), 300: (1440, 24, 69), 600: (2880, 24, None)}


def run_one(size: int, engine: str, time_limit: float, cap: int | None, seed: int) -> dict:
    """Generate the day of `size` participants and solve it with `engine` ("engine" or "plain")."""
    meetings, slots, tables = SIZES.get(size, (size * 5, 24, None))
    problem = brokerage_day(
        participants=size,
        meetings=meetings,
        slots=slots,
        tables=tables,
        max_breaks=cap,
        seed=seed,
    )
    plain = engine == "plain"
    result = solve(
        problem,
        time_limit=time_limit,
        lns=False if plain else None,
        maxsat=not plain,
    )
    report = validate(problem, result.placements, partial=result.status == "PARTIAL")
    if result.placements and not report.ok:
        raise AssertionError(f"{problem.name}: invalid schedule: {report.violations[:3]}")
    breaks = result.objective("breaks")
    return {
        "size": size,
        "engine": engine,
        "status": result.status,
        "held": len(result.placements),
        "meetings": len(problem.meetings),
        "breaks": report.objectives["breaks"] if result.placements else None,
        "bound": breaks.bound if breaks and result.placements else None,
        "seconds": result.seconds,
        # Linux reports kilobytes.
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(conn: Connection, *args: object) -> None:
    try:
        conn.send(run_one(*args))  # type: ignore[arg-type]
    except Exception as exc:  # reported as a row, the other sizes go on
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def _isolated(*args: object) -> dict:
    """`run_one` in a fresh process, so that its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, *args))
    process.start()
    child.close()
    row = parent.recv()
    process.join()
    return row


def _line(row: dict) -> str:
    if "error" in row:
        return f"error: {row['error']}"
    show = lambda x: "-" if x is None else x  # noqa: E731
    gap = "-"
    if row["breaks"] is not None and row["bound"] is not None:
        gap = f"{(row['breaks'] - row['bound']) / max(1, row['breaks']):.0%}"
    held = f"{row['held']}/{row['meetings']}"
    return (
        f"{row['size']:>5} {row['engine']:6} {row['status']:10} {held:>10} "
        f"{show(row['breaks']):>6} {show(row['bound']):>5} {gap:>5} "
        f"{row['seconds']:6.1f} {row['peak_mb']:8.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print one row per size and solve."""
    ap = argparse.ArgumentParser(prog="python -m scheduler.solver.scale", description=__doc__)
    ap.add_argument("--sizes", default="60,120,300,600", help="participants, comma-separated")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve")
    ap.add_argument("--d", type=int, default=2, help="most breaks per participant")
    ap.add_argument("--no-cap", action="store_true", help="no break cap")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--engines", default="engine,plain", help="engine, plain or both")
    args = ap.parse_args(argv)
    cap = None if args.no_cap else args.d
    print(
        f"{'size':>5} {'engine':6} {'status':10} {'held':>10} {'breaks':>6} {'bound':>5} "
        f"{'gap':>5} {'secs':>6} {'peak MB':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        for engine in args.engines.split(","):
            print(_line(_isolated(size, engine, args.time_limit, cap, args.seed)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
