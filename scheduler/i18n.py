"""The languages of the interface and how the language of a request or an email is chosen.

A page speaks the language the person chose with the switch (a cookie), else the first of
ours that their browser asks for, else the default language of the event the page is about.
An email speaks the language of its recipient (``Participant.language``), whoever sent it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale
from flask_babel import gettext as gettext
from flask_babel import lazy_gettext as lazy_gettext
from flask_babel import lazy_ngettext as lazy_ngettext
from flask_babel import ngettext as ngettext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug import Response

from scheduler.extensions import db
from scheduler.models import Event

# The interface languages, each named in its own language for the switch.
LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"
COOKIE = "language"
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def is_language(code: str | None) -> bool:
    return code in LANGUAGES


def _event_language() -> str | None:
    slug = (request.view_args or {}).get("slug")
    if not isinstance(slug, str):
        return None
    loaded = g.get("event_language")  # set by the page's load_event, when it ran first
    if loaded is not None and loaded[0] == slug:
        return loaded[1]
    try:
        return db.session.scalar(select(Event.default_language).where(Event.slug == slug))
    except SQLAlchemyError:  # the error page of an unreachable database still renders
        return None


def select_language() -> str:
    """The language of the current request: chosen, else asked for, else the event's.
    Outside a request (a job, a command) it is the default language."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = request.cookies.get(COOKIE)
    if is_language(chosen):
        return chosen  # type: ignore[return-value]
    asked = request.accept_languages.best_match(LANGUAGES)
    if asked:
        return asked
    event_language = _event_language()
    return event_language if is_language(event_language) else DEFAULT_LANGUAGE


def current_language() -> str:
    """The language in force (a request's, or the one forced for an email)."""
    locale = get_locale()
    return locale.language if locale is not None and is_language(locale.language) else "en"


def current_locale() -> Locale:
    return get_locale() or Locale.parse(DEFAULT_LANGUAGE)


def language_name(code: str) -> str:
    """``code``'s name as a sentence in the language in force says it: 'French', 'français'."""
    return Locale.parse(code).get_language_name(current_locale()) or code


@contextmanager
def language(code: str | None) -> Iterator[None]:
    """Render what is inside (an email, a calendar) in ``code``, whatever the request's."""
    with force_locale(code if is_language(code) else DEFAULT_LANGUAGE):
        yield


def safe_next(target: str | None) -> str:
    """A path of this site to go back to after the switch; anything else is the home page."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in parts.path:
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def remember_language(response: Response, code: str) -> Response:
    """Keep the person's choice in a cookie of its own (signing in or out clears the session,
    not the language)."""
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_MAX_AGE,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def _vary(response: Response) -> Response:
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    babel.init_app(app, locale_selector=select_language)
    # {% trans %} blocks are extracted and looked up with their white space collapsed.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.after_request(_vary)

    @app.context_processor
    def languages() -> dict[str, object]:
        return {"interface_languages": LANGUAGES, "current_language": current_language}
