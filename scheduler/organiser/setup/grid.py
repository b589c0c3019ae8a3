"""The programme of one day as a grid: a column per room, a row per stretch of time between
two moments where something starts or ends, each item spanning the rows of its time. Items
that overlap in one room are put side by side in lanes of that room (the programme warns of
them). B2B sessions are shown in the grid too, in their room."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby, pairwise

from scheduler.models import AgendaItem, B2BSession, Event


@dataclass(frozen=True)
class Block:
    """An agenda item or a B2B session placed in the grid."""

    starts_at: datetime
    ends_at: datetime
    room: str
    item: AgendaItem | None = None
    session: B2BSession | None = None

    @property
    def title(self) -> str:
        return self.item.title if self.item is not None else self.session.name


@dataclass(frozen=True)
class Cell:
    block: Block | None  # None: an empty cell
    rows: int = 1
    warned: bool = False


@dataclass(frozen=True)
class Row:
    starts_at: datetime
    ends_at: datetime
    cells: list[Cell]  # only the cells that begin in this row


@dataclass(frozen=True)
class Room:
    name: str  # "" for the items without a room
    lanes: int


@dataclass
class GridDay:
    day: date
    rooms: list[Room]
    rows: list[Row] = field(default_factory=list)


def _room_key(room: str) -> str:
    return room.strip().lower()


def _blocks(event: Event) -> list[Block]:
    blocks = [Block(i.starts_at, i.ends_at, i.room.strip(), item=i) for i in event.agenda_items]
    blocks += [Block(s.starts_at, s.ends_at, s.room.strip(), session=s) for s in event.b2b_sessions]
    return sorted(blocks, key=lambda b: (b.starts_at, b.ends_at, b.title))


def _lanes(blocks: list[Block]) -> list[list[Block]]:
    """Blocks of one room in as few lanes as possible, none overlapping within a lane."""
    lanes: list[list[Block]] = []
    for block in blocks:
        lane = next((lane for lane in lanes if lane[-1].ends_at <= block.starts_at), None)
        if lane is None:
            lanes.append([block])
        else:
            lane.append(block)
    return lanes


def _day(day: date, blocks: list[Block], warned: set[int], order: dict[str, int]) -> GridDay:
    by_room: dict[str, list[Block]] = {}
    names: dict[str, str] = {}
    for block in blocks:
        key = _room_key(block.room)
        by_room.setdefault(key, []).append(block)
        names.setdefault(key, block.room)
    # Rooms in the order the event first uses them (the same on every day); no room last.
    keys = sorted(by_room, key=lambda key: (key == "", order[key]))
    columns = [(key, lane) for key in keys for lane in _lanes(by_room[key])]
    grid = GridDay(day, [Room(names[key], len(_lanes(by_room[key]))) for key in keys])
    moments = sorted({b.starts_at for b in blocks} | {b.ends_at for b in blocks})
    index = {moment: position for position, moment in enumerate(moments)}
    busy_until = [0] * len(columns)  # per column, the first row not covered yet
    for position, (start, end) in enumerate(pairwise(moments)):
        cells = []
        for column, (_, lane) in enumerate(columns):
            if busy_until[column] > position:
                continue
            block = next((b for b in lane if b.starts_at == start), None)
            if block is None:
                cells.append(Cell(None))
                busy_until[column] = position + 1
                continue
            span = index[block.ends_at] - position
            is_warned = block.item is not None and block.item.id in warned
            cells.append(Cell(block, span, is_warned))
            busy_until[column] = position + span
        grid.rows.append(Row(start, end, cells))
    return grid


def programme_grid(event: Event, warned: set[int] | None = None) -> list[GridDay]:
    """The event's programme and B2B sessions, one grid per local day; ``warned`` are the ids
    of the items a warning is about (their cells are marked)."""
    blocks = _blocks(event)
    order: dict[str, int] = {}
    for block in blocks:
        order.setdefault(_room_key(block.room), len(order))
    return [
        _day(day, list(group), warned or set(), order)
        for day, group in groupby(blocks, key=lambda b: event.local(b.starts_at).date())
    ]
