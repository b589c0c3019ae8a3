"""Queueing emails in the current transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from scheduler.extensions import db
from scheduler.mail.html import html_body
from scheduler.models import OutboxAttachment, OutboxEmail, OutboxStatus, utcnow

# Every character that str.splitlines() and the email library treat as a line break, and
# NUL: none may reach a mail header.
HEADER_UNSAFE = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\x00")
_BREAKS = re.compile(f"[{re.escape(''.join(sorted(HEADER_UNSAFE)))}]+")
# Key of ``Session.info`` under which the ids of the emails queued in the session's current
# unit of work wait to be delivered once it is committed.
QUEUED_IDS = "queued_email_ids"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def header_safe(value: str) -> bool:
    """True when ``value`` can go into a mail header without forging another header."""
    return HEADER_UNSAFE.isdisjoint(value)


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks (or NUL) becomes a single space."""
    return _BREAKS.sub(" ", text).strip()


def queue_email(
    *,
    recipient: str,
    subject: str,
    body_text: str,
    event_id: int | None = None,
    body_html: str | None = None,
    dedupe_key: str | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> OutboxEmail:
    """Add an email to the outbox (flushed, not committed); a known ``dedupe_key`` returns the
    email already queued under it instead of a second one. The subject is put on one line
    (it is built from names and titles); the recipient must be a single line already.
    Without ``body_html``, the HTML part is the text in the shared email layout."""
    if not header_safe(recipient):
        raise ValueError("the recipient must be a single line")
    subject = one_line(subject)
    if dedupe_key is not None:
        existing = db.session.scalar(
            select(OutboxEmail).where(OutboxEmail.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return existing
    email = OutboxEmail(
        event_id=event_id,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html if body_html is not None else html_body(body_text, subject),
        dedupe_key=dedupe_key,
        attachments=[
            OutboxAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
            for a in attachments
        ],
    )
    db.session.add(email)
    db.session.flush()
    db.session.info.setdefault(QUEUED_IDS, []).append(email.id)
    return email


def queue_again(email: OutboxEmail) -> None:
    """Send a failed email again after the commit, with a fresh round of attempts."""
    email.status = OutboxStatus.PENDING
    email.attempts = 0
    email.next_attempt_at = utcnow()
    email.last_error = ""
    db.session.info.setdefault(QUEUED_IDS, []).append(email.id)


def take_queued_ids() -> list[int]:
    """The ids of the emails queued since the last call, forgotten by this call."""
    return db.session.info.pop(QUEUED_IDS, [])
