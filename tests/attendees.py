"""Helpers for attendee tests: a ready event, registering through the form, reading mail."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.mail.delivery import mailbox_path
from scheduler.models import AgendaItem, AgendaItemKind, DirectoryVisibility, Event, Participant
from tests.factories import make_agenda_item, make_event, make_session, paris
from tests.web import csrf_token, post_form

LINK = re.compile(r"http://localhost(/events/[^/\s]+/access/\S+)")


def ready_event(**fields: object) -> Event:
    """An open event with two sign-up workshops and a B2B session of three slots."""
    event = make_event(slug="pic", name="Plant InterCluster 2027", **fields)
    make_agenda_item(
        event,
        title="Biocontrol workshop",
        capacity=2,
        requires_signup=True,
        kind=AgendaItemKind.WORKSHOP,
        starts_at=paris(9, 10),
        ends_at=paris(9, 12),
    )
    make_agenda_item(
        event,
        title="Opening plenary",
        kind=AgendaItemKind.PLENARY,
        starts_at=paris(9, 9),
        ends_at=paris(9, 10),
    )
    make_session(event, tables=5)
    db.session.commit()
    return event


def parallel_workshop(event: Event) -> AgendaItem:
    """A second sign-up workshop overlapping the ready event's Biocontrol workshop."""
    item = make_agenda_item(
        event,
        title="Parallel workshop",
        capacity=5,
        requires_signup=True,
        starts_at=paris(9, 11),
        ends_at=paris(9, 13),
    )
    db.session.commit()
    return item


def registration_data(email: str, **overrides: str | list[str]) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "first_name": "Ana",
        "last_name": "Silva",
        "email": email,
        "phone": "+351 912 345 678",
        "job_title": "R&D manager",
        "participant_type": "delegate",
        "organisation_id": "0",
        "organisation_name": "Douro Vineyard Robotics",
        "organisation_type": "company",
        "country": "PT",
        "city": "Vila Real",
        "website": "https://douro-robotics.example",
        "sectors": ["winegrowing"],
        "tags": "Robotics, Precision viticulture",
        "offer_text": "Vineyard robotics for pruning and spraying",
        "seek_text": "Drone-based vineyard monitoring; field trial sites",
        "interests": ["technology", "eu_consortium"],
        "languages": ["en", "pt"],
        "directory_visibility": "participants",
        "directory_consent": "y",
        "privacy": "y",
    }
    data.update(overrides)
    return data


def register(client: FlaskClient, email: str, **overrides: str | list[str]):
    return post_form(client, "/events/pic/register", registration_data(email, **overrides))


def mailbox(app: Flask) -> list[EmailMessage]:
    """Emails delivered to the development mailbox, oldest first."""
    folder: Path = mailbox_path(app)
    files = sorted(folder.glob("*.eml"), key=lambda p: int(p.stem.split("-")[1]))
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]


def clear_mailbox(app: Flask) -> None:
    for path in mailbox_path(app).glob("*.eml"):
        path.unlink()


def last_link(app: Flask, recipient: str) -> str:
    """The access link in the newest email to ``recipient``."""
    for message in reversed(mailbox(app)):
        if message["To"] == recipient:
            match = LINK.search(message.get_body(("plain",)).get_content())
            assert match, "no link in the email"
            return match.group(1)
    raise AssertionError(f"no email to {recipient}")


def open_link(client: FlaskClient, link: str):
    """Open an emailed link and press its button, as a person does."""
    token = csrf_token(client, link)
    return client.post(link, data={"csrf_token": token})


def sign_in(app: Flask, client: FlaskClient, email: str) -> None:
    response = open_link(client, last_link(app, email))
    assert response.status_code == 302


def registered(
    app: Flask, client: FlaskClient, email: str, **overrides: str | list[str]
) -> Participant:
    """Register through the form and open the emailed link; return the participant."""
    posted = registration_data(email, **overrides)
    response = register(client, email, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)
    sign_in(app, client, email)
    db.session.expire_all()
    participant = db.session.query(Participant).filter_by(email=email).one()
    assert participant.directory_visibility == DirectoryVisibility(posted["directory_visibility"])
    return participant
