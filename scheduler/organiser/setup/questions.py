"""The event's own registration questions as the organisers set them up: adding, editing,
reordering and deleting them (with their answers). Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext
from scheduler.models import Event, QuestionKind, RegistrationAnswer, RegistrationQuestion


@dataclass(frozen=True)
class QuestionData:
    """A question as the form gives it; options are one a line, for choice questions."""

    kind: QuestionKind
    label_en: str
    label_fr: str
    required: bool
    options_en: str = ""
    options_fr: str = ""


def option_lines(text: str) -> list[str]:
    """The options of a text box, one a line, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def question_problems(
    db: Session, data: QuestionData, question: RegistrationQuestion | None = None
) -> dict[str, str]:
    """What stops ``data`` from being saved (on ``question`` when editing), by field name."""
    problems: dict[str, str] = {}
    if not data.label_en.strip() and not data.label_fr.strip():
        problems["label_en"] = gettext("Write the question in English, in French or in both.")
    if question is not None and data.kind is not question.kind and answer_count(db, question):
        problems["kind"] = gettext(
            "People have answered this question: its kind can no longer change."
        )
    if data.kind is QuestionKind.CHOICE:
        english, french = option_lines(data.options_en), option_lines(data.options_fr)
        if not english and not french:
            problems["options_en"] = gettext("Give the options to choose from, one a line.")
        for name, lines in (("options_en", english), ("options_fr", french)):
            if len(set(lines)) != len(lines):
                problems[name] = gettext("Each option must differ from the others.")
        if english and french and len(english) != len(french):
            problems["options_fr"] = gettext(
                "Give as many French options as English ones (%(num)s), in the same order, "
                "or none.",
                num=len(english),
            )
    return problems


def _fill(question: RegistrationQuestion, data: QuestionData) -> None:
    choice = data.kind is QuestionKind.CHOICE
    question.kind = data.kind
    question.label_en = data.label_en.strip()
    question.label_fr = data.label_fr.strip()
    question.required = data.required
    question.options_en = "\n".join(option_lines(data.options_en)) if choice else ""
    question.options_fr = "\n".join(option_lines(data.options_fr)) if choice else ""


def add_question(db: Session, event: Event, data: QuestionData) -> RegistrationQuestion:
    """A new question at the end of the event's form."""
    last = db.scalar(
        select(func.max(RegistrationQuestion.position)).where(
            RegistrationQuestion.event_id == event.id
        )
    )
    question = RegistrationQuestion(event=event, position=(last or 0) + 1)
    _fill(question, data)
    db.add(question)
    db.flush()
    return question


def update_question(question: RegistrationQuestion, data: QuestionData) -> None:
    """Save ``data`` on ``question`` (checked with :func:`question_problems` first). Answers
    given to an option that is gone stay as they were given."""
    _fill(question, data)


def move_question(db: Session, question: RegistrationQuestion, step: int) -> bool:
    """Swap ``question`` with its neighbour up (``step=-1``) or down (``step=1``) the form;
    ``False`` when it is already first or last."""
    questions = list(question.event.questions)
    index = questions.index(question)
    if not 0 <= index + step < len(questions):
        return False
    other = questions[index + step]
    mine, theirs = question.position, other.position
    # Positions are unique per event, in the database too: park one out of the way first.
    question.position = max(q.position for q in questions) + 1
    db.flush()
    other.position = mine
    db.flush()
    question.position = theirs
    db.flush()
    db.expire(question.event, ["questions"])
    return True


def answer_count(db: Session, question: RegistrationQuestion) -> int:
    return db.scalar(
        select(func.count(RegistrationAnswer.id)).where(
            RegistrationAnswer.question_id == question.id
        )
    )


def answer_counts(db: Session, event: Event) -> dict[int, int]:
    """How many people answered each question of ``event``, by question id."""
    rows = db.execute(
        select(RegistrationAnswer.question_id, func.count(RegistrationAnswer.id))
        .where(RegistrationAnswer.event_id == event.id)
        .group_by(RegistrationAnswer.question_id)
    )
    return dict(rows.all())


class AnswersNotConfirmed(Exception):
    """The organiser confirmed deleting another number of answers than there are now."""


def delete_question(db: Session, question: RegistrationQuestion, confirmed_answers: int) -> int:
    """Delete ``question`` and its answers, once the organiser has confirmed how many answers
    go (answers given since the confirmation page was shown refuse it). Returns how many."""
    answers = answer_count(db, question)
    if answers and answers != confirmed_answers:
        raise AnswersNotConfirmed(answers)
    event = question.event
    db.delete(question)
    db.flush()
    db.expire(event, ["questions"])
    return answers
