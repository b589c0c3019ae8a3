"""The import pages: upload, preview with problems, confirm, summary, template files."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import ImportBatch, Participant
from scheduler.organiser.team import imports
from tests.attendees import mailbox
from tests.factories import make_event
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token

BASE = "/organiser/events/pic/import"
CSV = (
    "Email,First name,Last name,Organisation,Country\n"
    "ana@example.org,Ana,Garcia,Vegepolys,FR\n"
    "bad-address,Ben,Bauer,Acme,DE\n"
    "cleo@example.org,Cleo,Cole,Acme,BE\n"
)


def _upload(client: FlaskClient, data: bytes, filename: str):
    return client.post(
        BASE,
        data={"csrf_token": csrf_token(client, BASE), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _count() -> int:
    return db.session.scalar(select(func.count(Participant.id)))


def test_import_whole_flow(
    app: Flask, client: FlaskClient, mail_dir: object, delivered_in_background: list[list[int]]
) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    sign_in(client, event)
    response = _upload(client, CSV.encode(), "people.csv")
    assert response.status_code == 302
    token = db.session.scalar(select(ImportBatch.token))
    assert response.headers["Location"] == f"{BASE}/{token}"
    assert _count() == 0
    page = text_of(client.get(f"{BASE}/{token}").get_data(as_text=True))
    assert "3 row(s): 2 ready to import, 1 with a problem (left out)." in page
    assert "bad-address is not a valid email address." in page
    assert "Import the 2 valid row(s)" in page
    assert _count() == 0
    response = client.post(
        f"{BASE}/{token}", data={"csrf_token": csrf_token(client, f"{BASE}/{token}")}
    )
    assert response.status_code == 302
    assert _count() == 2
    page = text_of(client.get(f"{BASE}/{token}").get_data(as_text=True))
    assert "2 participant(s) imported and emailed their link." in page
    assert "1 row(s) left out." in page
    messages = mailbox(app)
    assert [len(batch) for batch in delivered_in_background] == [2]  # not sent in the request
    assert sorted((m["To"], m["Subject"]) for m in messages) == [
        ("ana@example.org", "You are registered for Plant InterCluster 2027"),
        ("cleo@example.org", "You are registered for Plant InterCluster 2027"),
    ]
    body = messages[0].get_body(("plain",)).get_content()
    assert "The organisers of Plant InterCluster 2027" in body
    assert re.search(r"http://localhost/events/pic/access/\S+", body)
    assert (
        "They entered your name, organisation and contact details from their list. How your "
        "data is used, who sees it and how long it is kept: http://localhost/events/pic/privacy."
    ) in " ".join(body.split())


def test_import_confirm_twice_imports_once(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    sign_in(client, make_event(slug="pic"))
    _upload(client, CSV.encode(), "people.csv")
    url = f"{BASE}/{db.session.scalar(select(ImportBatch.token))}"
    token = csrf_token(client, url)
    client.post(url, data={"csrf_token": token})
    response = client.post(url, data={"csrf_token": token}, follow_redirects=True)
    assert "This file was already imported." in text_of(response.get_data(as_text=True))
    assert _count() == 2


def test_import_refuses_a_pdf(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    response = _upload(client, b"%PDF-1.4", "people.pdf")
    assert response.status_code == 200
    assert "This .pdf file is neither CSV nor XLSX: upload a .csv or .xlsx file." in text_of(
        response.get_data(as_text=True)
    )
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_import_without_a_file_asks_for_one(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    response = client.post(BASE, data={"csrf_token": csrf_token(client, BASE)})
    assert "Choose a file." in text_of(response.get_data(as_text=True))


def test_import_missing_columns_offers_no_import(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    _upload(client, b"Email,Name\nana@example.org,Ana\n", "people.csv")
    url = f"{BASE}/{db.session.scalar(select(ImportBatch.token))}"
    page = text_of(client.get(url).get_data(as_text=True))
    assert (
        "The file lacks the required column(s): First name, Last name, Organisation, Country"
        in page
    )
    assert "Import the" not in page


def test_import_of_another_event_is_not_found(app: Flask, client: FlaskClient) -> None:
    make_event(slug="pic")
    sign_in(client, make_event(slug="other"))
    assert client.get(BASE).status_code == 404
    assert client.get(f"{BASE}/template.csv").status_code == 404


def test_import_unknown_token_is_not_found(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    assert client.get(f"{BASE}/{'x' * 32}").status_code == 404


def test_import_template_xlsx_has_the_columns(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    response = client.get(f"{BASE}/template.xlsx")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="participants-template.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]][:5] == [
        "Email",
        "First name",
        "Last name",
        "Organisation",
        "Country",
    ]


def test_import_template_csv_reads_back(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    data = client.get(f"{BASE}/template.csv").data
    assert (
        data.decode("utf-8-sig")
        .splitlines()[0]
        .startswith("Email,First name,Last name,Organisation,Country,")
    )


def test_import_refuses_a_file_over_the_limit(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_BYTES", 100_000)  # small: no spooled test upload
    sign_in(client, make_event(slug="pic"))
    data = CSV.encode() + b"x" * (150_000 - len(CSV))
    response = _upload(client, data, "people.csv")
    assert (
        "This file has 150,000 bytes; the limit is 100,000 bytes (0.1 MB). "
        "Split it into smaller files." in text_of(response.get_data(as_text=True))
    )
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_import_reads_windows_1252(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    data = "Email;First name;Last name;Organisation;Country\né@x;Frédérique;Œuvre;Végé;FR\n"
    _upload(client, data.encode("cp1252"), "people.csv")
    url = f"{BASE}/{db.session.scalar(select(ImportBatch.token))}"
    page = text_of(client.get(url).get_data(as_text=True))
    assert "Frédérique Œuvre Végé FR" in page
