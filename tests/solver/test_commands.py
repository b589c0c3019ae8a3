"""The offline solve command and the benchmark command."""

from __future__ import annotations

import json
from pathlib import Path

from scheduler.solver import bench, cli, generate
from scheduler.solver.jsonio import load_problem
from scheduler.solver.model import Placement, Result

from .helpers import problem
from .test_io import SAMPLE

DATA = Path(__file__).parent / "data"


def test_cli_writes_json_and_csv(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps(SAMPLE))
    code = cli.main(
        [
            str(src),
            "--time-limit",
            "5",
            "--workers",
            "1",
            "--quiet",
            "--out-json",
            str(tmp_path / "s.json"),
            "--out-csv",
            str(tmp_path / "s.csv"),
        ]
    )
    out = json.loads((tmp_path / "s.json").read_text())
    assert code == 0
    assert out["status"] == "OPTIMAL"
    assert {p["meeting"] for p in out["placements"]} == {10, 11}
    assert (tmp_path / "s.csv").read_text().splitlines()[0] == (
        "meeting,participants,slot,session,day,table,reason"
    )


def test_cli_bad_input_prints_one_line(tmp_path, capsys):
    src = tmp_path / "bad.json"
    src.write_text('{"slots": 3}')
    code = cli.main([str(src)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: {src}:1: field 'problem.slots': expected list, got 3\n"


def test_cli_contradiction_exits_nonzero_with_conflict(tmp_path, capsys):
    bad = dict(SAMPLE, meetings=[{"id": 1, "participants": [1, 2], "fixed_slot": 1}])
    src = tmp_path / "p.json"
    src.write_text(json.dumps(bad))
    code = cli.main([str(src), "--quiet", "--out-json", str(tmp_path / "s.json")])
    assert code == 1
    assert "conflict: meeting 1 is pinned to slot 1, where participant 2 is unavailable" in (
        capsys.readouterr().err
    )


def test_bench_writes_one_json_per_instance(tmp_path, capsys):
    code = bench.main(
        [str(DATA / "tic-12.original.dzn"), "--time-limit", "30", "--out", str(tmp_path)]
    )
    row = json.loads((tmp_path / "tic-12.original.json").read_text())
    assert code == 0
    assert (row["instance"], row["status"], row["breaks"]) == ("tic-12.original.dzn", "OPTIMAL", 0)
    assert len(row["slots"]) == len(row["tables"]) == 125
    assert "proven and matching published 1" in capsys.readouterr().out


def test_bench_row_writes_null_for_a_meeting_a_partial_schedule_leaves_out():
    prob = problem([(1, 2), (1, 3), (2, 3)], slots=2, required=True)
    partial = Result("PARTIAL", placements=[Placement(1, 1, 1), Placement(2, 2, 1)])
    out = bench.row("triangle", prob, partial)
    assert (out["status"], out["breaks"], out["slots"], out["tables"]) == (
        "PARTIAL",
        0,
        [1, 2, None],
        [1, 1, None],
    )


def test_generate_writes_a_brokerage_day_that_loads_back(tmp_path):
    out = tmp_path / "day.json"
    args = "--brokerage --participants 20 --requests 50 --slots 8 --tables 9 --seed 4"
    code = generate.main([str(out), *args.split()])
    prob = load_problem(out)
    assert code == 0
    assert (len(prob.participants), len(prob.meetings), len(prob.slots), len(prob.tables)) == (
        20,
        50,
        8,
        9,
    )
    assert (prob.max_breaks, all(m.required for m in prob.meetings)) == (2, True)
