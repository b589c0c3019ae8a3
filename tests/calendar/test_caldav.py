"""Our events stored in Radicale, a real CalDAV server: PUT, GET, time-range REPORT, update."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from scheduler.calendar.ics import feed, invitation
from scheduler.calendar.model import Attendee, CalendarItem, Method, Person

pytestmark = pytest.mark.slow

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
PRODID = "-//cluster-scheduler//tests//EN"
ORGANIZER = Person("events@cluster.example", "Cluster events")
MKCALENDAR = b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop><D:displayname>Agrifood days</D:displayname></D:prop></D:set>
</C:mkcalendar>"""


def _query(start: str, end: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()


def _request(
    method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _item(sequence: int, hour: int) -> CalendarItem:
    return CalendarItem(
        uid="meeting-7@cluster.example",
        sequence=sequence,
        start=datetime(2026, 6, 10, hour, 0, tzinfo=UTC),
        end=datetime(2026, 6, 10, hour, 20, tzinfo=UTC),
        summary="B2B meeting: Alice Martin (Agrial), Table 12; hall B",
        attendees=(Attendee(Person("alice@agrial.example", "Alice Martin")),),
    )


def _calendar(radicale: str) -> str:
    # With no auth there is no user whose principal collection Radicale would create.
    assert _request("MKCOL", f"{radicale}/alice/")[0] == 201
    url = f"{radicale}/alice/agrifood/"
    status, body = _request("MKCALENDAR", url, MKCALENDAR, {"Content-Type": "application/xml"})
    assert status == 201, body
    return url


def _hrefs(body: bytes) -> list[str]:
    return re.findall(r"<(?:\w+:)?href>([^<]+\.ics)</(?:\w+:)?href>", body.decode())


ICS = {"Content-Type": "text/calendar; charset=utf-8"}


def test_caldav_feed_event_put_get_and_found_by_time_range(radicale: str) -> None:
    calendar = _calendar(radicale)
    data = feed([_item(0, 8)], "Agrifood days", PRODID, NOW)
    assert _request("PUT", f"{calendar}meeting-7.ics", data, ICS)[0] == 201
    status, body = _request("GET", f"{calendar}meeting-7.ics")
    assert status == 200
    assert b"UID:meeting-7@cluster.example\r\n" in body
    assert b"DTSTART:20260610T080000Z\r\n" in body
    assert b"SUMMARY:B2B meeting: Alice Martin (Agrial)\\, Table 12\\; hall B\r\n" in body
    depth = {"Depth": "1", "Content-Type": "application/xml"}
    status, found = _request(
        "REPORT", calendar, _query("20260610T000000Z", "20260611T000000Z"), depth
    )
    assert status == 207
    assert _hrefs(found) == ["/alice/agrifood/meeting-7.ics"]
    status, missed = _request(
        "REPORT", calendar, _query("20260611T000000Z", "20260612T000000Z"), depth
    )
    assert status == 207
    assert _hrefs(missed) == []


def test_caldav_invitation_is_accepted(radicale: str) -> None:
    calendar = _calendar(radicale)
    data = invitation([_item(0, 8)], Method.REQUEST, ORGANIZER, PRODID, NOW)
    assert _request("PUT", f"{calendar}meeting-7.ics", data, ICS)[0] == 201
    status, body = _request("GET", f"{calendar}meeting-7.ics")
    assert status == 200
    assert b"ORGANIZER;CN=Cluster events:mailto:events@cluster.example\r\n" in body


def test_caldav_update_with_higher_sequence_replaces_the_event(radicale: str) -> None:
    calendar = _calendar(radicale)
    href = f"{calendar}meeting-7.ics"
    assert _request("PUT", href, feed([_item(0, 8)], "Days", PRODID, NOW), ICS)[0] == 201
    assert _request("PUT", href, feed([_item(1, 14)], "Days", PRODID, NOW), ICS)[0] == 204
    depth = {"Depth": "1", "Content-Type": "application/xml"}
    status, found = _request(
        "REPORT", calendar, _query("20260610T000000Z", "20260611T000000Z"), depth
    )
    assert status == 207
    assert _hrefs(found) == ["/alice/agrifood/meeting-7.ics"]
    assert b"DTSTART:20260610T140000Z" in found
    assert b"SEQUENCE:1" in found
    assert b"DTSTART:20260610T080000Z" not in found
