"""Organisers' changes go into the event's log, shown on the log page and on the page of
the participant concerned."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler import jobs
from scheduler.extensions import db
from scheduler.models import AuditEntry, OutboxEmail, OutboxStatus, ParticipantStatus
from tests.agenda.scene import small_event
from tests.factories import make_agenda_item, make_event, make_participant
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token

BASE = "/organiser/events/pic"


def _rows() -> list[tuple[str, str, int | None, str]]:
    return [
        (e.actor, e.action, e.participant_id, e.detail)
        for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    ]


def test_audit_participant_decisions_are_logged(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    pia = make_participant(
        event, first_name="Pia", last_name="Pole", status=ParticipantStatus.PENDING
    )
    ben = make_participant(event, first_name="Ben", last_name="Bauer")
    db.session.commit()
    sign_in(client, event)
    page = f"{BASE}/registrations/{pia.id}"
    token = csrf_token(client, page)
    client.post(f"{page}/approve", data={"csrf_token": token})
    client.post(f"{page}/approve", data={"csrf_token": token})  # refused: not pending any more
    client.post(f"{page}/send-link", data={"csrf_token": token})
    client.post(f"{BASE}/registrations/{ben.id}/withdraw", data={"csrf_token": token})
    assert _rows() == [
        ("org@example.org", "approve", pia.id, ""),
        ("org@example.org", "send_link", pia.id, ""),
        ("org@example.org", "withdraw", ben.id, ""),
    ]
    text = text_of(client.get(page).get_data(as_text=True))
    assert "Organisers' changes" in text
    assert "org@example.org Approved the registration Pia Pole" in text
    assert "Withdrew" not in text
    log = text_of(client.get(f"{BASE}/log").get_data(as_text=True))
    assert "org@example.org Withdrew on the participant's behalf Ben Bauer" in log


def test_audit_email_changes_are_logged(app: Flask, client: FlaskClient, mail_dir: object) -> None:
    event = make_event(slug="pic")
    db.session.add(
        OutboxEmail(
            event_id=event.id,
            recipient="a@example.org",
            subject="S",
            body_text="x",
            status=OutboxStatus.FAILED,
        )
    )
    db.session.commit()
    sign_in(client, event)
    token = csrf_token(client, f"{BASE}/emails/")
    client.post(f"{BASE}/emails/retry", data={"csrf_token": token})
    client.post(f"{BASE}/emails/retry", data={"csrf_token": token})  # none left: not logged
    client.post(f"{BASE}/emails/reminders", data={"csrf_token": token, "send": "y"})
    assert _rows() == [
        ("org@example.org", "retry_emails", None, "1 email(s)"),
        ("org@example.org", "reminders", None, "on"),
    ]


def test_audit_log_page_when_empty(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    assert "No change recorded yet." in text_of(client.get(f"{BASE}/log").get_data(as_text=True))


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Runs and publications handed to background processes (tested in test_jobs)."""
    calls: list[int] = []
    monkeypatch.setattr(jobs, "launch", lambda app, run_id: calls.append(run_id))
    monkeypatch.setattr(jobs, "notify_later", lambda app, log_id: None)
    return calls


def test_audit_schedule_changes_are_logged(
    app: Flask, client: FlaskClient, background: list[int]
) -> None:
    scene = small_event()
    sign_in(client, scene.event)
    console = "/organiser/events/pic/schedule/"
    token = csrf_token(client, console)
    client.post(
        f"{console}sessions/{scene.session.id}/generate",
        data={"csrf_token": token, "time_limit": "20"},
    )
    client.post(f"{console}runs/{background[0]}/cancel", data={"csrf_token": token})
    client.post(f"{console}publish", data={"csrf_token": token})
    assert _rows() == [
        ("org@example.org", "generate", None, scene.session.name),
        ("org@example.org", "cancel_run", None, f"run {background[0]}"),
        ("org@example.org", "publish", None, "2 added, 0 moved, 0 removed"),
    ]


def test_log_records_the_set_up_changes(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    url = "/organiser/events/pic/questions"
    client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "kind": "text",
            "label_en": "Name on the badge",
            "label_fr": "",
        },
    )
    item = make_agenda_item(event, title_en="", title_fr="Ouverture")
    db.session.commit()
    client.post(
        f"/organiser/events/pic/programme/{item.id}/delete",
        data={"csrf_token": csrf_token(client, url)},
    )

    log = text_of(client.get("/organiser/events/pic/log").get_data(as_text=True))

    assert "Added a registration question Name on the badge" in log
    assert "Deleted a programme item Ouverture" in log
