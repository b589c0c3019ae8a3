"""iMIP email (RFC 6047): each calendar inline or attached, with its iTIP method."""

from __future__ import annotations

import email.policy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from scheduler.calendar.model import Method


@dataclass(frozen=True)
class CalendarPart:
    """One iTIP object (one UID) for an email, and the name of its attached file."""

    calendar: bytes
    method: Method
    filename: str = "invite.ics"


def _check(part: CalendarPart) -> None:
    if not part.calendar.rstrip().endswith(b"END:VCALENDAR"):
        raise ValueError("calendar is not an iCalendar object")
    if f"\r\nMETHOD:{part.method.value}\r\n".encode() not in part.calendar:
        raise ValueError(f"the calendar's METHOD is not {part.method.value}")


def _calendar_part(calendar: bytes, method: Method, filename: str | None = None) -> EmailMessage:
    part = EmailMessage(policy=email.policy.SMTP)
    # base64 keeps the calendar's CRLFs byte for byte.
    part.set_content(
        calendar,
        maintype="text",
        subtype="calendar",
        params={"method": method.value, "charset": "UTF-8"},
        cte="base64",
        disposition="attachment" if filename else None,
        filename=filename,
    )
    return part


def imip_message(
    *,
    sender: str,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    parts: Sequence[CalendarPart],
    reply_to: str | None = None,
    message_id: str | None = None,
    date: datetime | None = None,
) -> EmailMessage:
    """multipart/mixed > [multipart/alternative > text/plain, text/html, ...] + attachments.

    One part (the CalConnect layout): its text/calendar with the method inside the
    alternative, and the same bytes attached as application/ics. Several parts (one email
    for several meetings): each attached as text/calendar with its own method, since one
    calendar object carries one method and clients act on one UID per object."""
    if not parts:
        raise ValueError("an iMIP message needs at least one calendar")
    for part in parts:
        _check(part)
    alternative = EmailMessage(policy=email.policy.SMTP)
    alternative.set_content(text)
    alternative.add_alternative(html, subtype="html")
    if len(parts) == 1:
        alternative.attach(_calendar_part(parts[0].calendar, parts[0].method))

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
    for part in parts:
        if len(parts) == 1:
            message.add_attachment(
                part.calendar,
                maintype="application",
                subtype="ics",
                filename=part.filename,
                cte="base64",
            )
        else:
            message.attach(_calendar_part(part.calendar, part.method, part.filename))
    # Parts built as messages of their own carry a MIME-Version; it belongs only at the top.
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]
    return message
