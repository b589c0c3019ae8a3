"""The breaks stage as weighted MaxSAT (python-sat), for problems whose meetings are all held.

When every meeting must be held, minimising breaks is a pure MaxSAT problem: hard clauses
for the rules, one unit-weight soft clause "no break here" per participant and slot. The
core-guided solver RC2 proves lower bounds by finding unsatisfiable cores, which is where
CP-SAT struggles on tight instances (JAIR 2022: MaxSAT with implied constraints is the best
published approach). `encode` is the encoding; `solve_breaks` runs RC2 and reports bounds.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from pysat.card import CardEnc, EncType
from pysat.examples.rc2 import RC2
from pysat.formula import WCNF, IDPool

from .index import Index, allowed_slots
from .model import Problem

# Above this many literals an at-most-one uses the sequential counter, not pairwise clauses.
_PAIRWISE_MAX = 6


@dataclass
class Encoding:
    """A WCNF formula and the variable of each (meeting position, slot position)."""

    wcnf: WCNF = field(default_factory=WCNF)
    pool: IDPool = field(default_factory=IDPool)
    x: dict[tuple[int, int], int] = field(default_factory=dict)
    slots: dict[int, list[int]] = field(default_factory=dict)
    busy: dict[tuple[int, int], int] = field(default_factory=dict)

    def hard(self, clauses: list[list[int]]) -> None:
        """Add hard clauses."""
        for clause in clauses:
            self.wcnf.append(clause)

    def at_most(self, lits: list[int], k: int, kind: int | None = None) -> None:
        """Hard: at most k of lits are true.

        Unless `kind` says otherwise: pairwise clauses or a sequential counter for k = 1,
        a totalizer above.
        """
        if len(lits) <= k:
            return
        if kind is None and k == 1:
            kind = EncType.pairwise if len(lits) <= _PAIRWISE_MAX else EncType.seqcounter
        elif kind is None:
            kind = EncType.kmtotalizer
        self.hard(CardEnc.atmost(lits, k, vpool=self.pool, encoding=kind).clauses)

    def exactly(self, lits: list[int], k: int) -> None:
        """Hard: exactly k of lits are true."""
        if k > len(lits):
            never = self.pool.id(("never",))
            self.hard([[never], [-never]])
            return
        self.hard(CardEnc.equals(lits, k, vpool=self.pool, encoding=EncType.kmtotalizer).clauses)


def applies(problem: Problem) -> bool:
    """MaxSAT handles the breaks stage when every meeting must be held and nothing moves."""
    return not problem.previous and all(m.must_hold for m in problem.meetings)


def encode(problem: Problem, idx: Index | None = None) -> Encoding:
    """Hard rules, soft "no break" clauses and JAIR 2022's implied constraints (imp12+)."""
    idx = idx or Index.of(problem)
    enc = Encoding()
    _meetings_once(enc, problem, idx)
    _busy(enc, problem, idx)
    _capacity(enc, problem, idx)
    _precedences(enc, problem, idx)
    _breaks(enc, problem, idx)
    _implied(enc, problem, idx)
    return enc


def _meetings_once(enc: Encoding, problem: Problem, idx: Index) -> None:
    """Each meeting in exactly one of its allowed slots (pins leave a single slot)."""
    for i, m in enumerate(problem.meetings):
        enc.slots[i] = allowed_slots(problem, m, idx.people)
        lits = []
        for t in enc.slots[i]:
            enc.x[i, t] = enc.pool.id(("x", i, t))
            lits.append(enc.x[i, t])
        enc.hard([lits])
        enc.at_most(lits, 1)


def _busy(enc: Encoding, problem: Problem, idx: Index) -> None:
    """busy(p, t) is true exactly when p has a meeting at t; at most one meeting each."""
    for p in problem.participants:
        for t in range(len(problem.slots)):
            lits = [enc.x[i, t] for i in idx.meetings_of.get(p.id, ()) if (i, t) in enc.x]
            if not lits:
                continue
            b = enc.pool.id(("busy", p.id, t))
            enc.busy[p.id, t] = b
            enc.hard([[-lit, b] for lit in lits] + [[-b, *lits]])
            enc.at_most(lits, 1)


def _capacity(enc: Encoding, problem: Problem, idx: Index) -> None:
    """Per slot, meetings fit the tables, and meetings without a booth host fit open tables.

    The table count is taken over groups of meetings that share a participant (at most one
    of each group is held), not over single meetings: a much shorter cardinality
    constraint, the "capacity over clusters" of JAIR's best encoding (imp12+).
    """
    open_tables = sum(1 for tb in problem.tables if tb.reserved_for is None)
    by_slot: dict[int, dict[int, int]] = {t: {} for t in range(len(problem.slots))}
    for (i, t), lit in enc.x.items():
        by_slot[t][i] = lit
    for t, here in by_slot.items():
        enc.at_most(_group_literals(enc, problem, idx, t, dict(here)), len(problem.tables))
        guests = [lit for i, lit in here.items() if idx.is_guest(problem.meetings[i])]
        if open_tables < len(problem.tables):
            enc.at_most(guests, open_tables)


def _group_literals(
    enc: Encoding, problem: Problem, idx: Index, t: int, left: dict[int, int]
) -> list[int]:
    """Cover the meetings possible at slot t by participants, greedily, largest group first.

    Returns one literal per group, true when a meeting of the group is held: p's busy
    variable when the group is all of p's meetings at t, else a new "some of them" literal.
    """
    out = []
    while left:
        count: dict[int, int] = {}
        for i in left:
            for p in problem.meetings[i].participants:
                count[p] = count.get(p, 0) + 1
        p = max(count, key=lambda q: (count[q], -q))
        group = [i for i in left if p in problem.meetings[i].participants]
        if len(group) == 1:
            out.append(left.pop(group[0]))
            continue
        if len(group) == sum(1 for i in idx.meetings_of[p] if (i, t) in enc.x):
            some = enc.busy[p, t]
        else:
            some = enc.pool.id(("some", p, t))
            enc.hard([[-left[i], some] for i in group])
        for i in group:
            del left[i]
        out.append(some)
    return out


def _precedences(enc: Encoding, problem: Problem, idx: Index) -> None:
    """Meeting a strictly before meeting b."""
    for a, b in problem.precedences:
        ia, ib = idx.meeting_pos[a], idx.meeting_pos[b]
        for t in enc.slots[ib]:
            xb = enc.x[ib, t]
            enc.hard([[-xb, -enc.x[ia, u]] for u in enc.slots[ia] if u >= t])


def _breaks(enc: Encoding, problem: Problem, idx: Index) -> None:
    """break(p, t): p meets at t, is idle at t-1 and met earlier that day. Soft: no break."""
    for p in problem.participants:
        if len(idx.meetings_of.get(p.id, ())) < 2:
            continue
        mine: list[int] = []
        for day in idx.days:
            seen = None  # "p met at some earlier slot of this day"
            for k, t in enumerate(day):
                busy = enc.busy.get((p.id, t))
                if busy is None:
                    continue
                prev = enc.busy.get((p.id, day[k - 1])) if k else None
                if seen is not None:
                    brk = enc.pool.id(("break", p.id, t))
                    enc.hard([[-busy, -seen, brk, *([prev] if prev else [])]])
                    enc.hard([[-brk, busy], [-brk, seen]] + ([[-brk, -prev]] if prev else []))
                    enc.wcnf.append([-brk], weight=1)
                    mine.append(brk)
                now = enc.pool.id(("seen", p.id, t))
                enc.hard([[-busy, now], [-now, busy, *([seen] if seen else [])]])
                if seen is not None:
                    enc.hard([[-seen, now]])
                seen = now
        if problem.max_breaks is not None:
            enc.at_most(mine, problem.max_breaks, EncType.seqcounter)


def _implied(enc: Encoding, problem: Problem, idx: Index) -> None:
    """Redundant rules that shorten the proofs (JAIR 2022, imp12+).

    p is busy in exactly |M_p| slots; a slot holds at most size x tables busy people;
    when every meeting is a pair, an even number of people is busy in each slot.
    """
    by_person: dict[int, list[int]] = {}
    by_slot: dict[int, list[int]] = {}
    for (p, t), b in enc.busy.items():
        by_person.setdefault(p, []).append(b)
        by_slot.setdefault(t, []).append(b)
    for p, busy in by_person.items():
        if len(idx.meetings_of[p]) > 1:
            enc.exactly(busy, len(idx.meetings_of[p]))
    size = max((len(m.participants) for m in problem.meetings), default=2)
    for busy in by_slot.values():
        enc.at_most(busy, size * len(problem.tables))
    if all(len(m.participants) == 2 for m in problem.meetings):
        for busy in by_slot.values():
            _even(enc, busy)


def _even(enc: Encoding, lits: list[int]) -> None:
    """Hard: an even number of lits are true (a chain of exclusive-or variables)."""
    parity = lits[0]
    for lit in lits[1:]:
        z = enc.pool.id(("xor", lit, parity))
        enc.hard([[-z, lit, parity], [-z, -lit, -parity], [z, -lit, parity], [z, lit, -parity]])
        parity = z
    enc.hard([[-parity]])


@dataclass(frozen=True)
class Answer:
    """RC2's outcome: status OPTIMAL or INFEASIBLE; the schedule as true (i, t) keys."""

    status: str
    cost: int | None = None
    placed: frozenset[tuple[int, int]] = frozenset()


class _ReportingRC2(RC2):
    """RC2 that reports its lower bound each time a core raises it."""

    def __init__(self, wcnf: WCNF, on_bound: Callable[[int], None], **kwargs) -> None:
        super().__init__(wcnf, **kwargs)
        self.on_bound = on_bound

    def process_core(self) -> None:
        super().process_core()
        self.on_bound(self.cost)


def solve_breaks(
    problem: Problem, on_bound: Callable[[int], None] = lambda cost: None, sat: str = "g4"
) -> Answer:
    """Minimise breaks with RC2 (Glucose 4); runs to the end, so call it in a child process."""
    enc = encode(problem)
    with _ReportingRC2(
        enc.wcnf, on_bound, solver=sat, adapt=True, exhaust=True, minz=True, trim=5
    ) as rc2:
        model = rc2.compute()
        if model is None:
            return Answer("INFEASIBLE")
        true = {lit for lit in model if lit > 0}
        return Answer(
            "OPTIMAL", rc2.cost, frozenset(key for key, lit in enc.x.items() if lit in true)
        )


def _child(problem: Problem, conn: Connection) -> None:
    try:
        answer = solve_breaks(problem, on_bound=lambda cost: conn.send(("bound", cost)))
        conn.send(("done", answer))
    except Exception as exc:  # reported to the parent, which goes on with CP-SAT alone
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _context() -> multiprocessing.context.BaseContext:
    """A fork server where there is one: each solve then starts its child in milliseconds.

    Not a plain fork: the parent may run threads (CP-SAT, the web server), which a fork
    copies in whatever state they are in. The server is a fresh single-threaded process
    that has imported this module once.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


class MaxSatProcess:
    """RC2 on the breaks stage in a child process, beside CP-SAT in the parent.

    A process, not a thread: the SAT solver holds the GIL while it searches, and a
    process can be stopped at any moment. `on_done` is called (from a reader thread)
    when RC2 has proven its answer, never when the child fails (`error` then says why);
    `bound` is its best lower bound so far.
    """

    def __init__(
        self,
        problem: Problem,
        on_done: Callable[[], None] = lambda: None,
        on_bound: Callable[[int], None] = lambda cost: None,
    ) -> None:
        self.bound = 0
        self.answer: Answer | None = None
        self.error: str | None = None
        self._on_done, self._on_bound = on_done, on_bound
        context = _context()
        self._conn, child_end = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(problem, child_end), daemon=True)
        self._process.start()
        child_end.close()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                kind, payload = self._conn.recv()
            except (EOFError, OSError):
                return
            if kind == "bound":
                self.bound = max(self.bound, payload)
                self._on_bound(payload)
                continue
            if kind == "done":
                self.answer = payload
                self._on_done()
            else:
                self.error = payload  # not "done": CP-SAT goes on alone
            return

    def wait(self, timeout: float) -> bool:
        """Wait until the child has answered, failed or died; False on timeout."""
        self._reader.join(timeout)
        return not self._reader.is_alive()

    def close(self) -> None:
        """Stop the child if it is still searching and wait for the reader."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._reader.join(5)
        self._conn.close()
