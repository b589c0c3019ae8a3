"""A PostgreSQL server and a Redis server of a test's own, on free ports of 127.0.0.1: the
fault tests stop and restart them without touching the servers the rest of the suite uses."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

POSTGRES_USER = "postgres"  # PostgreSQL refuses to run as root


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on when asked: for a server to start on, or
    for an address that refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen, seconds: float = 10.0) -> None:
    """Ends a server started by a test: asked to stop, then killed if it has not stopped
    within ``seconds``; a server left running would outlive the test and warn in another."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=seconds)


def _wait_for_port(port: int, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb is None:
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    return Path(initdb).parent


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder; `stop` and `start` as a restart does."""

    folder: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{POSTGRES_USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        as_user = ["runuser", "-u", POSTGRES_USER, "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    def _ctl(self, action: str, *options: str) -> None:
        self._run(str(self.bin / "pg_ctl"), action, "-D", str(self.folder / "data"), *options)

    def start(self) -> None:
        settings = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.folder} -c fsync=off"
        )
        self._ctl("start", "-w", "-l", str(self.folder / "server.log"), "-o", settings)
        _wait_for_port(self.port)

    def stop(self) -> None:
        """A fast shutdown: every session cut, as a restart of the service does."""
        self._ctl("stop", "-w", "-m", "fast")


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    # Outside pytest's temporary folders, which only root may enter.
    folder = Path(tempfile.mkdtemp(prefix="scheduler-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, POSTGRES_USER)
    server = PrivatePostgres(folder, free_port(), _postgres_bin())
    server._run(
        str(server.bin / "initdb"), "-D", str(folder / "data"), "-U", POSTGRES_USER,
        "--auth=trust", "--encoding=UTF8", "--no-sync",
    )  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server._ctl("stop", "-w", "-m", "immediate")
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class PrivateRedis:
    """A Redis server of its own, without persistence; `stop` kills it, `start` brings it back."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server")
        if server is None:
            pytest.skip("no redis-server on this machine")
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()
