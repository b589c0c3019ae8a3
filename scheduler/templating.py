"""Jinja filters for dates, times and numbers: in the event's own time zone, worded for the
language in force (Babel's CLDR data): 'Tuesday 9 March 2027' or 'mardi 9 mars 2027'."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask import Flask

from scheduler.i18n import current_locale


def _day(day: date) -> str:
    """The day of the month: '1er' for the first in French, as the French write it."""
    if day.day == 1 and current_locale().language == "fr":
        return "1er"
    return str(day.day)


def local_time(instant: datetime, timezone: str, pattern: str = "HH:mm") -> str:
    """Format an aware instant with the CLDR ``pattern`` as wall-clock time in ``timezone``."""
    return format_datetime(instant, pattern, tzinfo=ZoneInfo(timezone), locale=current_locale())


def local_datetime(instant: datetime, timezone: str) -> str:
    """'26 February 2027, 18:00' ('26 février 2027, 18:00') in ``timezone``."""
    local = instant.astimezone(ZoneInfo(timezone))
    rest = format_datetime(local, "MMMM y, HH:mm", tzinfo=local.tzinfo, locale=current_locale())
    return f"{_day(local.date())} {rest}"


def short_local(instant: datetime, timezone: str) -> str:
    """'Tue 9 Mar 14:00' ('mar. 9 mars 14:00') in ``timezone``."""
    return local_time(instant, timezone, "EEE d MMM HH:mm")


def long_date(day: date) -> str:
    """'Tuesday 9 March 2027' ('mardi 9 mars 2027')."""
    locale = current_locale()
    return f"{format_date(day, 'EEEE', locale=locale)} {_day(day)} {_month_year(day)}"


def _month(day: date) -> str:
    return format_date(day, "MMMM", locale=current_locale())


def _month_year(day: date) -> str:
    return format_date(day, "MMMM y", locale=current_locale())


def date_range(start: date, end: date) -> str:
    """'9-11 March 2027', '30 March - 1 April 2027' or '1 March 2027'."""
    if start == end:
        return f"{_day(start)} {_month_year(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{_day(start)}\u2013{end.day} {_month_year(end)}"
    if start.year == end.year:
        return f"{_day(start)} {_month(start)} \u2013 {_day(end)} {_month_year(end)}"
    return f"{_day(start)} {_month_year(start)} \u2013 {_day(end)} {_month_year(end)}"


def number(value: float) -> str:
    """'1,250' ('1 250'): a number with the separators of the language in force."""
    return format_decimal(value, locale=current_locale())


def register_filters(app: Flask) -> None:
    app.add_template_filter(local_time)
    app.add_template_filter(long_date)
    app.add_template_filter(local_datetime)
    app.add_template_filter(short_local)
    app.add_template_filter(date_range)
    app.add_template_filter(number)
