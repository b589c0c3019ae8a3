"""ICS bytes: read the same by independent parsers, well-formed, and following iTIP."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from scheduler.calendar.ics import feed, invitation
from scheduler.calendar.model import Attendee, CalendarItem, Method, Person
from tests.calendar.parsers import (
    Read,
    calcurse_available,
    read_calcurse,
    read_ical,
    read_icalendar,
    read_vobject,
)

PRODID = "-//cluster-scheduler//calendar tests//EN"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
ORGANIZER = Person("events@cluster.example", "Cluster events")
RECIPIENT = Person("alice@agrial.example", "Alice Martin")
PARIS = ZoneInfo("Europe/Paris")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")

CASES = {
    "paris_summer": (
        datetime(2026, 6, 10, 10, 0, tzinfo=PARIS),
        datetime(2026, 6, 10, 10, 20, tzinfo=PARIS),
        datetime(2026, 6, 10, 8, 0, tzinfo=UTC),
        datetime(2026, 6, 10, 8, 20, tzinfo=UTC),
    ),
    "paris_winter": (
        datetime(2026, 1, 15, 10, 0, tzinfo=PARIS),
        datetime(2026, 1, 15, 10, 20, tzinfo=PARIS),
        datetime(2026, 1, 15, 9, 0, tzinfo=UTC),
        datetime(2026, 1, 15, 9, 20, tzinfo=UTC),
    ),
    "sao_paulo": (
        datetime(2026, 3, 10, 14, 0, tzinfo=SAO_PAULO),
        datetime(2026, 3, 10, 15, 30, tzinfo=SAO_PAULO),
        datetime(2026, 3, 10, 17, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 18, 30, tzinfo=UTC),
    ),
    "all_day": (date(2026, 6, 11), date(2026, 6, 12), date(2026, 6, 11), date(2026, 6, 12)),
}

# A summary is one line: calcurse rejects a line break in it ("line break in summary").
CANARY = "Société coopérative Agrial, Caen; R&D — «vergers» \\ fin"
CANARY_TEXT = "Société coopérative Agrial, Caen; R&D — «vergers»\nligne 2 \\ fin"
CANARY_NAME = "Société coopérative Agrial, Caen; R&D — «vergers»"


def _item(case: str, **changes: object) -> CalendarItem:
    start, end, _, _ = CASES[case]
    fields: dict[str, object] = {
        "uid": f"meeting-{case}@cluster.example",
        "sequence": 0,
        "start": start,
        "end": end,
        "summary": "B2B meeting: Alice Martin (Agrial) — Table 12",
        "all_day": case == "all_day",
        "attendees": (Attendee(RECIPIENT),),
    }
    fields.update(changes)
    return CalendarItem(**fields)  # type: ignore[arg-type]


def _parsers(tmp_path: Path) -> dict[str, object]:
    parsers: dict[str, object] = {
        "vobject": read_vobject,
        "ical": read_ical,
        "icalendar": read_icalendar,
    }
    if calcurse_available():
        parsers["calcurse"] = lambda data: read_calcurse(data, tmp_path)
    return parsers


PARSERS = ["vobject", "ical", "icalendar", "calcurse"]


def _reader(name: str, tmp_path: Path):
    if name == "calcurse" and not calcurse_available():
        pytest.skip("the calcurse binary is not installed (apt-get install calcurse)")
    return _parsers(tmp_path)[name]


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("kind", ["invitation", "feed"])
def test_ics_start_read_the_same_by_every_parser(
    kind: str, case: str, parser: str, tmp_path: Path
) -> None:
    item = _item(case)
    data = (
        invitation([item], Method.REQUEST, ORGANIZER, PRODID, NOW)
        if kind == "invitation"
        else feed([item], "Agrifood days", PRODID, NOW)
    )
    read: Read = _reader(parser, tmp_path)(data)
    _, _, start, end = CASES[case]
    assert read.start == start
    if parser == "calcurse" and case == "all_day":
        assert read.end == start
    else:
        assert read.end == end


@pytest.mark.parametrize("parser", PARSERS)
def test_ics_escaping_canary_comes_back_identical(parser: str, tmp_path: Path) -> None:
    item = _item(
        "paris_summer",
        summary=CANARY,
        description=CANARY_TEXT,
        location=CANARY_TEXT,
        attendees=(Attendee(Person("r.d@agrial.example", CANARY_NAME)),),
    )
    data = invitation([item], Method.REQUEST, ORGANIZER, PRODID, NOW)
    read: Read = _reader(parser, tmp_path)(data)
    assert read.summary == CANARY
    assert read.description == CANARY_TEXT
    assert read.location == CANARY_TEXT
    if parser != "calcurse":  # calcurse keeps no attendees
        assert read.attendees == (CANARY_NAME,)


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def test_ics_lines_end_in_crlf_within_75_octets_and_folds_keep_utf8() -> None:
    long_text = "Coopérative « vergers » — pommes, poires ; ééé " * 12
    item = _item("paris_summer", description=long_text, location=long_text)
    for data in (
        invitation([item], Method.REQUEST, ORGANIZER, PRODID, NOW),
        feed([item], long_text, PRODID, NOW),
    ):
        lines = _lines(data)
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert b"\r" not in data.replace(b"\r\n", b"")
        assert max(len(line) for line in lines) <= 75
        assert sum(line.startswith(b" ") for line in lines) > 10
        for line in lines:
            line.decode("utf-8")  # a fold inside a character would fail here
        assert icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["DESCRIPTION"] == long_text


def _property_lines(data: bytes) -> list[str]:
    """The unfolded content lines."""
    return re.sub(r"\r\n[ \t]", "", data.decode()).split("\r\n")[:-1]


def test_ics_request_has_method_organizer_and_recipient_as_attendee() -> None:
    data = invitation([_item("paris_summer")], Method.REQUEST, ORGANIZER, PRODID, NOW)
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID
    assert str(event["ORGANIZER"]) == "mailto:events@cluster.example"
    assert event["ORGANIZER"].params["CN"] == "Cluster events"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:alice@agrial.example"
    assert dict(attendee.params) == {
        "CN": "Alice Martin",
        "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE",
        "ROLE": "REQ-PARTICIPANT",
    }
    assert event["UID"] == "meeting-paris_summer@cluster.example"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert "DTSTAMP:20260501T120000Z" in _property_lines(data)
    assert "DTSTART:20260610T080000Z" in _property_lines(data)
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in _property_lines(data))


def test_ics_cancel_keeps_uid_with_given_sequence_and_cancelled_status() -> None:
    item = _item("paris_summer", sequence=3)
    data = invitation([item], Method.CANCEL, ORGANIZER, PRODID, NOW)
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL"
    assert event["UID"] == "meeting-paris_summer@cluster.example"
    assert event["SEQUENCE"] == 3
    assert event["STATUS"] == "CANCELLED"
    assert str(event["ORGANIZER"]) == "mailto:events@cluster.example"


def test_ics_feed_has_no_organizer_or_attendee_and_refresh_durations() -> None:
    items = [_item("paris_summer"), _item("sao_paulo", status="CANCELLED")]
    data = feed(items, "Agrifood days — Alice", PRODID, NOW)
    lines = _property_lines(data)
    assert "METHOD:PUBLISH" in lines
    assert "X-WR-CALNAME:Agrifood days — Alice" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert not [line for line in lines if line.startswith(("ORGANIZER", "ATTENDEE"))]
    statuses = [line for line in lines if line.startswith("STATUS:")]
    assert statuses == ["STATUS:CONFIRMED", "STATUS:CANCELLED"]


def test_ics_feed_refresh_interval_follows_the_argument() -> None:
    data = feed([_item("all_day")], "Day", PRODID, NOW, refresh=timedelta(minutes=30))
    lines = _property_lines(data)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT30M" in lines
    assert "X-PUBLISHED-TTL:PT30M" in lines


def test_ics_all_day_item_is_written_as_dates() -> None:
    lines = _property_lines(feed([_item("all_day")], "Day", PRODID, NOW))
    assert "DTSTART;VALUE=DATE:20260611" in lines
    assert "DTEND;VALUE=DATE:20260612" in lines


def test_ics_naive_datetime_is_refused() -> None:
    naive = _item("paris_summer", start=datetime(2026, 6, 10, 10, 0))
    with pytest.raises(ValueError, match="naive datetime"):
        invitation([naive], Method.REQUEST, ORGANIZER, PRODID, NOW)
    with pytest.raises(ValueError, match="naive datetime"):
        feed([_item("paris_summer")], "Day", PRODID, datetime(2026, 5, 1))


def test_ics_invitation_refuses_publish() -> None:
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        invitation([_item("paris_summer")], Method.PUBLISH, ORGANIZER, PRODID, NOW)
