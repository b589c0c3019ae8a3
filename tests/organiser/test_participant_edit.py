"""An organiser edits a participant's profile on their behalf."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    AuditEntry,
    CooperationInterest,
    DirectoryVisibility,
    OrganisationType,
    ParticipantType,
    QuestionKind,
    RegistrationQuestion,
    utcnow,
)
from scheduler.organiser.participants import DecisionRefused, EmailTaken, edit_on_behalf
from scheduler.registration.answers import save_answers, stored_answers
from scheduler.registration.organisations import OrganisationData
from scheduler.registration.registrations import ProfileData
from tests.factories import make_event, make_organisation, make_participant
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token


def _people():
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    organisation = make_organisation(name="Vegepolys Valley", country="FR")
    ana = make_participant(
        event,
        first_name="Ana",
        last_name="Novak",
        email="ana@example.org",
        organisation=organisation,
        offer_text="Field trials",
        directory_visibility=DirectoryVisibility.PARTICIPANTS,
    )
    ben = make_participant(event, first_name="Ben", email="ben@example.org")
    return event, organisation, ana, ben


def _profile(organisation_id: int, **fields: object) -> ProfileData:
    values: dict[str, object] = {
        "first_name": "Ana",
        "last_name": "Novak",
        "organisation": OrganisationData(existing_id=organisation_id),
        "offer_text": "Field trials",
        "visibility": DirectoryVisibility.PARTICIPANTS,
    }
    values.update(fields)
    return ProfileData(**values)


def test_edit_on_behalf_changes_the_profile_and_names_the_changed_fields(app: Flask) -> None:
    event, organisation, ana, _ = _people()
    revision = event.revision

    changed = edit_on_behalf(
        db.session,
        ana,
        "ana@example.org",
        _profile(
            organisation.id,
            last_name="Novak-Petit",
            participant_type=ParticipantType.SPEAKER,
            interests=[CooperationInterest.RESEARCH],
        ),
    )

    assert changed == ["last_name", "participant_type", "interests"]
    assert (ana.last_name, ana.participant_type) == ("Novak-Petit", ParticipantType.SPEAKER)
    assert event.revision == revision + 1


def test_edit_on_behalf_without_change_changes_nothing(app: Flask) -> None:
    event, organisation, ana, _ = _people()
    revision, nonce = event.revision, ana.access_nonce

    assert edit_on_behalf(db.session, ana, "ana@example.org", _profile(organisation.id)) == []
    assert (event.revision, ana.access_nonce) == (revision, nonce)


def test_edit_on_behalf_with_a_new_address_ends_the_links_and_sessions(app: Flask) -> None:
    _, organisation, ana, _ = _people()
    ana.calendar_token = "x" * 43
    nonce, epoch = ana.access_nonce, ana.session_epoch

    changed = edit_on_behalf(db.session, ana, " Ana.Novak@Example.org ", _profile(organisation.id))

    assert changed == ["email"]
    assert ana.email == "ana.novak@example.org"
    assert ana.access_nonce != nonce
    assert ana.session_epoch == epoch + 1
    assert ana.calendar_token is None


def test_edit_on_behalf_refuses_the_address_of_another_participant(app: Flask) -> None:
    _, organisation, ana, _ = _people()

    with pytest.raises(EmailTaken, match=r"ben@example\.org is already registered"):
        edit_on_behalf(db.session, ana, "BEN@example.org", _profile(organisation.id))
    assert ana.email == "ana@example.org"


def test_edit_on_behalf_refuses_an_erased_participant(app: Flask) -> None:
    _, organisation, ana, _ = _people()
    ana.anonymised_at = utcnow()

    with pytest.raises(DecisionRefused, match="data was erased"):
        edit_on_behalf(db.session, ana, "ana@example.org", _profile(organisation.id))


def _url(ana) -> str:
    return f"/organiser/events/pic/registrations/{ana.id}/edit"


def _form(client: FlaskClient, ana, organisation, **fields: str) -> dict[str, str]:
    data = {
        "csrf_token": csrf_token(client, _url(ana)),
        "email": "ana@example.org",
        "first_name": "Ana",
        "last_name": "Novak",
        "participant_type": "delegate",
        "organisation_id": str(organisation.id),
        "offer_text": "Field trials",
        "organisation_type": "",
        "country": "",
    }
    data.update(fields)
    return data


def test_edit_page_is_filled_with_the_profile_without_the_directory_listing(
    client: FlaskClient, app: Flask
) -> None:
    event, _, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    page = client.get(_url(ana)).get_data(as_text=True)

    assert 'value="ana@example.org"' in page
    assert 'value="Novak"' in page
    assert '<option value="speaker">Speaker</option>' in page
    assert 'name="directory_visibility"' not in page
    assert 'name="directory_consent"' not in page


def test_edit_route_saves_logs_and_keeps_the_listing(client: FlaskClient, app: Flask) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    response = client.post(
        _url(ana),
        data=_form(client, ana, organisation, first_name="Anna", participant_type="speaker"),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/organiser/events/pic/registrations/{ana.id}"
    db.session.refresh(ana)
    assert (ana.first_name, ana.participant_type) == ("Anna", ParticipantType.SPEAKER)
    assert ana.directory_visibility is DirectoryVisibility.PARTICIPANTS
    entry = db.session.query(AuditEntry).one()
    assert (entry.action, entry.participant_id, entry.detail) == (
        "edit_profile",
        ana.id,
        "First name, Takes part as",
    )
    page = text_of(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Anna Novak's profile is saved." in page


def test_edit_route_without_change_says_so_and_logs_nothing(
    client: FlaskClient, app: Flask
) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    response = client.post(_url(ana), data=_form(client, ana, organisation), follow_redirects=True)

    assert "Nothing was changed." in text_of(response.get_data(as_text=True))
    assert db.session.query(AuditEntry).count() == 0


def test_edit_route_shows_a_taken_address_beside_the_field_and_keeps_the_input(
    client: FlaskClient, app: Flask
) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    response = client.post(
        _url(ana), data=_form(client, ana, organisation, email="ben@example.org", last_name="Nov")
    )
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert "ben@example.org is already registered for this event." in page
    assert 'value="Nov"' in page
    db.session.refresh(ana)
    assert (ana.email, ana.last_name) == ("ana@example.org", "Novak")


def test_edit_route_shows_a_missing_name_beside_the_field(client: FlaskClient, app: Flask) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    response = client.post(_url(ana), data=_form(client, ana, organisation, first_name=""))

    assert response.status_code == 200
    assert "Please correct the fields marked below" in response.get_data(as_text=True)
    assert 'id="first_name"' in response.get_data(as_text=True)
    db.session.refresh(ana)
    assert ana.first_name == "Ana"


def test_edit_route_can_create_a_new_organisation(client: FlaskClient, app: Flask) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    client.post(
        _url(ana),
        data=_form(
            client,
            ana,
            organisation,
            organisation_id="0",
            organisation_name="Cidrerie Novak",
            organisation_type="company",
            country="FR",
        ),
    )

    db.session.refresh(ana)
    assert (ana.organisation.name, ana.organisation.type) == (
        "Cidrerie Novak",
        OrganisationType.COMPANY,
    )


def test_edit_route_of_an_erased_participant_is_not_found(client: FlaskClient, app: Flask) -> None:
    event, _, ana, _ = _people()
    ana.anonymised_at = utcnow()
    db.session.commit()
    sign_in(client, event)

    assert client.get(_url(ana)).status_code == 404


def test_edit_route_of_another_events_participant_is_not_found(
    client: FlaskClient, app: Flask
) -> None:
    _, _, ana, _ = _people()
    other = make_event(slug="other")
    db.session.commit()
    sign_in(client, other)

    assert client.get(_url(ana)).status_code == 404


def test_edit_route_saves_the_answers_to_the_registration_questions(
    client: FlaskClient, app: Flask
) -> None:
    event, organisation, ana, _ = _people()
    diet = RegistrationQuestion(
        position=1,
        kind=QuestionKind.CHOICE,
        label_en="Diet",
        options_en="None\nVegetarian",
        required=True,
    )
    event.questions = [diet]
    db.session.commit()
    sign_in(client, event)

    client.post(
        _url(ana),
        data=_form(client, ana, organisation, **{f"question_{diet.id}": "Vegetarian"}),
    )

    assert stored_answers(ana) == {diet.id: "Vegetarian"}
    entry = db.session.query(AuditEntry).one()
    assert entry.detail == "Answers to the registration questions"
    page = client.get(_url(ana)).get_data(as_text=True)
    assert '<option selected value="Vegetarian">Vegetarian</option>' in page


def test_edit_route_offers_every_participant_type(client: FlaskClient, app: Flask) -> None:
    event, _, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    page = client.get(_url(ana)).get_data(as_text=True)

    for kind in ParticipantType:
        assert f'value="{kind.value}"' in page


def test_edit_route_leaves_a_required_question_to_the_participant(
    client: FlaskClient, app: Flask
) -> None:
    event, organisation, ana, _ = _people()
    event.questions = [
        RegistrationQuestion(position=1, kind=QuestionKind.TEXT, label_en="Badge", required=True)
    ]
    db.session.commit()
    sign_in(client, event)

    response = client.post(_url(ana), data=_form(client, ana, organisation, last_name="Nowak"))

    assert response.status_code == 302
    db.session.refresh(ana)
    assert (ana.last_name, stored_answers(ana)) == ("Nowak", {})


def test_edit_route_keeps_an_answer_to_an_option_removed_since(
    client: FlaskClient, app: Flask
) -> None:
    event, organisation, ana, _ = _people()
    diet = RegistrationQuestion(
        position=1, kind=QuestionKind.CHOICE, label_en="Diet", options_en="None\nVegetarian"
    )
    event.questions = [diet]
    db.session.commit()
    save_answers(ana, {diet.id: "Vegetarian"})
    diet.options_en = "None\nVegetarian meal"
    db.session.commit()
    sign_in(client, event)

    response = client.post(
        _url(ana),
        data=_form(
            client, ana, organisation, last_name="Nowak", **{f"question_{diet.id}": "Vegetarian"}
        ),
    )

    assert response.status_code == 302
    assert stored_answers(ana) == {diet.id: "Vegetarian"}


def test_edit_route_logs_the_changed_fields_in_english(client: FlaskClient, app: Flask) -> None:
    event, organisation, ana, _ = _people()
    db.session.commit()
    sign_in(client, event)

    client.post(
        _url(ana),
        data=_form(client, ana, organisation, first_name="Anna"),
        headers={"Accept-Language": "fr"},
    )

    assert db.session.query(AuditEntry).one().detail == "First name"
