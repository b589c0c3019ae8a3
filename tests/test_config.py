"""Configuration: safe defaults, and one clear line for every wrong setting."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler import config
from scheduler.config import (
    Config,
    check_timezone,
    ensure_instance_folder,
    load_or_create_secret_key,
    parse_database_url,
)
from scheduler.errors import ConfigError

SCRIPT = str(Path(sys.executable).parent / "cluster-scheduler")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "DATABASE_URL",
        "SECRET_KEY",
        "SCHEDULER_TIMEZONE",
        "MAX_CONTENT_LENGTH",
        "SCHEDULER_HTTPS",
        "SCHEDULER_PUBLIC_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_config_defaults_to_sqlite_in_instance_folder(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = Config(tmp_path / "instance")
    assert f"sqlite:///{tmp_path}/instance/scheduler.sqlite3" == config.SQLALCHEMY_DATABASE_URI


def test_config_secret_key_generated_once_private_and_kept(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = Config(tmp_path).SECRET_KEY
    second = Config(tmp_path).SECRET_KEY
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert (first == second, len(first), mode) == (True, 64, 0o600)


def test_config_secret_key_from_environment_wins(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("SECRET_KEY", "x" * 40)
    assert (Config(tmp_path).SECRET_KEY, (tmp_path / "secret_key").exists()) == ("x" * 40, False)


def test_config_secret_key_too_short_in_file_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short\n")
    assert len(load_or_create_secret_key(tmp_path)) == 64


def test_config_postgres_url_gets_psycopg_driver() -> None:
    assert parse_database_url("postgresql://app@127.0.0.1:5432/scheduler") == (
        "postgresql+psycopg://app@127.0.0.1:5432/scheduler"
    )


def test_config_malformed_database_url_explains_expected_form() -> None:
    with pytest.raises(ConfigError) as error:
        parse_database_url("localhost/scheduler")
    assert str(error.value) == (
        "DATABASE_URL 'localhost/scheduler' is not a database URL; expected for example "
        "postgresql+psycopg://user@127.0.0.1:5432/scheduler or sqlite:///path/to/file.sqlite3."
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://app@db/scheduler", "postgresql+psycopg://app@db/scheduler"),
        ("postgresql+psycopg2://app@db:5432/s", "postgresql+psycopg://app@db:5432/s"),
        ("sqlite+pysqlite:////tmp/s.sqlite3", "sqlite+pysqlite:////tmp/s.sqlite3"),
    ],
)
def test_config_postgres_spellings_use_psycopg(raw: str, expected: str) -> None:
    assert parse_database_url(raw) == expected


def test_config_non_numeric_port_explained() -> None:
    with pytest.raises(ConfigError, match="is not a database URL"):
        parse_database_url("postgresql://app@127.0.0.1:abc/scheduler")


def test_config_secret_key_file_corrupt_explained(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_bytes(b"\xff\xfe" * 40)
    with pytest.raises(ConfigError) as error:
        load_or_create_secret_key(tmp_path)
    assert str(error.value) == (
        f"The secret key file {tmp_path}/secret_key is unreadable; delete it to generate a new one."
    )


@pytest.mark.slow
def test_config_secret_key_same_for_workers_starting_together(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from scheduler.config import "
        "load_or_create_secret_key as k; print(k(Path(sys.argv[1])))"
    )
    for attempt in range(3):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE, text=True
            )
            for _ in range(4)
        ]
        keys = {worker.communicate(timeout=60)[0].strip() for worker in workers}
        assert (len(keys), (folder / "secret_key").read_text().strip() in keys) == (1, True)


def test_config_secret_key_linked_by_another_worker_meanwhile_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This worker finds no key; before it acts, another worker links its key into place.
    other = "b" * 64
    read = config._read_key
    calls = []

    def read_then_other_worker_links(key_file: Path) -> str | None:
        calls.append(key_file)
        if len(calls) == 1:
            key_file.write_text(other + "\n", encoding="ascii")
            return None
        return read(key_file)

    monkeypatch.setattr(config, "_read_key", read_then_other_worker_links)
    assert load_or_create_secret_key(tmp_path) == other
    assert (tmp_path / "secret_key").read_text().strip() == other


def test_config_unsupported_database_refused() -> None:
    with pytest.raises(ConfigError) as error:
        parse_database_url("mysql://root@localhost/db")
    assert str(error.value) == (
        "DATABASE_URL uses 'mysql'; only postgresql and sqlite databases are supported."
    )


def test_config_postgres_url_without_database_refused() -> None:
    with pytest.raises(ConfigError, match="names no database"):
        parse_database_url("postgresql://app@127.0.0.1:5432")


def test_config_unknown_timezone_names_setting() -> None:
    with pytest.raises(ConfigError) as error:
        check_timezone("Europe/Angers", "SCHEDULER_TIMEZONE")
    assert str(error.value) == (
        "SCHEDULER_TIMEZONE 'Europe/Angers' is not a known IANA time zone; "
        "use a name such as Europe/Paris."
    )


def test_config_timezone_known_name_accepted() -> None:
    assert check_timezone("Europe/Lisbon", "SCHEDULER_TIMEZONE") == "Europe/Lisbon"


def test_config_bad_number_names_setting(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("MAX_CONTENT_LENGTH", "2MB")
    with pytest.raises(ConfigError) as error:
        Config(tmp_path)
    assert str(error.value) == "MAX_CONTENT_LENGTH must be a whole number, not '2MB'."


def test_config_bad_boolean_names_setting(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("SCHEDULER_HTTPS", "maybe")
    with pytest.raises(ConfigError) as error:
        Config(tmp_path)
    assert str(error.value) == "SCHEDULER_HTTPS must be true or false, not 'maybe'."


def test_config_missing_instance_folder_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert (ensure_instance_folder(target), target.is_dir()) == (target, True)


def test_config_instance_folder_that_cannot_exist_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError) as error:
        ensure_instance_folder(blocker / "instance")
    assert str(error.value) == (
        f"Cannot create the instance folder {blocker}/instance (Not a directory); "
        "create it or set SCHEDULER_INSTANCE_PATH to a writable folder."
    )


def _run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update({"SCHEDULER_INSTANCE_PATH": str(tmp_path / "instance"), **env})
    return subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


@pytest.mark.slow
def test_cli_malformed_database_url_prints_one_line(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "check-db", DATABASE_URL="not a url")
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [
            "Error: DATABASE_URL 'not a url' is not a database URL; expected for example "
            "postgresql+psycopg://user@127.0.0.1:5432/scheduler or sqlite:///path/to/file.sqlite3."
        ],
    )


@pytest.mark.slow
def test_cli_unreachable_database_prints_one_line(tmp_path: Path) -> None:
    result = _run_cli(
        tmp_path, "check-db", DATABASE_URL="postgresql://nobody:secret@127.0.0.1:1/scheduler"
    )
    lines = result.stderr.splitlines()
    assert (result.returncode, len(lines)) == (2, 1)
    assert lines[0].startswith(
        "Error: Cannot use the database postgresql+psycopg://nobody:***@127.0.0.1:1/scheduler "
        "(DATABASE_URL): connection failed:"
    )


@pytest.mark.slow
def test_cli_unknown_timezone_prints_one_line(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "check-db", SCHEDULER_TIMEZONE="Mars/Olympus")
    assert (result.returncode, result.stderr) == (
        2,
        "Error: SCHEDULER_TIMEZONE 'Mars/Olympus' is not a known IANA time zone; "
        "use a name such as Europe/Paris.\n",
    )


@pytest.mark.slow
def test_cli_check_db_on_reachable_database(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "check-db")
    assert (result.returncode, result.stdout) == (0, "Database reachable.\n")


@pytest.mark.slow
def test_cli_database_without_tables_says_to_upgrade(tmp_path: Path) -> None:
    result = _run_cli(tmp_path, "demo", "load")
    assert (result.returncode, result.stderr) == (
        2,
        f"Error: Cannot use the database sqlite:///{tmp_path}/instance/scheduler.sqlite3 "
        "(DATABASE_URL): no such table: event; create the tables with: "
        "cluster-scheduler db upgrade\n",
    )
