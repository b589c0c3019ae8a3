"""Readers: `.dzn` benchmark files and our JSON problem format, with one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scheduler.solver.dzn import load_dzn, parse_dzn
from scheduler.solver.errors import InputError
from scheduler.solver.jsonio import parse_problem, problem_to_json

DATA = Path(__file__).parent / "data"

TINY = """% comment
nBusiness = 3;
nMeetings = 2;
nTables = 1;
nTotalSlots = 3;
nMorningSlots = 2;
requested = [|1, 2,3,
|1, 3,2, |];
meetingsxBusiness = [{1,2,3},{1,2},{1,3}];
nMeetingsBusiness = [2,1,1];
forbidden = [{0},{0,1},{}];
fixed = [0,3];
precedences = [{},{1}];
"""


def test_dzn_parses_conventions():
    data = parse_dzn(TINY)
    assert data.requested == [(1, 2, 3), (1, 3, 2)]
    assert data.forbidden == [set(), {1}, set()]
    assert data.fixed == [0, 3]
    assert data.precedences == [set(), {1}]


def test_dzn_problem_marks_every_meeting_required():
    prob = load_dzn(DATA / "tic-12.original.dzn")
    assert (len(prob.participants), len(prob.meetings), len(prob.slots), len(prob.tables)) == (
        42,
        125,
        8,
        21,
    )
    assert all(m.required for m in prob.meetings)
    assert prob.max_breaks == 2


def test_dzn_bad_value_names_file_line_and_field():
    with pytest.raises(InputError) as exc:
        parse_dzn(TINY.replace("|1, 3,2, |]", "|1, x,2, |]"), "t.dzn")
    assert str(exc.value) == "t.dzn:8: field 'requested': expected an integer, found 'x'"


def test_dzn_missing_field_is_reported():
    with pytest.raises(InputError) as exc:
        parse_dzn(TINY.replace("fixed = [0,3];\n", ""), "t.dzn")
    assert "field 'fixed': missing" in str(exc.value)


def test_dzn_out_of_range_participant_is_reported():
    with pytest.raises(InputError) as exc:
        parse_dzn(TINY.replace("|1, 3,2,", "|1, 9,2,"), "t.dzn")
    assert str(exc.value) == "t.dzn:7: field 'requested': row 2 is invalid: [1, 9, 2]"


SAMPLE = {
    "name": "demo",
    "slots": [{"id": 1, "session": "am", "day": "mon"}, {"id": 2, "session": "pm", "day": "mon"}],
    "tables": [{"id": 1, "name": "A"}, {"id": 2, "name": "Booth", "reserved_for": 1}],
    "participants": [
        {"id": 1, "name": "Host"},
        {"id": 2, "unavailable": [1]},
        {"id": 3, "workshops": [2], "max_meetings": 1},
    ],
    "meetings": [
        {"id": 10, "participants": [1, 2], "priority": 2},
        {"id": 11, "participants": [1, 3], "sessions": ["am"]},
    ],
    "precedences": [[11, 10]],
    "max_breaks": 1,
    "previous": [{"meeting": 10, "slot": 2, "table": 2}],
}


def test_json_round_trip_keeps_every_field():
    prob = parse_problem(json.dumps(SAMPLE))
    again = parse_problem(json.dumps(problem_to_json(prob)))
    assert again == prob
    assert prob.tables[1].reserved_for == 1
    assert prob.participants[2].workshops == frozenset({2})
    assert prob.meetings[1].sessions == frozenset({"am"})


def test_json_bad_field_names_line():
    text = json.dumps(SAMPLE, indent=1).replace('"priority": 2', '"priority": "high"')
    with pytest.raises(InputError) as exc:
        parse_problem(text, "p.json")
    line = text[: text.index('"high"')].count("\n") + 1
    assert exc.value.field == "meetings[0].priority"
    assert exc.value.file == "p.json"
    assert 0 < exc.value.line <= line


def test_json_syntax_error_names_line():
    with pytest.raises(InputError) as exc:
        parse_problem('{\n"slots": [\n}', "p.json")
    assert (exc.value.file, exc.value.line) == ("p.json", 3)


def test_json_unknown_participant_is_reported():
    bad = dict(SAMPLE, meetings=[{"id": 1, "participants": [1, 9]}])
    with pytest.raises(InputError) as exc:
        parse_problem(json.dumps(bad), "p.json")
    assert exc.value.field == "meetings[0].participants"
    assert "unknown participant 9" in str(exc.value)
