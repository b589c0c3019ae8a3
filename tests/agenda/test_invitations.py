"""Invitations that follow the schedule: REQUEST on publication, update with a raised
SEQUENCE on a move, CANCEL on a removal; one email per participant, read by independent
parsers and delivered over real SMTP."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from flask import Flask

from scheduler.agenda.emails import queue_agenda_emails
from scheduler.agenda.publish import Publication, publish
from scheduler.extensions import db
from scheduler.mail.delivery import build_message
from scheduler.models import OutboxEmail, Participant
from tests.agenda.scene import Scene, small_event
from tests.calendar.parsers import read_ical, read_icalendar, read_vobject

BASE = "https://meetings.example.org"


def _scene() -> Scene:
    scene = small_event()
    scene.ana.last_name, scene.ben.last_name, scene.eva.last_name = "Silva", "Rossi", "Lind"
    scene.event.sender_email = "intercluster@example.org"
    scene.event.sender_name = "Plant InterCluster secretariat"
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    db.session.flush()
    return scene


def _queue(app: Flask, publication: Publication, scene: Scene) -> None:
    with app.test_request_context(base_url=BASE):
        queue_agenda_emails(db.session, scene.event, publication)
    db.session.flush()


def _email_to(person: Participant) -> OutboxEmail:
    (email,) = (
        db.session.query(OutboxEmail)
        .filter(OutboxEmail.recipient == person.email)
        .order_by(OutboxEmail.id.desc())
        .limit(1)
        .all()
    )
    return email


def _events(email: OutboxEmail) -> list[tuple[str, str, str, int, str, datetime]]:
    """(file, MIME method, METHOD, SEQUENCE, STATUS, DTSTART) of each attached calendar."""
    found = []
    for attachment in email.attachments:
        calendar = icalendar.Calendar.from_ical(attachment.data)
        (event,) = calendar.walk("VEVENT")
        found.append(
            (
                attachment.filename,
                attachment.content_type,
                str(calendar["METHOD"]),
                int(event["SEQUENCE"]),
                str(event["STATUS"]),
                event["DTSTART"].dt,
            )
        )
    return found


def test_invitations_first_publication_requests_each_meeting(app: Flask) -> None:
    scene = _scene()
    _queue(app, publish(db.session, scene.event), scene)

    assert _events(_email_to(scene.ana)) == [
        (
            f"meeting-{scene.ana_ben.id}.ics",
            "text/calendar; method=REQUEST",
            "REQUEST",
            0,
            "CONFIRMED",
            datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
        ),
        (
            f"meeting-{scene.ana_eva.id}.ics",
            "text/calendar; method=REQUEST",
            "REQUEST",
            0,
            "CONFIRMED",
            datetime(2027, 3, 10, 13, 0, tzinfo=UTC),
        ),
    ]


def test_invitations_name_the_organiser_and_only_the_recipient(app: Flask) -> None:
    scene = _scene()
    _queue(app, publish(db.session, scene.event), scene)

    data = _email_to(scene.ana).attachments[0].data
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    attendee = event["ATTENDEE"]
    assert str(event["ORGANIZER"]) == "mailto:intercluster@example.org"
    assert str(event["ORGANIZER"].params["CN"]) == "Plant InterCluster secretariat"
    assert (str(attendee), dict(attendee.params)) == (
        f"mailto:{scene.ana.email}",
        {"CN": "Ana Silva", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE", "ROLE": "REQ-PARTICIPANT"},
    )
    assert str(event["UID"]) == scene.ana_ben.calendar_uid
    assert str(event["SUMMARY"]) == "B2B meeting: Ben Rossi \u2014 Table 1"
    assert f"Profile: {BASE}/events/pic/participants/{scene.ben.id}" in str(event["DESCRIPTION"])


def test_invitations_read_alike_by_independent_parsers(app: Flask) -> None:
    scene = _scene()
    _queue(app, publish(db.session, scene.event), scene)

    data = _email_to(scene.ben).attachments[0].data
    reads = {read(data) for read in (read_vobject, read_ical, read_icalendar)}
    (read,) = reads
    assert (read.start, read.end, read.summary, read.attendees) == (
        datetime(2027, 3, 9, 13, 20, tzinfo=UTC),
        datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
        "B2B meeting: Eva Lind \u2014 Table 2",
        ("Ben Rossi",),
    )


def test_invitations_move_updates_and_removal_cancels(app: Flask) -> None:
    scene = _scene()
    _queue(app, publish(db.session, scene.event), scene)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[1])
    scene.ana_eva.cancel()
    db.session.flush()

    _queue(app, publish(db.session, scene.event), scene)

    assert _events(_email_to(scene.ana)) == [
        (
            f"meeting-{scene.ana_ben.id}.ics",
            "text/calendar; method=REQUEST",
            "REQUEST",
            1,
            "CONFIRMED",
            datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
        ),
        (
            f"meeting-{scene.ana_eva.id}.ics",
            "text/calendar; method=CANCEL",
            "CANCEL",
            1,
            "CANCELLED",
            datetime(2027, 3, 10, 13, 0, tzinfo=UTC),
        ),
    ]
    (moved,) = icalendar.Calendar.from_ical(_email_to(scene.ben).attachments[0].data).walk(
        "VEVENT"
    )
    assert (str(moved["UID"]), str(moved["LOCATION"]).endswith("Table 2")) == (
        scene.ana_ben.calendar_uid,
        True,
    )


def test_invitations_one_email_per_person_and_publication(app: Flask) -> None:
    scene = _scene()
    publication = publish(db.session, scene.event)
    _queue(app, publication, scene)
    _queue(app, publication, scene)  # the same publication queued twice

    assert sorted(e.recipient for e in db.session.query(OutboxEmail)) == sorted(
        [scene.ana.email, scene.ben.email, scene.eva.email]
    )


def test_invitations_single_change_is_an_inline_imip_request(app: Flask) -> None:
    scene = _scene()
    _queue(app, publish(db.session, scene.event), scene)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[1])
    db.session.flush()
    _queue(app, publish(db.session, scene.event), scene)

    message = build_message(_email_to(scene.ben), app)

    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    inline = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert inline.get_param("method") == "REQUEST"
    assert message["Reply-To"] == "intercluster@example.org"
