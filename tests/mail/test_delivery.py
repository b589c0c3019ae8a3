"""Outbox delivery to a real SMTP server on 127.0.0.1, and to the development mailbox."""

import stat
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from scheduler.calendar.ics import invitation
from scheduler.calendar.model import Attendee, CalendarItem, Method, Person
from scheduler.extensions import db
from scheduler.mail.delivery import MAX_ATTEMPTS, deliver_pending
from scheduler.mail.outbox import Attachment, queue_email
from scheduler.models import OutboxEmail, OutboxStatus
from tests.attendees import mailbox
from tests.factories import make_event
from tests.mail.conftest import Inbox


def _invitation(method: Method) -> bytes:
    item = CalendarItem(
        uid="meeting-1@test.invalid",
        sequence=0,
        start=datetime(2027, 3, 9, 13, 0, tzinfo=UTC),
        end=datetime(2027, 3, 9, 13, 20, tzinfo=UTC),
        summary="B2B meeting: Bruno Costa (Vinhos)",
        attendees=(Attendee(Person("ana@example.org", "Ana Silva")),),
    )
    organizer = Person("intercluster@example.org", "Plant InterCluster secretariat")
    return invitation([item], method, organizer, "-//tests//EN", datetime(2027, 3, 1, tzinfo=UTC))


def test_outbox_sends_an_invitation_over_smtp_as_imip(app: Flask, smtp: Inbox) -> None:
    event = make_event(
        sender_name="Plant InterCluster secretariat", sender_email="intercluster@example.org"
    )
    calendar = _invitation(Method.REQUEST)
    email = queue_email(
        recipient="ana@example.org",
        subject="Your meeting",
        body_text="See the invite.",
        event_id=event.id,
        attachments=(Attachment("invite.ics", "text/calendar; method=REQUEST", calendar),),
    )
    db.session.commit()
    assert deliver_pending() == 1
    (message,) = smtp.messages
    assert (message["To"], message["Subject"], message["Reply-To"]) == (
        "ana@example.org",
        "Your meeting",
        "intercluster@example.org",
    )
    assert message["From"] == "Plant InterCluster secretariat <no-reply@test.invalid>"
    assert message["Message-ID"] == f"<outbox-{email.id}@test.invalid>"
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
    assert inline.get_payload(decode=True) == calendar
    db.session.refresh(email)
    assert (email.status, email.attempts) == (OutboxStatus.SENT, 1)


def test_outbox_sends_other_attachments_as_they_are(app: Flask, smtp: Inbox) -> None:
    queue_email(
        recipient="ana@example.org",
        subject="Your list",
        body_text="Attached.",
        attachments=(Attachment("list.csv", "text/csv; charset=utf-8", b"a,b\r\n"),),
    )
    db.session.commit()
    assert deliver_pending() == 1
    (message,) = smtp.messages
    attachment = next(message.iter_attachments())
    assert (attachment.get_content_type(), attachment.get_filename()) == ("text/csv", "list.csv")
    assert attachment.get_payload(decode=True) == b"a,b\r\n"


def test_outbox_email_has_the_html_part_of_its_text(app: Flask, smtp: Inbox) -> None:
    queue_email(
        recipient="ana@example.org",
        subject="Your link",
        body_text="Dear Ana,\n\nYour personal space:\nhttps://example.org/a?b=1&c=2\n",
    )
    db.session.commit()
    deliver_pending()
    (message,) = smtp.messages
    html = message.get_body(("html",)).get_content()
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in html
    assert '<p style="margin:0 0 16px;">Dear Ana,</p>' in html
    text = message.get_body(("plain",)).get_content()
    assert text.splitlines()[3] == "https://example.org/a?b=1&c=2"


def test_outbox_never_sends_twice(app: Flask, smtp: Inbox) -> None:
    for n in range(3):
        queue_email(recipient=f"p{n}@example.org", subject="Hi", body_text="x")
    db.session.commit()
    assert (deliver_pending(), deliver_pending()) == (3, 0)
    assert sorted(m["To"] for m in smtp.messages) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]


def test_outbox_dedupe_key_queues_once(app: Flask) -> None:
    first = queue_email(recipient="a@example.org", subject="S", body_text="x", dedupe_key="k1")
    second = queue_email(recipient="a@example.org", subject="S", body_text="x", dedupe_key="k1")
    assert (first.id, len(db.session.scalars(select(OutboxEmail)).all())) == (second.id, 1)


def test_outbox_refuses_header_injection(app: Flask) -> None:
    with pytest.raises(ValueError, match="recipient must be a single line"):
        queue_email(recipient="a@example.org\r\nBcc: x@example.org", subject="Hi", body_text="x")


@pytest.mark.parametrize("separator", ["\r\n", "\u2028", "\u2029", "\x85", "\v", "\f", "\x00"])
def test_outbox_puts_a_subject_on_one_line(app: Flask, separator: str) -> None:
    email = queue_email(
        recipient="a@example.org", subject=f"You have a seat: Cider{separator}Bcc: x", body_text="x"
    )

    assert email.subject == "You have a seat: Cider Bcc: x"


def test_outbox_a_row_that_cannot_be_built_fails_and_the_next_ones_are_sent(
    app: Flask, mail_dir: object
) -> None:
    # A row queued before subjects were put on one line: the email library refuses it.
    bad = OutboxEmail(recipient="a@example.org", subject="Seat: Ana\u2028Maria", body_text="x")
    db.session.add(bad)
    db.session.flush()
    good = queue_email(recipient="b@example.org", subject="Hello", body_text="Body")
    db.session.commit()

    assert deliver_pending() == 1

    db.session.refresh(bad)
    db.session.refresh(good)
    assert (bad.status, bad.attempts, good.status) == (
        OutboxStatus.FAILED,
        1,
        OutboxStatus.SENT,
    )
    assert bad.last_error == (
        "not a valid email: ValueError: "
        "Header values may not contain linefeed or carriage return characters"
    )
    assert deliver_pending() == 0  # the failed row is not tried again and again


def test_outbox_unreachable_server_keeps_email_and_backs_off(
    app_config: Callable[..., Flask],
) -> None:
    app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    email = queue_email(recipient="a@example.org", subject="S", body_text="x")
    db.session.commit()
    sent = deliver_pending()
    db.session.refresh(email)
    assert (sent, email.status, email.attempts) == (0, OutboxStatus.PENDING, 1)
    assert email.last_error.startswith("ConnectionRefusedError")
    assert email.next_attempt_at > email.created_at


def test_outbox_gives_up_after_max_attempts(app_config: Callable[..., Flask]) -> None:
    app_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    email = queue_email(recipient="a@example.org", subject="S", body_text="x")
    email.attempts = MAX_ATTEMPTS - 1
    db.session.commit()
    deliver_pending()
    db.session.refresh(email)
    assert (email.status, email.attempts) == (OutboxStatus.FAILED, MAX_ATTEMPTS)


def test_outbox_without_smtp_writes_eml_to_mailbox(app: Flask, mail_dir: object) -> None:
    email = queue_email(recipient="a@example.org", subject="Hello", body_text="Body")
    db.session.commit()
    deliver_pending()
    assert sorted(p.name for p in mail_dir.glob("*.eml")) == [f"outbox-{email.id}.eml"]
    # Only the app's user may read them: they hold personal data and access links.
    assert stat.S_IMODE((mail_dir / f"outbox-{email.id}.eml").stat().st_mode) == 0o600


def test_outbox_without_smtp_outside_development_keeps_emails_waiting(
    app_config: Callable[..., Flask], mail_dir: object, caplog: pytest.LogCaptureFixture
) -> None:
    app_config(TESTING=False, DEV_MAILBOX=False)
    email = queue_email(recipient="a@example.org", subject="Hello", body_text="Body")
    db.session.commit()

    assert deliver_pending() == 0

    db.session.refresh(email)
    assert (email.status, email.attempts, list(mail_dir.glob("*.eml"))) == (
        OutboxStatus.PENDING,
        0,
        [],
    )
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "MAIL_SERVER is not set: emails wait in the outbox until it is "
        "(DEV_MAILBOX=true shows them at /dev/mailbox/ in development)"
    ]


def test_dev_mailbox_page_off_unless_enabled(client, app: Flask) -> None:
    assert client.get("/dev/mailbox/").status_code == 404


def test_dev_mailbox_page_lists_messages_with_links(
    client, app_config: Callable[..., Flask], mail_dir: object
) -> None:
    queue_email(
        recipient="a@example.org",
        subject="Your link",
        body_text="Open http://localhost/events/pic/access/abc now",
    )
    db.session.commit()
    deliver_pending()
    app_config(DEV_MAILBOX=True)
    response = client.get("/dev/mailbox/")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Your link" in page
    assert (
        '<a href="http://localhost/events/pic/access/abc">'
        "http://localhost/events/pic/access/abc</a>"
    ) in page


def test_request_delivers_only_its_own_emails(client, app: Flask, runner, mail_dir) -> None:
    from tests.attendees import ready_event, register

    ready_event()
    backlog = queue_email(recipient="old@example.org", subject="Backlog", body_text="x")
    db.session.commit()
    register(client, "ana@example.org")
    db.session.refresh(backlog)
    inline = sorted(p.name for p in mail_dir.glob("*.eml"))
    result = runner.invoke(args=["outbox", "send"])
    db.session.refresh(backlog)
    assert (len(inline), f"outbox-{backlog.id}.eml" in inline) == (1, False)
    assert (result.output, backlog.status) == ("Sent 1 email(s).\n", OutboxStatus.SENT)


def test_delivery_message_id_never_given_to_a_later_email_after_a_delete(
    app: Flask, mail_dir: object
) -> None:
    first = queue_email(recipient="ana@example.org", subject="First", body_text="Hi")
    db.session.commit()
    first_id = first.id
    db.session.delete(first)  # as erasure deletes the newest emails
    db.session.commit()

    second = queue_email(recipient="rui@example.org", subject="Second", body_text="Hi")
    db.session.commit()

    assert second.id == first_id + 1
    assert deliver_pending() == 1
    assert [m["Message-ID"] for m in mailbox(app)] == [f"<outbox-{first_id + 1}@test.invalid>"]
