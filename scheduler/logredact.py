"""Access tokens never reach a log: the request lines that the development server and
gunicorn log carry the personal link's token in their path, and so do the errors that
gunicorn and Flask log with the path of the request that failed."""

from __future__ import annotations

import logging
import re

# The path of a personal access link: /events/<slug>/access/<token>
TOKEN_IN_PATH = re.compile(r"(/access/)[^\s/?\"]+")
REDACTED = r"\1[token]"
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


class RedactTokens(logging.Filter):
    """Rewrite a record whose message holds an access token, token replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = TOKEN_IN_PATH.sub(REDACTED, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install(app_logger: str) -> None:
    """Attach the filter to the access loggers and the app's own, once per process."""
    for name in (*ACCESS_LOGGERS, app_logger):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
