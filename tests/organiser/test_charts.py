"""The geometry of the dashboard's charts."""

from __future__ import annotations

from datetime import date

from scheduler.organiser.charts import Bar, bar_chart, cumulative_line


def test_bar_chart_scales_bars_to_the_largest_value() -> None:
    chart = bar_chart([("France", 8), ("Spain", 2), ("Italy", 0)])

    assert chart.bars == [
        Bar(label="France", value=8, length=100.0),
        Bar(label="Spain", value=2, length=25.0),
        Bar(label="Italy", value=0, length=0.0),
    ]
    assert chart.total == 10


def test_bar_chart_of_zeros_draws_empty_bars() -> None:
    assert bar_chart([("Pending", 0)]).bars == [Bar(label="Pending", value=0, length=0.0)]


def test_bar_chart_without_rows_has_no_bar() -> None:
    assert bar_chart([]).bars == []


def test_cumulative_line_steps_from_the_first_day_to_the_last() -> None:
    line = cumulative_line([(date(2027, 1, 1), 1), (date(2027, 1, 3), 2), (date(2027, 1, 5), 1)])

    assert line is not None
    assert line.days == [(date(2027, 1, 1), 1), (date(2027, 1, 3), 3), (date(2027, 1, 5), 4)]
    assert line.top == 4
    assert (line.first, line.last) == (date(2027, 1, 1), date(2027, 1, 5))
    assert line.points == "0,120 300,120 300,40 600,40 600,0 600,0"
    assert line.area == "0,160 0,120 300,120 300,40 600,40 600,0 600,0 600,160"


def test_cumulative_line_of_a_single_day_is_flat_at_the_top() -> None:
    line = cumulative_line([(date(2027, 1, 1), 5)])

    assert line is not None
    assert line.points == "0,0 600,0"
    assert line.top == 5


def test_cumulative_line_without_days_is_none() -> None:
    assert cumulative_line([]) is None
