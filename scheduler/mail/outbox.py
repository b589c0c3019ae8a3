"""Queueing emails in the current transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import OutboxAttachment, OutboxEmail

HEADER_UNSAFE = ("\r", "\n", "\x00")
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
    return not any(character in value for character in HEADER_UNSAFE)


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
    email already queued under it instead of a second one."""
    if not (header_safe(recipient) and header_safe(subject)):
        raise ValueError("recipient and subject must be single lines")
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
        body_html=body_html,
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


def take_queued_ids() -> list[int]:
    """The ids of the emails queued since the last call, forgotten by this call."""
    return db.session.info.pop(QUEUED_IDS, [])
