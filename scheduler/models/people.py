"""Participants of an event, their profile, consents, availability and programme sign-ups."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    Computed,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.events import AgendaItem, B2BSlot, Event
from scheduler.models.organisations import Organisation
from scheduler.models.types import UTCDateTime, enum_column, utcnow


class ParticipantType(enum.Enum):
    DELEGATE = "delegate"
    CLUSTER_MANAGER = "cluster_manager"
    SPEAKER = "speaker"
    EXHIBITOR = "exhibitor"
    ORGANISER_STAFF = "organiser_staff"
    PRESS = "press"

    @property
    def label(self) -> str:
        return str(PARTICIPANT_TYPE_LABELS[self])


PARTICIPANT_TYPE_LABELS = {
    ParticipantType.DELEGATE: _l("Delegate"),
    ParticipantType.CLUSTER_MANAGER: _l("Cluster manager"),
    ParticipantType.SPEAKER: _l("Speaker"),
    ParticipantType.EXHIBITOR: _l("Exhibitor"),
    ParticipantType.ORGANISER_STAFF: _l("Organiser staff"),
    ParticipantType.PRESS: _l("Press"),
}


class ParticipantStatus(enum.Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(PARTICIPANT_STATUS_LABELS[self])


PARTICIPANT_STATUS_LABELS = {
    ParticipantStatus.PENDING: _l("Pending"),
    ParticipantStatus.CONFIRMED: _l("Confirmed"),
    ParticipantStatus.WITHDRAWN: _l("Withdrawn"),
}


class DirectoryVisibility(enum.Enum):
    NOBODY = "nobody"
    PARTICIPANTS = "participants"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return str(DIRECTORY_VISIBILITY_LABELS[self])


DIRECTORY_VISIBILITY_LABELS = {
    DirectoryVisibility.NOBODY: _l("Nobody"),
    DirectoryVisibility.PARTICIPANTS: _l("Participants"),
    DirectoryVisibility.PUBLIC: _l("Public"),
}


class CooperationInterest(enum.Enum):
    TECHNOLOGY = "technology"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    EU_CONSORTIUM = "eu_consortium"

    @property
    def label(self) -> str:
        return str(COOPERATION_LABELS[self])


COOPERATION_LABELS = {
    CooperationInterest.TECHNOLOGY: _l("Technology cooperation"),
    CooperationInterest.COMMERCIAL: _l("Commercial agreement"),
    CooperationInterest.RESEARCH: _l("Research cooperation"),
    CooperationInterest.EU_CONSORTIUM: _l("EU project consortium"),
}


class ConsentKind(enum.Enum):
    PRIVACY_POLICY = "privacy_policy"
    DIRECTORY_LISTING = "directory_listing"


class SignupStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


# The fields of the directory's search, lower-cased: the full name ("ana silva" finds Ana
# Silva), then one field per line (a search term has no line break, so it never matches
# across two fields). The migration that added the column has the same expression.
SEARCH_TEXT = (
    "lower(first_name || ' ' || last_name || '\n' || "
    + " || '\n' || ".join(("job_title", "offer_text", "seek_text"))
    + ")"
)


class Participant(db.Model):
    """A person registered for one event; attendees sign in by emailed link, not password."""

    __table_args__ = (
        CheckConstraint("max_meetings IS NULL OR max_meetings >= 0", name="max_meetings_valid"),
        CheckConstraint("session_epoch >= 0", name="session_epoch_not_negative"),
        # Target of (participant, event) foreign keys: rows that link two participants can
        # then only link participants of their own event.
        UniqueConstraint("id", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40), default="")
    job_title: Mapped[str] = mapped_column(String(150), default="")
    participant_type: Mapped[ParticipantType] = mapped_column(
        enum_column(ParticipantType, "participant_type"), default=ParticipantType.DELEGATE
    )
    offer_text: Mapped[str] = mapped_column(Text, default="", comment="what we offer")
    seek_text: Mapped[str] = mapped_column(Text, default="", comment="what we seek")
    # What the directory's free-text search reads: lower-casing five columns per row at
    # each search was most of the directory query's time at 2,000 participants. The
    # database keeps it (a generated column), so it never lags behind the fields.
    search_text: Mapped[str | None] = mapped_column(
        Text,
        Computed(SEARCH_TEXT, persisted=True),
        deferred=True,
        comment="lower-cased names, job title, offer and seek, for the directory's search",
    )
    directory_visibility: Mapped[DirectoryVisibility] = mapped_column(
        enum_column(DirectoryVisibility, "directory_visibility"),
        default=DirectoryVisibility.NOBODY,
    )
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_column(ParticipantStatus, "participant_status"), default=ParticipantStatus.PENDING
    )
    max_meetings: Mapped[int | None] = mapped_column(comment="own cap on B2B meetings")
    language: Mapped[str] = mapped_column(
        String(8),
        default="en",
        server_default="en",
        comment="language of the emails and invitations sent to them",
    )
    access_nonce: Mapped[str] = mapped_column(
        String(64), default=new_nonce, comment="rotated to invalidate emailed links"
    )
    session_epoch: Mapped[int] = mapped_column(
        default=0, comment="bumped to end every browser session of the participant"
    )
    calendar_token: Mapped[str | None] = mapped_column(
        String(64), comment="secret of the personal calendar feed; replaced to revoke"
    )
    calendar_etag: Mapped[str] = mapped_column(
        String(64),
        default="",
        server_default="",
        comment="digest of the feed's content when last served",
    )
    calendar_changed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="when the feed's content last changed"
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    interests: Mapped[list[ParticipantInterest]] = relationship(
        cascade="all, delete-orphan", order_by="ParticipantInterest.interest"
    )
    languages: Mapped[list[ParticipantLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ParticipantLanguage.code"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )
    unavailable_slots: Mapped[list[B2BSlot]] = relationship(
        secondary="unavailability", order_by=B2BSlot.starts_at
    )
    signups: Mapped[list[SessionSignup]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )

    @hybrid_property
    def is_active(self) -> bool:
        """Taking part: neither withdrawn nor erased. Usable in queries too."""
        return self.status is not ParticipantStatus.WITHDRAWN and self.anonymised_at is None

    @is_active.inplace.expression
    @classmethod
    def _is_active_expression(cls) -> ColumnElement[bool]:
        return and_(cls.status != ParticipantStatus.WITHDRAWN, cls.anonymised_at.is_(None))

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def interest_values(self) -> list[CooperationInterest]:
        return [row.interest for row in self.interests]

    @property
    def language_codes(self) -> list[str]:
        return [row.code for row in self.languages]

    def __repr__(self) -> str:
        return f"<Participant {self.id} of event {self.event_id}>"


Index("uq_participant_calendar_token", Participant.calendar_token, unique=True)
Index(
    "uq_participant_event_email",
    Participant.event_id,
    func.lower(Participant.email),
    unique=True,
)


class ParticipantInterest(db.Model):
    """One kind of cooperation a participant is looking for."""

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    interest: Mapped[CooperationInterest] = mapped_column(
        enum_column(CooperationInterest, "cooperation_interest"), primary_key=True
    )


class ParticipantLanguage(db.Model):
    """A language a participant can hold a meeting in (ISO 639-1 code)."""

    __table_args__ = (CheckConstraint("length(code) = 2", name="code_length"),)

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(2), primary_key=True)


class Consent(db.Model):
    """A consent given by a participant: which text version, when, and when withdrawn."""

    __table_args__ = (
        CheckConstraint(
            "withdrawn_at IS NULL OR withdrawn_at >= given_at", name="withdrawn_after_given"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    text_version: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship(back_populates="consents")


class Unavailability(db.Model):
    """A B2B slot in which a participant cannot meet; every other slot counts as available."""

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("b2b_slot.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SessionSignup(db.Model):
    """A participant's place (or waiting-list place) in a workshop, visit or dinner."""

    __table_args__ = (UniqueConstraint("participant_id", "agenda_item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[SignupStatus] = mapped_column(
        enum_column(SignupStatus, "signup_status"), default=SignupStatus.CONFIRMED
    )
    calendar_sequence: Mapped[int] = mapped_column(
        default=0,
        server_default="0",
        comment="raised with each seat invitation or cancellation sent to the participant",
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship(back_populates="signups")
    agenda_item: Mapped[AgendaItem] = relationship()
