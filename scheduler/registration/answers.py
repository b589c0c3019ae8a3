"""Answers to the event's own registration questions: saving a participant's, and reading
them back beside their questions. Functions flush, never commit."""

from __future__ import annotations

from sqlalchemy import delete, select

from scheduler.extensions import db
from scheduler.models import Participant, RegistrationAnswer, RegistrationQuestion


def save_answers(participant: Participant, values: dict[int, str]) -> None:
    """Replace the participant's answers by ``values`` (question id -> stored value); an
    empty value, or a question of another event, leaves no answer."""
    questions = {q.id for q in participant.event.questions}
    db.session.execute(
        delete(RegistrationAnswer).where(RegistrationAnswer.participant_id == participant.id)
    )
    for question_id, value in sorted(values.items()):
        if question_id in questions and value.strip():
            db.session.add(
                RegistrationAnswer(
                    event_id=participant.event_id,
                    participant_id=participant.id,
                    question_id=question_id,
                    value=value.strip(),
                )
            )
    db.session.flush()


def stored_answers(participant: Participant) -> dict[int, str]:
    """The participant's stored answers, by question id."""
    rows = db.session.execute(
        select(RegistrationAnswer.question_id, RegistrationAnswer.value).where(
            RegistrationAnswer.participant_id == participant.id
        )
    )
    return dict(rows.all())


def answers_of(participant: Participant) -> list[tuple[RegistrationQuestion, str]]:
    """Each question of the participant's event with their answer as the reader's language
    says it ("" when they gave none), in the form's order."""
    stored = stored_answers(participant)
    return [
        (question, question.shown(stored[question.id]) if question.id in stored else "")
        for question in participant.event.questions
    ]


def erase_answers(participant: Participant) -> None:
    db.session.execute(
        delete(RegistrationAnswer).where(RegistrationAnswer.participant_id == participant.id)
    )
