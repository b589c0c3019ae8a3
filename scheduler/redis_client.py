"""The process's Redis client, for the job queue and the caches shared by the workers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from redis import Redis

REDIS_CLIENT = "redis_client"


def redis_client(app: Flask) -> Redis | None:
    """The client of ``REDIS_URL``, one connection pool per process rather than one per
    request; None when ``REDIS_URL`` is not set."""
    from redis import Redis

    url = app.config.get("REDIS_URL")
    if not url:
        return None
    kept = app.extensions.get(REDIS_CLIENT)
    if kept is None or kept[0] != url:
        client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        kept = app.extensions[REDIS_CLIENT] = (url, client)
    return kept[1]
