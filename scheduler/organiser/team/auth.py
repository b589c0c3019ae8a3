"""Signed, expiring links that invite someone to join an event's team."""

from __future__ import annotations

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from scheduler.models import TeamInvitation

INVITATION_SALT = "team-invitation"
INVITATION_MAX_AGE_SECONDS = 7 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def invitation_token(invitation: TeamInvitation) -> str:
    return _serializer().dumps({"i": invitation.id, "n": invitation.nonce})


def invitation_url(invitation: TeamInvitation) -> str:
    return url_for("team.join", token=invitation_token(invitation), _external=True)


def read_invitation_token(token: str) -> tuple[int, str] | None:
    """The invitation id and nonce a link carries, or None when it is forged or expired."""
    try:
        payload = _serializer().loads(token, max_age=INVITATION_MAX_AGE_SECONDS)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(payload, dict):
        return None
    invitation_id, nonce = payload.get("i"), payload.get("n")
    if not isinstance(invitation_id, int) or not isinstance(nonce, str):
        return None
    return invitation_id, nonce
