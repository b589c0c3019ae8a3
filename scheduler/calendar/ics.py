"""iCalendar bytes: invitations (REQUEST, CANCEL) and feeds (PUBLISH)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from scheduler.calendar.model import CalendarItem, Method, Person


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: give a time zone")
    return moment.astimezone(UTC)


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = value
    return address


def _when(value: datetime | date, all_day: bool) -> datetime | date:
    if all_day:
        if isinstance(value, datetime):
            raise ValueError("an all-day item takes dates, not datetimes")
        return value
    if not isinstance(value, datetime):
        raise ValueError("a timed item takes aware datetimes, not dates")
    # UTC, not a TZID: generated VTIMEZONEs are misread by some clients.
    return _utc(value)


def _event(item: CalendarItem, now: datetime, status: str) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now)
    event.add("sequence", item.sequence)
    event.add("dtstart", _when(item.start, item.all_day))
    event.add("dtend", _when(item.end, item.all_day))
    event.add("summary", item.summary)
    if item.description:
        event.add("description", item.description)
    if item.location:
        event.add("location", item.location)
    if item.url:
        event.add("url", item.url)
    if item.categories:
        event.add("categories", list(item.categories))
    event.add("status", status)
    return event


def _calendar(prodid: str, method: Method) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    return calendar


def invitation(
    items: Iterable[CalendarItem],
    method: Method,
    organizer: Person,
    prodid: str,
    now: datetime,
) -> bytes:
    """An iTIP REQUEST or CANCEL with ORGANIZER and every item's ATTENDEEs.

    CANCEL marks each item ``STATUS:CANCELLED``; the caller passes the raised SEQUENCE."""
    if method not in (Method.REQUEST, Method.CANCEL):
        raise ValueError(f"an invitation is REQUEST or CANCEL, not {method.value}")
    stamp = _utc(now)
    calendar = _calendar(prodid, method)
    for item in items:
        status = "CANCELLED" if method is Method.CANCEL else item.status
        event = _event(item, stamp, status)
        event.add("organizer", _address(organizer))
        for attendee in item.attendees:
            event.add(
                "attendee",
                _address(
                    attendee.person,
                    PARTSTAT=attendee.partstat,
                    RSVP="TRUE" if attendee.rsvp else "FALSE",
                    ROLE=attendee.role,
                ),
            )
        calendar.add_component(event)
    return calendar.to_ical()


def feed(
    items: Iterable[CalendarItem],
    name: str,
    prodid: str,
    now: datetime,
    refresh: timedelta = timedelta(hours=1),
) -> bytes:
    """A PUBLISH calendar for downloads and subscriptions: no ORGANIZER or ATTENDEE (clients
    would ask to accept), cancelled items kept as ``STATUS:CANCELLED``."""
    stamp = _utc(now)
    calendar = _calendar(prodid, Method.PUBLISH)
    calendar.add("x-wr-calname", name)
    # The VALUE parameter is required by RFC 7986; the library leaves it out.
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    for item in items:
        calendar.add_component(_event(item, stamp, item.status))
    return calendar.to_ical()
