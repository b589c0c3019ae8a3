"""Figures of an event's schedule for the organisers: per session, and what publishing
would change."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.agenda.problem import session_problem
from scheduler.agenda.publish import ChangeKind, pending_changes
from scheduler.models import B2BSession, B2BSlot, Event, Meeting, PublishedPlacement, SolverRun
from scheduler.solver.capacity import Capacity, capacity


@dataclass(frozen=True)
class Overloaded:
    """A participant with more meetings to place than slots they are free in."""

    name: str
    meetings: int
    free_slots: int


@dataclass(frozen=True)
class SessionFigures:
    session: B2BSession
    capacity: int
    drafted: int
    published: int
    latest_run: SolverRun | None
    plan: Capacity
    overloaded: list[Overloaded]


def _capacity_check(db: Session, session: B2BSession) -> tuple[Capacity, list[Overloaded]]:
    """The engine's capacity figures for the meetings that may go into the session, and
    who has more of them than free slots (their meetings cannot all be held)."""
    problem = session_problem(db, session).problem
    slots = len(problem.slots)
    wanted = Counter(p for m in problem.meetings for p in m.participants)
    overloaded = [
        Overloaded(p.name, wanted[p.id], slots - len(p.blocked))
        for p in problem.participants
        if wanted[p.id] > slots - len(p.blocked)
    ]
    return capacity(problem), sorted(overloaded, key=lambda o: o.name)


@dataclass(frozen=True)
class Overview:
    sessions: list[SessionFigures]
    live_meetings: int
    unplaced: int
    changes: list[tuple[Meeting, ChangeKind]]

    @property
    def pending(self) -> Counter[ChangeKind]:
        """How many meetings publishing would add, move and remove."""
        return Counter(kind for _, kind in self.changes)


def _count(db: Session, query) -> int:
    return db.scalar(select(func.count()).select_from(query.subquery())) or 0


def _latest_run(db: Session, session: B2BSession) -> SolverRun | None:
    runs = db.scalars(
        select(SolverRun)
        .where(SolverRun.event_id == session.event_id)
        .order_by(SolverRun.id.desc())
    )
    return next((r for r in runs if r.parameters.get("session_id") == session.id), None)


def overview(db: Session, event: Event) -> Overview:
    """Per session: meetings it can hold, placed in the draft, published; and the latest
    run. For the event: live meetings, those placed nowhere, and what publishing changes."""
    live = select(Meeting.id).where(Meeting.event_id == event.id, Meeting.is_live)
    sessions = [_session_figures(db, session, live) for session in event.b2b_sessions]
    return Overview(
        sessions=sessions,
        live_meetings=_count(db, live),
        unplaced=_count(db, live.where(Meeting.slot_id.is_(None))),
        changes=pending_changes(db, event),
    )


def _session_figures(db: Session, session: B2BSession, live) -> SessionFigures:
    """Room, placed in the draft, published, the latest run and the capacity check."""
    plan, overloaded = _capacity_check(db, session)
    return SessionFigures(
        session=session,
        capacity=len(session.slots) * len(session.tables),
        drafted=_count(db, live.where(Meeting.session_id == session.id)),
        published=_count(
            db,
            live.join(PublishedPlacement, PublishedPlacement.meeting_id == Meeting.id)
            .join(B2BSlot, B2BSlot.id == PublishedPlacement.slot_id)
            .where(B2BSlot.session_id == session.id),
        ),
        latest_run=_latest_run(db, session),
        plan=plan,
        overloaded=overloaded,
    )
