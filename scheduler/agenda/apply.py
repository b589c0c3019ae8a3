"""Writing an engine result back: all placements of a session in one transaction, and only
when the event is still at the revision the problem was read at."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.agenda.problem import Snapshot
from scheduler.agenda.queries import meetings_where
from scheduler.models import B2BSlot, B2BTable, Event, Meeting
from scheduler.solver.model import Result

# Engine statuses that come with a schedule to write (PARTIAL: the best schedule when not
# every meeting that must be held could be; the missing ones are explained).
SCHEDULE_STATUSES = ("OPTIMAL", "FEASIBLE", "PARTIAL")


class StaleResult(Exception):
    """The event changed while the engine was solving: the result is not applied."""


def apply_result(db: Session, snapshot: Snapshot, result: Result) -> int:
    """Place the snapshot's meetings as ``result`` says (a meeting it leaves out is taken out
    of its slot); return how many are placed. Raises ``StaleResult`` and writes nothing when
    the event's revision moved on. Flushes, never commits."""
    if result.status not in SCHEDULE_STATUSES:
        raise ValueError(f"an engine result with status {result.status} holds no schedule")
    revision = db.scalar(
        select(Event.revision).where(Event.id == snapshot.event_id).with_for_update()
    )
    if revision != snapshot.revision:
        raise StaleResult(
            f"Registrations or requests changed while the schedule was computed "
            f"(revision {snapshot.revision} -> {revision}); generate it again."
        )
    ids = [m.id for m in snapshot.problem.meetings]
    meetings = {m.id: m for m in meetings_where(db, Meeting.id.in_(ids))}
    in_session = B2BSlot.session_id == snapshot.session_id
    slots = {slot.id: slot for slot in db.scalars(select(B2BSlot).where(in_session))}
    tables = {
        table.id: table
        for table in db.scalars(select(B2BTable).where(B2BTable.session_id == snapshot.session_id))
    }
    pinned = {meeting.id for meeting in meetings.values() if meeting.pinned}
    target = {p.meeting: (p.slot, p.table) for p in result.placements}
    moving = [
        meeting
        for meeting in meetings.values()
        if (meeting.slot_id, meeting.table_id) != target.get(meeting.id, (None, None))
    ]
    # Out first, then in: the database refuses two meetings of one person (or one table) in a
    # slot even for a moment, and a swap would pass through such a moment.
    for meeting in moving:
        if meeting.slot_id is not None:
            meeting.place(None)
    db.flush()
    for meeting in moving:
        if meeting.id in target:
            slot_id, table_id = target[meeting.id]
            meeting.place(slots[slot_id], tables.get(table_id) if table_id is not None else None)
        # A pin the result could not keep (a partial schedule) is dropped with the meeting.
        meeting.pinned = meeting.id in pinned and meeting.slot_id is not None
    db.flush()
    return len(result.placements)
