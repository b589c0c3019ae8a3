"""Rate limits of the abuse-prone forms; the numbers come from the configuration."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError
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


LOGIN_ADDRESS_SCOPE = "login-address"
LOGIN_ACCOUNT_SCOPE = "login-account"


def _login_limits() -> list[RateLimitItem]:
    return parse_many(current_app.config["LOGIN_RATE_LIMIT"])


# Counters kept by this process alone while the shared storage (Redis) cannot be reached:
# sign-ins stay limited (per worker) rather than failing or going unlimited.
_FALLBACK = MovingWindowRateLimiter(MemoryStorage())


def _counting(method: str, *args: object) -> object:
    """``limiter.limiter.<method>(*args)``, or the fallback counters when storage is down."""
    try:
        return getattr(limiter.limiter, method)(*args)
    except (RedisError, ConnectionError, OSError) as error:
        current_app.logger.error("rate-limit storage unavailable, counting in memory: %s", error)
        return getattr(_FALLBACK, method)(*args)


def _exhausted(scope: str, key: str) -> bool:
    return any(not _counting("test", item, scope, key) for item in _login_limits())


def _has_failures(scope: str, key: str) -> bool:
    return any(
        _counting("get_window_stats", item, scope, key).remaining < item.amount
        for item in _login_limits()
    )


def _count_failure(address: str, account: str) -> None:
    for item in _login_limits():
        _counting("hit", item, LOGIN_ADDRESS_SCOPE, address)
        _counting("hit", item, LOGIN_ACCOUNT_SCOPE, account)


def login_limits(view: Callable[..., ResponseReturnValue]) -> Callable[..., Response]:
    """Failed sign-ins, counted per client address and per account (the email typed in).

    An address past its limit is refused before the password is checked. An account past
    its limit is locked for the addresses that failed recently only: the right password is
    still accepted from an address with no recent failure, so strangers cannot lock the
    owner out, while each further guess at a locked account costs the attacker a fresh
    address (one guess per address per window of the limit)."""

    @functools.wraps(view)
    def limited(*args: object, **kwargs: object) -> Response:
        if request.method != "POST" or not current_app.config.get("RATELIMIT_ENABLED", True):
            return current_app.make_response(view(*args, **kwargs))
        address, account = get_remote_address(), _submitted_email()
        if _exhausted(LOGIN_ADDRESS_SCOPE, address) or (
            _exhausted(LOGIN_ACCOUNT_SCOPE, account) and _has_failures(LOGIN_ADDRESS_SCOPE, address)
        ):
            abort(429, description=TOO_MANY)
        response = current_app.make_response(view(*args, **kwargs))
        if _failed(response):
            _count_failure(address, account)
        return response

    return limited


def _succeeded(response: Response) -> bool:
    return response.status_code == 302


# Both forms email a personal link to the address typed in: one count per address for both,
# so that registering again cannot send the links that "send me my link" refuses.
LINK_EMAIL_SCOPE = "link-email"


def _per_address_limits() -> str:
    """The short-window limit and the daily cap of link emails to one address."""
    config = current_app.config
    return f"{config['LINK_RATE_LIMIT']};{config['LINK_RECIPIENT_RATE_LIMIT']}"


def _link_emails_per_address(deduct_when: Callable[[Response], bool] | None) -> Callable:
    return limiter.shared_limit(
        _per_address_limits,
        scope=LINK_EMAIL_SCOPE,
        methods=["POST"],
        key_func=_submitted_email,
        deduct_when=deduct_when,
        error_message=TOO_MANY,
    )


NOT_SAVED = "Your registration was not saved: please try again later."


def _submitted_domain() -> str:
    return request.form.get("email", "").strip().lower().rpartition("@")[2].rstrip(".")


def _too_many_for_domain() -> str:
    return f"Too many registrations for addresses at {_submitted_domain()} in the last hour. " + (
        NOT_SAVED
    )


def _registration_emails_capped(view: Callable) -> Callable:
    """Caps on the emails registrations send, whoever sends them: per email domain (nobody
    floods one company from many addresses) and for the whole site (the mail server's
    reputation survives a distributed attack)."""
    view = limiter.limit(
        _configured("SIGNUP_DOMAIN_RATE_LIMIT"),
        scope="signup-email-domain",
        methods=["POST"],
        key_func=lambda: "domain:" + _submitted_domain(),
        deduct_when=_succeeded,
        error_message=_too_many_for_domain,
    )(view)
    return limiter.limit(
        _configured("SIGNUP_GLOBAL_RATE_LIMIT"),
        scope="signup-email-site",
        methods=["POST"],
        key_func=lambda: "site",
        deduct_when=_succeeded,
        error_message="Too many registrations in the last hour. " + NOT_SAVED,
    )(view)


def signup_limits(view: Callable) -> Callable:
    """Registrations per client address, and link emails per email address, per domain and
    for the whole site; a form sent back with errors does not count (a shared office or
    kiosk makes mistakes too)."""
    view = limiter.limit(
        _configured("SIGNUP_RATE_LIMIT"),
        methods=["POST"],
        deduct_when=_succeeded,
        error_message=TOO_MANY,
    )(view)
    view = _registration_emails_capped(view)
    return _link_emails_per_address(_succeeded)(view)


def link_limits(view: Callable) -> Callable:
    """Link emails per client address, and per email address so that nobody's inbox can be
    flooded from many addresses."""
    view = limiter.limit(_configured("LINK_RATE_LIMIT"), methods=["POST"], error_message=TOO_MANY)(
        view
    )
    return _link_emails_per_address(None)(view)
