"""The attendee's browser session, opened by an emailed link."""

from __future__ import annotations

from flask import abort, session

from scheduler.extensions import db
from scheduler.models import Event, Participant

SESSION_KEY = "attendee"


def sign_in_attendee(participant: Participant) -> None:
    """Start a fresh session for ``participant`` and end every session opened before: a new
    link is how a person takes their space back from a lost device or a copied cookie."""
    participant.session_epoch += 1
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = {"id": participant.id, "epoch": participant.session_epoch}


def sign_out_attendee(participant: Participant | None = None) -> None:
    """End this browser's session; with ``participant``, also every other session of theirs
    (a copied cookie, another device): the epoch they were issued under no longer counts."""
    if participant is not None:
        participant.session_epoch += 1
    session.pop(SESSION_KEY, None)


def current_attendee(event: Event) -> Participant | None:
    """The signed-in participant of ``event``, or None (other events' sessions do not count)."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    participant = db.session.get(Participant, data.get("id"))
    if (
        participant is None
        or participant.event_id != event.id
        or participant.session_epoch != data.get("epoch")
        or participant.anonymised_at is not None
    ):
        return None
    return participant


def require_attendee(event: Event, *, active: bool = True) -> Participant:
    """The signed-in participant, or 403; ``active`` also refuses a withdrawn participant."""
    participant = current_attendee(event)
    if participant is None or (active and not participant.is_active):
        abort(403)
    return participant
