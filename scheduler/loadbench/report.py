"""The benchmark's printed table and its targets."""

from __future__ import annotations

from collections import Counter

from scheduler.loadbench.client import Figures

TRIVIAL = "trivial: /healthz"
DIRECTORY = "directory (filtered, searched)"
# The targets on a 2-core machine at 50 users: no error, p99 under 250 ms (paced), and the
# directory's throughput (flat out) at least 30 % of the trivial endpoint's.
TARGETS = {"p99_ms": 250.0, "directory_share": 0.30}


def _row(figures: Figures) -> str:
    return (
        f"{figures.per_second:7.1f} {figures.percentile(0.50):7.0f} "
        f"{figures.percentile(0.99):7.0f} {len(figures.errors):6d}"
    )


def report(results: dict[str, list[Figures]], header: list[str], footer: list[str]) -> bool:
    """Print the figures; True when every target is met."""
    modes = list(results)
    for line in header:
        print(line)
    print()
    print(f"{'':32}" + "".join(f"{mode:^31}" for mode in modes))
    print(f"{'request':32}" + f"{'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  " * 2)
    for index, first in enumerate(results[modes[0]]):
        cells = "  ".join(_row(results[mode][index]) for mode in modes)
        print(f"{first.name:32}{cells}")
    errors = Counter(e for mode in modes for f in results[mode] for e in f.errors)
    for error, count in errors.most_common(5):
        print(f"  error x{count}: {error}")
    print()
    for line in footer:
        print(line)
    paced, flat = results[modes[0]], results[modes[-1]]
    total_errors = sum(errors.values())
    worst = max(paced, key=lambda f: f.percentile(0.99))
    by_name = {f.name: f for f in flat}
    share = by_name[DIRECTORY].per_second / max(by_name[TRIVIAL].per_second, 1e-9)
    checks = [
        (f"no error ({total_errors})", total_errors == 0),
        (
            f"p99 under {TARGETS['p99_ms']:.0f} ms when paced (worst: {worst.name}, "
            f"{worst.percentile(0.99):.0f} ms)",
            worst.percentile(0.99) < TARGETS["p99_ms"],
        ),
        (
            f"directory at least {TARGETS['directory_share']:.0%} of the trivial endpoint's "
            f"throughput flat out ({share:.0%})",
            share >= TARGETS["directory_share"],
        ),
    ]
    for text, met in checks:
        print(f"Target {'met' if met else 'MISSED'}: {text}")
    return all(met for _, met in checks)
