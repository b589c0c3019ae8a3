"""Tables written as CSV or XLSX files, with every cell that a spreadsheet would read as a
formula neutralised (a leading single quote), so an exported name such as ``=HYPERLINK(...)``
stays text. Pure: plain values in, bytes out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

Cell = str | int | float | None

# What a spreadsheet may take for the start of a formula (OWASP's list, and NUL).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Cell) -> Cell:
    """``value`` with a single quote in front when it is text a spreadsheet would run as a
    formula; numbers and empty cells are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as CSV (RFC 4180 quoting, CRLF line ends), UTF-8 with a byte order mark so
    that spreadsheet programs read accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Cell) -> Cell:
    value = neutralise(value)
    if isinstance(value, str):
        # Control characters are not allowed in the XML of a sheet.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The table as one sheet of an XLSX workbook, header in the first row."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([_xlsx_cell(name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
