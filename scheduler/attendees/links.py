"""Emailed access links: signed, purpose-bound, expiring and single use."""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import update

from scheduler.extensions import db
from scheduler.i18n import gettext
from scheduler.models import Participant
from scheduler.models.people import new_nonce

ACCESS_SALT = "participant-access"
ACCESS_MAX_AGE_SECONDS = 72 * 3600


class LinkInvalid(Exception):
    """The link is forged, for another purpose, already used or expired; the message says which
    in words an attendee understands."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=ACCESS_SALT)


def make_access_token(participant: Participant) -> str:
    """A token that opens the participant's portal once."""
    return _serializer().dumps({"p": participant.id, "n": participant.access_nonce})


def access_url(participant: Participant) -> str:
    """The full URL of a fresh access link, for an email."""
    return url_for(
        "attendee.access",
        slug=participant.event.slug,
        token=make_access_token(participant),
        _external=True,
    )


def _payload(token: str) -> dict[str, object]:
    try:
        payload = _serializer().loads(token, max_age=ACCESS_MAX_AGE_SECONDS)
    except SignatureExpired:
        raise LinkInvalid(gettext("This link has expired.")) from None
    except BadSignature:
        raise LinkInvalid(gettext("This link is not valid.")) from None
    if not isinstance(payload, dict) or not {"p", "n"} <= payload.keys():
        raise LinkInvalid(gettext("This link is not valid."))
    return payload


def check_access_token(token: str, event_id: int) -> Participant:
    """The participant a still-usable token opens, without using it up (opening the link in a
    browser, or a mail scanner fetching it, changes nothing)."""
    payload = _payload(token)
    participant = db.session.get(Participant, payload["p"])
    if participant is None or participant.event_id != event_id or participant.anonymised_at:
        raise LinkInvalid(gettext("This link is not valid."))
    if participant.access_nonce != payload["n"]:
        raise LinkInvalid(gettext("This link has already been used."))
    return participant


def redeem_access_token(token: str, event_id: int) -> Participant:
    """Check the token and use it up by rotating the nonce with a conditional update; only one
    of two concurrent uses can succeed."""
    payload = _payload(token)
    result = db.session.execute(
        update(Participant)
        .where(
            Participant.id == payload["p"],
            Participant.event_id == event_id,
            Participant.access_nonce == payload["n"],
            Participant.anonymised_at.is_(None),
        )
        .values(access_nonce=new_nonce())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LinkInvalid(gettext("This link has already been used."))
    participant = db.session.get(Participant, payload["p"])
    db.session.refresh(participant)
    return participant
