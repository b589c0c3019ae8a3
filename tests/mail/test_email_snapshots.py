"""Snapshots of the plain-text emails, rendered by the functions that queue them.

Each email is kept as a .txt file under ``__snapshots__/test_email_snapshots/``, so a change
to a template shows in review as the attendee will read it. After an intended change, refresh
the files with ``pytest tests/mail/test_email_snapshots.py --snapshot-update`` and review the
diff before committing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from scheduler.extensions import db
from scheduler.matchmaking.emails import queue_request_email
from scheduler.models import (
    AgendaItem,
    Event,
    MeetingRequest,
    OutboxEmail,
    Participant,
    RequestStatus,
    SessionSignup,
)
from scheduler.registration.emails import queue_access_link, queue_promoted, queue_seat_email
from tests.factories import make_agenda_item, make_event, make_organisation, make_participant, paris

# The signed token changes with the time and the participant's nonce; the rest must not.
ACCESS_TOKEN = re.compile(r"(/access/)[^\s/]+")


class EmailText(SingleFileSnapshotExtension):
    """One plain .txt file per email."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def email_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(EmailText)


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    """The queueing functions build external links, as they do while serving a request."""
    with app.test_request_context():
        yield


def queued_email() -> str:
    """The one queued email as headers and body, with the access token normalised."""
    (email,) = db.session.scalars(select(OutboxEmail)).all()
    text = f"To: {email.recipient}\nSubject: {email.subject}\n\n{email.body_text}"
    return ACCESS_TOKEN.sub(r"\1<token>", text)


@pytest.fixture
def event(app: Flask) -> Event:
    return make_event(
        slug="pic",
        name="Plant InterCluster 2027",
        sender_name="Plant InterCluster secretariat",
    )


@pytest.fixture
def ana(event: Event) -> Participant:
    return make_participant(
        event,
        first_name="Ana",
        last_name="Silva",
        email="ana@douro-robotics.example",
        job_title="R&D manager",
        organisation=make_organisation(name="Douro Vineyard Robotics", country="PT"),
    )


@pytest.fixture
def ben(event: Event) -> Participant:
    return make_participant(
        event,
        first_name="Ben",
        last_name="Keller",
        email="ben@agrodrone.example",
        job_title="Head of sales",
        organisation=make_organisation(name="AgroDrone Systems", country="DE"),
    )


@pytest.fixture
def workshops(event: Event) -> list[AgendaItem]:
    return [
        make_agenda_item(
            event,
            title="Biocontrol workshop",
            room="Room Loire",
            starts_at=paris(9, 10),
            ends_at=paris(9, 12),
        ),
        make_agenda_item(
            event,
            title="Field robotics workshop",
            room="Room Maine",
            starts_at=paris(10, 14),
            ends_at=paris(10, 16),
        ),
    ]


def test_email_access_link_registered_lists_seats_and_waiting_lists(
    request_context: None,
    ana: Participant,
    workshops: list[AgendaItem],
    email_snapshot: SnapshotAssertion,
) -> None:
    seat, full = workshops
    db.session.add(SessionSignup(participant=ana, agenda_item=seat))
    db.session.flush()
    queue_access_link(ana, "registered", seats=[seat], waitlisted=[full])
    assert queued_email() == email_snapshot


@pytest.mark.parametrize("reason", ["again", "duplicate"])
def test_email_access_link(
    request_context: None, ana: Participant, reason: str, email_snapshot: SnapshotAssertion
) -> None:
    queue_access_link(ana, reason)
    assert queued_email() == email_snapshot


def test_email_promoted(
    request_context: None,
    ana: Participant,
    workshops: list[AgendaItem],
    email_snapshot: SnapshotAssertion,
) -> None:
    db.session.add(SessionSignup(participant=ana, agenda_item=workshops[0]))
    db.session.flush()
    queue_promoted(ana, workshops[0])
    assert queued_email() == email_snapshot


def _request(event: Event, requester: Participant, recipient: Participant, **fields: object):
    meeting_request = MeetingRequest(
        event=event,
        requester=requester,
        recipient=recipient,
        message="We test drones over vineyards in Saxony; could your robots share our trial sites?",
        **fields,
    )
    db.session.add(meeting_request)
    db.session.flush()
    return meeting_request


def test_email_request_received_with_expiry(
    request_context: None,
    event: Event,
    ana: Participant,
    ben: Participant,
    email_snapshot: SnapshotAssertion,
) -> None:
    meeting_request = _request(event, ben, ana, expires_at=datetime(2027, 3, 2, 17, tzinfo=UTC))
    queue_request_email("received", meeting_request, ana)
    assert queued_email() == email_snapshot


def test_email_request_received_accepted_automatically(
    request_context: None,
    event: Event,
    ana: Participant,
    ben: Participant,
    email_snapshot: SnapshotAssertion,
) -> None:
    meeting_request = _request(event, ben, ana, status=RequestStatus.ACCEPTED)
    queue_request_email("received", meeting_request, ana)
    assert queued_email() == email_snapshot


@pytest.mark.parametrize("kind", ["accepted", "declined", "cancelled"])
def test_email_request_answered(
    request_context: None,
    event: Event,
    ana: Participant,
    ben: Participant,
    kind: str,
    email_snapshot: SnapshotAssertion,
) -> None:
    meeting_request = _request(event, ben, ana, status=RequestStatus(kind))
    queue_request_email(kind, meeting_request, ben)
    assert queued_email() == email_snapshot


@pytest.mark.parametrize("taken", [True, False])
def test_email_seat(
    request_context: None,
    ana: Participant,
    workshops: list[AgendaItem],
    taken: bool,
    email_snapshot: SnapshotAssertion,
) -> None:
    db.session.add(SessionSignup(participant=ana, agenda_item=workshops[0]))
    db.session.flush()
    queue_seat_email(ana, workshops[0], taken=taken)
    assert queued_email() == email_snapshot
