"""What the export gives and the erasure removes: meetings and emails in the export; emails
to and about the person and an organisation only they used gone after erasure; and a guard
that fails when a new column or table of personal data (pointing at a participant, their
organisation or their emails) is not decided for both."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Meeting, MeetingRequest, Organisation, OutboxEmail, Participant
from tests.attendees import ready_event, registered
from tests.web import csrf_token, post_form

# Every column of the tables that hold a participant's data, with what export and erasure do
# with it. A new column or a new table pointing at a participant fails the guard below until
# it is decided here (and in scheduler/registration/privacy.py).
DECIDED: dict[str, dict[str, str]] = {
    "participant": {
        "id": "key",
        "event_id": "key",
        "organisation_id": "exported as organisation; unlinked, organisation deleted if unused",
        "first_name": "exported; replaced",
        "last_name": "exported; replaced",
        "email": "exported; replaced",
        "phone": "exported; emptied",
        "job_title": "exported; emptied",
        "participant_type": "exported; kept (not personal)",
        "offer_text": "exported; emptied",
        "seek_text": "exported; emptied",
        "search_text": "derived by the database from the fields above, not exported",
        "directory_visibility": "exported; set to nobody",
        "status": "exported; withdrawn",
        "max_meetings": "kept (a setting)",
        "language": "exported as email_language; kept (a setting)",
        "access_nonce": "secret, not exported; replaced",
        "session_epoch": "secret, not exported; raised",
        "calendar_token": "secret, exported as a yes/no; removed",
        "calendar_etag": "derived, not exported; emptied",
        "calendar_changed_at": "derived, not exported",
        "created_at": "exported as registered_at",
        "updated_at": "technical",
        "anonymised_at": "set by erasure",
    },
    "consent": {
        "id": "key",
        "participant_id": "key",
        "kind": "exported",
        "text_version": "exported",
        "given_at": "exported",
        "withdrawn_at": "exported; set",
    },
    "participant_interest": {"participant_id": "key", "interest": "exported; deleted"},
    "participant_language": {"participant_id": "key", "code": "exported; deleted"},
    "unavailability": {"participant_id": "key", "slot_id": "exported; deleted"},
    "session_signup": {
        "id": "key",
        "participant_id": "key",
        "agenda_item_id": "exported as title",
        "status": "exported; cancelled",
        "calendar_sequence": "technical",
        "created_at": "technical",
    },
    "meeting_request": {
        "id": "key",
        "event_id": "key",
        "requester_id": "key",
        "recipient_id": "key",
        "message": "exported; emptied for the requester",
        "priority": "exported",
        "status": "exported; cancelled",
        "expires_at": "technical",
        "responded_at": "technical",
        "created_at": "exported",
        "pair_key": "key",
        "cancelled_by_requester": "technical",
    },
    "meeting_participant": {
        "meeting_id": "key",
        "participant_id": "key",
        "slot_id": "exported as published_start; cleared by cancellation",
    },
    "audit_entry": {
        "id": "key",
        "event_id": "key",
        "account_id": "the organiser's, not the participant's",
        "actor": "the organiser's email, not the participant's",
        "action": "what an organiser did; kept, pointing at the anonymised row",
        "participant_id": "key",
        "detail": "never names the participant (record() calls pass none for them)",
        "created_at": "technical",
    },
    "registration_answer": {
        "id": "key",
        "event_id": "key",
        "participant_id": "key",
        "question_id": "exported as the question",
        "value": "exported as the answer; deleted",
    },
    "b2b_table": {
        "id": "key",
        "session_id": "key",
        "number": "not personal",
        "label": "not personal",
        "reserved_for_id": "a booth host: the row is kept, the person anonymised",
    },
    # Reached by the participant's organisation_id, and by their address and name.
    "organisation": {
        "id": "key",
        "name": "exported; deleted with the organisation when nobody else uses it",
        "type": "exported; as name",
        "country": "exported; as name",
        "city": "exported; as name",
        "website": "exported; as name",
        "description": "exported; as name",
    },
    "organisation_sector": {"organisation_id": "key", "sector_id": "exported; as name"},
    "outbox_email": {
        "id": "key",
        "event_id": "key",
        "recipient": "selects the emails exported (to them); deleted with the email",
        "subject": "exported; deleted with the email (to them, or naming them)",
        "body_text": "exported as text; as subject",
        "body_html": "the same text as body_text; as subject",
        "dedupe_key": "technical",
        "message_id": "technical",
        "status": "exported",
        "attempts": "technical",
        "next_attempt_at": "technical",
        "last_error": "technical",
        "created_at": "exported as queued_at",
        "sent_at": "exported",
    },
    "outbox_attachment": {
        "id": "key",
        "email_id": "key",
        "filename": "exported; deleted with the email",
        "content_type": "technical",
        "data": "deleted with the email",
    },
}
# Tables that point at these only to share them, holding nobody's personal data.
SHARING = {"event": "an event hosted by an organisation"}


def _pointing_at(targets: set[str]) -> set[str]:
    """The tables with a foreign key to one of `targets`."""
    return {
        name
        for name, table in db.metadata.tables.items()
        for column in table.columns
        for key in column.foreign_keys
        if key.column.table.name in targets
    }


def test_personal_data_every_column_is_decided(app: Flask) -> None:
    tables = db.metadata.tables
    holding = {"participant", "organisation", "outbox_email"}
    reached = (_pointing_at(holding) | holding) - set(SHARING)
    assert sorted(reached) == sorted(DECIDED)
    assert {name: sorted(c.name for c in tables[name].columns) for name in DECIDED} == {
        name: sorted(columns) for name, columns in DECIDED.items()
    }


def _pair(app: Flask) -> tuple[FlaskClient, FlaskClient, Participant, Participant]:
    ready_event()
    ana_client, ben_client = app.test_client(), app.test_client()
    ana = registered(app, ana_client, "ana@example.org", organisation_name="Ana Agritech")
    ben = registered(app, ben_client, "ben@example.org", first_name="Ben", last_name="Rossi")
    post_form(
        ana_client, f"/events/pic/participants/{ben.id}", {"message": "Robots?", "priority": "3"}
    )
    request_id = db.session.scalar(select(MeetingRequest.id))
    token = csrf_token(ben_client, "/events/pic/me")
    ben_client.post(f"/events/pic/me/requests/{request_id}/accept", data={"csrf_token": token})
    db.session.expire_all()
    return ana_client, ben_client, ana, ben


def test_personal_data_export_holds_meetings_and_emails(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, _ = _pair(app)

    data = json.loads(ana_client.get("/events/pic/me/export.json").get_data(as_text=True))

    assert data["meetings"] == [
        {
            "with": ["Ben Rossi"],
            "status": "unscheduled",
            "published_start": None,
            "published_table": None,
        }
    ]
    assert [e["subject"] for e in data["emails"]] == [
        "Your registration for Plant InterCluster 2027",
        "Ben Rossi accepted your meeting request",
    ]
    assert data["calendar_subscription"] is False
    assert data["organisation"] == {
        "name": "Ana Agritech",
        "type": "company",
        "country": "PT",
        "city": "Vila Real",
        "website": "https://douro-robotics.example",
        "description": "",
        "sectors": ["Precision viticulture", "Robotics", "Winegrowing"],
    }


def test_personal_data_erasure_removes_emails_about_them_and_their_organisation(
    app: Flask, mail_dir: object
) -> None:
    ana_client, _, ana, _ = _pair(app)
    organisation_id = ana.organisation_id

    post_form(ana_client, "/events/pic/me/delete", {})

    db.session.expire_all()
    left = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert [(e.recipient, e.subject) for e in left] == [
        ("ben@example.org", "Your registration for Plant InterCluster 2027"),
        ("ben@example.org", "Deleted participant cancelled a meeting request"),
    ]
    assert all("Ana" not in e.body_text for e in left)
    assert db.session.get(Organisation, organisation_id) is None
    assert db.session.scalar(select(Meeting.status)).value == "cancelled"
