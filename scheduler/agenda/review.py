"""What organisers review before publishing: a session's grid of slots and tables, and how
the draft shares the meetings out among the participants."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session, load_only

from scheduler.agenda.queries import meetings_where
from scheduler.models import (
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    Meeting,
    MeetingParticipant,
    Participant,
    PublishedPlacement,
)

# Columns of the review grid per page: large events have a hundred tables and more.
TABLES_PER_PAGE = 20


@dataclass(frozen=True)
class TablePage:
    """Some tables of a grid: page ``number`` of ``count``; ``first`` is the first's rank."""

    tables: list[B2BTable]
    number: int
    count: int
    first: int


@dataclass(frozen=True)
class Grid:
    """One session's draft or published schedule: the meeting at each (slot, table), and
    placed meetings that have no table yet."""

    slots: list[B2BSlot]
    tables: list[B2BTable]
    cells: dict[tuple[int, int], Meeting]
    without_table: list[Meeting]

    def at(self, slot: B2BSlot, table: B2BTable) -> Meeting | None:
        return self.cells.get((slot.id, table.id))

    def table_page(self, page: int) -> TablePage:
        return table_page(self.tables, page)


def table_page(tables: list[B2BTable], page: int, per_page: int = TABLES_PER_PAGE) -> TablePage:
    """The tables of one page of a grid (large events have a hundred and more); a page out
    of range is the nearest one."""
    pages = max(1, -(-len(tables) // per_page))
    page = min(max(page, 1), pages)
    start = (page - 1) * per_page
    return TablePage(list(tables[start : start + per_page]), page, pages, start + 1)


def session_grid(
    db: Session, session: B2BSession, only_tables: list[B2BTable] | None = None
) -> Grid:
    """The draft of ``session``; with ``only_tables``, only the meetings at those tables (a
    page of the grid) and those without a table are read."""
    where = [Meeting.session_id == session.id, Meeting.is_live]
    if only_tables is not None:
        shown = [table.id for table in only_tables]
        where.append(Meeting.table_id.in_(shown) | Meeting.table_id.is_(None))
    meetings = meetings_where(db, *where)
    return Grid(
        slots=list(session.slots),
        tables=list(session.tables),
        cells={(m.slot_id, m.table_id): m for m in meetings if m.table_id is not None},
        without_table=[m for m in meetings if m.table_id is None],
    )


def published_grid(db: Session, session: B2BSession) -> Grid:
    """The published schedule of ``session``: what participants were told, for the venue."""
    slot_ids = [slot.id for slot in session.slots]
    meetings = meetings_where(
        db,
        Meeting.is_live,
        Meeting.published.has(PublishedPlacement.slot_id.in_(slot_ids)),
    )
    return Grid(
        slots=list(session.slots),
        tables=list(session.tables),
        cells={
            (m.published.slot_id, m.published.table_id): m
            for m in meetings
            if m.published.table_id is not None
        },
        without_table=[m for m in meetings if m.published.table_id is None],
    )


@dataclass(frozen=True)
class Share:
    participant: Participant
    placed: int
    accepted: int


@dataclass(frozen=True)
class Distribution:
    """Meetings per participant in the draft, over everyone with an accepted meeting."""

    shares: list[Share]

    @property
    def placed_counts(self) -> list[int]:
        return [share.placed for share in self.shares]

    @property
    def lowest(self) -> int:
        return min(self.placed_counts, default=0)

    @property
    def middle(self) -> float:
        return median(self.placed_counts) if self.shares else 0

    @property
    def highest(self) -> int:
        return max(self.placed_counts, default=0)

    @property
    def without_meeting(self) -> list[Participant]:
        return [share.participant for share in self.shares if share.placed == 0]

    def histogram(self) -> list[tuple[int, int]]:
        """(meetings, how many participants have that many), from 0 to the highest."""
        counts = Counter(self.placed_counts)
        return [(number, counts[number]) for number in range(self.highest + 1)]


def distribution(db: Session, event: Event) -> Distribution:
    counts = (
        select(
            MeetingParticipant.participant_id,
            func.count().label("accepted"),
            func.count(Meeting.slot_id).label("placed"),
        )
        .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
        .where(Meeting.event_id == event.id, Meeting.is_live)
        .group_by(MeetingParticipant.participant_id)
        .subquery()
    )
    rows = db.execute(
        select(Participant, counts.c.placed, counts.c.accepted)
        .join(counts, counts.c.participant_id == Participant.id)
        .options(load_only(Participant.first_name, Participant.last_name))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    ).all()
    return Distribution([Share(person, placed, accepted) for person, placed, accepted in rows])
