"""Generator of realistic brokerage events: `python -m scheduler.solver.generate OUT.json`."""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from .jsonio import problem_to_json
from .model import Meeting, Participant, Problem, Slot, Table


def generate(
    *,
    participants: int = 2000,
    requests: int = 12000,
    days: int = 2,
    sessions_per_day: int = 2,
    slots_per_session: int = 12,
    tables: int = 150,
    booths: int = 20,
    workshops: int = 8,
    seed: int = 1,
) -> Problem:
    """A random event with more requests than room, availability gaps and workshops."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    slots: list[Slot] = []
    for d in range(1, days + 1):
        for s in range(sessions_per_day):
            half = "am" if s == 0 else "pm" if s == 1 else f"s{s + 1}"
            for k in range(slots_per_session):
                slots.append(Slot(len(slots) + 1, f"d{d}-{half}", f"d{d}", f"{half} #{k + 1}"))
    ids = [s.id for s in slots]
    by_day = {d: [s.id for s in slots if s.day == f"d{d}"] for d in range(1, days + 1)}
    # Workshops: a few blocks of 2-3 consecutive slots.
    blocks = []
    for _ in range(workshops):
        start = rng.randrange(max(1, len(ids) - 3))
        blocks.append(frozenset(ids[start : start + rng.choice((2, 3))]))
    people = []
    for p in range(1, participants + 1):
        away: set[int] = set()
        if days > 1 and rng.random() < 0.25:
            away |= set(by_day[rng.randrange(1, days + 1)])
        for _ in range(rng.choice((0, 0, 1, 2))):
            start = rng.randrange(max(1, len(ids) - 4))
            away |= set(ids[start : start + rng.randrange(1, 5)])
        signed = frozenset().union(*rng.sample(blocks, rng.choice((0, 0, 0, 1, 2))))
        quota = rng.choice((None, None, 8, 10, 12, 16))
        people.append(Participant(p, f"Company {p}", frozenset(away), signed, quota))
    # Popularity follows a heavy tail, as in real matchmaking.
    weight = [rng.paretovariate(1.5) for _ in range(participants)]
    meetings = []
    seen: set[tuple[int, ...]] = set()
    sessions = sorted({s.session for s in slots})
    while len(meetings) < requests:
        a, b = rng.choices(range(1, participants + 1), weights=weight, k=2)
        pair = tuple(sorted((a, b)))
        if a == b or pair in seen:
            continue
        seen.add(pair)
        group = pair
        if rng.random() < 0.05:
            c = rng.randrange(1, participants + 1)
            if c not in pair:
                group = (*pair, c)
        restrict = frozenset(rng.sample(sessions, 2)) if rng.random() < 0.1 else None
        meetings.append(Meeting(len(meetings) + 1, group, rng.choice((1, 1, 2, 3)), restrict))
    hosts = rng.sample(range(1, participants + 1), booths)
    table_list = [
        Table(t, f"Booth {t}", hosts[t - 1]) if t <= booths else Table(t, f"T{t}")
        for t in range(1, tables + 1)
    ]
    return Problem(
        tuple(slots),
        tuple(table_list),
        tuple(people),
        tuple(meetings),
        max_breaks=None,
        name=f"generated-{participants}x{requests}-seed{seed}",
    )


def brokerage_day(
    *,
    participants: int = 120,
    meetings: int | None = None,
    slots: int = 20,
    tables: int | None = None,
    max_breaks: int | None = 2,
    seed: int = 1,
) -> Problem:
    """A one-day brokerage event where every meeting must be held, built from a schedule.

    The schedule is drawn first, slot by slot: the participants present (late arrivals,
    early departures) pair up, busy hosts more often, one meeting per table. Every meeting
    is then required and each participant unavailable outside their hours, so a schedule
    holding every meeting exists; within `max_breaks`, perhaps not.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    wanted = meetings if meetings is not None else participants * 5
    per_slot = -(-wanted // slots)
    n_tables = tables if tables is not None else -(-per_slot * 115 // 100)
    hours = {}
    for p in range(1, participants + 1):
        arrive = rng.randrange(1, slots // 3 + 1) if rng.random() < 0.3 else 0
        leave = slots - rng.randrange(1, slots // 3 + 1) if rng.random() < 0.3 else slots
        hours[p] = range(arrive, max(leave, arrive + 2))
    busy = {p: 4.0 if rng.random() < 0.1 else 1.0 for p in hours}
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for t in range(slots):
        here = [p for p in hours if t in hours[p]]
        # Weighted order without replacement: busy hosts come first more often.
        here.sort(key=lambda p: rng.random() ** (1 / busy[p]), reverse=True)
        held = 0
        while len(here) > 1 and held < per_slot and len(pairs) < wanted:
            a = here.pop(0)
            b = next((q for q in here if (min(a, q), max(a, q)) not in seen), None)
            if b is None:
                continue
            here.remove(b)
            seen.add((min(a, b), max(a, b)))
            pairs.append((a, b))
            held += 1
    rng.shuffle(pairs)
    slot_list = tuple(Slot(t + 1, "b2b", "d1", f"#{t + 1}") for t in range(slots))
    people = tuple(
        Participant(p, f"Company {p}", frozenset(t + 1 for t in range(slots) if t not in hours[p]))
        for p in hours
    )
    return Problem(
        slot_list,
        tuple(Table(t, f"T{t}") for t in range(1, n_tables + 1)),
        people,
        tuple(Meeting(k, pair, required=True) for k, pair in enumerate(pairs, 1)),
        max_breaks=max_breaks,
        name=f"brokerage-{participants}x{len(pairs)}-seed{seed}",
    )


def main(argv: list[str] | None = None) -> int:
    """Write a generated event as a JSON problem file."""
    ap = argparse.ArgumentParser(prog="python -m scheduler.solver.generate", description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--participants", type=int, default=2000)
    ap.add_argument("--requests", type=int, default=12000)
    ap.add_argument("--tables", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--brokerage",
        action="store_true",
        help="a must-hold brokerage day instead (--participants, --requests as meetings, "
        "--slots, --tables, --d)",
    )
    ap.add_argument("--slots", type=int, default=20, help="brokerage day: slots")
    ap.add_argument("--d", type=int, default=2, help="brokerage day: break cap (-1: none)")
    args = ap.parse_args(argv)
    if args.brokerage:
        problem = brokerage_day(
            participants=args.participants,
            meetings=args.requests,
            slots=args.slots,
            tables=args.tables,
            max_breaks=None if args.d < 0 else args.d,
            seed=args.seed,
        )
    else:
        problem = generate(
            participants=args.participants,
            requests=args.requests,
            tables=args.tables,
            seed=args.seed,
        )
    args.out.write_text(json.dumps(problem_to_json(problem)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
