"""Seat invitations: a REQUEST when a seat is taken (at registration, from the portal or
from the waiting list), a CANCEL when it is given up, with the item's UID and a SEQUENCE
that rises with every message to that person."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import AgendaItem
from tests.attendees import clear_mailbox, mailbox, ready_event, registered
from tests.web import csrf_token


def _calendars(message) -> list[tuple[str, str, str, int]]:
    """(MIME method, UID, STATUS, SEQUENCE) of each calendar in an email."""
    found = []
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        data = part.get_payload(decode=True).decode()
        fields = dict(re.findall(r"\r\n(UID|STATUS|SEQUENCE):([^\r]*)", data))
        found.append(
            (part.get_param("method"), fields["UID"], fields["STATUS"], int(fields["SEQUENCE"]))
        )
    return found


def _post(client: FlaskClient, item: AgendaItem, action: str) -> None:
    token = csrf_token(client, "/events/pic/me/sessions")
    client.post(f"/events/pic/me/sessions/{item.id}/{action}", data={"csrf_token": token})
    db.session.expire_all()


def test_seat_invitations_follow_join_leave_and_join_again(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    uid = workshop.calendar_uid
    registered(app, client, "ana@example.org", signups=[])
    clear_mailbox(app)

    _post(client, workshop, "join")
    _post(client, workshop, "leave")
    _post(client, workshop, "join")

    emails = mailbox(app)
    assert [m["Subject"] for m in emails] == [
        "Your seat: Biocontrol workshop",
        "Seat given up: Biocontrol workshop",
        "Your seat: Biocontrol workshop",
    ]
    assert [_calendars(m) for m in emails] == [
        [("REQUEST", uid, "CONFIRMED", 1)],
        [("CANCEL", uid, "CANCELLED", 2)],
        [("REQUEST", uid, "CONFIRMED", 3)],
    ]


def test_seat_invitations_come_with_registration_and_promotion(
    app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    clients = [app.test_client() for _ in range(3)]
    for n, c in enumerate(clients):
        registered(app, c, f"p{n}@example.org", signups=[str(workshop.id)])
    registration = next(m for m in mailbox(app) if m["To"] == "p0@example.org")
    clear_mailbox(app)

    _post(clients[0], workshop, "leave")  # p2 was waiting: the workshop holds 2

    emails = {m["To"]: m for m in mailbox(app)}
    assert _calendars(registration) == [("REQUEST", workshop.calendar_uid, "CONFIRMED", 1)]
    assert _calendars(emails["p0@example.org"]) == [
        ("CANCEL", workshop.calendar_uid, "CANCELLED", 2)
    ]
    assert emails["p2@example.org"]["Subject"] == "You have a seat: Biocontrol workshop"
    assert _calendars(emails["p2@example.org"]) == [
        ("REQUEST", workshop.calendar_uid, "CONFIRMED", 1)
    ]


def test_seat_invitations_none_for_a_waiting_list_place(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    for n in range(2):
        registered(app, app.test_client(), f"p{n}@example.org", signups=[str(workshop.id)])
    registered(app, client, "late@example.org", signups=[])
    clear_mailbox(app)

    _post(client, workshop, "join")
    _post(client, workshop, "leave")

    assert mailbox(app) == []
