"""Time building N invitations (ICS + iMIP message) and one feed of N items.

Run ``python -m scheduler.calendar.bench [--items N]``."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta

from scheduler.calendar.ics import feed, invitation
from scheduler.calendar.imip import CalendarPart, imip_message
from scheduler.calendar.model import Attendee, CalendarItem, Method, Person

PRODID = "-//cluster-scheduler//calendar bench//EN"


def _items(count: int) -> list[CalendarItem]:
    start = datetime(2026, 6, 10, 8, tzinfo=UTC)
    return [
        CalendarItem(
            uid=f"bench-{n}@example.org",
            sequence=0,
            start=start + timedelta(minutes=20 * n),
            end=start + timedelta(minutes=20 * n + 20),
            summary=f"B2B meeting: Alice Martin (Agrial) — Table {n % 40}",
            description="Société coopérative Agrial, Caen; seeks packaging partners.",
            location=f"Hall B, table {n % 40}",
            attendees=(Attendee(Person(f"p{n}@example.org", f"Participant {n}")),),
        )
        for n in range(count)
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    count = parser.parse_args(argv).items
    items = _items(count)
    organizer = Person("events@example.org", "Cluster events")
    now = datetime.now(UTC)

    began = time.perf_counter()
    for item in items:
        ics = invitation([item], Method.REQUEST, organizer, PRODID, now)
        bytes(
            imip_message(
                sender="no-reply@example.org",
                recipient=item.attendees[0].person.email,
                subject=item.summary,
                text=item.description,
                html=f"<p>{item.description}</p>",
                parts=[CalendarPart(ics, Method.REQUEST)],
            )
        )
    invitations = time.perf_counter() - began

    began = time.perf_counter()
    feed(items, "Bench", PRODID, now)
    feeds = time.perf_counter() - began

    for label, seconds in (("invitations", invitations), ("feed", feeds)):
        print(f"{label}: {count} items, {seconds:.3f} s, {1000 * seconds / count:.3f} ms per item")


if __name__ == "__main__":
    main()
