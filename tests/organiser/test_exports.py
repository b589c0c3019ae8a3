"""Exports of participants (with the list's filters), requests and meetings, as CSV and XLSX,
read back with the csv module and openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from scheduler.extensions import db
from scheduler.models import (
    MeetingRequest,
    MeetingStatus,
    ParticipantLanguage,
    ParticipantStatus,
    ParticipantType,
    Priority,
    PublishedPlacement,
    RequestStatus,
    Sector,
)
from scheduler.organiser.exports import (
    MEETING_HEADER,
    PARTICIPANT_HEADER,
    REQUEST_HEADER,
    SIGNUP_HEADER,
    meetings_table,
    participants_table,
    requests_table,
    signups_table,
)
from scheduler.organiser.registrations import Filters
from scheduler.registration.privacy import withdraw
from scheduler.registration.seats import join_session
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_organisation,
    make_participant,
    make_session,
    paris,
)
from tests.organiser.scene import sign_in

UTC_NOON = datetime.fromisoformat("2027-01-15T11:00:00+00:00")  # 12:00 in Paris


def _scene():
    event = make_event(slug="pic")
    session = make_session(event, tables=2)
    organisation = make_organisation(
        name="=Evil Corp", country="FR", city="Angers", website="https://evil.example"
    )
    organisation.sectors = [Sector(slug="seeds", label="Seeds")]
    ana = make_participant(
        event,
        first_name="Ana",
        last_name="Novak",
        email="ana@example.org",
        phone="+33 6 12 34 56 78",
        organisation=organisation,
        status=ParticipantStatus.CONFIRMED,
        offer_text="@home trials",
        created_at=UTC_NOON,
    )
    ana.languages = [ParticipantLanguage(code="en"), ParticipantLanguage(code="fr")]
    ben = make_participant(
        event,
        first_name="Ben",
        last_name="Adams",
        email="ben@example.org",
        participant_type=ParticipantType.SPEAKER,
        status=ParticipantStatus.CONFIRMED,
        created_at=UTC_NOON,
    )
    make_participant(event, first_name="Dan", last_name="Gone", status=ParticipantStatus.WITHDRAWN)
    accepted = MeetingRequest(
        event=event,
        requester=ana,
        recipient=ben,
        status=RequestStatus.ACCEPTED,
        priority=Priority.MUST_MEET,
        message="-see you",
        created_at=UTC_NOON,
        responded_at=UTC_NOON,
    )
    db.session.add(accepted)
    meeting = make_meeting(event, ana, ben, request=accepted)
    meeting.place(session.slots[0], session.tables[1])
    meeting.published = PublishedPlacement(slot=session.slots[0], table=session.tables[1])
    cancelled = make_meeting(event, ben, ana, status=MeetingStatus.CANCELLED)
    db.session.commit()
    return event, ana, ben, meeting, cancelled, accepted


def test_participants_table_keeps_raw_values_and_follows_the_filters(
    app: Flask,
) -> None:
    event, ana, ben, *_ = _scene()

    table = participants_table(db.session, event, Filters())
    speakers = participants_table(db.session, event, Filters(type=ParticipantType.SPEAKER))

    assert table.header == PARTICIPANT_HEADER
    assert table.rows == [
        [ben.id, "Ben", "Adams", "ben@example.org", "", "", "", "", "", "", "", "",
         "Speaker", "confirmed", "nobody", "", "", "", "", "2027-01-15 12:00", 1],
        [ana.id, "Ana", "Novak", "ana@example.org", "+33 6 12 34 56 78", "", "=Evil Corp",
         "Company / SME", "FR", "Angers", "https://evil.example", "Seeds", "Delegate",
         "confirmed", "nobody", "@home trials", "", "", "en, fr", "2027-01-15 12:00", 1],
    ]  # fmt: skip
    assert [row[1] for row in speakers.rows] == ["Ben"]


def test_requests_table_lists_every_request(app: Flask) -> None:
    event, *_, accepted = _scene()

    table = requests_table(db.session, event)

    assert table.header == REQUEST_HEADER
    assert table.rows == [
        [accepted.id, "Ana Novak", "=Evil Corp", "Ben Adams", "", "accepted", "Must meet",
         "2027-01-15 12:00", "2027-01-15 12:00", "", "-see you"],
    ]  # fmt: skip


def test_meetings_table_gives_draft_and_published_places(app: Flask) -> None:
    event, _, _, meeting, cancelled, _ = _scene()

    table = meetings_table(db.session, event)

    assert table.header == MEETING_HEADER
    assert table.rows == [
        [meeting.id, "scheduled", "Ana Novak; Ben Adams", "=Evil Corp; ",
         "2027-03-09 14:00", "Table 2", "no", "2027-03-09 14:00", "Table 2"],
        [cancelled.id, "cancelled", "Ana Novak; Ben Adams", "=Evil Corp; ",
         "", "", "no", "", ""],
    ]  # fmt: skip


def test_export_participants_xlsx_applies_the_filters_and_neutralises(
    client: FlaskClient, app: Flask
) -> None:
    event, ana, *_ = _scene()
    sign_in(client, event)

    response = client.get(
        "/organiser/events/pic/registrations/export.xlsx", query_string={"q": "novak"}
    )

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="pic-participants.xlsx"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == PARTICIPANT_HEADER
    assert rows[1:] == [
        [ana.id, "Ana", "Novak", "ana@example.org", "'+33 6 12 34 56 78", None, "'=Evil Corp",
         "Company / SME", "FR", "Angers", "https://evil.example", "Seeds", "Delegate",
         "confirmed", "nobody", "'@home trials", None, None, "en, fr", "2027-01-15 12:00", 1],
    ]  # fmt: skip


def test_export_participants_csv_of_the_withdrawn(client: FlaskClient, app: Flask) -> None:
    event, *_ = _scene()
    sign_in(client, event)

    response = client.get(
        "/organiser/events/pic/registrations/export.csv", query_string={"status": "withdrawn"}
    )

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert [row[1:3] + row[13:14] for row in rows] == [
        ["First name", "Last name", "Status"],
        ["Dan", "Gone", "withdrawn"],
    ]


def test_export_requests_csv(client: FlaskClient, app: Flask) -> None:
    event, *_, accepted = _scene()
    sign_in(client, event)

    response = client.get("/organiser/events/pic/requests/export.csv")

    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert response.headers["Content-Disposition"] == 'attachment; filename="pic-requests.csv"'
    assert rows == [
        REQUEST_HEADER,
        [str(accepted.id), "Ana Novak", "'=Evil Corp", "Ben Adams", "", "accepted", "Must meet",
         "2027-01-15 12:00", "2027-01-15 12:00", "", "'-see you"],
    ]  # fmt: skip


def test_export_meetings_xlsx(client: FlaskClient, app: Flask) -> None:
    event, _, _, meeting, cancelled, _ = _scene()
    sign_in(client, event)

    response = client.get("/organiser/events/pic/meetings/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.title == "Meetings"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        MEETING_HEADER,
        [meeting.id, "scheduled", "Ana Novak; Ben Adams", "'=Evil Corp; ",
         "2027-03-09 14:00", "Table 2", "no", "2027-03-09 14:00", "Table 2"],
        [cancelled.id, "cancelled", "Ana Novak; Ben Adams", "'=Evil Corp; ",
         None, None, "no", None, None],
    ]  # fmt: skip


def test_exports_of_another_event_are_not_found(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    make_event(slug="other")
    sign_in(client, event)

    assert [
        client.get(f"/organiser/events/other/{path}").status_code
        for path in ("registrations/export.csv", "requests/export.xlsx", "meetings/export.csv")
    ] == [404, 404, 404]
    assert client.get("/organiser/events/pic/meetings/export.pdf").status_code == 404


def _programme():
    event = make_event(slug="pic")
    full = make_agenda_item(
        event,
        title="Biocontrol workshop",
        capacity=1,
        room="Loire",
        requires_signup=True,
        starts_at=paris(10, 9),
        ends_at=paris(10, 10),
    )
    visit = make_agenda_item(
        event,
        title="Site visit",
        capacity=5,
        requires_signup=True,
        starts_at=paris(9, 14),
        ends_at=paris(9, 16),
    )
    people = {
        name: make_participant(event, first_name=name, last_name=last, email=f"{name}@x.example",
                               status=ParticipantStatus.CONFIRMED)
        for name, last in [("Cleo", "Roy"), ("Ben", "Adams"), ("Ana", "Novak"), ("Wes", "Ode")]
    }  # fmt: skip
    for name in ("Cleo", "Ben", "Wes", "Ana"):
        join_session(people[name], full)
    join_session(people["Ana"], visit)
    join_session(people["Cleo"], visit)
    withdraw(people["Wes"])
    db.session.commit()
    return event


SIGNUP_ROWS = [
    ["Site visit", "2027-03-09 14:00", "", 5, "seat", None, "Cleo", "Roy", "Cleo@x.example", ""],
    ["Site visit", "2027-03-09 14:00", "", 5, "seat", None, "Ana", "Novak", "Ana@x.example", ""],
    ["Biocontrol workshop", "2027-03-10 09:00", "Loire", 1, "seat", None, "Cleo", "Roy",
     "Cleo@x.example", ""],
    ["Biocontrol workshop", "2027-03-10 09:00", "Loire", 1, "waiting list", 1, "Ben", "Adams",
     "Ben@x.example", ""],
    ["Biocontrol workshop", "2027-03-10 09:00", "Loire", 1, "waiting list", 2, "Ana", "Novak",
     "Ana@x.example", ""],
]  # fmt: skip


def test_signups_table_lists_seats_by_name_then_the_waiting_list_in_order(app: Flask) -> None:
    event = _programme()

    table = signups_table(db.session, event)

    assert table.header == SIGNUP_HEADER
    assert table.rows == [SIGNUP_ROWS[1], SIGNUP_ROWS[0], *SIGNUP_ROWS[2:]]


def test_export_signups_xlsx(client: FlaskClient, app: Flask) -> None:
    event = _programme()
    sign_in(client, event)

    response = client.get("/organiser/events/pic/signups/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.data)).active
    assert response.headers["Content-Disposition"] == ('attachment; filename="pic-sign-ups.xlsx"')
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        SIGNUP_HEADER,
        *[[None if cell == "" else cell for cell in row] for row in
          [SIGNUP_ROWS[1], SIGNUP_ROWS[0], *SIGNUP_ROWS[2:]]],
    ]  # fmt: skip
