"""CSV and XLSX writing, and the neutralising of cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from scheduler.organiser.spreadsheets import csv_bytes, neutralise, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("\x00x", "'\x00x"),
        ("Ana = Novak", "Ana = Novak"),
        ("'quoted", "'quoted"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralise_prefixes_formula_starts_only(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_csv_bytes_quotes_and_neutralises() -> None:
    data = csv_bytes(["Name", "=Note"], [["Novak, Ana", "=1+1"], ['Lé "Bo"', None], [7, "x\ny"]])

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == (
        'Name,\'=Note\r\n"Novak, Ana",\'=1+1\r\n"Lé ""Bo""",\r\n7,"x\ny"\r\n'
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["Name", "'=Note"], ["Novak, Ana", "'=1+1"], ['Lé "Bo"', ""], ["7", "x\ny"]]


def test_xlsx_bytes_reads_back_as_text_never_formulas() -> None:
    data = xlsx_bytes(
        "A sheet name longer than thirty-one characters",
        ["Name", "Count"],
        [["=cmd|' /C calc'!A0", 3], ["Ana\x07 Novak", None], ["-1", -1]],
    )

    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "A sheet name longer than thirty"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Name", "Count"],
        ["'=cmd|' /C calc'!A0", 3],
        ["Ana Novak", None],
        ["'-1", -1],
    ]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {"s", "n"}
