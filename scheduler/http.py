"""HTTP-level behaviour shared by every page: security headers and error pages."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException

from scheduler import logredact
from scheduler.i18n import gettext
from scheduler.unit_of_work import discard

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("HTTPS") or request.is_secure:
        response.headers.setdefault(
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
        )
    return response


def no_store(response: Response) -> Response:
    """For pages with personal data: browsers and proxies keep no copy (unless the view
    chose a private policy of its own, as the calendar feed does for its ETag)."""
    if not response.headers.get("Cache-Control", "").startswith("private"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _refuse_nul() -> None:
    """No text we keep may hold NUL (PostgreSQL refuses it, and nobody types it): refuse it
    at the edge, in the path, the query and the form, before any view reads it."""
    values = [request.path]
    # Every value of a repeated key (a list of ticks, `?country=FR&country=DE`), not the first.
    for data in (request.args, request.form):
        for name, given in data.lists():
            values += [name, *given]
    if any("\x00" in value for value in values):
        abort(
            400,
            description=gettext("The request contains a NUL character, which is never valid."),
        )


def calendar_response(data: bytes, filename: str) -> Response:
    """An iCalendar file to download or to import into a calendar."""
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _http_error(error: HTTPException) -> Response:
    """Our page, with the error's own headers (a 405 keeps its Allow header)."""
    response = error.get_response()
    # Werkzeug's own explanation is English: the page says it in the reader's language.
    generic = error.description == type(error).description
    response.set_data(render_template("errors/http.html", error=error, generic=generic))
    response.mimetype = "text/html"
    return response


def _csrf_failed(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/csrf.html"), 400


def _database_unavailable(error: OperationalError | PendingRollbackError) -> tuple[str, int]:
    discard()
    return render_template("errors/unavailable.html"), 503


def _server_error(error: Exception) -> tuple[str, int]:
    discard()
    return render_template("errors/server.html"), 500


def init_app(app: Flask) -> None:
    """Attach the headers and the error pages to ``app``."""
    logredact.install(app.logger.name)
    # First of all: before the CSRF check and the rate limits read the request.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_nul)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_failed)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    # The connection was lost earlier in this request (a statement failed and was handled,
    # such as the language lookup): what the request did is gone, so it is the same answer.
    app.register_error_handler(PendingRollbackError, _database_unavailable)
    app.register_error_handler(500, _server_error)
