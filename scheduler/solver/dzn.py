"""Reader for the UdG / JAIR 2022 B2B `.dzn` benchmark format (see FORMAT.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Meeting, Participant, Problem, Slot, Table

FIELDS = (
    "nBusiness",
    "nMeetings",
    "nTables",
    "nTotalSlots",
    "nMorningSlots",
    "requested",
    "meetingsxBusiness",
    "nMeetingsBusiness",
    "forbidden",
    "fixed",
    "precedences",
)
_TOKEN = re.compile(r"\s*(?:(-?\d+)|(\[\||\|\]|[\[\]{}|,;=])|([A-Za-z_]\w*)|(\S))")


@dataclass(frozen=True)
class DznData:
    """Raw fields of a `.dzn` file, with slot, participant and meeting ids 1-based."""

    n_business: int
    n_tables: int
    n_slots: int
    n_morning: int
    requested: list[tuple[int, int, int]]
    forbidden: list[set[int]]
    fixed: list[int]
    precedences: list[set[int]]


class _Tokens:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.items: list[tuple[str, str, int]] = []
        text = re.sub(r"%[^\n]*", "", text)
        line = 1
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                break
            line += text.count("\n", pos, m.start(m.lastindex or 0))
            kind = ("int", "sym", "name", "bad")[(m.lastindex or 1) - 1]
            self.items.append((kind, m.group(m.lastindex or 0), line))
            pos = m.end()
        self.i = 0
        self.last_line = line

    def peek(self) -> tuple[str, str, int]:
        if self.i < len(self.items):
            return self.items[self.i]
        return ("eof", "end of file", self.last_line)

    def take(self, field: str, want: str | None = None, kind: str | None = None) -> str:
        k, v, line = self.peek()
        if (want is not None and v != want) or (kind is not None and k != kind):
            expected = f"'{want}'" if want is not None else "an integer"
            raise InputError(self.file, line, field, f"expected {expected}, found '{v}'")
        self.i += 1
        return v


def _value(tok: _Tokens, field: str) -> object:
    k, v, line = tok.peek()
    if k == "int":
        return int(tok.take(field, kind="int"))
    if v == "[|":
        tok.take(field, "[|")
        rows: list[list[int]] = [[]]
        while tok.peek()[1] != "|]":
            if tok.peek()[1] == "|":
                tok.take(field, "|")
                rows.append([])
                continue
            rows[-1].append(int(tok.take(field, kind="int")))
            if tok.peek()[1] == ",":
                tok.take(field, ",")
        tok.take(field, "|]")
        return [r for r in rows if r]
    if v == "[":
        tok.take(field, "[")
        items: list[object] = []
        while tok.peek()[1] != "]":
            if tok.peek()[1] == "{":
                tok.take(field, "{")
                s: set[int] = set()
                while tok.peek()[1] != "}":
                    s.add(int(tok.take(field, kind="int")))
                    if tok.peek()[1] != "}":
                        tok.take(field, ",")
                tok.take(field, "}")
                items.append(s)
            else:
                items.append(int(tok.take(field, kind="int")))
            if tok.peek()[1] != "]":
                tok.take(field, ",")
        tok.take(field, "]")
        return items
    raise InputError(tok.file, line, field, f"unexpected '{v}'")


def parse_dzn(text: str, file: str = "<string>") -> DznData:
    """Parse `.dzn` text; raise InputError naming file, line and field on bad input."""
    tok = _Tokens(text, file)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    while tok.peek()[0] != "eof":
        k, name, line = tok.peek()
        if k != "name":
            raise InputError(file, line, "?", f"expected a field name, found '{name}'")
        tok.take(name)
        tok.take(name, "=")
        values[name] = _value(tok, name)
        lines[name] = line
        tok.take(name, ";")
    for name in FIELDS:
        if name not in values:
            raise InputError(file, tok.last_line, name, "missing")
    return _check(values, lines, file)


def _ints(values: dict, lines: dict, file: str, name: str) -> int:
    v = values[name]
    if not isinstance(v, int) or v < 0:
        raise InputError(file, lines[name], name, "expected a non-negative integer")
    return v


def _check(values: dict, lines: dict, file: str) -> DznData:
    nb, nm, nt, ns, nam = (_ints(values, lines, file, f) for f in FIELDS[:5])

    def fail(name: str, problem: str) -> InputError:
        return InputError(file, lines[name], name, problem)

    req = values["requested"]
    if not isinstance(req, list) or len(req) != nm:
        raise fail("requested", f"expected {nm} rows")
    requested: list[tuple[int, int, int]] = []
    for i, row in enumerate(req, 1):
        if not isinstance(row, list) or len(row) != 3:
            raise fail("requested", f"row {i} must have 3 integers")
        a, b, s = row
        if not (1 <= a <= nb and 1 <= b <= nb) or a == b or s not in (1, 2, 3):
            raise fail("requested", f"row {i} is invalid: {row}")
        requested.append((a, b, s))
    forb = values["forbidden"]
    if not isinstance(forb, list) or len(forb) != nb or not all(isinstance(x, set) for x in forb):
        raise fail("forbidden", f"expected {nb} sets")
    forbidden = [{t for t in s if t != 0} for s in forb]
    for p, s in enumerate(forbidden, 1):
        if any(not 1 <= t <= ns for t in s):
            raise fail("forbidden", f"participant {p} has a slot outside 1..{ns}")
    fixed = values["fixed"]
    if (
        not isinstance(fixed, list)
        or len(fixed) != nm
        or any(not isinstance(t, int) or not 0 <= t <= ns for t in fixed)
    ):
        raise fail("fixed", f"expected {nm} slots in 0..{ns}")
    prec = values["precedences"]
    if (
        not isinstance(prec, list)
        or len(prec) != nm
        or any(not isinstance(s, set) or any(not 1 <= q <= nm for q in s) for s in prec)
    ):
        raise fail("precedences", f"expected {nm} sets of meetings in 1..{nm}")
    if nam > ns:
        raise fail("nMorningSlots", f"exceeds nTotalSlots ({ns})")
    return DznData(nb, nt, ns, nam, requested, forbidden, list(fixed), list(prec))


def to_problem(data: DznData, max_breaks: int | None = 2, name: str = "") -> Problem:
    """Turn benchmark data into a Problem in which every meeting is required."""
    slots = tuple(
        Slot(id=t, session="am" if t <= data.n_morning else "pm", day="day1")
        for t in range(1, data.n_slots + 1)
    )
    session_of = {1: frozenset({"am"}), 2: frozenset({"pm"}), 3: None}
    meetings = tuple(
        Meeting(
            id=m,
            participants=(a, b),
            sessions=session_of[s],
            fixed_slot=data.fixed[m - 1] or None,
            required=True,
        )
        for m, (a, b, s) in enumerate(data.requested, 1)
    )
    participants = tuple(
        Participant(id=p, unavailable=frozenset(data.forbidden[p - 1]))
        for p in range(1, data.n_business + 1)
    )
    tables = tuple(Table(id=i, name=f"T{i}") for i in range(1, data.n_tables + 1))
    precedences = tuple(
        (pred, m) for m, preds in enumerate(data.precedences, 1) for pred in sorted(preds)
    )
    return Problem(
        slots=slots,
        tables=tables,
        participants=participants,
        meetings=meetings,
        precedences=precedences,
        max_breaks=max_breaks,
        name=name,
    )


def load_dzn(path: str | Path, max_breaks: int | None = 2) -> Problem:
    """Read a benchmark `.dzn` file as a Problem (every meeting required)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, "-", f"cannot read file: {exc}") from exc
    return to_problem(parse_dzn(text, str(path)), max_breaks, path.name)
