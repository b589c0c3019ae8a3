"""Fixtures of the calendar tests: a Radicale CalDAV server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, stop_process


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """The base URL of a Radicale server with no auth and its storage in ``tmp_path``."""
    port = free_port()
    log = tmp_path / "radicale.log"
    # A file, not a pipe nobody reads: a full pipe would block the server's logging. The
    # server writes to its own copy of the file, so ours is closed at once.
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--auth-type",
                "none",
                "--storage-filesystem-folder",
                str(tmp_path / "collections"),
                "--server-hosts",
                f"127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/.web/", timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.1)
        else:
            raise RuntimeError("Radicale did not answer within 10 s")
        yield url
    finally:
        stop_process(process)
