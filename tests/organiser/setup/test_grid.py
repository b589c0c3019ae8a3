"""The programme as a day x room grid: columns, lanes, rows and spans."""

from __future__ import annotations

from datetime import date

from flask import Flask

from scheduler.extensions import db
from scheduler.models import AgendaItemKind
from scheduler.organiser.setup.grid import GridDay, programme_grid
from tests.factories import make_agenda_item, make_event, make_session, paris


def _cells(grid: GridDay) -> list[list[tuple[str | None, int, bool]]]:
    return [
        [(c.block.title if c.block else None, c.rows, c.warned) for c in row.cells]
        for row in grid.rows
    ]


def test_grid_places_items_by_room_and_time_with_lanes_for_a_clash(app: Flask) -> None:
    event = make_event()
    make_agenda_item(
        event, title="Opening", room="Auditorium", starts_at=paris(9, 9), ends_at=paris(9, 10)
    )
    robots = make_agenda_item(
        event, title="Robots", room="Room A", starts_at=paris(9, 10), ends_at=paris(9, 12)
    )
    drones = make_agenda_item(
        event, title="Drones", room="room a", starts_at=paris(9, 11), ends_at=paris(9, 12)
    )
    make_agenda_item(
        event,
        kind=AgendaItemKind.LUNCH,
        title="Lunch",
        room="",
        starts_at=paris(9, 12),
        ends_at=paris(9, 13),
    )
    make_session(event, name="B2B", room="Hall")  # 14:00-15:00
    make_agenda_item(event, title="Visit", starts_at=paris(10, 9), ends_at=paris(10, 12))
    db.session.refresh(event)

    first, second = programme_grid(event, {robots.id, drones.id})

    assert (first.day, [(r.name, r.lanes) for r in first.rooms]) == (
        date(2027, 3, 9),
        [("Auditorium", 1), ("Room A", 2), ("Hall", 1), ("", 1)],
    )
    assert [event.local(r.starts_at).strftime("%H:%M") for r in first.rows] == [
        "09:00",
        "10:00",
        "11:00",
        "12:00",
        "13:00",
        "14:00",
    ]
    empty = (None, 1, False)
    assert _cells(first) == [
        [("Opening", 1, False), empty, empty, empty, empty],
        [empty, ("Robots", 2, True), empty, empty, empty],
        [empty, ("Drones", 1, True), empty, empty],
        [empty, empty, empty, empty, ("Lunch", 1, False)],
        [empty, empty, empty, empty, empty],
        [empty, empty, empty, ("B2B", 1, False), empty],
    ]
    assert (second.day, _cells(second)) == (date(2027, 3, 10), [[("Visit", 1, False)]])


def test_grid_empty_programme_has_no_days(app: Flask) -> None:
    assert programme_grid(make_event()) == []
