"""The personal calendar subscription: its secret address, webcal and https links, ETag and
Last-Modified with 304, revocation, and no feed after withdrawal or erasure."""

from __future__ import annotations

import re

import vobject
from flask import Flask
from flask.testing import FlaskClient

from scheduler.agenda.publish import publish
from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.models import Participant
from scheduler.registration.privacy import erase, withdraw
from tests.agenda.scene import Scene, small_event
from tests.attendees import open_link
from tests.web import csrf_token


def _ben_signed_in(client: FlaskClient) -> Scene:
    scene = small_event()
    publish(db.session, scene.event)
    db.session.commit()
    link = f"/events/pic/access/{make_access_token(scene.ben)}"
    assert open_link(client, link).status_code == 302
    return scene


def _feed_links(client: FlaskClient) -> tuple[str, str]:
    """The https and webcal addresses the agenda page offers."""
    page = client.get("/events/pic/me/agenda").get_data(as_text=True)
    https = re.search(r'value="(http[^"]+\.ics)" readonly', page).group(1)
    webcal = re.search(r'href="(webcal://[^"]+)"', page).group(1)
    return https, webcal


def _uids(data: bytes) -> list[str]:
    vobject.icalendar.__dict__["__tzidMap"].clear()
    return [e.uid.value for e in vobject.readOne(data.decode(), validate=True).vevent_list]


def test_feeds_agenda_page_offers_webcal_and_https_of_one_secret(
    client: FlaskClient, app: Flask
) -> None:
    scene = _ben_signed_in(client)

    https, webcal = _feed_links(client)

    db.session.refresh(scene.ben)
    token = scene.ben.calendar_token
    assert (len(token), https, webcal) == (
        43,
        f"http://localhost/events/pic/calendar/{token}.ics",
        f"webcal://localhost/events/pic/calendar/{token}.ics",
    )
    assert _feed_links(client) == (https, webcal)  # the same address on every visit


def test_feeds_serve_the_agenda_without_a_session_and_answer_304(app: Flask) -> None:
    scene = _ben_signed_in(app.test_client())
    https, _ = _feed_links(_signed_in_again(app, scene.ben))
    calendar_app = app.test_client()  # a calendar client: no cookie, only the address

    first = calendar_app.get(https)
    again = calendar_app.get(https, headers={"If-None-Match": first.headers["ETag"]})
    since = calendar_app.get(https, headers={"If-Modified-Since": first.headers["Last-Modified"]})

    assert (first.status_code, first.headers["Content-Type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )
    assert first.headers["Cache-Control"] == "private, no-cache"
    assert _uids(first.data)[0] == scene.ben_eva.calendar_uid
    assert (again.status_code, again.data, since.status_code) == (304, b"", 304)


def _signed_in_again(app: Flask, person: Participant) -> FlaskClient:
    client = app.test_client()
    assert open_link(client, f"/events/pic/access/{make_access_token(person)}").status_code == 302
    return client


def test_feeds_etag_changes_with_the_agenda(client: FlaskClient, app: Flask) -> None:
    scene = _ben_signed_in(client)
    https, _ = _feed_links(client)
    first = app.test_client().get(https)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    publish(db.session, scene.event)
    db.session.commit()

    later = app.test_client().get(https, headers={"If-None-Match": first.headers["ETag"]})

    assert later.status_code == 200
    assert later.headers["ETag"] != first.headers["ETag"]
    assert scene.ana_ben.calendar_uid not in _uids(first.data)
    assert scene.ana_ben.calendar_uid in _uids(later.data)


def test_feeds_replaced_address_stops_the_old_one(client: FlaskClient, app: Flask) -> None:
    _ben_signed_in(client)
    old, _ = _feed_links(client)

    token = csrf_token(client, "/events/pic/me/agenda")
    response = client.post("/events/pic/me/agenda/feed/reset", data={"csrf_token": token})
    new, _ = _feed_links(client)

    assert response.status_code == 302
    assert new != old
    assert (app.test_client().get(old).status_code, app.test_client().get(new).status_code) == (
        404,
        200,
    )


def test_feeds_end_with_withdrawal_and_erasure(client: FlaskClient, app: Flask) -> None:
    scene = _ben_signed_in(client)
    https, _ = _feed_links(client)
    withdraw(db.session.get(Participant, scene.ben.id))
    db.session.commit()
    withdrawn = app.test_client().get(https).status_code
    erase(db.session.get(Participant, scene.ben.id))
    db.session.commit()

    assert (withdrawn, db.session.get(Participant, scene.ben.id).calendar_token) == (404, None)
