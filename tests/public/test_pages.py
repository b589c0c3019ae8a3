"""Public pages: the list of events and each event's page."""

from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.http import CONTENT_SECURITY_POLICY
from scheduler.models import AgendaItemKind, EventStatus
from tests.conftest import make_app
from tests.factories import make_agenda_item, make_event, make_organisation, make_session, paris


def test_home_lists_public_events_only(client: FlaskClient, app: Flask) -> None:
    make_event(name="Plant InterCluster 2027", slug="pic-2027")
    make_event(name="Secret draft", slug="draft", status=EventStatus.DRAFT)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert ("Plant InterCluster 2027" in page, "Secret draft" in page) == (True, False)
    assert "9\u201311 March 2027" in page


def test_home_without_events_says_so(client: FlaskClient, app: Flask) -> None:
    assert "No event is open to the public yet." in client.get("/").get_data(as_text=True)


def test_event_page_shows_programme_in_venue_time(client: FlaskClient, app: Flask) -> None:
    host = make_organisation(name="VEGEPOLYS VALLEY")
    event = make_event(slug="pic", venue_name="Terra Botanica", host_organisation=host)
    make_agenda_item(
        event,
        title="Opening plenary",
        kind=AgendaItemKind.PLENARY,
        starts_at=paris(9, 9),
        ends_at=paris(9, 10, 30),
        room="Auditorium",
        capacity=300,
    )
    make_session(event, tables=30, name="B2B session 1")
    db.session.commit()
    response = client.get("/events/pic")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<td class="text-nowrap">09:00&ndash;10:30</td>' in page
    assert "Tuesday 9 March 2027" in page
    assert "Hosted by VEGEPOLYS VALLEY" in page
    assert "3 meetings of 20 minutes, 30 tables" in page


def test_event_page_shows_seats_left_for_signups(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    open_item = make_agenda_item(event, title="Open", capacity=40, requires_signup=True)
    full = make_agenda_item(event, title="Full one", capacity=30, requires_signup=True)
    open_item.seats_taken, full.seats_taken = 36, 30
    db.session.commit()
    page = client.get("/events/pic").get_data(as_text=True)
    assert ("4 of 40 left" in page, "Full<br>" in page) == (True, True)


def test_event_page_registration_open_shows_closing_time(client: FlaskClient, app: Flask) -> None:
    make_event(slug="open", registration_closes_at=datetime(2099, 2, 26, 17, 0, tzinfo=UTC))
    db.session.commit()
    page = client.get("/events/open").get_data(as_text=True)
    assert "Registration is open until 26 February 2099, 18:00." in page


def test_event_page_registration_closed(client: FlaskClient, app: Flask) -> None:
    make_event(slug="closed", status=EventStatus.CLOSED)
    db.session.commit()
    assert "Registration is closed." in client.get("/events/closed").get_data(as_text=True)


def test_event_page_draft_event_not_found(client: FlaskClient, app: Flask) -> None:
    make_event(slug="draft", status=EventStatus.DRAFT)
    db.session.commit()
    assert client.get("/events/draft").status_code == 404


def test_event_page_unknown_slug_friendly_404(client: FlaskClient, app: Flask) -> None:
    response = client.get("/events/nope")
    assert response.status_code == 404
    assert "This page does not exist, or is not public." in response.get_data(as_text=True)


def test_event_page_overlong_slug_not_found(client: FlaskClient, app: Flask) -> None:
    assert client.get("/events/" + "a" * 5000).status_code == 404


def test_pages_send_security_headers(client: FlaskClient, app: Flask) -> None:
    headers = client.get("/").headers
    assert (
        headers["Content-Security-Policy"],
        headers["X-Content-Type-Options"],
        headers["Referrer-Policy"],
        headers["X-Frame-Options"],
    ) == (CONTENT_SECURITY_POLICY, "nosniff", "same-origin", "DENY")


def test_pages_serve_bootstrap_locally(client: FlaskClient, app: Flask) -> None:
    page = client.get("/").get_data(as_text=True)
    with client.get("/bootstrap/static/css/bootstrap.min.css") as css:
        status = css.status_code
    assert ('href="/bootstrap/static/css/bootstrap.min.css"' in page, status) == (True, 200)
    assert "cdn" not in page.lower()


def test_pages_database_down_gives_503_page(instance_path: Path) -> None:
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/scheduler", instance_path)
    response = app.test_client().get("/")
    assert response.status_code == 503
    assert "The database cannot be reached right now." in response.get_data(as_text=True)


def test_pages_wrong_method_keeps_allow_header(client: FlaskClient, app: Flask) -> None:
    response = client.post("/")
    allowed = sorted(response.headers["Allow"].split(", "))
    assert (response.status_code, allowed) == (405, ["GET", "HEAD", "OPTIONS"])
    assert "Method Not Allowed" in response.get_data(as_text=True)


def test_pages_missing_csrf_token_explained(client: FlaskClient, app: Flask) -> None:
    response = client.post("/organiser/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Please send the form again" in response.get_data(as_text=True)


def test_pages_oversized_request_refused_with_413(client: FlaskClient, app: Flask) -> None:
    make_event(slug="pic")
    db.session.commit()
    response = client.post("/events/pic/link", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Request Entity Too Large" in response.get_data(as_text=True)


def test_event_page_shows_the_content_in_the_readers_language_else_the_other(
    client: FlaskClient, app: Flask
) -> None:
    event = make_event(
        slug="pic", description_en="The annual meeting.", description_fr="La rencontre annuelle."
    )
    make_agenda_item(event, title_en="Opening", title_fr="Ouverture")
    make_agenda_item(
        event, title_en="", title_fr="Dîner de gala", starts_at=paris(9, 20), ends_at=paris(9, 23)
    )
    make_session(event, name_en="B2B meetings", name_fr="")
    db.session.commit()

    english = client.get("/events/pic", headers={"Accept-Language": "en"}).get_data(as_text=True)
    french = client.get("/events/pic", headers={"Accept-Language": "fr"}).get_data(as_text=True)

    assert [text in english for text in ("The annual meeting.", "Opening", "Dîner de gala")] == [
        True,
        True,
        True,
    ]
    assert [
        text in french
        for text in ("La rencontre annuelle.", "Ouverture", "Dîner de gala", "B2B meetings")
    ] == [True, True, True, True]
    assert ("La rencontre annuelle." in english, "Opening" in french) == (False, False)
def test_event_page_shows_the_b2b_sessions_in_the_day_programme(
    client: FlaskClient, app: Flask
) -> None:
    event = make_event(slug="pic")
    make_agenda_item(event, title="Opening", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, title="Dinner", starts_at=paris(9, 20), ends_at=paris(9, 23))
    make_session(event, name="B2B session 1", room="Hall")  # 14:00-15:00
    db.session.commit()

    page = client.get("/events/pic").get_data(as_text=True)

    positions = [page.index(text) for text in ("Opening", "B2B session 1", "Dinner")]
    assert positions == sorted(positions)
    assert page.count("B2B session 1") == 1
    assert '<td class="text-nowrap">14:00&ndash;15:00</td>' in page
