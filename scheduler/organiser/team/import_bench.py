"""Time the import preview on a generated participant list: reading the file (CSV and
XLSX) and checking every row. ``python -m scheduler.organiser.team.import_bench [--rows N]``
prints the seconds each step takes."""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable
from typing import TypeVar

from openpyxl import Workbook

from scheduler.models import STANDARD_SECTORS, ParticipantType
from scheduler.organiser.spreadsheets import csv_bytes
from scheduler.organiser.team.imports import (
    COLUMNS,
    Upload,
    Vocabulary,
    check_rows,
    read_upload,
)

T = TypeVar("T")
FIRST = ["Ana", "Ben", "Cleo", "Dan", "Eva", "Frédéric", "Gosia", "Hanna", "Ivo", "Jörg"]
LAST = ["García", "Bauer", "Nowak", "Dupont", "Rossi", "Ivanova", "Smith", "Novák"]
COUNTRIES = ["FR", "DE", "PL", "BG", "IT", "ES", "NL", "BE"]


def generated_rows(count: int, seed: int = 1) -> tuple[list[str], list[list[str]]]:
    """A header and ``count`` plausible rows, one in fifty with a problem."""
    chance = random.Random(seed)  # noqa: S311 (test data, not secrets)
    sectors = list(STANDARD_SECTORS.values())
    types = [t.label for t in ParticipantType]
    rows = []
    for number in range(count):
        first, last = chance.choice(FIRST), chance.choice(LAST)
        email = f"{first.lower()}.{number}@example.org" if number % 50 else "not-an-email"
        rows.append(
            [
                email,
                first,
                last,
                f"Organisation {number // 4}",
                chance.choice(COUNTRIES),
                chance.choice(types),
                "Company",
                "; ".join(chance.sample(sectors, 2)),
                "Project manager",
                "02 41 00 00 00",
                "Angers",
                "https://example.org",
            ]
        )
    return [c.label for c in COLUMNS], rows


def workbook_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """The rows as a spreadsheet program saves them (shared strings, sheet dimensions)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    header, rows = generated_rows(args.rows)
    known = Vocabulary(
        registered=frozenset(f"someone.{n}@example.org" for n in range(300)),
        sectors={slug: slug for slug in STANDARD_SECTORS}
        | {label.lower(): slug for slug, label in STANDARD_SECTORS.items()},
    )
    files = {
        "csv": csv_bytes(header, rows),
        "xlsx": workbook_bytes(header, rows),
    }
    for fmt, data in files.items():
        upload, read_seconds = _timed(lambda: read_upload(f"list.{fmt}", data))  # noqa: B023
        preview, check_seconds = _timed(lambda: check_rows(upload, known))  # noqa: B023
        assert isinstance(upload, Upload)
        print(
            f"{fmt}: {args.rows} rows, {len(data) / 1_000_000:.2f} MB: read {read_seconds:.2f} s, "
            f"checked {check_seconds:.2f} s ({len(preview.valid_rows)} valid, "
            f"{preview.problem_count} with a problem), total {read_seconds + check_seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
