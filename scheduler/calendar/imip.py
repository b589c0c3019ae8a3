"""iMIP email (RFC 6047): the calendar inline and as an ``invite.ics`` attachment."""

from __future__ import annotations

import email.policy
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from scheduler.calendar.model import Method


def _calendar_part(calendar: bytes, method: Method) -> EmailMessage:
    part = EmailMessage(policy=email.policy.SMTP)
    # base64 keeps the calendar's CRLFs byte for byte.
    part.set_content(
        calendar,
        maintype="text",
        subtype="calendar",
        params={"method": method.value, "charset": "UTF-8"},
        cte="base64",
    )
    return part


def imip_message(
    *,
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    calendar: bytes,
    method: Method,
    reply_to: str | None = None,
    message_id: str | None = None,
    date: datetime | None = None,
    filename: str = "invite.ics",
) -> EmailMessage:
    """multipart/mixed > [multipart/alternative > text/plain, text/html, text/calendar;
    method=...] + application/ics ``filename``; the MIME method equals ``method``."""
    if not calendar.rstrip().endswith(b"END:VCALENDAR"):
        raise ValueError("calendar is not an iCalendar object")
    if f"\r\nMETHOD:{method.value}\r\n".encode() not in calendar:
        raise ValueError(f"the calendar's METHOD is not {method.value}")
    alternative = EmailMessage(policy=email.policy.SMTP)
    alternative.set_content(text)
    alternative.add_alternative(html, subtype="html")
    alternative.attach(_calendar_part(calendar, method))

    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    if date is not None:
        message["Date"] = format_datetime(date)
    if message_id:
        message["Message-ID"] = message_id
    message["MIME-Version"] = "1.0"
    message.make_mixed()
    message.attach(alternative)
    message.add_attachment(
        calendar, maintype="application", subtype="ics", filename=filename, cte="base64"
    )
    # Parts built as messages of their own carry a MIME-Version; it belongs only at the top.
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]
    return message
