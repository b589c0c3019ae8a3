"""Application configuration, read once from environment variables with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from scheduler.errors import ConfigError

SECRET_KEY_FILE = "secret_key"  # noqa: S105  (a file name, not a secret)
SQLITE_FILE = "scheduler.sqlite3"
DEFAULT_UID_DOMAIN = "scheduler.invalid"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}.")


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}.")
    return number


def ensure_instance_folder(path: Path) -> Path:
    """Create the instance folder if it is missing; explain clearly when that is impossible."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"Cannot create the instance folder {path} ({error.strerror}); "
            "create it or set SCHEDULER_INSTANCE_PATH to a writable folder."
        ) from None
    if not os.access(path, os.W_OK):
        raise ConfigError(
            f"The instance folder {path} is not writable; "
            "fix its permissions or set SCHEDULER_INSTANCE_PATH to a writable folder."
        )
    return path


_MIN_KEY_LENGTH = 32


def _read_key(key_file: Path) -> str | None:
    """The file's stripped text (possibly too short to be a key), or None when it is missing."""
    try:
        key = key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (UnicodeDecodeError, OSError):
        raise ConfigError(
            f"The secret key file {key_file} is unreadable; delete it to generate a new one."
        ) from None
    return key


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the key kept in the instance folder, generating it on first start.

    Several workers may start at once: the key is written to a private temporary file and
    linked into place, so exactly one key wins and every worker reads that one."""
    key_file = instance_path / SECRET_KEY_FILE
    found = _read_key(key_file)
    if found is not None and len(found) >= _MIN_KEY_LENGTH:
        return found
    # Only a file this worker saw too short is removed: checking for the file again here
    # would remove the key another worker has just linked into place.
    if found is not None:
        key_file.unlink(missing_ok=True)
    candidate = instance_path / f".{SECRET_KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(candidate, key_file)
    except FileExistsError:
        pass
    finally:
        candidate.unlink()
    key = _read_key(key_file)
    if key is None or len(key) < _MIN_KEY_LENGTH:
        raise ConfigError(f"Could not create the secret key file {key_file}.")
    return key


def parse_database_url(raw: str) -> str:
    """Check that DATABASE_URL names a database this app can use, and normalise it: every
    PostgreSQL spelling (postgres://, postgresql+psycopg2://, ...) goes through psycopg 3."""
    try:
        url: URL = make_url(raw)
        backend = url.get_backend_name()
        url.port  # noqa: B018  (a non-numeric port raises here)
    except (ArgumentError, ValueError):
        raise ConfigError(
            f"DATABASE_URL {raw!r} is not a database URL; expected for example "
            "postgresql+psycopg://user@127.0.0.1:5432/scheduler or sqlite:///path/to/file.sqlite3."
        ) from None
    if backend in {"postgres", "postgresql"}:
        url = url.set(drivername="postgresql+psycopg")
        if not url.database:
            raise ConfigError("DATABASE_URL names no database; add it after the last '/'.")
    elif url.drivername not in {"sqlite", "sqlite+pysqlite"}:
        raise ConfigError(
            f"DATABASE_URL uses {url.drivername!r}; only postgresql and sqlite databases "
            "are supported."
        )
    return url.render_as_string(hide_password=False)


def check_timezone(name: str, setting: str) -> str:
    """Return ``name`` if it is an IANA time zone, else raise a ConfigError naming ``setting``."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{setting} {name!r} is not a known IANA time zone; use a name such as Europe/Paris."
        ) from None
    return name


def check_public_url(raw: str) -> str:
    """The site's address as people reach it (emails sent outside a request link to it)."""
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"SCHEDULER_PUBLIC_URL {raw!r} is not a site address; expected for example "
            "https://meetings.example.org"
        )
    return raw.rstrip("/")


class Config:
    """Settings of one application instance; every value can come from the environment."""

    def __init__(self, instance_path: Path) -> None:
        self.INSTANCE_PATH = ensure_instance_folder(instance_path)
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or load_or_create_secret_key(instance_path)
        default_db = f"sqlite:///{instance_path / SQLITE_FILE}"
        self.SQLALCHEMY_DATABASE_URI = parse_database_url(
            os.environ.get("DATABASE_URL") or default_db
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.DEFAULT_TIMEZONE = check_timezone(
            os.environ.get("SCHEDULER_TIMEZONE", "Europe/Paris"), "SCHEDULER_TIMEZONE"
        )
        self.SERVER_NAME_FOR_UIDS = os.environ.get("SCHEDULER_UID_DOMAIN", DEFAULT_UID_DOMAIN)
        self.PUBLIC_URL = check_public_url(
            os.environ.get("SCHEDULER_PUBLIC_URL", "http://127.0.0.1:5000")
        )
        self.MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024, minimum=1024)
        # Served over HTTPS (by default when the public address is https://): cookies are
        # sent over HTTPS only, every answer asks browsers to keep to HTTPS (HSTS), and links
        # built by the app use https.
        self.HTTPS = _env_bool("SCHEDULER_HTTPS", self.PUBLIC_URL.startswith("https://"))
        self.SESSION_COOKIE_SECURE = self.HTTPS
        self.REMEMBER_COOKIE_SECURE = self.HTTPS
        self.PREFERRED_URL_SCHEME = "https" if self.HTTPS else "http"
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.PERMANENT_SESSION_LIFETIME = _env_int("SESSION_LIFETIME_SECONDS", 8 * 3600, minimum=60)
        self.ORGANISER_SESSION_MAX_SECONDS = _env_int(
            "ORGANISER_SESSION_MAX_SECONDS", 12 * 3600, minimum=60
        )
        self.WTF_CSRF_ENABLED = True
        # Tokens live as long as the session: a long registration form must not expire mid-way.
        self.WTF_CSRF_TIME_LIMIT = None
        self.BOOTSTRAP_SERVE_LOCAL = True
        self.MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
        self.MAIL_PORT = _env_int("MAIL_PORT", 25, minimum=1)
        self.MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "")
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        self.MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
        self.MAIL_SEND_INLINE = _env_bool("MAIL_SEND_INLINE", True)
        self.MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10, minimum=1)
        self.DEV_MAILBOX = _env_bool("DEV_MAILBOX", False) and not self.MAIL_SERVER
        # Reverse proxies in front of the app that add an X-Forwarded-For entry: their
        # entries are trusted, so that per-address limits see each client, not the proxy.
        self.TRUSTED_PROXY_HOPS = _env_int("TRUSTED_PROXY_HOPS", 0)
        self.REDIS_URL = os.environ.get("REDIS_URL", "")
        # With memory storage each gunicorn worker counts alone: use Redis in production.
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Redis down: keep limiting in each worker's memory rather than answer 500.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        # Redis lost between a request's check and its count after the response (limits
        # that count only some answers): the response stands, its change is committed; the
        # count is lost and logged, rather than a 500 page for a registration that was saved.
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
        self.LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per 15 minutes;10 per day")
        self.SIGNUP_RATE_LIMIT = os.environ.get("SIGNUP_RATE_LIMIT", "30 per hour")
        self.LINK_RATE_LIMIT = os.environ.get("LINK_RATE_LIMIT", "5 per 15 minutes")
        self.LINK_RECIPIENT_RATE_LIMIT = os.environ.get("LINK_RECIPIENT_RATE_LIMIT", "10 per day")
        self.SIGNUP_DOMAIN_RATE_LIMIT = os.environ.get("SIGNUP_DOMAIN_RATE_LIMIT", "100 per hour")
        self.SIGNUP_GLOBAL_RATE_LIMIT = os.environ.get("SIGNUP_GLOBAL_RATE_LIMIT", "500 per hour")
        # Announcements of one event in any 24 hours: each reaches every participant.
        self.ANNOUNCEMENTS_PER_DAY = _env_int("ANNOUNCEMENTS_PER_DAY", 5, minimum=1)

    def as_dict(self) -> dict[str, object]:
        """Return the upper-case settings, ready for ``app.config.update``."""
        return {key: value for key, value in vars(self).items() if key.isupper()}
