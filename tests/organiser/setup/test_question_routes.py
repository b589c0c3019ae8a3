"""The registration questions page through HTTP: the list in both languages, adding,
editing, moving and deleting a question, errors beside their fields, the viewer's refusal."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    Event,
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    QuestionKind,
    RegistrationQuestion,
)
from scheduler.passwords import hash_password
from scheduler.registration.answers import save_answers
from tests.factories import make_event, make_participant
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token, post_form

QUESTIONS = "/organiser/events/pic/questions"
FRENCH = {"Accept-Language": "fr"}


def _signed_in(app: Flask) -> tuple[FlaskClient, Event]:
    event = make_event(slug="pic", name="PIC 2027")
    client = app.test_client()
    sign_in(client, event)
    return client, event


def _question(event: Event, position: int = 1, **fields: object) -> RegistrationQuestion:
    values: dict[str, object] = {
        "kind": QuestionKind.CHOICE,
        "label_en": "Diet",
        "label_fr": "Régime",
        "options_en": "None\nVegetarian",
        "options_fr": "Aucun\nVégétarien",
    }
    values.update(fields)
    question = RegistrationQuestion(event=event, position=position, **values)
    db.session.add(question)
    db.session.commit()
    return question


def test_questions_page_lists_them_in_order_with_their_answers(app: Flask) -> None:
    client, event = _signed_in(app)
    diet = _question(event)
    _question(event, 2, kind=QuestionKind.YES_NO, label_en="Dinner?", label_fr="", options_en="")
    save_answers(make_participant(event), {diet.id: "None"})
    db.session.commit()

    text = text_of(client.get(QUESTIONS).get_data(as_text=True))
    french = text_of(client.get(QUESTIONS, headers=FRENCH).get_data(as_text=True))

    assert (
        "Diet / Régime Choice in a list · optional · 1 answer None · Vegetarian Move down" in text
    )
    assert "Dinner? / — Yes or no · optional · 0 answers Move up" in text
    assert "Diet / Régime Choix dans une liste · facultative · 1 réponse Aucun · Végétarien" in (
        french
    )


def test_questions_add_one_through_the_form(app: Flask) -> None:
    client, event = _signed_in(app)

    response = post_form(
        client,
        QUESTIONS,
        {
            "kind": "choice",
            "label_en": "Diet",
            "label_fr": "Régime",
            "options_en": "None\r\nVegetarian",
            "options_fr": "Aucun\r\nVégétarien",
            "required": "y",
        },
    )

    assert response.status_code == 302
    db.session.expire_all()
    (question,) = event.questions
    assert (question.label_en, question.options_fr, question.required) == (
        "Diet",
        "Aucun\nVégétarien",
        True,
    )


def test_questions_errors_beside_the_fields_and_input_kept(app: Flask) -> None:
    client, event = _signed_in(app)

    page = post_form(
        client,
        QUESTIONS,
        {
            "kind": "choice",
            "label_en": "",
            "label_fr": "",
            "options_en": "Meat",
            "options_fr": "Viande\nPoisson",
        },
    ).get_data(as_text=True)

    assert "Write the question in English, in French or in both." in page
    assert "Give as many French options as English ones (1), in the same order, or none." in page
    assert "Viande\nPoisson</textarea>" in page
    assert event.questions == []


def test_questions_edit_saves_and_refuses_a_new_kind_once_answered(app: Flask) -> None:
    client, event = _signed_in(app)
    question = _question(event)
    url = f"{QUESTIONS}/{question.id}"
    fields = {"kind": "choice", "label_en": "Diet", "label_fr": "Régime alimentaire"}
    fields |= {"options_en": "None\nVegan", "options_fr": "Aucun\nVégan"}

    assert post_form(client, url, fields).status_code == 302
    save_answers(make_participant(event), {question.id: "Vegan"})
    db.session.commit()
    page = post_form(client, url, {**fields, "kind": "text"}).get_data(as_text=True)

    assert "People have answered this question: its kind can no longer change." in page
    db.session.expire_all()
    assert (question.kind, question.label_fr, question.options_en) == (
        QuestionKind.CHOICE,
        "Régime alimentaire",
        "None\nVegan",
    )


def test_questions_move_one_down(app: Flask) -> None:
    client, event = _signed_in(app)
    first = _question(event, 1, label_en="First")
    _question(event, 2, label_en="Second")

    token = csrf_token(client, QUESTIONS)
    response = client.post(
        f"{QUESTIONS}/{first.id}/move", data={"csrf_token": token, "direction": "down"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert [q.label_en for q in event.questions] == ["Second", "First"]


def test_questions_delete_says_how_many_answers_go_and_needs_that_number(app: Flask) -> None:
    client, event = _signed_in(app)
    question = _question(event)
    for person in (make_participant(event), make_participant(event)):
        save_answers(person, {question.id: "None"})
    db.session.commit()
    url = f"{QUESTIONS}/{question.id}"

    page = text_of(client.get(url).get_data(as_text=True))
    token = csrf_token(client, url)
    refused = client.post(f"{url}/delete", data={"csrf_token": token, "answers": "1"})
    after_refusal = text_of(client.get(url).get_data(as_text=True))
    deleted = client.post(f"{url}/delete", data={"csrf_token": token, "answers": "2"})

    assert "2 people have answered this question: deleting it deletes their answers too." in page
    assert "Delete the question and its 2 answers" in page
    assert refused.headers["Location"] == url
    assert "2 people have answered this question by now: check, then delete it again." in (
        after_refusal
    )
    assert deleted.headers["Location"] == QUESTIONS
    db.session.expire_all()
    assert event.questions == []
    assert "Diet is deleted, with 2 answers." in client.get(QUESTIONS).get_data(as_text=True)


def test_questions_viewer_reads_but_cannot_change_them(app: Flask) -> None:
    _, event = _signed_in(app)
    question = _question(event)
    viewer = OrganiserAccount(email="viewer@example.org", password_hash=hash_password("pw-123456"))
    viewer.roles = [EventRole(event=event, role=EventRoleKind.VIEWER)]
    db.session.add(viewer)
    db.session.commit()
    other = app.test_client()
    post_form(other, "/organiser/login", {"email": "viewer@example.org", "password": "pw-123456"})

    token = csrf_token(other, QUESTIONS)
    answers = [
        other.get(QUESTIONS).status_code,
        other.post(
            QUESTIONS, data={"csrf_token": token, "kind": "text", "label_en": "X"}
        ).status_code,
        other.post(f"{QUESTIONS}/{question.id}/delete", data={"csrf_token": token}).status_code,
    ]

    assert answers == [200, 403, 403]
    db.session.expire_all()
    assert [q.label_en for q in event.questions] == ["Diet"]
