"""The plain data a calendar file is built from."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class Method(enum.StrEnum):
    """The iTIP method of a calendar object (RFC 5546)."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"
    PUBLISH = "PUBLISH"


@dataclass(frozen=True)
class Person:
    """Someone with an email address, shown with ``name``."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Attendee:
    """A person invited to an item, with their iTIP participation."""

    person: Person
    partstat: str = "NEEDS-ACTION"
    rsvp: bool = True
    role: str = "REQ-PARTICIPANT"


@dataclass(frozen=True)
class CalendarItem:
    """One event: aware datetimes, or dates with an exclusive ``end`` when ``all_day``.

    ``uid`` is stored by the caller and never regenerated; ``sequence`` rises with each
    update or cancellation sent."""

    uid: str
    sequence: int
    start: datetime | date
    end: datetime | date
    summary: str
    description: str = ""
    location: str = ""
    url: str | None = None
    status: str = "CONFIRMED"
    all_day: bool = False
    attendees: tuple[Attendee, ...] = field(default=())
    categories: tuple[str, ...] = field(default=())
