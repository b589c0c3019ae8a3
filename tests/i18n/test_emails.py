"""Emails and invitations speak their recipient's language, whoever triggers them: an
organiser browsing in English publishes, and a French-speaking participant gets French."""

from __future__ import annotations

from email.message import EmailMessage

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler import jobs
from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.jobs import send_publication_emails
from scheduler.models import (
    DirectoryVisibility,
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    ParticipantStatus,
)
from scheduler.passwords import hash_password
from tests.agenda.scene import Scene, small_event
from tests.attendees import mailbox, open_link, ready_event
from tests.factories import make_participant
from tests.web import csrf_token, post_form

PASSWORD = "correct horse battery staple"
CONSOLE = "/organiser/events/pic/schedule/"
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def notified_later(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    logs: list[int] = []
    monkeypatch.setattr(jobs, "notify_later", lambda app, log_id: logs.append(log_id))
    return logs


def _published_by_an_english_organiser(
    app: Flask, client: FlaskClient, notified_later: list[int]
) -> tuple[Scene, str]:
    scene = small_event()
    scene.ana.last_name, scene.ben.last_name, scene.eva.last_name = "Silva", "Rossi", "Lind"
    scene.ana.language = "fr"
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=scene.event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH_BROWSER["Accept-Language"]
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD})
    client.post(f"{CONSOLE}publish", data={"csrf_token": csrf_token(client, CONSOLE)})
    flash = client.get(CONSOLE).get_data(as_text=True)
    send_publication_emails(app, notified_later[0])  # what the background process does
    return scene, flash


def _to(app: Flask, address: str) -> EmailMessage:
    (message,) = [m for m in mailbox(app) if m["To"] == address]
    return message


def _calendar_texts(message: EmailMessage) -> list[tuple[str, str, str]]:
    """(SUMMARY, first line of DESCRIPTION, CATEGORIES) of each attached invitation."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar" and part.get_filename():
            (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
            categories = event["CATEGORIES"].cats
            description = str(event["DESCRIPTION"]).split("\n")[0]
            found.append((str(event["SUMMARY"]), description, ",".join(categories)))
    return found


def test_emails_publication_reaches_a_french_participant_in_french(
    app: Flask, client: FlaskClient, notified_later: list[int], mail_dir: object
) -> None:
    scene, organiser_page = _published_by_an_english_organiser(app, client, notified_later)
    ana = _to(app, scene.ana.email)
    text = ana.get_body(preferencelist=("plain",)).get_content()

    assert "3 participants are being emailed their agenda" in organiser_page
    assert ana["Subject"] == "Vos rendez-vous d\u2019affaires \u00e0 Plant InterCluster 2027"
    assert text.splitlines()[:7] == [
        "Bonjour Ana,",
        "",
        "Les organisateurs de Plant InterCluster 2027 ont publi\u00e9 le planning des "
        "rendez-vous d\u2019affaires.",
        "",
        "Vos rendez-vous d\u2019affaires :",
        "- mar. 9 mars 14:40-15:00, Table 1: Ben Rossi",
        "- mer. 10 mars 14:00-14:20, Table 1: Eva Lind",
    ]
    assert text.splitlines()[-4] == (
        "Horaires \u00e0 l\u2019heure locale du lieu (Europe/Paris). Votre espace personnel :"
    )
    assert _calendar_texts(ana) == [
        (
            "Rendez-vous d\u2019affaires : Ben Rossi \u2014 Table 1",
            "Rendez-vous d\u2019affaires \u00e0 Plant InterCluster 2027.",
            "Rendez-vous d\u2019affaires",
        ),
        (
            "Rendez-vous d\u2019affaires : Eva Lind \u2014 Table 1",
            "Rendez-vous d\u2019affaires \u00e0 Plant InterCluster 2027.",
            "Rendez-vous d\u2019affaires",
        ),
    ]


def test_emails_publication_reaches_an_english_participant_in_english(
    app: Flask, client: FlaskClient, notified_later: list[int], mail_dir: object
) -> None:
    scene, _page = _published_by_an_english_organiser(app, client, notified_later)
    ben = _to(app, scene.ben.email)
    text = ben.get_body(preferencelist=("plain",)).get_content()

    assert ben["Subject"] == "Your B2B meetings at Plant InterCluster 2027"
    assert text.splitlines()[0] == "Dear Ben,"
    assert _calendar_texts(ben)[1] == (
        "B2B meeting: Ana Silva \u2014 Table 1",
        "B2B meeting at Plant InterCluster 2027.",
        "B2B meeting",
    )


def test_emails_request_from_an_english_attendee_reaches_a_french_one_in_french(
    app: Flask, mail_dir: object
) -> None:
    event = ready_event(auto_accept_requests=False)
    listed = {
        "status": ParticipantStatus.CONFIRMED,
        "directory_visibility": DirectoryVisibility.PARTICIPANTS,
    }
    ana = make_participant(event, first_name="Ana", last_name="Silva", language="fr", **listed)
    ben = make_participant(event, first_name="Ben", last_name="Rossi", language="en", **listed)
    db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ENGLISH_BROWSER["Accept-Language"]
    open_link(client, f"/events/pic/access/{make_access_token(ben)}")
    sent = post_form(
        client,
        f"/events/pic/participants/{ana.id}",
        {"message": "Drones for your vineyards?", "priority": "2"},
        follow_redirects=True,
    ).get_data(as_text=True)
    message = _to(app, ana.email)
    text = message.get_body(preferencelist=("plain",)).get_content()

    assert "Your request was sent to Ana Silva." in sent
    assert message["Subject"] == "Ben Rossi souhaite vous rencontrer \u00e0 Plant InterCluster 2027"
    assert text.splitlines()[:3] == [
        "Bonjour Ana,",
        "",
        "Ben Rossi souhaite vous rencontrer \u00e0 Plant InterCluster 2027.",
    ]
