"""Rate limits of the abuse-prone forms; the numbers come from the configuration."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from werkzeug.wrappers import Response

from scheduler.extensions import limiter
from scheduler.i18n import lazy_gettext as _l

TOO_MANY = _l("Too many attempts from here. Please wait a few minutes and try again.")


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _failed(response: Response) -> bool:
    """Only failed attempts count: a successful form redirects."""
    return response.status_code != 302


def _submitted_email() -> str:
    return "email:" + request.form.get("email", "").strip().lower()


def login_limits(view: Callable) -> Callable:
    """Failed sign-ins, per client address and per account."""
    view = limiter.limit(
        _configured("LOGIN_RATE_LIMIT"),
        methods=["POST"],
        deduct_when=_failed,
        error_message=TOO_MANY,
    )(view)
    return limiter.limit(
        _configured("LOGIN_RATE_LIMIT"),
        methods=["POST"],
        deduct_when=_failed,
        key_func=_submitted_email,
        error_message=TOO_MANY,
    )(view)


def _succeeded(response: Response) -> bool:
    return response.status_code == 302


# Both forms email a personal link to the address typed in: one count per address for both,
# so that registering again cannot send the links that "send me my link" refuses.
LINK_EMAIL_SCOPE = "link-email"


def _link_emails_per_address(deduct_when: Callable[[Response], bool] | None) -> Callable:
    return limiter.shared_limit(
        _configured("LINK_RATE_LIMIT"),
        scope=LINK_EMAIL_SCOPE,
        methods=["POST"],
        key_func=_submitted_email,
        deduct_when=deduct_when,
        error_message=TOO_MANY,
    )


def signup_limits(view: Callable) -> Callable:
    """Registrations per client address, and link emails per email address; a form sent
    back with errors does not count (a shared office or kiosk makes mistakes too)."""
    view = limiter.limit(
        _configured("SIGNUP_RATE_LIMIT"),
        methods=["POST"],
        deduct_when=_succeeded,
        error_message=TOO_MANY,
    )(view)
    return _link_emails_per_address(_succeeded)(view)


def link_limits(view: Callable) -> Callable:
    """Link emails per client address, and per email address so that nobody's inbox can be
    flooded from many addresses."""
    view = limiter.limit(_configured("LINK_RATE_LIMIT"), methods=["POST"], error_message=TOO_MANY)(
        view
    )
    return _link_emails_per_address(None)(view)
