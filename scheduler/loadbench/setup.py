"""Preparing the benchmark's database: the schema, the scaled demo event, and the attendees
whose emailed links the simulated users open."""

from __future__ import annotations

import random
from dataclasses import dataclass

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import or_, select, text

from scheduler.attendees.links import make_access_token
from scheduler.demo import load_scaled_demo
from scheduler.extensions import db
from scheduler.models import (
    DirectoryVisibility,
    Event,
    MeetingRequest,
    Participant,
    ParticipantStatus,
)

# Each simulated attendee may request this many meetings during the run (the demo's quota
# is 15): the event's organisers raise it for the benchmark.
BENCH_REQUEST_QUOTA = 100_000


@dataclass(frozen=True)
class Attendee:
    participant_id: int
    link: str  # the path of a fresh emailed link
    recipients: list[int]  # listed people with no request with them yet, in random order


@dataclass(frozen=True)
class Prepared:
    event_id: int
    participants: int
    requests: int
    attendees: list[Attendee]
    profiles: list[int]


def prepare(app: Flask, slug: str, participants: int, users: int) -> Prepared:
    """Migrate, load the scaled demo as ``slug`` and pick ``users`` confirmed, listed
    attendees, each with a link to open."""
    with app.app_context():
        upgrade()
        event = load_scaled_demo(slug, participants)
        event.meeting_request_quota = BENCH_REQUEST_QUOTA
        db.session.commit()
        event_id = event.id
    try:
        return _pick_attendees(app, slug, event_id, users)
    except BaseException:  # the event is not left behind by a run that could not start
        remove(app, event_id)
        raise


def _pick_attendees(app: Flask, slug: str, event_id: int, users: int) -> Prepared:
    with app.app_context():
        # Rows of earlier runs cleared away and fresh planner statistics, as autovacuum
        # gives a database that has been running (right after a bulk load PostgreSQL would
        # plan for near-empty tables), even on a server where autovacuum is off.
        vacuum("VACUUM ANALYZE")
        event = db.session.get(Event, event_id)
        listed = list(
            db.session.scalars(
                select(Participant.id)
                .where(
                    Participant.event_id == event.id,
                    Participant.status == ParticipantStatus.CONFIRMED,
                    Participant.directory_visibility != DirectoryVisibility.NOBODY,
                )
                .order_by(Participant.id)
            )
        )
        chosen = listed[:users]
        linked = _linked(event, chosen)
        rng = random.Random(15)  # noqa: S311  (an order of visits, not security)
        attendees = []
        with app.test_request_context():
            for person_id in chosen:
                person = db.session.get(Participant, person_id)
                others = [p for p in listed if p != person_id and p not in linked[person_id]]
                rng.shuffle(others)
                attendees.append(
                    Attendee(
                        person_id,
                        f"/events/{slug}/access/{make_access_token(person)}",
                        others,
                    )
                )
        return Prepared(
            event_id=event.id,
            participants=_count(Participant, event),
            requests=_count(MeetingRequest, event),
            attendees=attendees,
            profiles=listed,
        )


def _linked(event: Event, people: list[int]) -> dict[int, set[int]]:
    """For each of ``people``, who already has a request with them (either way)."""
    linked: dict[int, set[int]] = {p: set() for p in people}
    rows = db.session.execute(
        select(MeetingRequest.requester_id, MeetingRequest.recipient_id).where(
            MeetingRequest.event_id == event.id,
            or_(MeetingRequest.requester_id.in_(people), MeetingRequest.recipient_id.in_(people)),
        )
    )
    for requester, recipient in rows:
        linked.get(requester, set()).add(recipient)
        linked.get(recipient, set()).add(requester)
    return linked


def _count(model: type, event: Event) -> int:
    return db.session.scalar(
        select(db.func.count()).select_from(model).where(model.event_id == event.id)
    )


def remove(app: Flask, event_id: int) -> None:
    """Delete the benchmark's event and everything in it (its registrations included)."""
    with app.app_context():
        event = db.session.get(Event, event_id)
        if event is not None:
            db.session.delete(event)
            db.session.commit()
        vacuum("VACUUM")  # the next run's tables as small as this run's were
        db.engine.dispose()


def vacuum(statement: str) -> None:
    """Run VACUUM (which cannot run inside a transaction) on the app's database."""
    db.session.close()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))
