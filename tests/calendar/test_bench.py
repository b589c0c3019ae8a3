"""The benchmark command runs and prints its figures."""

from __future__ import annotations

import re

import pytest

from scheduler.calendar import bench


def test_bench_prints_items_seconds_and_per_item(capsys: pytest.CaptureFixture[str]) -> None:
    bench.main(["--items", "3"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["invitations", "feed"]
    for line in lines:
        assert re.fullmatch(r"\w+: 3 items, \d+\.\d{3} s, \d+\.\d{3} ms per item", line)
