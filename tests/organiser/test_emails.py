"""The event's emails page: what was sent, what waits after a failed attempt, what failed,
and sending failed emails again."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import queue_email, take_queued_ids
from scheduler.models import (
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    OutboxEmail,
    OutboxStatus,
)
from scheduler.organiser.outbox import outbox_report, retry_failed
from scheduler.passwords import hash_password
from tests.attendees import mailbox
from tests.factories import make_event
from tests.web import csrf_token, post_form

PASSWORD = "correct horse battery staple"
PAGE = "/organiser/events/pic/emails/"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _emails(event, count: int, **fields: object) -> list[OutboxEmail]:
    emails = [
        queue_email(
            recipient=f"p{n}@example.org", subject=f"Agenda {n}", body_text="x", event_id=event.id
        )
        for n in range(count)
    ]
    for email in emails:
        for name, value in fields.items():
            setattr(email, name, value)
    db.session.commit()
    take_queued_ids()
    return emails


def _signed_in(client: FlaskClient):
    event = make_event(slug="pic")
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD})
    return event


def test_emails_page_shows_the_smtp_server_down_and_the_emails_waiting(
    client: FlaskClient, app_config: Callable[..., Flask]
) -> None:
    event = _signed_in(client)
    _emails(event, 1)
    app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    deliver_pending()

    page = _text(client.get(PAGE).get_data(as_text=True))

    assert "Sent: 0 ; waiting to be sent: 1 ; failed: 0 ." in page
    assert "Agenda 0 1 ConnectionRefusedError: [Errno 111] Connection refused" in page
    assert "No email failed." in page


def test_emails_page_sends_a_failed_email_again(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = _signed_in(client)
    failed, other = _emails(
        event, 2, status=OutboxStatus.FAILED, attempts=8, last_error="SMTPDataError: 451"
    )
    before = _text(client.get(PAGE).get_data(as_text=True))

    response = client.post(
        f"{PAGE}{failed.id}/retry", data={"csrf_token": csrf_token(client, PAGE)}
    )

    db.session.expire_all()
    assert "Sent: 0 ; waiting to be sent: 0 ; failed: 2 ." in before
    assert "Agenda 1 8 SMTPDataError: 451 Send again" in before
    assert response.status_code == 302
    assert (failed.status, failed.attempts, other.status) == (
        OutboxStatus.SENT,
        1,
        OutboxStatus.FAILED,
    )
    assert [m["Subject"] for m in mailbox(app)] == ["Agenda 0"]


def test_emails_retry_failed_touches_only_the_event_failed_emails(app: Flask) -> None:
    event, other_event = make_event(slug="pic"), make_event(slug="other")
    failed = _emails(event, 2, status=OutboxStatus.FAILED, attempts=8)
    sent = _emails(event, 1, status=OutboxStatus.SENT)
    elsewhere = _emails(other_event, 1, status=OutboxStatus.FAILED)

    assert retry_failed(db.session, event) == 2

    assert [e.status for e in failed + sent + elsewhere] == [
        OutboxStatus.PENDING,
        OutboxStatus.PENDING,
        OutboxStatus.SENT,
        OutboxStatus.FAILED,
    ]
    assert [e.attempts for e in failed] == [0, 0]
    assert sorted(take_queued_ids()) == sorted(e.id for e in failed)  # sent after the commit
    report = outbox_report(db.session, event)
    assert (report.counts[OutboxStatus.PENDING], report.failed) == (2, [])


def test_emails_page_turns_reminders_on_then_off(client: FlaskClient, app: Flask) -> None:
    event = _signed_in(client)

    on = post_form(client, f"{PAGE}reminders", {"send": "y"})
    db.session.refresh(event)
    turned_on, page = event.send_reminders, _text(client.get(PAGE).get_data(as_text=True))
    off = post_form(client, f"{PAGE}reminders", {})
    db.session.refresh(event)

    assert (on.status_code, turned_on, off.status_code, event.send_reminders) == (
        302,
        True,
        302,
        False,
    )
    assert "Evening reminders are on." in page
    assert "Turn reminders off" in page
