"""The programme of an event day by day (days of the venue's time zone): its agenda items and
its B2B sessions together, in time order."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.models import AgendaItem, B2BSession, B2BSlot, B2BTable, Event

Entry = AgendaItem | B2BSession


def programme_days(event: Event) -> list[tuple[date, list[Entry]]]:
    """The event's items and B2B sessions by local day, by start (then end) time."""
    entries: list[Entry] = [*event.agenda_items, *event.b2b_sessions]
    entries.sort(key=lambda e: (e.starts_at, e.ends_at, isinstance(e, B2BSession), e.id))
    return [
        (day, list(group))
        for day, group in groupby(entries, key=lambda e: event.local(e.starts_at).date())
    ]


def session_sizes(db: Session, event: Event) -> dict[int, tuple[int, int]]:
    """Slots and tables of each of the event's B2B sessions, counted in one query rather
    than loaded (a large event has hundreds of tables)."""
    slots = (
        select(func.count(B2BSlot.id))
        .where(B2BSlot.session_id == B2BSession.id)
        .correlate(B2BSession)
        .scalar_subquery()
    )
    tables = (
        select(func.count(B2BTable.id))
        .where(B2BTable.session_id == B2BSession.id)
        .correlate(B2BSession)
        .scalar_subquery()
    )
    rows = db.execute(select(B2BSession.id, slots, tables).where(B2BSession.event_id == event.id))
    return {session_id: (n_slots, n_tables) for session_id, n_slots, n_tables in rows}
