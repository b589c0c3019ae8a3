"""What production needs from the configuration: the warnings of the gunicorn start-up and
the report of ``cluster-scheduler check-config``. Plain settings in, plain text out."""

from __future__ import annotations


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
