"""Signing organisers in and out; sessions end for real at logout (session epoch)."""

from __future__ import annotations

import time

from flask import current_app, session
from flask_login import login_user, logout_user
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import OrganiserAccount, utcnow
from scheduler.passwords import hash_password, needs_rehash, verify_password

SIGNED_IN_AT = "signed_in_at"
# Verified against when the email is unknown, so both answers take the same time.
_DUMMY_HASH_PASSWORD = "not-a-real-password"  # noqa: S105
_dummy_hash: str | None = None


def load_account(user_id: str) -> OrganiserAccount | None:
    """Flask-Login loader: the id carries the epoch it was issued under, and a session ends
    at an absolute limit after sign-in however busy it is."""
    account_id, _, epoch = user_id.partition(":")
    if not (account_id.isdigit() and epoch.isdigit()):
        return None
    signed_in_at = session.get(SIGNED_IN_AT)
    limit = current_app.config["ORGANISER_SESSION_MAX_SECONDS"]
    if not isinstance(signed_in_at, int | float) or time.time() - signed_in_at > limit:
        return None
    account = db.session.get(OrganiserAccount, int(account_id))
    if account is None or not account.is_enabled or account.session_epoch != int(epoch):
        return None
    return account


def find_account(email: str) -> OrganiserAccount | None:
    return db.session.scalar(
        select(OrganiserAccount).where(func.lower(OrganiserAccount.email) == email.strip().lower())
    )


def authenticate(email: str, password: str) -> OrganiserAccount | None:
    """Return the enabled account these credentials open, rehashing an outdated hash."""
    global _dummy_hash
    account = find_account(email)
    if account is None or not account.is_enabled:
        if _dummy_hash is None:
            _dummy_hash = hash_password(_DUMMY_HASH_PASSWORD)
        verify_password(_dummy_hash, password)
        return None
    if not verify_password(account.password_hash, password):
        return None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


def sign_in(account: OrganiserAccount) -> None:
    """Start a fresh session for ``account`` (nothing of the anonymous session survives)."""
    session.clear()
    session.permanent = True
    session[SIGNED_IN_AT] = time.time()
    account.last_login_at = utcnow()
    login_user(account)


def sign_out(account: OrganiserAccount) -> None:
    """End this session and every other session of the account."""
    account.session_epoch += 1
    logout_user()
    session.clear()
