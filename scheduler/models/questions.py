"""What an event asks at registration: its own questions and their answers, and the
participant types it offers."""

from __future__ import annotations

import enum

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.events import Event
from scheduler.models.people import ParticipantType
from scheduler.models.texts import Bilingual, in_language
from scheduler.models.types import enum_column

# Offered when the organisers have not chosen: everyone but speakers and staff, whom the
# organisers register themselves.
DEFAULT_OFFERED_TYPES = (
    ParticipantType.DELEGATE,
    ParticipantType.CLUSTER_MANAGER,
    ParticipantType.EXHIBITOR,
    ParticipantType.PRESS,
)


class QuestionKind(enum.Enum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"

    @property
    def label(self) -> str:
        return str(QUESTION_KIND_LABELS[self])


QUESTION_KIND_LABELS = {
    QuestionKind.TEXT: _l("Text"),
    QuestionKind.CHOICE: _l("Choice in a list"),
    QuestionKind.YES_NO: _l("Yes or no"),
}

YES, NO = "yes", "no"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RegistrationQuestion(db.Model):
    """A question of the event's own on the registration form, in English and French."""

    __tablename__ = "registration_question"

    __table_args__ = (
        UniqueConstraint("event_id", "position"),
        UniqueConstraint("id", "event_id"),  # target of the answer's (question, event) key
        CheckConstraint("position > 0", name="position_positive"),
        CheckConstraint("label_en <> '' OR label_fr <> ''", name="label_given"),
        CheckConstraint(
            "kind <> 'choice' OR options_en <> '' OR options_fr <> ''", name="choice_has_options"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="order on the form, from 1")
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    label_en: Mapped[str] = mapped_column(String(300), default="")
    label_fr: Mapped[str] = mapped_column(String(300), default="")
    label = Bilingual()
    options_en: Mapped[str] = mapped_column(
        Text, default="", comment="a choice question's options, one a line"
    )
    options_fr: Mapped[str] = mapped_column(
        Text, default="", comment="the same options in French, line for line"
    )
    required: Mapped[bool] = mapped_column(default=False, server_default=false())

    event: Mapped[Event] = relationship(back_populates="questions")

    def choices(self) -> list[tuple[str, str]]:
        """(stored value, label in the language in force) of each possible answer. A choice
        is stored as its English option (its French one when it has none), so that answers
        keep their meaning in both languages."""
        if self.kind is QuestionKind.YES_NO:
            return [(YES, gettext("Yes")), (NO, gettext("No"))]
        if self.kind is not QuestionKind.CHOICE:
            return []
        english, french = _lines(self.options_en), _lines(self.options_fr)
        count = max(len(english), len(french))
        english += [""] * (count - len(english))
        french += [""] * (count - len(french))
        return [(en or fr, in_language(en, fr)) for en, fr in zip(english, french, strict=True)]

    def shown(self, value: str) -> str:
        """A stored answer as the reader's language says it (as stored when its option has
        gone since)."""
        return dict(self.choices()).get(value, value)

    def __repr__(self) -> str:
        return f"<RegistrationQuestion {self.event_id}#{self.position}>"


class RegistrationAnswer(db.Model):
    """A participant's answer to one question of their event (no row: not answered)."""

    __tablename__ = "registration_answer"

    __table_args__ = (
        UniqueConstraint("participant_id", "question_id"),
        # Both keys carry the event: an answer can only join a question of the person's event.
        ForeignKeyConstraint(
            ["participant_id", "event_id"],
            ["participant.id", "participant.event_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["question_id", "event_id"],
            ["registration_question.id", "registration_question.event_id"],
            ondelete="CASCADE",
        ),
        CheckConstraint("value <> ''", name="value_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int]
    participant_id: Mapped[int] = mapped_column(index=True)
    question_id: Mapped[int] = mapped_column(index=True)
    value: Mapped[str] = mapped_column(Text)

    question: Mapped[RegistrationQuestion] = relationship()


class OfferedType(db.Model):
    """A participant type that the event's registration form offers; an event without any
    offers :data:`DEFAULT_OFFERED_TYPES`."""

    __tablename__ = "offered_participant_type"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    participant_type: Mapped[ParticipantType] = mapped_column(
        enum_column(ParticipantType, "participant_type"), primary_key=True
    )


def offered_types(event: Event) -> list[ParticipantType]:
    """The participant types ``event`` offers at registration, in the enum's order."""
    chosen = {row.participant_type for row in event.offered_type_rows}
    return [t for t in ParticipantType if t in chosen] or list(DEFAULT_OFFERED_TYPES)
