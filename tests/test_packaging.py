"""An installed copy (a wheel) carries the code, the templates, the migrations and the
catalogues, compiled."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _expected_files() -> set[str]:
    expected = {
        f"scheduler/{path.relative_to(ROOT / 'scheduler').as_posix()}"
        for path in (ROOT / "scheduler").rglob("*.py")
    }
    expected |= {
        f"scheduler/{path.relative_to(ROOT / 'scheduler').as_posix()}"
        for path in (ROOT / "scheduler" / "translations").rglob("messages.[pm]o")
    }
    for folder in ("templates", "migrations"):
        expected |= {
            f"scheduler/{folder}/{path.relative_to(ROOT / folder).as_posix()}"
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
    return expected


@pytest.mark.slow
def test_packaging_wheel_holds_code_templates_migrations_and_catalogues(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _expected_files() - names == set()
