"""Development mailbox: the .eml files written when no SMTP server is configured."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from scheduler.mail.delivery import mailbox_path

blueprint = Blueprint("mailbox", __name__, url_prefix="/dev/mailbox")
_URL = re.compile(r"https?://[^\s<>\"]+")


def _linkify(text: str) -> Markup:
    """Escape ``text`` and make its URLs clickable."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


@blueprint.before_request
def _only_when_enabled() -> None:
    if not current_app.config.get("DEV_MAILBOX"):
        abort(404)


@blueprint.after_request
def _no_store(response: Response) -> Response:
    """The emails hold personal data and access links: browsers keep no copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/")
def inbox() -> str:
    messages = []
    folder = mailbox_path(current_app)
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in files[:100]:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))
        messages.append(
            {
                "to": message["To"],
                "subject": message["Subject"],
                "date": message["Date"],
                "lines": [
                    _linkify(line) for line in (body.get_content() if body else "").splitlines()
                ],
            }
        )
    return render_template("mailbox/inbox.html", messages=messages)
