"""Meeting requests between participants and the meetings the schedule places."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Select,
    String,
    Text,
    UniqueConstraint,
    false,
    or_,
    select,
    text,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload, validates

from scheduler.extensions import db
from scheduler.models.events import B2BSlot, B2BTable, Event
from scheduler.models.people import Participant
from scheduler.models.types import UTCDateTime, enum_column, utcnow


class Priority(enum.IntEnum):
    """How much a requester wants a meeting; the solver weighs placements by it."""

    IF_TIME_ALLOWS = 1
    WOULD_LIKE = 2
    MUST_MEET = 3

    @property
    def label(self) -> str:
        return str(PRIORITY_LABELS[self])


PRIORITY_LABELS = {
    Priority.IF_TIME_ALLOWS: _l("If time allows"),
    Priority.WOULD_LIKE: _l("Would like"),
    Priority.MUST_MEET: _l("Must meet"),
}


class RequestStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return str(REQUEST_STATUS_LABELS[self])


REQUEST_STATUS_LABELS = {
    RequestStatus.PENDING: _l("Pending"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.DECLINED: _l("Declined"),
    RequestStatus.CANCELLED: _l("Cancelled"),
    RequestStatus.EXPIRED: _l("Expired"),
}


class MeetingStatus(enum.Enum):
    UNSCHEDULED = "unscheduled"
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(MEETING_STATUS_LABELS[self])


MEETING_STATUS_LABELS = {
    MeetingStatus.UNSCHEDULED: _l("Unscheduled"),
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    # A meeting, not a request: some languages say it otherwise.
    MeetingStatus.CANCELLED: lazy_pgettext("meeting", "Cancelled"),
}


def pair_key(first_id: int, second_id: int) -> str:
    """The same key for (a, b) and (b, a), so one pending request per pair can be enforced."""
    low, high = sorted((first_id, second_id))
    return f"{low}-{high}"


def _pair_key_default(context: DefaultExecutionContext) -> str:
    params = context.get_current_parameters()
    return pair_key(params["requester_id"], params["recipient_id"])


class MeetingRequest(db.Model):
    """One participant asking another for a one-to-one meeting."""

    __table_args__ = (
        CheckConstraint("requester_id <> recipient_id", name="not_to_self"),
        ForeignKeyConstraint(
            ["requester_id", "event_id"],
            ["participant.id", "participant.event_id"],
            ondelete="CASCADE",
            name="fk_meeting_request_requester_same_event",
        ),
        ForeignKeyConstraint(
            ["recipient_id", "event_id"],
            ["participant.id", "participant.event_id"],
            ondelete="CASCADE",
            name="fk_meeting_request_recipient_same_event",
        ),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
        Index(
            "uq_meeting_request_pending_pair",
            "event_id",
            "pair_key",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    requester_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    pair_key: Mapped[str] = mapped_column(String(40), default=_pair_key_default)
    message: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(default=Priority.WOULD_LIKE)
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus, "request_status"), default=RequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_requester: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="cancelled by the one who asked: counts against their quota",
    )

    event: Mapped[Event] = relationship()
    requester: Mapped[Participant] = relationship(
        primaryjoin="MeetingRequest.requester_id == Participant.id", foreign_keys=[requester_id]
    )
    recipient: Mapped[Participant] = relationship(
        primaryjoin="MeetingRequest.recipient_id == Participant.id", foreign_keys=[recipient_id]
    )
    meeting: Mapped[Meeting | None] = relationship(back_populates="request")

    @classmethod
    def involving(cls, participant_id: int) -> ColumnElement[bool]:
        """SQL condition: the participant sent or received the request."""
        return or_(cls.requester_id == participant_id, cls.recipient_id == participant_id)

    @classmethod
    def of_participant(cls, participant_id: int) -> Select[tuple[MeetingRequest]]:
        """The requests the participant sent or received, newest first, with both sides
        and their organisations loaded (a fixed number of queries however many)."""
        return (
            select(cls)
            .where(cls.involving(participant_id))
            .options(
                selectinload(cls.requester).selectinload(Participant.organisation),
                selectinload(cls.recipient).selectinload(Participant.organisation),
            )
            .order_by(cls.created_at.desc(), cls.id.desc())
        )

    def other_side(self, participant_id: int) -> Participant:
        """The participant at the other end of the request from ``participant_id``."""
        return self.recipient if participant_id == self.requester_id else self.requester


class Meeting(db.Model):
    """A meeting to hold: from an accepted request, or set up by an organiser for 2+ people."""

    __table_args__ = (
        UniqueConstraint("id", "slot_id"),
        UniqueConstraint("slot_id", "table_id"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint(
            "(status = 'scheduled' AND slot_id IS NOT NULL) "
            "OR (status <> 'scheduled' AND slot_id IS NULL)",
            name="scheduled_has_slot",
        ),
        CheckConstraint("table_id IS NULL OR slot_id IS NOT NULL", name="table_needs_slot"),
        CheckConstraint(
            "(slot_id IS NULL AND session_id IS NULL) "
            "OR (slot_id IS NOT NULL AND session_id IS NOT NULL)",
            name="session_with_slot",
        ),
        # The slot and the table belong to the same B2B session.
        ForeignKeyConstraint(
            ["slot_id", "session_id"],
            ["b2b_slot.id", "b2b_slot.session_id"],
            name="fk_meeting_slot_in_session",
        ),
        ForeignKeyConstraint(
            ["table_id", "session_id"],
            ["b2b_table.id", "b2b_table.session_id"],
            name="fk_meeting_table_in_session",
        ),
        CheckConstraint("NOT pinned OR slot_id IS NOT NULL", name="pinned_needs_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_request.id", ondelete="SET NULL"), unique=True
    )
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("b2b_slot.id", ondelete="RESTRICT"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("b2b_session.id", ondelete="RESTRICT"),
        index=True,
        comment="the slot's session, so that slot and table can be checked together",
    )
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("b2b_table.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.UNSCHEDULED
    )
    priority: Mapped[int] = mapped_column(default=Priority.WOULD_LIKE)
    pinned: Mapped[bool] = mapped_column(default=False, comment="kept in place by re-solving")
    calendar_uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(default=0, comment="iCalendar SEQUENCE last sent")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    request: Mapped[MeetingRequest | None] = relationship(back_populates="meeting")
    slot: Mapped[B2BSlot | None] = relationship(foreign_keys=[slot_id])
    table: Mapped[B2BTable | None] = relationship(foreign_keys=[table_id])
    published: Mapped[PublishedPlacement | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    attendances: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        primaryjoin="Meeting.id == MeetingParticipant.meeting_id",
        foreign_keys="MeetingParticipant.meeting_id",
        # A stable order on every database: PostgreSQL returns rows in no particular order.
        order_by="MeetingParticipant.participant_id",
    )

    @validates("attendances")
    def _attend_in_my_slot(self, key: str, attendance: MeetingParticipant) -> MeetingParticipant:
        """A participant added to a placed meeting is placed with it."""
        attendance.slot = self.slot
        return attendance

    @property
    def participants(self) -> list[Participant]:
        return [attendance.participant for attendance in self.attendances]

    @hybrid_property
    def is_live(self) -> bool:
        """Still to be held (scheduled or not), that is not cancelled. Usable in queries too."""
        return self.status is not MeetingStatus.CANCELLED

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls) -> ColumnElement[bool]:
        return cls.status != MeetingStatus.CANCELLED

    @classmethod
    def attended_by(cls, participant_id: int) -> ColumnElement[bool]:
        """SQL condition: the participant is one of the meeting's participants."""
        return cls.id.in_(
            select(MeetingParticipant.meeting_id).where(
                MeetingParticipant.participant_id == participant_id
            )
        )

    @classmethod
    def live_of(cls, participant_id: int) -> Select[tuple[Meeting]]:
        """The participant's live meetings, oldest first."""
        return select(cls).where(cls.attended_by(participant_id), cls.is_live).order_by(cls.id)

    def place(self, slot: B2BSlot | None, table: B2BTable | None = None) -> None:
        """Put the meeting in a slot and table (or take it out with ``None``)."""
        if table is not None and slot is None:
            raise ValueError("a table needs a slot")
        self.slot = slot
        self.table = table
        self.session_id = slot.session_id if slot is not None else None
        self.status = MeetingStatus.SCHEDULED if slot else MeetingStatus.UNSCHEDULED
        if slot is None:
            self.pinned = False
        for attendance in self.attendances:
            attendance.slot = slot

    def cancel(self) -> None:
        """Call the meeting off: out of its slot and table, never scheduled again."""
        self.place(None)
        self.status = MeetingStatus.CANCELLED


class MeetingParticipant(db.Model):
    """A participant of a meeting, carrying the meeting's slot so that the database refuses
    to give anyone two meetings in one slot (unique participant and slot). Triggers (see the
    migration "meeting slot triggers") keep the copy equal to the meeting's slot."""

    __table_args__ = (
        UniqueConstraint("participant_id", "slot_id"),
        ForeignKeyConstraint(
            ["meeting_id", "slot_id"],
            ["meeting.id", "meeting.slot_id"],
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
    )

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("b2b_slot.id", ondelete="RESTRICT"))

    meeting: Mapped[Meeting] = relationship(
        back_populates="attendances",
        primaryjoin="Meeting.id == MeetingParticipant.meeting_id",
        foreign_keys=[meeting_id],
    )
    participant: Mapped[Participant] = relationship()
    slot: Mapped[B2BSlot | None] = relationship(foreign_keys=[slot_id])


class PublishedPlacement(db.Model):
    """Where the published schedule holds a meeting: what participants see and what their
    calendars were told, while the organisers' draft (``Meeting.slot``) may already differ."""

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(ForeignKey("b2b_slot.id", ondelete="RESTRICT"), index=True)
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("b2b_table.id", ondelete="RESTRICT"), index=True
    )
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="published")
    slot: Mapped[B2BSlot] = relationship()
    table: Mapped[B2BTable | None] = relationship()
