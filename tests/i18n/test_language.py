"""Which language a page speaks: the person's choice, else the browser's, else the event's;
and the language a participant is written to, stored when they register."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.i18n import language, safe_next
from scheduler.models import EventRole, EventRoleKind, OrganiserAccount, Participant
from scheduler.passwords import hash_password
from scheduler.templating import date_range, local_datetime, long_date, number, short_local
from tests.attendees import mailbox, ready_event, register, registered, registration_data
from tests.factories import make_event
from tests.web import csrf_token, post_form, statements

FRENCH_BROWSER = {"Accept-Language": "fr-CH,fr;q=0.9,en;q=0.5"}


def _lang(client: FlaskClient, url: str = "/", **headers: str) -> str:
    page = client.get(url, headers=headers).get_data(as_text=True)
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def _switch(client: FlaskClient, code: str, next_url: str = "/events/pic?x=1"):
    token = csrf_token(client, "/")
    return client.post(
        "/language", data={"csrf_token": token, "language": code, "next": next_url}
    )


def test_language_without_any_choice_is_english(client: FlaskClient) -> None:
    assert _lang(client) == "en"


def test_language_follows_the_browser(client: FlaskClient) -> None:
    assert (_lang(client, **FRENCH_BROWSER), _lang(client, **{"Accept-Language": "de, en"})) == (
        "fr",
        "en",
    )


def test_language_of_the_event_when_the_browser_asks_for_neither(client: FlaskClient) -> None:
    make_event(slug="angers", default_language="fr")
    db.session.commit()
    german = {"Accept-Language": "de-DE,de;q=0.9"}
    assert (_lang(client, "/events/angers", **german), _lang(client, "/", **german)) == (
        "fr",
        "en",
    )


def test_language_of_the_event_comes_with_the_page_s_event_without_a_query(
    client: FlaskClient,
) -> None:
    make_event(slug="angers", default_language="fr")
    db.session.commit()
    with statements() as sent:
        language = _lang(client, "/events/angers", **{"Accept-Language": "de"})

    assert language == "fr"
    assert [s for s in sent if "default_language" in s and "event.id" not in s] == []


def test_language_switch_is_remembered_over_the_browser(client: FlaskClient) -> None:
    make_event(slug="pic")
    db.session.commit()
    response = _switch(client, "en")
    cookie = client.get_cookie("language")
    assert (response.status_code, response.headers["Location"]) == (302, "/events/pic?x=1")
    assert (cookie.value, cookie.http_only, cookie.same_site) == ("en", True, "Lax")
    assert _lang(client, "/events/pic", **FRENCH_BROWSER) == "en"


def test_language_switch_survives_signing_in_and_out(client: FlaskClient) -> None:
    _switch(client, "fr")
    token = csrf_token(client, "/")
    client.post("/organiser/logout", data={"csrf_token": token})
    assert _lang(client) == "fr"


def test_language_switch_refuses_an_unknown_language(client: FlaskClient) -> None:
    assert (_switch(client, "de").status_code, client.get_cookie("language")) == (400, None)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/events/pic/register?x=1", "/events/pic/register?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_language_switch_goes_back_only_to_this_site(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_language_switch_is_on_every_page(client: FlaskClient) -> None:
    page = client.get("/", headers=FRENCH_BROWSER).get_data(as_text=True)
    assert (
        '<button type="submit" name="language" value="en" lang="en"' in page,
        '<button type="submit" name="language" value="fr" lang="fr"' in page,
        'aria-current="true">Français</button>' in page,
    ) == (True, True, True)


def test_language_registration_keeps_the_language_it_was_made_in(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    ready_event()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = FRENCH_BROWSER["Accept-Language"]
    register(client, "ana@douro-robotics.example")
    (message,) = mailbox(app)
    participant = db.session.scalar(db.select(Participant))
    assert (participant.language, message["Subject"]) == (
        "fr",
        "Votre inscription \u00e0 Plant InterCluster 2027",
    )


INSTANT = datetime(2027, 3, 9, 13, 0, tzinfo=UTC)


def _dates() -> tuple[str, ...]:
    return (
        long_date(date(2027, 3, 9)),
        local_datetime(INSTANT, "Europe/Paris"),
        short_local(INSTANT, "Europe/Paris"),
        date_range(date(2027, 3, 9), date(2027, 3, 11)),
        date_range(date(2027, 3, 30), date(2027, 4, 1)),
        date_range(date(2027, 12, 31), date(2028, 1, 1)),
        number(1250),
    )


def test_language_dates_in_english(app: Flask) -> None:
    with app.test_request_context(), language("en"):
        assert _dates() == (
            "Tuesday 9 March 2027",
            "9 March 2027, 14:00",
            "Tue 9 Mar 14:00",
            "9\u201311 March 2027",
            "30 March \u2013 1 April 2027",
            "31 December 2027 \u2013 1 January 2028",
            "1,250",
        )


def test_language_dates_in_french(app: Flask) -> None:
    with app.test_request_context(), language("fr"):
        assert _dates() == (
            "mardi 9 mars 2027",
            "9 mars 2027, 14:00",
            "mar. 9 mars 14:00",
            "9\u201311 mars 2027",
            "30 mars \u2013 1er avril 2027",
            "31 d\u00e9cembre 2027 \u2013 1er janvier 2028",
            "1\u202f250",
        )


def test_language_organiser_sets_the_event_default(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="angers")
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password("pw-123456"))
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": "pw-123456"})
    home = "/organiser/events/angers/"
    token = csrf_token(client, home)
    response = client.post(
        "/organiser/events/angers/language", data={"csrf_token": token, "default_language": "fr"}
    )
    page = client.get(home).get_data(as_text=True)
    visitor = app.test_client()
    db.session.refresh(event)
    assert (response.status_code, event.default_language) == (302, "fr")
    assert "pages are now in French for visitors who chose no language." in page
    assert _lang(visitor, "/events/angers", **{"Accept-Language": "de"}) == "fr"


def test_language_of_the_emails_changed_in_the_profile(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    page = client.get("/events/pic/me/profile").get_data(as_text=True)
    post_form(
        client,
        "/events/pic/me/profile",
        registration_data("ana@example.org", email_language="fr"),
    )
    db.session.refresh(ana)
    assert '<option selected value="en">English</option>' in page
    assert ana.language == "fr"


def test_language_error_pages_explain_in_french(client: FlaskClient) -> None:
    english = client.post("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    french = client.post("/", headers=FRENCH_BROWSER).get_data(as_text=True)
    assert (
        "The method is not allowed for the requested URL." in english,
        "Méthode non autorisée" in french,
        "Cette adresse n\u2019accepte pas ce type de requête." in french,
    ) == (True, True, True)
