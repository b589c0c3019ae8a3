"""The invitations of real publications, end to end: queued by the publication job, sent to
a real SMTP server (aiosmtpd), and the calendar each participant receives stored in a real
CalDAV server (Radicale) the way a calendar client files it: the move replaces the event at
the same UID, the cancellation carries it out."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from scheduler.agenda.publish import publish
from scheduler.extensions import db
from scheduler.jobs import send_publication_emails
from tests.agenda.scene import small_event
from tests.calendar.conftest import radicale  # noqa: F401  (the CalDAV server fixture)
from tests.calendar.test_caldav import ICS, _calendar, _hrefs, _query, _request
from tests.mail.conftest import Inbox, smtp  # noqa: F401  (the SMTP server fixture)

pytestmark = pytest.mark.slow


def _calendars_to(inbox: Inbox, address: str) -> list[tuple[str, bytes]]:
    """(MIME method, calendar bytes) of every calendar sent to ``address``, in order."""
    found = []
    for message in inbox.messages:
        if message["To"] != address:
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                found.append((part.get_param("method"), part.get_payload(decode=True)))
    return found


def _field(data: bytes, name: str) -> str:
    """The value (with parameters) of the first ``name`` line, unfolded."""
    unfolded = data.decode().replace("\r\n ", "")
    return re.search(rf"\r\n{name}[;:]([^\r]*)\r\n", unfolded).group(1)


def test_invitations_delivered_over_smtp_follow_the_schedule(
    app: Flask, smtp: Inbox, radicale: str  # noqa: F811
) -> None:
    scene = small_event()
    ben = scene.ben.email
    publish(db.session, scene.event)  # Ben and Eva at 14:20 (table 2)
    db.session.commit()
    send_publication_emails(app, _last_log())
    scene.ben_eva.place(scene.session.slots[0], scene.session.tables[1])  # moved to 14:00
    db.session.commit()
    publish(db.session, scene.event)
    db.session.commit()
    send_publication_emails(app, _last_log())
    scene.ben_eva.cancel()
    db.session.commit()
    publish(db.session, scene.event)
    db.session.commit()
    send_publication_emails(app, _last_log())

    sent = [c for c in _calendars_to(smtp, ben) if scene.ben_eva.calendar_uid.encode() in c[1]]
    assert [(mime, _field(data, "METHOD"), _field(data, "SEQUENCE")) for mime, data in sent] == [
        ("REQUEST", "REQUEST", "0"),
        ("REQUEST", "REQUEST", "1"),
        ("CANCEL", "CANCEL", "2"),
    ]
    assert [_field(data, "DTSTART") for _, data in sent] == [
        "20270309T132000Z",
        "20270309T130000Z",
        "20270309T130000Z",
    ]
    for _, data in sent:
        assert _field(data, "ATTENDEE").endswith(f"mailto:{ben}")
        lines = data.split(b"\r\n")
        assert data.count(b"\n") == data.count(b"\r\n")
        assert max(len(line) for line in lines) <= 75

    # Filed in a CalDAV calendar as a client would: one resource per UID.
    calendar = _calendar(radicale)
    href = f"{calendar}ben-eva.ics"
    depth = {"Depth": "1", "Content-Type": "application/xml"}
    day = _query("20270309T000000Z", "20270310T000000Z")
    assert _request("PUT", href, sent[0][1].replace(b"METHOD:REQUEST\r\n", b""), ICS)[0] == 201
    assert _request("PUT", href, sent[1][1].replace(b"METHOD:REQUEST\r\n", b""), ICS)[0] == 204
    status, body = _request("REPORT", calendar, day, depth)
    assert (status, _hrefs(body)) == (207, ["/alice/agrifood/ben-eva.ics"])
    assert b"DTSTART:20270309T130000Z" in body
    assert b"DTSTART:20270309T132000Z" not in body  # replaced, not duplicated


def _last_log() -> int:
    from sqlalchemy import select

    from scheduler.models import PublicationLog

    return db.session.scalar(select(PublicationLog.id).order_by(PublicationLog.id.desc()))
