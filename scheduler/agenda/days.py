"""The programme of an event day by day (days of the venue's time zone): its agenda items and
its B2B sessions together, in time order."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from scheduler.models import AgendaItem, B2BSession, Event

Entry = AgendaItem | B2BSession


def programme_days(event: Event) -> list[tuple[date, list[Entry]]]:
    """The event's items and B2B sessions by local day, by start (then end) time."""
    entries: list[Entry] = [*event.agenda_items, *event.b2b_sessions]
    entries.sort(key=lambda e: (e.starts_at, e.ends_at, isinstance(e, B2BSession), e.id))
    return [
        (day, list(group))
        for day, group in groupby(entries, key=lambda e: event.local(e.starts_at).date())
    ]
