"""The programme day by day: items and B2B sessions together, in time order."""

from __future__ import annotations

from datetime import date

from flask import Flask

from scheduler.agenda.days import programme_days, session_sizes
from scheduler.extensions import db
from tests.factories import make_agenda_item, make_event, make_session, paris


def test_programme_days_group_items_and_sessions_by_local_day(app: Flask) -> None:
    event = make_event()
    late = make_agenda_item(event, title="Dinner", starts_at=paris(9, 20), ends_at=paris(9, 23))
    early = make_agenda_item(event, title="Opening", starts_at=paris(9, 9), ends_at=paris(9, 10))
    next_day = make_agenda_item(event, title="Visit", starts_at=paris(10, 9), ends_at=paris(10, 12))
    session = make_session(event)  # 14:00-15:00 on the first day
    db.session.refresh(event)

    assert programme_days(event) == [
        (date(2027, 3, 9), [early, session, late]),
        (date(2027, 3, 10), [next_day]),
    ]


def test_programme_days_item_at_the_same_time_as_a_session_comes_first(app: Flask) -> None:
    event = make_event()
    session = make_session(event)
    visit = make_agenda_item(event, starts_at=paris(9, 14), ends_at=paris(9, 15))
    db.session.refresh(event)

    assert programme_days(event) == [(date(2027, 3, 9), [visit, session])]


def test_session_sizes_count_slots_and_tables_of_each_session(app: Flask) -> None:
    event = make_event()
    morning = make_session(event, tables=12, starts_at=paris(9, 9), ends_at=paris(9, 11))
    afternoon = make_session(event, tables=3)
    make_session(make_event(slug="other"), tables=40)

    assert session_sizes(db.session, event) == {morning.id: (6, 12), afternoon.id: (3, 3)}
