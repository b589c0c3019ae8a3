"""A 5,000-row list goes through the pages and its preview counts every row. Its speed is
measured by the benchmark (``python -m scheduler.organiser.team.import_bench``), not here."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.organiser.team.import_bench import generated_rows, workbook_bytes
from tests.factories import make_event
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token

BASE = "/organiser/events/pic/import"


@pytest.mark.slow
def test_import_preview_of_5000_rows(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    data = workbook_bytes(*generated_rows(5000))
    token = csrf_token(client, BASE)
    response = client.post(
        BASE,
        data={"csrf_token": token, "file": (io.BytesIO(data), "people.xlsx")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"])
    text = text_of(page.get_data(as_text=True))
    assert "5000 row(s): 4900 ready to import, 100 with a problem (left out)." in text
