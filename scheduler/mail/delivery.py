"""Delivering queued emails: claim, send, mark sent; retry with backoff on failure."""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from scheduler.calendar.imip import CalendarPart, imip_message
from scheduler.calendar.model import Method
from scheduler.extensions import db
from scheduler.mail.html import html_body
from scheduler.models import Event, OutboxEmail, OutboxStatus, utcnow

MAX_ATTEMPTS = 8
MAILBOX_FOLDER = "mailbox"
NOT_CONFIGURED = (
    "MAIL_SERVER is not set: emails wait in the outbox until it is "
    "(DEV_MAILBOX=true shows them at /dev/mailbox/ in development)"
)


def mailbox_path(app: Flask) -> Path:
    return Path(app.instance_path) / MAILBOX_FOLDER


CALENDAR_TYPE = "text/calendar"


def _content_type(value: str) -> tuple[str, str, dict[str, str]]:
    """``text/calendar; method=REQUEST`` -> ("text", "calendar", {"method": "REQUEST"})."""
    kind, *params = [part.strip() for part in value.split(";")]
    maintype, _, subtype = kind.partition("/")
    return maintype, subtype, dict(param.split("=", 1) for param in params if "=" in param)


def _calendar_parts(email: OutboxEmail) -> list[CalendarPart]:
    parts = []
    for attachment in email.attachments:
        maintype, subtype, params = _content_type(attachment.content_type)
        if f"{maintype}/{subtype}" == CALENDAR_TYPE:
            method = Method(params.get("method", "").upper())
            parts.append(CalendarPart(attachment.data, method, attachment.filename))
    return parts


def platform_address(app: Flask) -> str:
    """The address every email is sent from (replies go to the event's own address)."""
    return app.config["MAIL_DEFAULT_SENDER"] or f"no-reply@{app.config['SERVER_NAME_FOR_UIDS']}"


def _local_id(email_id: int) -> str:
    """The left part of an outbox email's Message-ID, and the name of its mailbox copy."""
    return f"outbox-{email_id}"


def build_message(email: OutboxEmail, app: Flask) -> EmailMessage:
    """The RFC 5322 message for an outbox row; the Message-ID depends only on the row.

    A row whose attachments are calendars becomes an iMIP invitation (RFC 6047)."""
    domain = app.config["SERVER_NAME_FOR_UIDS"]
    sender = platform_address(app)
    event = db.session.get(Event, email.event_id) if email.event_id else None
    if event is not None and event.sender_name:
        sender = str(Address(display_name=event.sender_name, addr_spec=sender))
    reply_to = event.sender_email if event is not None and event.sender_email else None
    message_id = f"<{_local_id(email.id)}@{domain}>"
    calendars = _calendar_parts(email)
    if calendars:
        return imip_message(
            sender=sender,
            recipient=email.recipient,
            subject=email.subject,
            text=email.body_text,
            html=email.body_html or html_body(email.body_text, email.subject),
            parts=calendars,
            reply_to=reply_to,
            message_id=message_id,
            date=email.created_at,
        )
    message = EmailMessage()
    message["From"] = sender
    if reply_to:
        message["Reply-To"] = reply_to
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at)
    message["Message-ID"] = message_id
    message.set_content(email.body_text)
    if email.body_html:
        message.add_alternative(email.body_html, subtype="html")
    for attachment in email.attachments:
        maintype, subtype, params = _content_type(attachment.content_type)
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=attachment.filename,
            params=params,
        )
    return message


def writes_to_mailbox(app: Flask) -> bool:
    """Without an SMTP server, emails go to the instance folder only in development (the
    development mailbox) and in tests; elsewhere they wait in the outbox."""
    return not app.config["MAIL_SERVER"] and bool(
        app.config.get("DEV_MAILBOX") or app.config.get("TESTING")
    )


def forget_mailbox_copies(app: Flask, email_ids: Iterable[int]) -> None:
    """Delete the development mailbox's copies of outbox emails an erasure deleted; after
    the commit, so that a rolled-back erasure keeps them."""
    folder = mailbox_path(app)
    for email_id in email_ids:
        (folder / f"{_local_id(email_id)}.eml").unlink(missing_ok=True)


def _write_to_mailbox(message: EmailMessage, app: Flask) -> None:
    folder = mailbox_path(app)
    folder.mkdir(mode=0o700, exist_ok=True)
    name = message["Message-ID"].strip("<>").split("@")[0]
    # Readable by the app's user only: the files hold personal data and access links.
    descriptor = os.open(folder / f"{name}.eml", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(bytes(message))


def _send(message: EmailMessage, app: Flask) -> None:
    server = app.config["MAIL_SERVER"]
    if not server:
        _write_to_mailbox(message, app)
        return
    with smtplib.SMTP(server, app.config["MAIL_PORT"], timeout=app.config["MAIL_TIMEOUT"]) as smtp:
        if app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if app.config.get("MAIL_USERNAME"):
            smtp.login(app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"])
        smtp.send_message(message)


def deliver_pending(limit: int = 50, only_ids: list[int] | None = None) -> int:
    """Send up to ``limit`` due emails, one transaction each; return how many were sent.

    Each row is locked while it is sent (``SKIP LOCKED`` on PostgreSQL), so several workers
    never send the same email twice."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["MAIL_SERVER"] and not writes_to_mailbox(app):
        app.logger.error(NOT_CONFIGURED)
        return 0
    sent = 0
    for _ in range(limit):
        due = select(OutboxEmail).where(
            OutboxEmail.status == OutboxStatus.PENDING, OutboxEmail.next_attempt_at <= utcnow()
        )
        if only_ids is not None:
            due = due.where(OutboxEmail.id.in_(only_ids))
        email = db.session.scalar(
            due.order_by(OutboxEmail.id).limit(1).with_for_update(skip_locked=True)
        )
        if email is None:
            break
        try:
            message = build_message(email, app)
        except Exception as error:  # the row itself is bad: retrying cannot help
            email.attempts += 1
            email.status = OutboxStatus.FAILED
            email.last_error = f"not a valid email: {type(error).__name__}: {error}"[:1000]
            db.session.commit()
            app.logger.error("email %s cannot be built: %s", email.id, email.last_error)
            continue
        try:
            _send(message, app)
        except (OSError, smtplib.SMTPException) as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:1000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboxStatus.FAILED
            email.next_attempt_at = utcnow() + timedelta(minutes=2**email.attempts)
            db.session.commit()
            app.logger.warning("email %s not sent: %s", email.id, email.last_error)
            continue
        email.attempts += 1
        email.status = OutboxStatus.SENT
        email.sent_at = utcnow()
        db.session.commit()
        sent += 1
    return sent
