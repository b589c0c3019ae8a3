"""Our JSON problem format (see README.md) and schedule writers (JSON and CSV)."""

from __future__ import annotations

import bisect
import csv
import io
import json
import json.decoder
import json.scanner
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Meeting, Participant, Placement, Problem, Result, Slot, Table


class _Lines:
    """A JSON decoder that remembers the line where each object starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_of: dict[int, int] = {}
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        decoder = json.JSONDecoder()
        original = decoder.parse_object

        def parse_object(s_and_end, *rest):
            obj, end = original(s_and_end, *rest)
            self.line_of[id(obj)] = bisect.bisect_right(starts, s_and_end[1])
            return obj, end

        decoder.parse_object = parse_object
        decoder.scan_once = json.scanner.py_make_scanner(decoder)
        self.decoder = decoder

    def load(self) -> Any:
        return self.decoder.decode(self.text)


class _Reader:
    def __init__(self, file: str, lines: _Lines) -> None:
        self.file, self.lines = file, lines

    def fail(self, obj: Any, field: str, problem: str) -> InputError:
        return InputError(self.file, self.lines.line_of.get(id(obj)), field, problem)

    def get(self, obj: dict, key: str, path: str, kind: type | tuple, default: Any = ...) -> Any:
        if key not in obj:
            if default is ...:
                raise self.fail(obj, f"{path}.{key}", "missing")
            return default
        value = obj[key]
        if value is None and default is not ...:
            return default
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind is int)
        if not ok:
            name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(obj, f"{path}.{key}", f"expected {name}, got {value!r}")
        return value

    def ints(self, obj: dict, key: str, path: str) -> frozenset[int]:
        values = self.get(obj, key, path, list, [])
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise self.fail(obj, f"{path}.{key}", "expected a list of integers")
        return frozenset(values)

    def objects(self, top: dict, key: str) -> list[dict]:
        items = self.get(top, key, "problem", list)
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                raise self.fail(top, f"{key}[{k}]", "expected an object")
        return items


def parse_problem(text: str, file: str = "<string>") -> Problem:
    """Parse our JSON problem format; raise InputError naming file, line and field."""
    lines = _Lines(text)
    try:
        top = lines.load()
    except json.JSONDecodeError as exc:
        raise InputError(file, exc.lineno, "-", f"invalid JSON: {exc.msg}") from exc
    r = _Reader(file, lines)
    if not isinstance(top, dict):
        raise InputError(file, 1, "problem", "expected a JSON object")
    slots = tuple(
        Slot(
            r.get(o, "id", f"slots[{k}]", int),
            r.get(o, "session", f"slots[{k}]", str, "all"),
            r.get(o, "day", f"slots[{k}]", str, "day1"),
            r.get(o, "label", f"slots[{k}]", str, ""),
        )
        for k, o in enumerate(r.objects(top, "slots"))
    )
    raw_tables = top.get("tables")
    if isinstance(raw_tables, int) and not isinstance(raw_tables, bool):
        tables = tuple(Table(i, f"T{i}") for i in range(1, raw_tables + 1))
    else:
        tables = tuple(
            Table(
                r.get(o, "id", f"tables[{k}]", int),
                r.get(o, "name", f"tables[{k}]", str, ""),
                r.get(o, "reserved_for", f"tables[{k}]", int, None),
            )
            for k, o in enumerate(r.objects(top, "tables"))
        )
    people = tuple(
        _participant(r, o, f"participants[{k}]")
        for k, o in enumerate(r.objects(top, "participants"))
    )
    meetings = tuple(_meeting(r, o, k) for k, o in enumerate(r.objects(top, "meetings")))
    _check_refs(r, top, slots, tables, people, meetings)
    precedences = []
    for k, pair in enumerate(r.get(top, "precedences", "problem", list, [])):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int) for x in pair)
        ):
            raise r.fail(top, f"precedences[{k}]", "expected [before, after] meeting ids")
        precedences.append((pair[0], pair[1]))
    previous = {}
    for k, o in enumerate(r.objects(top, "previous") if "previous" in top else []):
        path = f"previous[{k}]"
        pl = Placement(
            r.get(o, "meeting", path, int),
            r.get(o, "slot", path, int),
            r.get(o, "table", path, int, None),
        )
        previous[pl.meeting] = pl
    return Problem(
        slots,
        tables,
        people,
        meetings,
        tuple(precedences),
        r.get(top, "max_breaks", "problem", int, None),
        previous,
        r.get(top, "name", "problem", str, ""),
    )


def _participant(r: _Reader, o: dict, path: str) -> Participant:
    return Participant(
        r.get(o, "id", path, int),
        r.get(o, "name", path, str, ""),
        r.ints(o, "unavailable", path),
        r.ints(o, "workshops", path),
        r.get(o, "max_meetings", path, int, None),
    )


def _meeting(r: _Reader, o: dict, k: int) -> Meeting:
    path = f"meetings[{k}]"
    parts = r.get(o, "participants", path, list)
    if len(parts) < 2 or not all(isinstance(p, int) for p in parts) or len(set(parts)) < len(parts):
        raise r.fail(o, f"{path}.participants", "expected two or more distinct participant ids")
    sessions = o.get("sessions")
    if sessions is not None and not (
        isinstance(sessions, list) and all(isinstance(s, str) for s in sessions)
    ):
        raise r.fail(o, f"{path}.sessions", "expected a list of session names")
    priority = r.get(o, "priority", path, int, 1)
    if priority < 0:
        raise r.fail(o, f"{path}.priority", "must be non-negative")
    return Meeting(
        r.get(o, "id", path, int),
        tuple(parts),
        priority,
        None if sessions is None else frozenset(sessions),
        r.get(o, "fixed_slot", path, int, None),
        r.get(o, "required", path, bool, False),
    )


def _check_refs(r: _Reader, top, slots, tables, people, meetings) -> None:
    for key, items in (
        ("slots", slots),
        ("tables", tables),
        ("participants", people),
        ("meetings", meetings),
    ):
        ids = [x.id for x in items]
        if len(set(ids)) != len(ids):
            raise r.fail(top, key, "ids must be unique")
    known = {p.id for p in people}
    for k, (o, m) in enumerate(zip(r.objects(top, "meetings"), meetings, strict=True)):
        missing = [p for p in m.participants if p not in known]
        if missing:
            raise r.fail(o, f"meetings[{k}].participants", f"unknown participant {missing[0]}")


def load_problem(path: str | Path) -> Problem:
    """Read a JSON problem file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, "-", f"cannot read file: {exc}") from exc
    return parse_problem(text, str(path))


def problem_to_json(problem: Problem) -> dict:
    """The JSON form of a problem (inverse of parse_problem)."""
    return {
        "name": problem.name,
        "slots": [
            {"id": s.id, "session": s.session, "day": s.day, "label": s.label}
            for s in problem.slots
        ],
        "tables": [
            {"id": t.id, "name": t.name, "reserved_for": t.reserved_for} for t in problem.tables
        ],
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "unavailable": sorted(p.unavailable),
                "workshops": sorted(p.workshops),
                "max_meetings": p.max_meetings,
            }
            for p in problem.participants
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": list(m.participants),
                "priority": m.priority,
                "sessions": None if m.sessions is None else sorted(m.sessions),
                "fixed_slot": m.fixed_slot,
                "required": m.required,
            }
            for m in problem.meetings
        ],
        "precedences": [list(p) for p in problem.precedences],
        "max_breaks": problem.max_breaks,
        "previous": [
            {"meeting": p.meeting, "slot": p.slot, "table": p.table}
            for p in problem.previous.values()
        ],
    }


def result_to_json(result: Result) -> dict:
    """The JSON form of a result."""
    return {
        "status": result.status,
        "seconds": round(result.seconds, 3),
        "cancelled": result.cancelled,
        "objectives": [
            {
                "name": o.name,
                "sense": o.sense,
                "value": o.value,
                "bound": o.bound,
                "optimal": o.optimal,
                "gap": round(o.gap, 6),
            }
            for o in result.objectives
        ],
        "placements": [
            {"meeting": p.meeting, "slot": p.slot, "table": p.table} for p in result.placements
        ],
        "unplaced": [
            {"meeting": u.meeting, "code": u.code, "reason": u.reason, "fix": u.fix}
            for u in result.unplaced
        ],
        "conflicts": result.conflicts,
    }


def result_to_csv(problem: Problem, result: Result) -> str:
    """One CSV row per meeting: slot, table, participants, or the reason it was left out."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["meeting", "participants", "slot", "session", "day", "table", "reason"])
    where = {p.meeting: p for p in result.placements}
    why = {u.meeting: u.reason for u in result.unplaced}
    slots = {s.id: s for s in problem.slots}
    for m in problem.meetings:
        pl = where.get(m.id)
        parts = " ".join(map(str, m.participants))
        if pl is None:
            w.writerow([m.id, parts, "", "", "", "", why.get(m.id, "")])
        else:
            s = slots[pl.slot]
            w.writerow([m.id, parts, pl.slot, s.session, s.day, pl.table or "", ""])
    return out.getvalue()
