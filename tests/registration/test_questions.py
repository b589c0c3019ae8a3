"""The event's own questions on the attendee side: the registration form in the reader's
language, its checks, the answers kept, on the profile page and in the personal data; the
participant types offered and the directory default."""

from __future__ import annotations

import io
import json

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from scheduler.extensions import db
from scheduler.models import (
    Event,
    OfferedType,
    ParticipantType,
    QuestionKind,
    RegistrationQuestion,
)
from scheduler.organiser.exports import PARTICIPANT_HEADER
from scheduler.registration.answers import stored_answers
from tests.attendees import ready_event, register, registered, registration_data
from tests.organiser.scene import sign_in, text_of
from tests.web import post_form

FRENCH = {"Accept-Language": "fr"}


def _event_with_questions(**fields: object) -> tuple[Event, RegistrationQuestion, ...]:
    event = ready_event(**fields)
    diet = RegistrationQuestion(
        position=1,
        kind=QuestionKind.CHOICE,
        label_en="Diet",
        label_fr="Régime alimentaire",
        options_en="None\nVegetarian",
        options_fr="Aucun\nVégétarien",
        required=True,
    )
    dinner = RegistrationQuestion(
        position=2, kind=QuestionKind.YES_NO, label_en="Coming to the dinner?", label_fr=""
    )
    badge = RegistrationQuestion(
        position=3, kind=QuestionKind.TEXT, label_en="", label_fr="Nom sur le badge"
    )
    event.questions = [diet, dinner, badge]
    db.session.commit()
    return event, diet, dinner, badge


def _answers(questions: tuple[RegistrationQuestion, ...], **values: str) -> dict[str, str]:
    diet, dinner, badge = questions
    chosen = {"diet": "Vegetarian", "dinner": "yes", "badge": "Ana S."} | values
    return {
        f"question_{diet.id}": chosen["diet"],
        f"question_{dinner.id}": chosen["dinner"],
        f"question_{badge.id}": chosen["badge"],
    }


def test_questions_on_the_registration_form_in_the_readers_language(
    client: FlaskClient, app: Flask
) -> None:
    _event_with_questions()

    english = text_of(client.get("/events/pic/register").get_data(as_text=True))
    french = text_of(client.get("/events/pic/register", headers=FRENCH).get_data(as_text=True))

    assert (
        "Questions from the organisers Diet Choose... None Vegetarian Coming to the dinner? "
        "Choose... Yes No Nom sur le badge" in english
    )
    assert (
        "Questions des organisateurs Régime alimentaire Choisir\u2026 Aucun Végétarien "
        "Coming to the dinner? Choisir\u2026 Oui Non Nom sur le badge" in french
    )


def test_questions_answers_kept_with_the_registration(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    _, diet, dinner, badge = _event_with_questions()

    ana = registered(app, client, "ana@example.org", **_answers((diet, dinner, badge)))

    assert stored_answers(ana) == {diet.id: "Vegetarian", dinner.id: "yes", badge.id: "Ana S."}


def test_questions_required_answer_missing_refused_beside_the_field(
    client: FlaskClient, app: Flask
) -> None:
    _, diet, dinner, badge = _event_with_questions()

    response = register(client, "ana@example.org", **_answers((diet, dinner, badge), diet=""))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "Answer this question, please." in page
    assert 'value="Ana S."' not in page  # a text answer is a text area
    assert "Ana S.</textarea>" in page
    assert '<option selected value="yes">' in page


def test_questions_choice_outside_the_options_refused(client: FlaskClient, app: Flask) -> None:
    _, diet, dinner, badge = _event_with_questions()

    response = register(client, "ana@example.org", **_answers((diet, dinner, badge), diet="Meat"))

    assert response.status_code == 200
    assert "Not a valid choice." in response.get_data(as_text=True)


def test_questions_answers_edited_on_the_profile_page(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    _, diet, dinner, badge = _event_with_questions()
    ana = registered(app, client, "ana@example.org", **_answers((diet, dinner, badge)))

    page = client.get("/events/pic/me/profile", headers=FRENCH).get_data(as_text=True)
    profile = registration_data("ana@example.org")
    del profile["email"], profile["privacy"]
    response = post_form(
        client,
        "/events/pic/me/profile",
        {**profile, **_answers((diet, dinner, badge), diet="None", dinner="", badge="")},
    )

    assert '<option selected value="Vegetarian">Végétarien</option>' in page
    assert response.status_code == 302
    db.session.expire_all()
    assert stored_answers(ana) == {diet.id: "None"}


def test_questions_answers_in_the_personal_data_export_and_erased(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    _, diet, dinner, badge = _event_with_questions()
    ana = registered(app, client, "ana@example.org", **_answers((diet, dinner, badge)))

    data = json.loads(client.get("/events/pic/me/export.json").get_data(as_text=True))
    post_form(client, "/events/pic/me/delete", {})

    assert data["answers"] == [
        {"question": "Diet", "answer": "Vegetarian"},
        {"question": "Coming to the dinner?", "answer": "Yes"},
        {"question": "Nom sur le badge", "answer": "Ana S."},
    ]
    db.session.expire_all()
    assert stored_answers(ana) == {}


def test_questions_answers_on_the_participant_page_and_in_the_export(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, diet, dinner, badge = _event_with_questions()
    badge.label_en = "=Badge"  # a formula in a heading is neutralised too
    db.session.commit()
    answers = _answers((diet, dinner, badge), badge="=1+1")
    ana = registered(app, client, "ana@example.org", **answers)
    organiser = app.test_client()
    sign_in(organiser, event)

    page = organiser.get(f"/organiser/events/pic/registrations/{ana.id}", headers=FRENCH)
    export = organiser.get("/organiser/events/pic/registrations/export.xlsx")

    assert (
        "Réponses aux questions d\u2019inscription Régime alimentaire Végétarien "
        "Coming to the dinner? Oui Nom sur le badge =1+1"
    ) in text_of(page.get_data(as_text=True))
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(export.data)).active]
    assert rows[0] == [*PARTICIPANT_HEADER, "Diet", "Coming to the dinner?", "'=Badge"]
    assert rows[1][len(PARTICIPANT_HEADER) :] == ["Vegetarian", "Yes", "'=1+1"]


def test_questions_registration_offers_only_the_events_participant_types(
    client: FlaskClient, app: Flask
) -> None:
    event = ready_event()
    event.offered_type_rows = [
        OfferedType(participant_type=ParticipantType.SPEAKER),
        OfferedType(participant_type=ParticipantType.PRESS),
    ]
    db.session.commit()

    page = client.get("/events/pic/register").get_data(as_text=True)
    refused = register(client, "ana@example.org", participant_type="delegate")

    assert '<option value="speaker">Speaker</option><option value="press">Press</option>' in page
    assert "Not a valid choice." in refused.get_data(as_text=True)


def test_questions_directory_default_proposes_a_listing(client: FlaskClient, app: Flask) -> None:
    ready_event(directory_listed_by_default=True)

    page = client.get("/events/pic/register").get_data(as_text=True)
    unticked = register(client, "ana@example.org", directory_consent="")

    assert (
        '<input checked class="form-check-input" id="directory_visibility-1" '
        'name="directory_visibility" type="radio" value="participants">'
    ) in page
    assert "Tick this box to be listed, or choose" in unticked.get_data(as_text=True)
