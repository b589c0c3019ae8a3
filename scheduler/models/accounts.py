"""Organiser accounts (password and optional TOTP) and their role in each event."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.events import Event
from scheduler.models.types import UTCDateTime, enum_column, utcnow


class EventRoleKind(enum.Enum):
    OWNER = "owner"
    CO_ORGANISER = "co_organiser"
    VIEWER = "viewer"  # reads everything, changes nothing

    @property
    def label(self) -> str:
        return str(EVENT_ROLE_LABELS[self])


EVENT_ROLE_LABELS = {
    EventRoleKind.OWNER: _l("Owner"),
    EventRoleKind.CO_ORGANISER: _l("Co-organiser"),
    EventRoleKind.VIEWER: _l("Viewer"),
}


class OrganiserAccount(UserMixin, db.Model):
    """A person who runs events; attendees never have one."""

    __table_args__ = (CheckConstraint("session_epoch >= 0", name="session_epoch_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255), comment="argon2id")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    session_epoch: Mapped[int] = mapped_column(
        default=0, comment="bumped at logout to end every session of the account"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[EventRole]] = relationship(
        back_populates="account", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """The session id carries the epoch, so bumping it signs every session out."""
        return f"{self.id}:{self.session_epoch}"

    def role_in(self, event: Event) -> EventRoleKind | None:
        for role in self.roles:
            if role.event_id == event.id:
                return role.role
        return None

    def __repr__(self) -> str:
        return f"<OrganiserAccount {self.id}>"


Index("uq_organiser_account_email", func.lower(OrganiserAccount.email), unique=True)


class EventRole(db.Model):
    """What an organiser may do in one event."""

    account_id: Mapped[int] = mapped_column(
        ForeignKey("organiser_account.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[EventRoleKind] = mapped_column(enum_column(EventRoleKind, "event_role_kind"))

    account: Mapped[OrganiserAccount] = relationship(back_populates="roles")
    event: Mapped[Event] = relationship()
