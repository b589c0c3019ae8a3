"""Timing the schedule's whole path on a real database: read the problem of a B2B session,
solve it, write the draft, render the organisers' pages, publish. Used by
``cluster-scheduler schedule bench``; an event made by the engine's generator can be loaded
first, so that large events are measured too."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import current_app, render_template
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from scheduler.agenda.apply import SCHEDULE_STATUSES, apply_result
from scheduler.agenda.emails import queue_publication_emails
from scheduler.agenda.overview import overview
from scheduler.agenda.problem import session_problem
from scheduler.agenda.publish import publish
from scheduler.agenda.review import distribution, session_grid, table_page
from scheduler.mail.delivery import build_message
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    EventStatus,
    Meeting,
    MeetingParticipant,
    OutboxEmail,
    OutboxStatus,
    Participant,
    ParticipantStatus,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from scheduler.solver.engine import solve
from scheduler.solver.generate import generate

SLOT_MINUTES = 20


@dataclass
class Timings:
    """Seconds per step, in order, and figures worth printing beside them."""

    steps: list[tuple[str, float]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.steps.append((name, time.perf_counter() - start))


def peak_memory_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_generated(db: Session, slug: str, participants: int, requests: int, seed: int) -> Event:
    """An event from the engine's generator: its first day's sessions, tables and booths,
    participants with their quotas, unavailability and workshop seats, and the requested
    meetings, accepted and not yet placed."""
    problem = generate(
        participants=participants,
        requests=requests,
        days=1,
        tables=max(10, participants // 13),
        booths=max(1, participants // 100),
        seed=seed,
    )
    first_day = date(2027, 3, 9)
    event = Event(
        slug=slug,
        name=f"Generated event, {participants} participants",
        timezone="Europe/Paris",
        start_date=first_day,
        end_date=first_day,
        status=EventStatus.CLOSED,
    )
    db.add(event)
    people = [
        Participant(
            event=event,
            first_name="Participant",
            last_name=str(p.id),
            email=f"p{p.id}@bench.invalid",
            status=ParticipantStatus.CONFIRMED,
            max_meetings=p.max_meetings,
        )
        for p in problem.participants
    ]
    db.add_all(people)
    sessions: dict[str, B2BSession] = {}
    slot_of: dict[int, B2BSlot] = {}
    for index, name in enumerate(dict.fromkeys(s.session for s in problem.slots)):
        start = datetime(2027, 3, 9, 8 + 5 * index, tzinfo=UTC)
        ids = [s.id for s in problem.slots if s.session == name]
        session = B2BSession(
            event=event,
            name=f"B2B session {index + 1}",
            starts_at=start,
            ends_at=start + timedelta(minutes=SLOT_MINUTES * len(ids)),
            slot_minutes=SLOT_MINUTES,
            pause_minutes=0,
        )
        session.generate_slots()
        session.tables = [
            B2BTable(number=t.id, label=t.name if t.reserved_for else "") for t in problem.tables
        ]
        sessions[name] = session
        slot_of.update(zip(ids, session.slots, strict=True))
        db.add(session)
    db.flush()
    person = {p.id: row for p, row in zip(problem.participants, people, strict=True)}
    for session in sessions.values():
        for table, spec in zip(session.tables, problem.tables, strict=True):
            if spec.reserved_for is not None:
                table.reserved_for_id = person[spec.reserved_for].id
    _programme(db, event, problem, person, slot_of)
    rows = [
        {"participant_id": person[p.id].id, "slot_id": slot_of[s].id}
        for p in problem.participants
        for s in sorted(p.unavailable)
    ]
    if rows:
        db.execute(insert(Unavailability), rows)
    meetings = [
        Meeting(
            event=event,
            priority=min(3, max(1, m.priority)),
            calendar_uid=f"meeting-{slug}-{m.id}@bench.invalid",
            attendances=[MeetingParticipant(participant=person[p]) for p in m.participants],
        )
        for m in problem.meetings
    ]
    db.add_all(meetings)
    db.flush()
    return event


def _programme(db, event, problem, person, slot_of) -> None:
    """Each distinct workshop block of the generator as a workshop, its people seated."""
    blocks: dict[frozenset[int], list[int]] = {}
    for p in problem.participants:
        remaining = set(p.workshops)
        while remaining:
            first = min(remaining)
            block = {first}
            while first + len(block) in remaining:
                block.add(first + len(block))
            remaining -= block
            blocks.setdefault(frozenset(block), []).append(person[p.id].id)
    for number, (block, seated) in enumerate(sorted(blocks.items(), key=str), start=1):
        slots = [slot_of[s] for s in sorted(block)]
        item = AgendaItem(
            event=event,
            kind=AgendaItemKind.WORKSHOP,
            title=f"Workshop {number}",
            starts_at=slots[0].starts_at,
            ends_at=slots[-1].ends_at,
            requires_signup=True,
            seats_taken=len(seated),
            calendar_uid=f"session-{event.slug}-{number}@bench.invalid",
        )
        db.add(item)
        db.flush()
        db.execute(
            insert(SessionSignup),
            [
                {
                    "participant_id": participant_id,
                    "agenda_item_id": item.id,
                    "status": SignupStatus.CONFIRMED,
                }
                for participant_id in seated
            ],
        )


def run(
    db: Session, event: Event, session: B2BSession, time_limit: float, commit: Callable[[], None]
) -> Timings:
    """Time each step of scheduling ``session`` as the app does it."""
    timings = Timings()
    with timings.step("read the problem"):
        snapshot = session_problem(db, session)
    commit()
    problem = snapshot.problem
    timings.figures.update(
        participants=len(problem.participants),
        meetings=len(problem.meetings),
        slots=len(problem.slots),
        tables=len(problem.tables),
    )
    with timings.step(f"solve ({time_limit:g} s limit)"):
        result = solve(problem, time_limit=time_limit)
    timings.figures["status"] = result.status
    for report in result.objectives:
        proof = "optimal" if report.optimal else f"gap {report.gap:.2%}"
        timings.figures[report.name] = f"{report.value} (bound {report.bound}, {proof})"
    placed = 0
    with timings.step("write the draft"):
        if result.status in SCHEDULE_STATUSES:
            placed = apply_result(db, snapshot, result)
            commit()
    timings.figures["placed"] = placed
    with timings.step("console figures"):
        overview(db, event)
    with timings.step("render the review page"):
        shown = table_page(session.tables, 1)
        render_template(
            "scheduling/review.html",
            event=event,
            session=session,
            grid=session_grid(db, session, only_tables=shown.tables),
            shown=shown,
            shares=distribution(db, event),
        )
    with timings.step("publish"):
        publication = publish(db, event)
        commit()
    timings.figures["published"] = len(publication.changes)
    with timings.step("queue emails + invitations"):
        emailed = queue_publication_emails(db, publication.log_id) if publication.log_id else 0
        commit()
    emails = db.scalars(
        select(OutboxEmail).where(
            OutboxEmail.event_id == event.id, OutboxEmail.status == OutboxStatus.PENDING
        )
    ).all()
    timings.figures["emails"] = emailed
    timings.figures["invitations"] = sum(len(email.attachments) for email in emails)
    with timings.step("build the messages (MIME)"):
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        size = sum(len(bytes(build_message(email, app))) for email in emails)
    timings.figures["message bytes"] = size
    timings.figures["peak memory (MB)"] = round(peak_memory_mb())
    return timings


def first_session(db: Session, event: Event) -> B2BSession:
    return db.scalars(
        select(B2BSession).where(B2BSession.event_id == event.id).order_by(B2BSession.starts_at)
    ).first()
