"""Geometry of the dashboard's charts, drawn as SVG by templates/organiser/_charts.html.

Plain data in, plain data out: the page needs no script and no style attribute, so the content
security policy stays as strict as everywhere else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

BAR_AREA = 100  # bars are drawn on a 0-100 scale; each bar's SVG stretches it to its cell


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    length: float  # 0-100: the share of the largest value


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(rows: Sequence[tuple[str, int]]) -> BarChart:
    """Horizontal bars, one per (label, value), in the order given, scaled to the largest."""
    top = max((value for _, value in rows), default=0)
    return BarChart(
        bars=[
            Bar(label=label, value=value, length=round(BAR_AREA * value / top, 2) if top else 0.0)
            for label, value in rows
        ]
    )


LINE_WIDTH = 600
LINE_HEIGHT = 160


@dataclass(frozen=True)
class LineChart:
    points: str  # the SVG polyline's points, in a LINE_WIDTH x LINE_HEIGHT box
    area: str  # the same line closed along the bottom, for the filled area
    first: date
    last: date
    top: int
    days: list[tuple[date, int]]


def cumulative_line(per_day: Sequence[tuple[date, int]]) -> LineChart | None:
    """The running total of a count per day (days in order, gaps allowed) as a line from the
    first day to the last; None without any day."""
    if not per_day:
        return None
    first, last = per_day[0][0], per_day[-1][0]
    span = max((last - first).days, 1)
    running, days = 0, []
    for day, count in per_day:
        running += count
        days.append((day, running))
    top = max(running, 1)
    coordinates = [
        (
            round(LINE_WIDTH * (day - first).days / span, 1),
            round(LINE_HEIGHT - LINE_HEIGHT * total / top, 1),
        )
        for day, total in days
    ]
    # A step line: the total holds until the next day with registrations.
    steps = [coordinates[0]]
    for (x, y), (_, previous_y) in zip(coordinates[1:], coordinates, strict=False):
        steps += [(x, previous_y), (x, y)]
    steps.append((float(LINE_WIDTH), steps[-1][1]))
    points = " ".join(f"{x:g},{y:g}" for x, y in steps)
    area = f"0,{LINE_HEIGHT} {points} {LINE_WIDTH},{LINE_HEIGHT}"
    return LineChart(points=points, area=area, first=first, last=last, top=running, days=days)
