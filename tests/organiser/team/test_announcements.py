"""Announcements: the recipients, the preview with its count, one personal copy each."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import (
    AuditEntry,
    OutboxEmail,
    ParticipantStatus,
    ParticipantType,
    utcnow,
)
from scheduler.organiser.registrations import parse_filters
from scheduler.organiser.team.announcements import is_filtered, recipients, sent_in_last_day
from tests.attendees import mailbox
from tests.factories import make_event, make_participant
from tests.organiser.scene import organiser_of, sign_in, text_of
from tests.web import csrf_token

URL = "/organiser/events/pic/announce"


def _people(event):
    ana = make_participant(event, first_name="Ana", last_name="Alves", email="ana@example.org")
    ben = make_participant(
        event,
        first_name="Ben",
        last_name="Bauer",
        email="ben@example.org",
        participant_type=ParticipantType.SPEAKER,
    )
    make_participant(event, first_name="Wil", last_name="Gone", status=ParticipantStatus.WITHDRAWN)
    make_participant(event, first_name="Era", last_name="Sed", anonymised_at=utcnow())
    db.session.commit()
    return ana, ben


def test_recipients_are_active_participants_of_the_filter(app: Flask) -> None:
    event = make_event()
    ana, ben = _people(event)
    assert recipients(db.session, event, parse_filters({})) == [ana, ben]
    assert recipients(db.session, event, parse_filters({"status": "all"})) == [ana, ben]
    speakers = parse_filters({"type": "speaker"})
    assert recipients(db.session, event, speakers) == [ben]
    assert (is_filtered(parse_filters({})), is_filtered(speakers)) == (False, True)


def test_announce_preview_then_send(app: Flask, client: FlaskClient, mail_dir: object) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    _people(event)
    sign_in(client, event)
    assert "To all 2 active participant(s)" in text_of(client.get(URL).get_data(as_text=True))
    token = csrf_token(client, URL)
    data = {"csrf_token": token, "subject": "Bus times", "body": "The bus leaves at 8:00."}
    page = client.post(URL, data={**data, "preview": "y"}).get_data(as_text=True)
    assert "Preview, as Ana Alves receives it" in text_of(page)
    assert "Dear Ana,<br><br>The bus leaves at 8:00.<br><br>Your personal space" in page
    assert "[Ana&#39;s link]" in page
    assert "/access/" not in page
    assert "Send to 2 participant(s)" in text_of(page)
    assert db.session.scalars(select(OutboxEmail)).all() == []
    response = client.post(URL, data={**data, "send": "y", "count": "2"})
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/organiser/events/pic/announce",
    )
    messages = mailbox(app)
    assert sorted((m["To"], m["Subject"]) for m in messages) == [
        ("ana@example.org", "Bus times"),
        ("ben@example.org", "Bus times"),
    ]
    ben_body = next(m for m in messages if m["To"] == "ben@example.org")
    assert ben_body.get_body(("plain",)).get_content().startswith("Dear Ben,\n\nThe bus leaves")
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.detail) == ("announce", "Bus times (2 sent)")


def test_announce_to_the_filter_only(app: Flask, client: FlaskClient, mail_dir: object) -> None:
    event = make_event(slug="pic")
    _people(event)
    sign_in(client, event)
    url = f"{URL}?type=speaker"
    assert "To the 1 active participant(s) that the registrations filter selects." in text_of(
        client.get(url).get_data(as_text=True)
    )
    data = {"csrf_token": csrf_token(client, url), "subject": "Speakers", "body": "Slides?"}
    client.post(url, data={**data, "send": "y", "count": "1"})
    assert [m["To"] for m in mailbox(app)] == ["ben@example.org"]


def test_announce_refuses_a_stale_count(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    _people(event)
    sign_in(client, event)
    data = {"csrf_token": csrf_token(client, URL), "subject": "S", "body": "B"}
    response = client.post(URL, data={**data, "send": "y", "count": "1"})
    assert response.status_code == 200
    assert "The recipients changed since the preview" in text_of(response.get_data(as_text=True))
    assert db.session.scalars(select(OutboxEmail)).all() == []


def test_announce_needs_a_subject_on_one_line(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    _people(event)
    sign_in(client, event)
    data = {"csrf_token": csrf_token(client, URL), "subject": "A\r\nBcc: x@y", "body": "B"}
    response = client.post(URL, data={**data, "preview": "y"})
    assert "Use a single line, without line breaks." in text_of(response.get_data(as_text=True))


def test_announce_of_another_event_is_not_found(app: Flask, client: FlaskClient) -> None:
    make_event(slug="pic")
    sign_in(client, make_event(slug="other"))
    assert client.get(URL).status_code == 404


def test_announce_twice_the_same_text_reaches_nobody_twice(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    _people(event)
    sign_in(client, event)
    data = {"csrf_token": csrf_token(client, URL), "subject": "Bus", "body": "At 8:00."}
    client.post(URL, data={**data, "send": "y", "count": "2"})

    response = client.post(URL, data={**data, "send": "y", "count": "2"}, follow_redirects=True)

    assert (
        "2 participant(s) already had this very announcement: it was not sent to them again."
        in text_of(response.get_data(as_text=True))
    )
    assert len(mailbox(app)) == 2
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 1


def test_announce_refused_beyond_the_daily_limit_keeps_the_text(
    app_config, client: FlaskClient, mail_dir: object
) -> None:
    app = app_config(ANNOUNCEMENTS_PER_DAY=2)
    event = make_event(slug="pic")
    _people(event)
    sign_in(client, event)
    for number in (1, 2):
        data = {"csrf_token": csrf_token(client, URL), "subject": f"News {number}", "body": "B"}
        client.post(URL, data={**data, "send": "y", "count": "2"})

    data = {"csrf_token": csrf_token(client, URL), "subject": "News 3", "body": "Third"}
    response = client.post(URL, data={**data, "send": "y", "count": "2"})
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert (
        "This event already sent 2 announcements in the last 24 hours, the most it may: send "
        "this one later, or put it together with the next." in text_of(page)
    )
    assert 'value="News 3"' in page
    assert sorted(m["Subject"] for m in mailbox(app)) == ["News 1"] * 2 + ["News 2"] * 2


def test_announce_limit_counts_the_last_24_hours_only(app: Flask) -> None:
    event = make_event()
    account = organiser_of(event)
    db.session.add_all(
        [
            AuditEntry(event_id=event.id, account_id=account.id, actor="a", action="announce"),
            AuditEntry(
                event_id=event.id,
                account_id=account.id,
                actor="a",
                action="announce",
                created_at=utcnow() - timedelta(hours=25),
            ),
            AuditEntry(event_id=event.id, account_id=account.id, actor="a", action="invite"),
        ]
    )
    db.session.flush()

    assert sent_in_last_day(db.session, event) == 1


def test_announce_frames_each_copy_in_its_recipients_language(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    make_participant(event, first_name="Ana", email="ana@example.org")
    make_participant(event, first_name="Élise", email="elise@example.org", language="fr")
    db.session.commit()
    sign_in(client, event)
    data = {"csrf_token": csrf_token(client, URL), "subject": "Bus", "body": "At 8:00."}

    client.post(URL, data={**data, "send": "y", "count": "2"})

    bodies = {m["To"]: m.get_body(("plain",)).get_content() for m in mailbox(app)}
    assert bodies["ana@example.org"].startswith("Dear Ana,\n\nAt 8:00.")
    assert bodies["elise@example.org"].startswith("Bonjour Élise,\n\nAt 8:00.")
