"""A Lagrangian upper bound on objective 1, for events too large for CP-SAT's LP."""

from __future__ import annotations

from .index import Index
from .model import Problem


def placed_priority_bound(
    problem: Problem,
    idx: Index,
    slots: dict[int, list[int]],
    known: int = 0,
    rounds: int = 400,
    unlimited_tables: bool = False,
) -> tuple[int, list[float]]:
    """Upper bound on the placed priority: the dual of a relaxation without slot order.

    The relaxation keeps, per participant, "at most as many meetings as free slots (and
    quota)" and, overall, "at most slots x tables meetings" (dropped with
    ``unlimited_tables``). For any multipliers lam_p, mu >= 0 the dual value below bounds
    it; subgradient steps tighten it.
    """
    meetings = [
        (
            m.priority,
            [idx.participant_pos[p] for p in m.participants],
            idx.is_guest(m),
        )
        for i, m in enumerate(problem.meetings)
        if slots.get(i)
    ]
    cap = []
    for p in problem.participants:
        free = {t for i in idx.meetings_of.get(p.id, ()) for t in slots.get(i, ())}
        cap.append(len(free) if p.max_meetings is None else min(len(free), p.max_meetings))
    total_cap = len(problem.slots) * len(problem.tables)
    # Meetings without a booth host can only use the open tables.
    guest_cap = len(problem.slots) * sum(1 for tb in problem.tables if tb.reserved_for is None)
    if unlimited_tables:
        total_cap = guest_cap = len(meetings)
    lam = [0.0] * len(problem.participants)
    mu = nu = 0.0
    best = float(sum(w for w, _, _ in meetings))
    best_lam = lam
    step = max((w for w, _, _ in meetings), default=1) / 2
    for _ in range(rounds):
        used = [0] * len(lam)
        n_used = n_guests = 0
        value = sum(c * x for c, x in zip(cap, lam, strict=True)) + total_cap * mu
        value += guest_cap * nu
        for w, ps, is_guest in meetings:
            reduced = w - mu - nu if is_guest else w - mu
            for p in ps:  # a plain loop: several times faster than sum() over a generator
                reduced -= lam[p]
            if reduced > 0:
                value += reduced
                n_used += 1
                n_guests += is_guest
                for p in ps:
                    used[p] += 1
        if value < best:
            best, best_lam = value, lam
        if best - known < 1:
            break
        lam = [max(0.0, x - step * (c - u)) for x, c, u in zip(lam, cap, used, strict=True)]
        mu = max(0.0, mu - step * (total_cap - n_used) / max(1, len(lam)))
        nu = max(0.0, nu - step * (guest_cap - n_guests) / max(1, len(lam)))
        step *= 0.98
    return int(best + 1e-6), best_lam
