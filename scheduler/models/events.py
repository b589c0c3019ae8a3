"""Events, their programme (agenda items) and their B2B sessions, slots and tables."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from scheduler.extensions import db
from scheduler.models.organisations import Organisation
from scheduler.models.texts import Bilingual
from scheduler.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from scheduler.models.questions import OfferedType, RegistrationQuestion


class EventStatus(enum.Enum):
    DRAFT = "draft"
    REGISTRATION_OPEN = "registration_open"
    CLOSED = "closed"
    SCHEDULE_PUBLISHED = "schedule_published"

    @property
    def label(self) -> str:
        return str(EVENT_STATUS_LABELS[self])


EVENT_STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.REGISTRATION_OPEN: _l("Registration open"),
    EventStatus.CLOSED: _l("Closed"),
    EventStatus.SCHEDULE_PUBLISHED: _l("Schedule published"),
}


PUBLIC_EVENT_STATUSES = (
    EventStatus.REGISTRATION_OPEN,
    EventStatus.CLOSED,
    EventStatus.SCHEDULE_PUBLISHED,
)


class AgendaItemKind(enum.Enum):
    PLENARY = "plenary"
    WORKSHOP = "workshop"
    SITE_VISIT = "site_visit"
    SOCIAL = "social"
    BREAK = "break"  # a coffee break
    LUNCH = "lunch"

    @property
    def label(self) -> str:
        return str(AGENDA_ITEM_KIND_LABELS[self])


AGENDA_ITEM_KIND_LABELS = {
    AgendaItemKind.PLENARY: _l("Plenary"),
    AgendaItemKind.WORKSHOP: _l("Workshop"),
    AgendaItemKind.SITE_VISIT: _l("Site visit"),
    AgendaItemKind.SOCIAL: _l("Social"),
    AgendaItemKind.BREAK: _l("Break"),
    AgendaItemKind.LUNCH: _l("Lunch"),
}

# Breaks and lunch are for everyone, like a plenary: nobody signs up for them.
OPEN_TO_ALL_KINDS = (AgendaItemKind.BREAK, AgendaItemKind.LUNCH)


class Event(db.Model):
    """One edition of a network's meeting, with its venue, dates and registration window."""

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_ordered",
        ),
        CheckConstraint(
            "meeting_request_quota IS NULL OR meeting_request_quota > 0", name="quota_positive"
        ),
        CheckConstraint(
            "max_meetings_per_participant IS NULL OR max_meetings_per_participant > 0",
            name="max_meetings_positive",
        ),
        CheckConstraint("retention_days > 0", name="retention_positive"),
        CheckConstraint("revision >= 0", name="revision_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str] = mapped_column("description", Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description = Bilingual()
    host_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    timezone: Mapped[str] = mapped_column(String(64), comment="IANA time zone of the venue")
    start_date: Mapped[date]
    end_date: Mapped[date]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[EventStatus] = mapped_column(
        enum_column(EventStatus, "event_status"), default=EventStatus.DRAFT
    )
    sender_email: Mapped[str] = mapped_column(String(254), default="")
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    meeting_request_quota: Mapped[int | None]
    requests_expire_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    auto_accept_requests: Mapped[bool] = mapped_column(default=False)
    max_meetings_per_participant: Mapped[int | None]
    retention_days: Mapped[int] = mapped_column(default=365)
    default_language: Mapped[str] = mapped_column(
        String(8),
        default="en",
        server_default="en",
        comment="language of the pages when neither the person nor the browser chose one",
    )
    approval_required: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="new registrations wait for an organiser to approve them",
    )
    directory_listed_by_default: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="the registration form proposes a listing for the other participants",
    )
    send_reminders: Mapped[bool] = mapped_column(
        default=False,
        server_default=false(),
        comment="email each participant the next day's agenda the evening before",
    )
    revision: Mapped[int] = mapped_column(
        default=0, comment="bumped by every change the schedule depends on"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    host_organisation: Mapped[Organisation | None] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="event",
        order_by="AgendaItem.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    b2b_sessions: Mapped[list[B2BSession]] = relationship(
        back_populates="event",
        order_by="B2BSession.starts_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    questions: Mapped[list[RegistrationQuestion]] = relationship(
        back_populates="event",
        order_by="RegistrationQuestion.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    offered_type_rows: Mapped[list[OfferedType]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("timezone")
    def _validate_timezone(self, key: str, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as Europe/Paris"
            ) from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, instant: datetime) -> datetime:
        """Return ``instant`` as wall-clock time at the venue."""
        return instant.astimezone(self.zone)

    def is_registration_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        if self.status is not EventStatus.REGISTRATION_OPEN:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class AgendaItem(db.Model):
    """A plenary, workshop, site visit, social moment, break or lunch of the programme."""

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="times_ordered"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0", name="seats_taken_not_negative"),
        CheckConstraint(
            "capacity IS NULL OR seats_taken <= capacity", name="seats_within_capacity"
        ),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        CheckConstraint(
            "NOT (kind IN ('break', 'lunch') AND requires_signup)", name="breaks_without_signup"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, "agenda_item_kind"))
    title_en: Mapped[str] = mapped_column("title", String(200), default="")
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title = Bilingual()
    description_en: Mapped[str] = mapped_column("description", Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description = Bilingual()
    room: Mapped[str] = mapped_column(String(120), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column(comment="seats; NULL means unlimited")
    seats_taken: Mapped[int] = mapped_column(default=0)
    requires_signup: Mapped[bool] = mapped_column(default=False)
    calendar_uid: Mapped[str] = mapped_column(String(255), unique=True)
    sequence: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="agenda_items")

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else self.capacity - self.seats_taken

    def __repr__(self) -> str:
        return f"<AgendaItem {self.title!r}>"


class B2BSession(db.Model):
    """A window of an event day for one-to-one meetings, cut into equal slots."""

    __tablename__ = "b2b_session"

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="times_ordered"),
        CheckConstraint("slot_minutes > 0", name="slot_minutes_positive"),
        CheckConstraint("pause_minutes >= 0", name="pause_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column("name", String(120), default="")
    name_fr: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name = Bilingual()
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_minutes: Mapped[int]
    pause_minutes: Mapped[int] = mapped_column(default=0)
    room: Mapped[str] = mapped_column(String(120), default="")

    event: Mapped[Event] = relationship(back_populates="b2b_sessions")
    slots: Mapped[list[B2BSlot]] = relationship(
        back_populates="session",
        order_by="B2BSlot.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    tables: Mapped[list[B2BTable]] = relationship(
        back_populates="session",
        order_by="B2BTable.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def slot_times(self) -> list[tuple[datetime, datetime]]:
        """The (start, end) of every slot that fits in the window, pauses in between."""
        length = timedelta(minutes=self.slot_minutes)
        step = length + timedelta(minutes=self.pause_minutes)
        times = []
        # Step in UTC: wall-clock arithmetic would shift slots across a daylight-saving change.
        start = self.starts_at.astimezone(UTC)
        while start + length <= self.ends_at:
            times.append((start, start + length))
            start += step
        return times

    def generate_slots(self) -> None:
        """Create the slots from the window; only for a session that has none yet."""
        if self.slots:
            raise ValueError(f"session {self.name!r} already has slots")
        self.slots = [
            B2BSlot(position=index, starts_at=start, ends_at=end)
            for index, (start, end) in enumerate(self.slot_times(), start=1)
        ]

    def __repr__(self) -> str:
        return f"<B2BSession {self.name!r}>"


class B2BSlot(db.Model):
    """One time slot of a B2B session."""

    __tablename__ = "b2b_slot"

    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        UniqueConstraint("id", "session_id"),  # target of the meeting's (slot, session) key
        CheckConstraint("ends_at > starts_at", name="times_ordered"),
        CheckConstraint("position > 0", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("b2b_session.id", ondelete="CASCADE"))
    position: Mapped[int]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    session: Mapped[B2BSession] = relationship(back_populates="slots")

    def __repr__(self) -> str:
        return f"<B2BSlot {self.session_id}#{self.position}>"


class B2BTable(db.Model):
    """A meeting table of a session, numbered and optionally named or reserved for a host."""

    __tablename__ = "b2b_table"

    __table_args__ = (
        UniqueConstraint("session_id", "number"),
        UniqueConstraint("id", "session_id"),  # target of the meeting's (table, session) key
        UniqueConstraint("session_id", "reserved_for_id"),  # one booth per host and session
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("b2b_session.id", ondelete="CASCADE"))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(120), default="")
    reserved_for_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"),
        index=True,
        comment="a participant who hosts at this table (a booth) and stays there",
    )

    session: Mapped[B2BSession] = relationship(back_populates="tables")

    @property
    def display_name(self) -> str:
        return self.label or gettext("Table %(number)s", number=self.number)

    def __repr__(self) -> str:
        return f"<B2BTable {self.session_id}#{self.number}>"
