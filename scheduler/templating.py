"""Jinja filters for showing instants in the event's own time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask


def local_time(instant: datetime, timezone: str, fmt: str = "%H:%M") -> str:
    """Format an aware instant as wall-clock time in ``timezone``."""
    return instant.astimezone(ZoneInfo(timezone)).strftime(fmt)


def local_datetime(instant: datetime, timezone: str) -> str:
    """'26 February 2027, 18:00' in ``timezone``."""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local.day} {local:%B %Y, %H:%M}"


def short_local(instant: datetime, timezone: str) -> str:
    """'Tue 9 Mar 14:00' in ``timezone``."""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def long_date(day: date) -> str:
    """'Tuesday 9 March 2027', without a locale dependency."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def date_range(start: date, end: date) -> str:
    """'9-11 March 2027', '30 March - 1 April 2027' or '1 March 2027'."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} \u2013 {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} \u2013 {end.day} {end:%B %Y}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(local_time)
    app.add_template_filter(long_date)
    app.add_template_filter(local_datetime)
    app.add_template_filter(short_local)
    app.add_template_filter(date_range)
