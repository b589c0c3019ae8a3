"""Helpers for organiser tests: an organiser account with a role in an event, signed in."""

from __future__ import annotations

import html as html_module
import re

from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import Event, EventRole, EventRoleKind, OrganiserAccount
from scheduler.passwords import hash_password
from tests.web import post_form

PASSWORD = "correct horse battery staple"


def organiser_of(*events: Event, email: str = "org@example.org") -> OrganiserAccount:
    """An account that owns ``events``, committed."""
    account = OrganiserAccount(email=email, password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER) for event in events]
    db.session.add(account)
    db.session.commit()
    return account


def sign_in(client: FlaskClient, *events: Event, email: str = "org@example.org") -> None:
    """Create the organiser of ``events`` and sign them in on ``client``."""
    organiser_of(*events, email=email)
    response = post_form(client, "/organiser/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302


def text_of(page: str) -> str:
    """The page's text, tags removed and white space collapsed."""
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", page)).split())
