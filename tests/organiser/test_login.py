"""Organiser sign-in and sign-out."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import EventRole, EventRoleKind, OrganiserAccount
from scheduler.passwords import hash_password
from tests.factories import make_event, make_participant
from tests.web import csrf_token, post_form, rate_limit

PASSWORD = "correct horse battery staple"


def _organiser(email: str = "Org@Example.org") -> OrganiserAccount:
    event = make_event(name="Plant InterCluster 2027")
    make_participant(event)
    account = OrganiserAccount(email=email, password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    return account


def test_login_success_opens_dashboard_with_events(client: FlaskClient, app: Flask) -> None:
    _organiser()
    response = post_form(
        client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD}
    )
    dashboard = client.get("/organiser/").get_data(as_text=True)
    assert (response.status_code, response.headers["Location"]) == (302, "/organiser/")
    assert "Plant InterCluster 2027" in dashboard
    assert "<td>Owner</td>\n      <td>1</td>" in dashboard


def test_login_wrong_password_error_beside_field_email_kept(
    client: FlaskClient, app: Flask
) -> None:
    _organiser()
    response = post_form(
        client, "/organiser/login", {"email": "org@example.org", "password": "wrong password"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Email or password is not right." in page
    assert 'value="org@example.org"' in page


def test_login_unknown_email_same_answer(client: FlaskClient, app: Flask) -> None:
    _organiser()
    known = post_form(
        client, "/organiser/login", {"email": "org@example.org", "password": "wrong password"}
    )
    unknown = post_form(
        client, "/organiser/login", {"email": "who@example.org", "password": "wrong password"}
    )
    strip = lambda page: page.replace("who@example.org", "org@example.org")  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert (
        strip(unknown.get_data(as_text=True)).split("csrf_token")[0]
        == (known.get_data(as_text=True).split("csrf_token")[0])
    )


def test_login_without_csrf_token_refused(client: FlaskClient, app: Flask) -> None:
    _organiser()
    response = client.post(
        "/organiser/login", data={"email": "org@example.org", "password": PASSWORD}
    )
    assert (response.status_code, "/organiser/" in response.headers.get("Location", "")) == (
        400,
        False,
    )


def test_dashboard_requires_sign_in(client: FlaskClient, app: Flask) -> None:
    response = client.get("/organiser/")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/organiser/login?next=%2Forganiser%2F",
    )


def test_logout_ends_every_session_of_the_account(client: FlaskClient, app: Flask) -> None:
    _organiser()
    other_device = app.test_client()
    for device in (client, other_device):
        post_form(device, "/organiser/login", {"email": "org@example.org", "password": PASSWORD})
    before = [device.get("/organiser/").status_code for device in (client, other_device)]
    token = csrf_token(client, "/organiser/")
    client.post("/organiser/logout", data={"csrf_token": token})
    after = [device.get("/organiser/").status_code for device in (client, other_device)]
    account = db.session.scalar(select(OrganiserAccount))
    db.session.refresh(account)
    assert (before, after, account.session_epoch) == ([200, 200], [302, 302], 1)


def test_pages_with_personal_data_not_cached(client: FlaskClient, app: Flask) -> None:
    assert client.get("/organiser/login").headers["Cache-Control"] == "no-store"


def test_login_failures_rate_limited_per_address(client: FlaskClient, app: Flask) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "3 per 15 minutes"):
        codes = [
            post_form(
                client, "/organiser/login", {"email": f"guess{n}@example.org", "password": "nope"}
            ).status_code
            for n in range(4)
        ]
        blocked = post_form(
            client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD}
        )
    assert (codes, blocked.status_code) == ([200, 200, 200, 429], 429)
    assert "Too many attempts from here." in blocked.get_data(as_text=True)


def _sign_in_from(app: Flask, address: str, password: str) -> int:
    """The status of one sign-in as the organiser, from a fresh browser at ``address``."""
    return post_form(
        app.test_client(),
        "/organiser/login",
        {"email": "org@example.org", "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_login_failures_rate_limited_per_account(app: Flask) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "2 per 15 minutes"):
        guesses = [_sign_in_from(app, f"10.0.0.{n}", "nope") for n in range(1, 3)]
        again = [_sign_in_from(app, f"10.0.0.{n}", "nope") for n in range(1, 3)]
    assert (guesses, again) == ([200, 200], [429, 429])


def test_login_locked_account_refuses_right_password_from_an_address_that_failed(
    app: Flask,
) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "2 per 15 minutes"):
        guesses = [_sign_in_from(app, f"10.0.0.{n}", "nope") for n in range(1, 3)]
        right_password = _sign_in_from(app, "10.0.0.1", PASSWORD)
    assert (guesses, right_password) == ([200, 200], 429)


def test_login_locked_account_gives_each_clean_address_one_guess(app: Flask) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "2 per 15 minutes"):
        lock = [_sign_in_from(app, f"10.0.0.{n}", "nope") for n in range(1, 3)]
        fresh = [_sign_in_from(app, "10.0.0.9", "nope"), _sign_in_from(app, "10.0.0.9", "nope")]
    assert (lock, fresh) == ([200, 200], [200, 429])


def test_login_locked_account_owner_from_clean_address_gets_in(app: Flask) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "2 per 15 minutes"):
        lock = [_sign_in_from(app, f"10.0.0.{n}", "nope") for n in range(1, 3)]
        attacker_again = _sign_in_from(app, "10.0.0.2", "nope")
        owner = _sign_in_from(app, "192.0.2.7", PASSWORD)
    assert (lock, attacker_again, owner) == ([200, 200], 429, 302)


def test_login_success_does_not_count_against_limit(client: FlaskClient, app: Flask) -> None:
    _organiser()
    with rate_limit(app, "LOGIN_RATE_LIMIT", "1 per 15 minutes"):
        codes = []
        for _ in range(2):
            codes.append(
                post_form(
                    client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD}
                ).status_code
            )
            client.post("/organiser/logout", data={"csrf_token": csrf_token(client, "/organiser/")})
    assert codes == [302, 302]


def test_session_ends_at_absolute_limit(client: FlaskClient, app: Flask) -> None:
    _organiser()
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD})
    fresh = client.get("/organiser/").status_code
    with client.session_transaction() as browser_session:
        browser_session["signed_in_at"] -= app.config["ORGANISER_SESSION_MAX_SECONDS"] + 1
    assert (fresh, client.get("/organiser/").status_code) == (200, 302)
