"""Reading and checking participant lists, and importing their valid rows, without HTTP."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from openpyxl import Workbook
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import (
    Organisation,
    OrganisationType,
    Participant,
    ParticipantStatus,
    ParticipantType,
)
from scheduler.organiser.team.imports import (
    MAX_BYTES,
    ImportRefused,
    Upload,
    check_rows,
    confirm,
    import_rows,
    read_csv,
    read_upload,
    read_xlsx,
    save_upload,
    template_table,
    vocabulary,
)
from tests.factories import make_event, make_participant

HEADER = "Email,First name,Last name,Organisation,Country"


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_read_csv_utf8_with_bom() -> None:
    data = "\ufeffEmail,First name\nana@example.org,Ána\n".encode()
    assert read_csv(data) == Upload(["Email", "First name"], [["ana@example.org", "Ána"]])


def test_read_csv_utf8_without_bom_and_semicolons() -> None:
    data = "Email;First name\r\nana@example.org;Zoë\r\n".encode()
    assert read_csv(data) == Upload(["Email", "First name"], [["ana@example.org", "Zoë"]])


def test_read_csv_windows_1252() -> None:
    data = "Email,First name\nana@example.org,Frédérique Œuvre\n".encode("cp1252")
    assert read_csv(data).rows == [["ana@example.org", "Frédérique Œuvre"]]


def test_read_csv_skips_empty_rows() -> None:
    assert read_csv(b"Email\n\n,\nana@example.org\n").rows == [["ana@example.org"]]


def test_read_csv_empty_file_refused() -> None:
    with pytest.raises(ImportRefused, match="This file is empty"):
        read_csv(b"\n\n")


def test_read_xlsx_keeps_formulas_as_text() -> None:
    data = _xlsx([["Email", "First name", "Phone"], ["ana@example.org", "=1+1", 33241000000]])
    assert read_xlsx(data) == Upload(
        ["Email", "First name", "Phone"], [["ana@example.org", "=1+1", "33241000000"]]
    )


def test_read_xlsx_not_a_workbook_refused() -> None:
    with pytest.raises(ImportRefused, match="not a readable XLSX workbook"):
        read_xlsx(b"PK\x03\x04 not really a zip")


def test_read_upload_refuses_other_files() -> None:
    with pytest.raises(ImportRefused) as refusal:
        read_upload("list.pdf", b"%PDF-1.4")
    assert str(refusal.value) == (
        "This .pdf file is neither CSV nor XLSX: upload a .csv or .xlsx file."
    )


def test_read_upload_refuses_old_excel() -> None:
    with pytest.raises(ImportRefused, match=r"Old Excel files \(.xls\) cannot be read"):
        read_upload("list.xls", b"\xd0\xcf\x11\xe0")


def test_read_upload_refuses_a_file_over_the_limit() -> None:
    with pytest.raises(ImportRefused) as refusal:
        read_upload("list.csv", b"a" * (MAX_BYTES + 1))
    assert str(refusal.value) == (
        "This file has 1,500,001 bytes; the limit is 1,500,000 bytes (1.5 MB). "
        "Split it into smaller files."
    )


def test_read_upload_refuses_a_workbook_named_csv() -> None:
    with pytest.raises(ImportRefused, match="This file is a workbook, not CSV"):
        read_upload("list.csv", _xlsx([["Email"]]))


def test_check_rows_reports_missing_required_columns(app: Flask) -> None:
    event = make_event()
    preview = check_rows(
        Upload(["E-mail", "Notes"], [["a@example.org", "x"]]), vocabulary(db.session, event)
    )
    assert preview.missing == ["First name", "Last name", "Organisation", "Country"]
    assert preview.ignored == ["Notes"]
    assert preview.valid_rows == []


def test_check_rows_lists_each_problem(app: Flask) -> None:
    event = make_event()
    make_participant(event, email="taken@example.org")
    upload = read_csv(
        (
            f"{HEADER},Participant type,Sectors\n"
            "ana@example.org,Ana,Garcia,Vegepolys,FR,Speaker,Seeds; cider\n"
            "not-an-email,Ben,Bauer,Acme,DE,,\n"
            "ANA@example.org,Ana,Again,Vegepolys,FR,,\n"
            "taken@example.org,Tom,Taken,Acme,Atlantis,Astronaut,Rockets\n"
            "cleo@example.org,,Cole,Acme,Belgium,,\n"
            'dan@example.org,=HYPERLINK("x"),Dale,Acme,fr,cluster manager,\n'
        ).encode()
    )
    preview = check_rows(upload, vocabulary(db.session, event))
    assert [(row.line, row.problems, row.notes) for row in preview.rows] == [
        (2, [], []),
        (3, ["not-an-email is not a valid email address."], []),
        (4, ["Same email as line 2."], []),
        (
            5,
            [
                "taken@example.org is already registered for this event.",
                "Unknown country: Atlantis.",
                "Unknown participant type: Astronaut.",
                "Unknown sector: Rockets.",
            ],
            [],
        ),
        (6, ["First name is missing."], []),
        (7, [], ["First name looks like a formula; it is kept as text."]),
    ]
    assert [row.line for row in preview.valid_rows] == [2, 7]
    assert preview.problem_count == 4
    first, last = preview.valid_rows
    assert (first.participant_type, first.sector_slugs, first.country) == (
        ParticipantType.SPEAKER,
        ["seeds", "cider"],
        "FR",
    )
    assert (last.participant_type, last.country) == (ParticipantType.CLUSTER_MANAGER, "FR")


def test_check_rows_refuses_web_addresses_in_names(app: Flask) -> None:
    event = make_event()
    upload = read_csv(
        (
            f"{HEADER},Job title\n"
            "ana@example.org,URGENT claim at evil.example/r,Garcia,Vegepolys,FR,\n"
            "ben@example.org,Ben,Bauer,https://evil.example,DE,Visit www.evil.example\n"
            "cleo@example.org,Cleo,Cole,Booking.com,BE,Head of sales\n"
        ).encode()
    )

    preview = check_rows(upload, vocabulary(db.session, event))

    assert [(row.line, row.problems) for row in preview.rows] == [
        (2, ["First name holds a web address."]),
        (3, ["Job title holds a web address.", "Organisation holds a web address."]),
        (4, []),
    ]


def test_import_rows_registers_valid_rows_sharing_organisations(app: Flask) -> None:
    event = make_event()
    upload = read_csv(
        (
            f"{HEADER},Organisation type,Sectors,Job title\n"
            "ana@example.org,Ana,Garcia,Vegepolys,FR,Cluster,Seeds,Manager\n"
            "ben@example.org,Ben,Bauer,vegepolys,FR,,,\n"
            "bad,Cleo,Cole,Acme,FR,,,\n"
        ).encode()
    )
    imported = import_rows(db.session, event, check_rows(upload, vocabulary(db.session, event)))
    assert imported.skipped == 1
    people = db.session.scalars(
        select(Participant).where(Participant.event_id == event.id).order_by(Participant.email)
    ).all()
    assert [(p.email, p.full_name, p.status, p.job_title) for p in people] == [
        ("ana@example.org", "Ana Garcia", ParticipantStatus.CONFIRMED, "Manager"),
        ("ben@example.org", "Ben Bauer", ParticipantStatus.CONFIRMED, ""),
    ]
    assert people[0].organisation is people[1].organisation
    organisation = people[0].organisation
    assert (organisation.name, organisation.type, [s.slug for s in organisation.sectors]) == (
        "Vegepolys",
        OrganisationType.CLUSTER,
        ["seeds"],
    )
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_confirm_imports_once(app: Flask) -> None:
    event = make_event()
    upload = read_csv(f"{HEADER}\nana@example.org,Ana,Garcia,Vegepolys,FR\n".encode())
    batch = save_upload(db.session, event, None, "list.csv", upload)
    assert db.session.scalar(select(func.count(Participant.id))) == 0
    imported = confirm(db.session, event, batch)
    assert [p.email for p in imported.participants] == ["ana@example.org"]
    assert (batch.imported_count, batch.skipped_count) == (1, 0)
    with pytest.raises(ImportRefused, match=r"This file was already imported\."):
        confirm(db.session, event, batch)
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_template_table_reads_back_as_one_valid_row(app: Flask) -> None:
    event = make_event()
    header, rows = template_table()
    preview = check_rows(Upload(header, rows), vocabulary(db.session, event))
    assert (preview.missing, preview.ignored, len(preview.valid_rows)) == ([], [], 1)
