"""The record of each publication of a schedule: what changed, for whom to be told."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.events import B2BSlot, B2BTable, Event
from scheduler.models.meetings import Meeting
from scheduler.models.types import UTCDateTime, enum_column, utcnow


class ChangeKind(enum.Enum):
    ADDED = "added"
    MOVED = "moved"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return str(CHANGE_KIND_LABELS[self])


CHANGE_KIND_LABELS = {
    ChangeKind.ADDED: _l("Added"),
    ChangeKind.MOVED: _l("Moved"),
    ChangeKind.REMOVED: _l("Removed"),
}


class PublicationLog(db.Model):
    """One publication of an event's schedule. ``emails_queued_at`` is set once its emails
    and invitations are in the outbox, so that queueing them twice does nothing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    emails_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    changes: Mapped[list[PublicationChange]] = relationship(
        back_populates="publication",
        cascade="all, delete-orphan",
        order_by="PublicationChange.meeting_id",
    )


class PublicationChange(db.Model):
    """A meeting whose published place a publication changed, and the place its
    participants' calendars are told about (for a removal, the place it leaves)."""

    __table_args__ = (CheckConstraint("sequence >= 0", name="sequence_not_negative"),)

    publication_id: Mapped[int] = mapped_column(
        ForeignKey("publication_log.id", ondelete="CASCADE"), primary_key=True
    )
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, "change_kind"))
    sequence: Mapped[int]
    slot_id: Mapped[int] = mapped_column(ForeignKey("b2b_slot.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("b2b_table.id", ondelete="SET NULL"), index=True
    )

    publication: Mapped[PublicationLog] = relationship(back_populates="changes")
    meeting: Mapped[Meeting] = relationship()
    slot: Mapped[B2BSlot] = relationship()
    table: Mapped[B2BTable | None] = relationship()
