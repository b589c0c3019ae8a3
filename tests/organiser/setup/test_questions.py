"""The registration questions' operations without HTTP: adding, checking, editing,
reordering and deleting them with their answers."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.models import Event, QuestionKind, RegistrationAnswer, RegistrationQuestion
from scheduler.organiser.setup.questions import (
    AnswersNotConfirmed,
    QuestionData,
    add_question,
    answer_count,
    answer_counts,
    delete_question,
    move_question,
    question_problems,
    update_question,
)
from scheduler.registration.answers import save_answers
from tests.factories import make_event, make_participant


def _data(**fields: object) -> QuestionData:
    values: dict[str, object] = {
        "kind": QuestionKind.CHOICE,
        "label_en": "Diet",
        "label_fr": "Régime alimentaire",
        "required": True,
        "options_en": "None\nVegetarian\n",
        "options_fr": "Aucun\nVégétarien",
    }
    values.update(fields)
    return QuestionData(**values)


def _three(event: Event) -> list[RegistrationQuestion]:
    return [
        add_question(db.session, event, _data(kind=QuestionKind.TEXT, label_en=label))
        for label in ("First", "Second", "Third")
    ]


def test_question_add_puts_it_last_with_its_options_one_a_line(app: Flask) -> None:
    event = make_event()
    first = add_question(db.session, event, _data(kind=QuestionKind.YES_NO, label_en="Dinner?"))

    second = add_question(db.session, event, _data(options_en=" None \n\nVegetarian"))

    assert (first.position, first.options_en, second.position, second.options_en) == (
        1,
        "",
        2,
        "None\nVegetarian",
    )
    assert second.choices() == [("None", "None"), ("Vegetarian", "Vegetarian")]


def test_question_problems_name_each_bad_field(app: Flask) -> None:
    assert question_problems(
        db.session, _data(label_en=" ", label_fr="", options_en="Meat\nMeat", options_fr="")
    ) == {
        "label_en": "Write the question in English, in French or in both.",
        "options_en": "Each option must differ from the others.",
    }
    assert question_problems(db.session, _data(options_fr="Aucun")) == {
        "options_fr": "Give as many French options as English ones (2), in the same order, or none."
    }
    assert question_problems(db.session, _data(options_en="", options_fr="")) == {
        "options_en": "Give the options to choose from, one a line."
    }
    assert question_problems(db.session, _data(kind=QuestionKind.TEXT, options_en="")) == {}


def test_question_kind_cannot_change_once_answered(app: Flask) -> None:
    event = make_event()
    question = add_question(db.session, event, _data(kind=QuestionKind.TEXT))
    save_answers(make_participant(event), {question.id: "Gluten-free"})

    assert question_problems(db.session, _data(), question) == {
        "kind": "People have answered this question: its kind can no longer change."
    }
    assert question_problems(db.session, _data(kind=QuestionKind.TEXT), question) == {}


def test_question_update_clears_options_of_a_question_that_is_no_choice(app: Flask) -> None:
    event = make_event()
    question = add_question(db.session, event, _data())

    update_question(question, _data(kind=QuestionKind.TEXT, label_fr="", required=False))

    assert (
        question.kind,
        question.label_en,
        question.label_fr,
        question.required,
        question.options_en,
        question.options_fr,
    ) == (QuestionKind.TEXT, "Diet", "", False, "", "")


def test_question_move_swaps_with_its_neighbour_and_stops_at_the_ends(app: Flask) -> None:
    event = make_event()
    first, second, third = _three(event)

    moved = [
        move_question(db.session, third, -1),
        move_question(db.session, first, -1),
        move_question(db.session, first, 1),
        move_question(db.session, second, 1),
    ]
    db.session.commit()
    db.session.expire_all()

    assert moved == [True, False, True, False]
    assert [q.label_en for q in event.questions] == ["Third", "First", "Second"]
    assert [q.position for q in event.questions] == [1, 2, 3]


def test_question_delete_needs_the_number_of_answers_confirmed(app: Flask) -> None:
    event = make_event()
    question, other = _three(event)[:2]
    for person in (make_participant(event), make_participant(event)):
        save_answers(person, {question.id: "Yes", other.id: "No"})

    with pytest.raises(AnswersNotConfirmed):
        delete_question(db.session, question, confirmed_answers=1)
    deleted = delete_question(db.session, question, confirmed_answers=2)
    db.session.commit()

    assert deleted == 2
    assert answer_counts(db.session, event) == {other.id: 2}
    assert db.session.scalar(select(func.count(RegistrationAnswer.id))) == 2
    assert [q.label_en for q in event.questions] == ["Second", "Third"]


def test_question_without_answers_deleted_without_confirmation(app: Flask) -> None:
    event = make_event()
    first, _, third = _three(event)

    deleted = delete_question(db.session, third, confirmed_answers=0)

    assert (deleted, answer_count(db.session, first)) == (0, 0)
    assert [q.label_en for q in event.questions] == ["First", "Second"]


def test_question_answers_only_join_questions_of_the_persons_event(app: Flask) -> None:
    event, other_event = make_event(), make_event()
    question = add_question(db.session, other_event, _data(kind=QuestionKind.TEXT))
    person = make_participant(event)

    save_answers(person, {question.id: "Sneaked in"})
    assert db.session.scalar(select(func.count(RegistrationAnswer.id))) == 0

    db.session.add(
        RegistrationAnswer(
            event_id=event.id, participant_id=person.id, question_id=question.id, value="x"
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
