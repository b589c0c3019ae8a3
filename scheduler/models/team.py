"""The organisers' team of an event: invitations to join it, and the log of what its members
changed."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.accounts import EventRoleKind, OrganiserAccount
from scheduler.models.events import Event
from scheduler.models.people import Participant
from scheduler.models.types import UTCDateTime, enum_column, utcnow


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class TeamInvitation(db.Model):
    """An emailed invitation to join an event's team with a role; its signed link works
    once, until it expires."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[EventRoleKind] = mapped_column(enum_column(EventRoleKind, "event_role_kind"))
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organiser_account.id", ondelete="SET NULL"), index=True
    )
    nonce: Mapped[str] = mapped_column(
        String(64), default=new_invitation_nonce, comment="carried by the link; single use"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    invited_by: Mapped[OrganiserAccount | None] = relationship()


class AuditEntry(db.Model):
    """One change an organiser made to an event: who, when, what, and to whom."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("organiser_account.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(254), comment="the account's email at the time")
    action: Mapped[str] = mapped_column(String(40))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), index=True
    )
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant | None] = relationship()


Index("ix_audit_entry_event_created", AuditEntry.event_id, AuditEntry.created_at)
