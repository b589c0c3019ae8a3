"""gunicorn settings for the app: ``gunicorn -c python:scheduler.gunicorn_conf``.

Command-line options and GUNICORN_CMD_ARGS override any of these (``--workers 4``,
``--bind 0.0.0.0:8000``). The app listens on the loopback only: a reverse proxy (nginx)
terminates HTTPS in front of it (set TRUSTED_PROXY_HOPS=1)."""

from __future__ import annotations

import gc
import importlib
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gunicorn.arbiter import Arbiter
    from gunicorn.workers.base import Worker

wsgi_app = "scheduler:create_app()"
bind = "127.0.0.1:8000"
# Requests are short: solver runs and email batches run in `cluster-scheduler worker`
# (or a child process of the app), so sync workers do; WEB_CONCURRENCY sets their number.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that a slow leak cannot grow for ever.
# A wide jitter keeps the workers from being replaced together: with 2,000 +/- 200, three
# of four were replaced within 2 s under the load benchmark, and requests waited seconds.
max_requests = 20_000
max_requests_jitter = 5_000
proc_name = "cluster-scheduler"
# Both logs to standard output and error (systemd's journal); the app removes access tokens
# from the access log's request lines.
accesslog = "-"
errorlog = "-"
# Imported by each worker at start-up rather than by the request that first needs it: the
# suggestions' TF-IDF (scheduler.matchmaking.recommend imports it lazily, for the CLI's sake).
WARM_IMPORTS = ("sklearn.feature_extraction.text",)


def on_starting(server: Arbiter) -> None:
    """Warn when several workers would each keep their own rate-limit counters."""
    from scheduler.deployment import workers_without_redis

    warning = workers_without_redis(server.cfg.workers, os.environ.get("REDIS_URL", ""))
    if warning:
        server.log.warning(warning)


def post_worker_init(worker: Worker) -> None:
    """Once the worker has loaded the app: load what its first page of suggestions would
    otherwise load (1.1 s of scikit-learn), then keep the long-lived objects (models,
    templates, translations, libraries) out of the garbage collector's full passes, which
    otherwise walk them all again and again: building an event's suggestions at 2,000
    participants took 140 to 420 ms with them, 130 to 200 ms without."""
    for module in WARM_IMPORTS:
        importlib.import_module(module)
    gc.freeze()
