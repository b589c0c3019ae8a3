"""iMIP messages: the MIME tree, the method parameter, and the calendar bytes kept intact."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from scheduler.calendar.ics import invitation
from scheduler.calendar.imip import CalendarPart, imip_message
from scheduler.calendar.model import Attendee, CalendarItem, Method, Person

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
ORGANIZER = Person("events@cluster.example", "Cluster events")
ITEM = CalendarItem(
    uid="meeting-7@cluster.example",
    sequence=1,
    start=datetime(2026, 6, 10, 8, 0, tzinfo=UTC),
    end=datetime(2026, 6, 10, 8, 20, tzinfo=UTC),
    summary="B2B meeting: Alice Martin (Agrial) — Table 12",
    description="Société coopérative Agrial, Caen; R&D — «vergers» " * 5,
    attendees=(Attendee(Person("alice@agrial.example", "Alice Martin")),),
)


def _build(calendar: bytes, method: Method) -> EmailMessage:
    return imip_message(
        sender="no-reply@cluster.example",
        recipient="alice@agrial.example",
        subject="Invitation: B2B meeting — Table 12",
        text="Your meeting with Agrial.",
        html="<p>Your meeting with Agrial.</p>",
        parts=[CalendarPart(calendar, method)],
        reply_to="events@cluster.example",
        message_id="<meeting-7.1@cluster.example>",
        date=NOW,
    )


def _message(method: Method) -> tuple[bytes, EmailMessage]:
    calendar = invitation([ITEM], method, ORGANIZER, "-//cluster-scheduler//tests//EN", NOW)
    message = _build(calendar, method)
    parsed = email.message_from_bytes(bytes(message), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return calendar, parsed


@pytest.mark.parametrize("method", [Method.REQUEST, Method.CANCEL])
def test_imip_mime_tree_in_order(method: Method) -> None:
    _, parsed = _message(method)
    assert [part.get_content_type() for part in parsed.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]


@pytest.mark.parametrize("method", [Method.REQUEST, Method.CANCEL])
def test_imip_method_parameter_equals_calendar_method(method: Method) -> None:
    _, parsed = _message(method)
    part = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == method.value
    assert part.get_content_charset() == "utf-8"
    assert f"\r\nMETHOD:{method.value}\r\n".encode() in part.get_payload(decode=True)


def test_imip_calendar_parts_keep_the_exact_bytes_with_crlf() -> None:
    calendar, parsed = _message(Method.REQUEST)
    inline = next(p for p in parsed.walk() if p.get_content_type() == "text/calendar")
    attached = next(p for p in parsed.walk() if p.get_content_type() == "application/ics")
    for part in (inline, attached):
        decoded = part.get_payload(decode=True)
        assert decoded == calendar
        assert decoded.count(b"\r\n") == decoded.count(b"\n")


def test_imip_attachment_named_invite_ics() -> None:
    _, parsed = _message(Method.REQUEST)
    attached = next(p for p in parsed.walk() if p.get_content_type() == "application/ics")
    assert attached.get_content_disposition() == "attachment"
    assert attached.get_filename() == "invite.ics"


def test_imip_headers_as_given() -> None:
    _, parsed = _message(Method.REQUEST)
    assert parsed["From"] == "no-reply@cluster.example"
    assert parsed["To"] == "alice@agrial.example"
    assert parsed["Reply-To"] == "events@cluster.example"
    assert parsed["Subject"] == "Invitation: B2B meeting — Table 12"
    assert parsed["Message-ID"] == "<meeting-7.1@cluster.example>"
    assert parsed["Date"] == "Fri, 01 May 2026 12:00:00 +0000"
    assert parsed["MIME-Version"] == "1.0"
    assert [p["MIME-Version"] for p in parsed.walk()][1:] == [None] * 5


def test_imip_message_lines_end_in_crlf() -> None:
    calendar = invitation([ITEM], Method.REQUEST, ORGANIZER, "-//p//EN", NOW)
    raw = bytes(_build(calendar, Method.REQUEST))
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78


def test_imip_method_other_than_the_calendar_is_refused() -> None:
    calendar = invitation([ITEM], Method.REQUEST, ORGANIZER, "-//p//EN", NOW)
    with pytest.raises(ValueError, match="METHOD is not CANCEL"):
        _build(calendar, Method.CANCEL)


def _bundle() -> tuple[list[CalendarPart], EmailMessage]:
    moved = CalendarItem(
        uid="meeting-8@cluster.example",
        sequence=2,
        start=datetime(2026, 6, 10, 9, 0, tzinfo=UTC),
        end=datetime(2026, 6, 10, 9, 20, tzinfo=UTC),
        summary="B2B meeting: Bruno Costa (Vinhos)",
    )
    parts = [
        CalendarPart(
            invitation([ITEM], Method.REQUEST, ORGANIZER, "-//p//EN", NOW),
            Method.REQUEST,
            "meeting-7.ics",
        ),
        CalendarPart(
            invitation([moved], Method.CANCEL, ORGANIZER, "-//p//EN", NOW),
            Method.CANCEL,
            "meeting-8.ics",
        ),
    ]
    message = imip_message(
        sender="no-reply@cluster.example",
        recipient="alice@agrial.example",
        subject="Your B2B meetings",
        text="Two changes.",
        html="<p>Two changes.</p>",
        parts=parts,
    )
    parsed = email.message_from_bytes(bytes(message), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parts, parsed


def test_imip_several_calendars_attached_each_with_its_method() -> None:
    parts, parsed = _bundle()
    assert [p.get_content_type() for p in parsed.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "text/calendar",
    ]
    attached = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert [(p.get_filename(), p.get_param("method")) for p in attached] == [
        ("meeting-7.ics", "REQUEST"),
        ("meeting-8.ics", "CANCEL"),
    ]
    assert [p.get_content_disposition() for p in attached] == ["attachment", "attachment"]
    assert [p.get_payload(decode=True) for p in attached] == [part.calendar for part in parts]


def test_imip_without_calendar_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one calendar"):
        imip_message(
            sender="a@b.example", recipient="c@d.example", subject="s", text="t", html="h",
            parts=[],
        )
