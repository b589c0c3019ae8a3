"""What production needs from the configuration: the warnings of the gunicorn start-up and
the report of ``cluster-scheduler check-config``. Plain settings in, plain text out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from scheduler.config import DEFAULT_UID_DOMAIN, SECRET_KEY_FILE


def workers_without_redis(workers: int, redis_url: str) -> str | None:
    """The warning for several gunicorn workers that keep their rate-limit counters in
    memory, each for itself; ``None`` when there is nothing to say."""
    if workers <= 1 or redis_url:
        return None
    return (
        f"{workers} gunicorn workers without REDIS_URL: each worker counts rate limits "
        f"alone (up to {workers} times each limit gets through) and a restart resets "
        "them; set REDIS_URL to share the counters."
    )


@dataclass(frozen=True)
class Finding:
    """One line of the production report: ``blocking`` ones must be fixed first."""

    blocking: bool
    message: str


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MIN_SECRET_KEY_LENGTH = 32


def _generated_key(config: Mapping[str, Any]) -> Path | None:
    """The instance's key file, when the key in use is the one generated there."""
    key_file = Path(str(config["INSTANCE_PATH"])) / SECRET_KEY_FILE
    try:
        generated = key_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return key_file if generated == config["SECRET_KEY"] else None


def _secret_key(config: Mapping[str, Any]) -> Iterator[Finding]:
    key = str(config.get("SECRET_KEY") or "")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        yield Finding(
            True,
            f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters: set a long random "
            "value, for example the output of: python3 -c 'import secrets; "
            "print(secrets.token_hex(32))'.",
        )
    elif (key_file := _generated_key(config)) is not None:
        yield Finding(
            False,
            f"SECRET_KEY is not set: the key generated in {key_file} signs sessions and links; "
            "keep that file private and backed up, or set SECRET_KEY (the same on every server).",
        )


def _database(config: Mapping[str, Any]) -> Iterator[Finding]:
    url = make_url(str(config["SQLALCHEMY_DATABASE_URI"]))
    if url.get_backend_name() == "sqlite":
        yield Finding(
            True,
            f"DATABASE_URL is SQLite ({url.database}): one writer at a time; "
            "use PostgreSQL in production.",
        )


def _redis(config: Mapping[str, Any]) -> Iterator[Finding]:
    if not config.get("REDIS_URL"):
        yield Finding(
            True,
            "REDIS_URL is not set: each gunicorn worker counts rate limits alone and a restart "
            "resets them, and background jobs run in child processes of the web workers; "
            "set REDIS_URL and run cluster-scheduler worker.",
        )


def _mail(config: Mapping[str, Any]) -> Iterator[Finding]:
    if not config.get("MAIL_SERVER"):
        yield Finding(
            True,
            "MAIL_SERVER is not set: no email leaves the outbox, so attendees never get "
            "their personal links; set MAIL_SERVER (and MAIL_PORT, MAIL_USERNAME, "
            "MAIL_PASSWORD, MAIL_USE_TLS as your server needs).",
        )
    if config.get("DEV_MAILBOX"):
        yield Finding(
            True,
            "DEV_MAILBOX is on: anyone can read every email, access links included, "
            "at /dev/mailbox/; turn it off.",
        )
    if not config.get("MAIL_DEFAULT_SENDER"):
        yield Finding(
            False,
            "MAIL_DEFAULT_SENDER is not set: emails come from "
            f"no-reply@{config.get('SERVER_NAME_FOR_UIDS')}.",
        )


def _proxy(config: Mapping[str, Any]) -> Iterator[Finding]:
    if not config.get("TRUSTED_PROXY_HOPS"):
        yield Finding(
            False,
            "TRUSTED_PROXY_HOPS is 0: behind a reverse proxy every client would share the "
            "proxy's address and its rate limits; set it to the number of proxies in front "
            "of the app (1 behind one nginx).",
        )


def _https(config: Mapping[str, Any]) -> Iterator[Finding]:
    public_url = str(config.get("PUBLIC_URL", ""))
    if not config.get("HTTPS"):
        yield Finding(
            True,
            "SCHEDULER_HTTPS is off: session cookies would travel in clear; serve the site "
            "over HTTPS and set SCHEDULER_PUBLIC_URL to its https:// address.",
        )
    elif not public_url.startswith("https://"):
        yield Finding(
            False,
            f"SCHEDULER_PUBLIC_URL {public_url} is not an https:// address while "
            "SCHEDULER_HTTPS is on.",
        )
    if urlsplit(public_url).hostname in _LOOPBACK:
        yield Finding(
            True,
            f"SCHEDULER_PUBLIC_URL is {public_url}: links in the emails that commands send "
            "point at this machine; set it to the site's address.",
        )


def _identity(config: Mapping[str, Any]) -> Iterator[Finding]:
    if config.get("SERVER_NAME_FOR_UIDS") == DEFAULT_UID_DOMAIN:
        yield Finding(
            False,
            f"SCHEDULER_UID_DOMAIN is {DEFAULT_UID_DOMAIN}: set it to your own domain, "
            "which ends every calendar UID.",
        )
    if not config.get("RATELIMIT_ENABLED", True):
        yield Finding(
            True,
            "RATELIMIT_ENABLED is off: sign-in, registration and link requests are not limited.",
        )


CHECKS = (_secret_key, _database, _redis, _mail, _proxy, _https, _identity)


def production_findings(config: Mapping[str, Any]) -> list[Finding]:
    """What is missing or unsafe for production in ``config`` (the app's settings)."""
    return [finding for check in CHECKS for finding in check(config)]
