"""Small builders for test data; each returns flushed rows with sensible defaults."""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    B2BTable,
    Event,
    EventStatus,
    Meeting,
    MeetingParticipant,
    Organisation,
    OrganisationType,
    Participant,
)

PARIS = ZoneInfo("Europe/Paris")
_numbers = count(1)


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, day, hour, minute, tzinfo=PARIS)


def make_event(**fields: object) -> Event:
    number = next(_numbers)
    values: dict[str, object] = {
        "slug": f"event-{number}",
        "name": f"Event {number}",
        "timezone": "Europe/Paris",
        "start_date": date(2027, 3, 9),
        "end_date": date(2027, 3, 11),
        "status": EventStatus.REGISTRATION_OPEN,
    }
    values.update(fields)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_organisation(**fields: object) -> Organisation:
    number = next(_numbers)
    values: dict[str, object] = {
        "name": f"Organisation {number}",
        "type": OrganisationType.COMPANY,
        "country": "FR",
    }
    values.update(fields)
    organisation = Organisation(**values)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_participant(event: Event, **fields: object) -> Participant:
    number = next(_numbers)
    values: dict[str, object] = {
        "event": event,
        "first_name": "Person",
        "last_name": str(number),
        "email": f"person{number}@example.org",
    }
    values.update(fields)
    participant = Participant(**values)
    db.session.add(participant)
    db.session.flush()
    return participant


def make_session(event: Event, tables: int = 2, **fields: object) -> B2BSession:
    values: dict[str, object] = {
        "name": "B2B",
        "starts_at": paris(9, 14),
        "ends_at": paris(9, 15),
        "slot_minutes": 20,
        "pause_minutes": 0,
    }
    values.update(fields)
    session = B2BSession(event=event, **values)
    session.generate_slots()
    session.tables = [B2BTable(number=n) for n in range(1, tables + 1)]
    db.session.add(session)
    db.session.flush()
    return session


def make_meeting(event: Event, *people: Participant, **fields: object) -> Meeting:
    meeting = Meeting(event=event, calendar_uid=f"meeting-{next(_numbers)}@test.invalid", **fields)
    meeting.attendances = [MeetingParticipant(participant=p) for p in people]
    db.session.add(meeting)
    db.session.flush()
    return meeting


def make_agenda_item(event: Event, **fields: object) -> AgendaItem:
    values: dict[str, object] = {
        "kind": AgendaItemKind.WORKSHOP,
        "title": "Workshop",
        "starts_at": paris(9, 10),
        "ends_at": paris(9, 12),
        "calendar_uid": f"session-{next(_numbers)}@test.invalid",
    }
    values.update(fields)
    item = AgendaItem(event=event, **values)
    db.session.add(item)
    db.session.flush()
    return item
