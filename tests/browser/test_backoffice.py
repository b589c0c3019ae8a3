"""In a real browser: an organiser finds a pending registration in the list, opens the
participant's page, approves them, exports the participants as XLSX and opens the requests;
screenshots of the pages at desktop and phone widths."""

from __future__ import annotations

import io

from flask import Flask
from openpyxl import load_workbook

from scheduler.extensions import db
from scheduler.models import (
    CooperationInterest,
    DirectoryVisibility,
    MeetingRequest,
    ParticipantInterest,
    ParticipantStatus,
    ParticipantType,
    RequestStatus,
)
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_event, make_meeting, make_organisation, make_participant
from tests.organiser.scene import PASSWORD, organiser_of

FIRST = ["Ana", "Ben", "Chloé", "Dario", "Eva", "Filip", "Greta", "Hugo", "Iris", "Jonas"]
LAST = ["Novak", "Rossi", "Dubois", "Kowalska", "Lind", "Ivanova", "Moreau", "Bauer"]
COUNTRIES = ["FR", "PL", "IT", "BG", "NL", "DE"]


def _event():
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    organisations = [
        make_organisation(name=f"{name} Cluster", country=country)
        for name, country in zip(
            [
                "Vegepolys Valley",
                "Agro Mazovia",
                "Fruit Veneto",
                "Rose Valley",
                "Greenport",
                "Saxony Seeds",
            ],
            COUNTRIES,
            strict=True,
        )
    ]
    people = []
    for number in range(64):
        people.append(
            make_participant(
                event,
                first_name=FIRST[number % len(FIRST)],
                last_name=LAST[number % len(LAST)] + ("" if number < 8 else f"-{number}"),
                email=f"person{number}@cluster{number % 6}.example",
                organisation=organisations[number % 6],
                status=ParticipantStatus.CONFIRMED,
                participant_type=list(ParticipantType)[number % 3],
                directory_visibility=DirectoryVisibility.PARTICIPANTS,
            )
        )
    pending = make_participant(
        event,
        first_name="Zofia",
        last_name="Wiśniewska-Konstantinopolitańczykowa",
        email="zofia.wisniewska-konstantinopolitanczykowa@agro-mazovia-cluster.example",
        job_title="Head of international cooperation and EU project development",
        organisation=organisations[1],
        phone="+48 22 123 45 67",
        offer_text="Greenhouse trials for biocontrol products\nAccess to 40 apple growers",
        seek_text="Partners for a Horizon Europe proposal on pollinators",
    )
    pending.interests = [ParticipantInterest(interest=CooperationInterest.EU_CONSORTIUM)]
    for other in people[:3]:
        db.session.add(
            MeetingRequest(event=event, requester=pending, recipient=other, message="Hello!")
        )
    db.session.add(
        MeetingRequest(
            event=event, requester=people[4], recipient=pending, status=RequestStatus.ACCEPTED
        )
    )
    make_meeting(event, pending, people[4])
    db.session.commit()
    organiser_of(event)
    return event


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_browser_organiser_approves_a_pending_registration_and_exports(
    app: Flask, live_server: str, browser, mail_dir: object
) -> None:
    _event()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page, mobile = desktop.new_page(), phone.new_page()
    _sign_in(page, live_server)
    _sign_in(mobile, live_server)

    page.get_by_role("link", name="Plant InterCluster 2027").click()
    page.get_by_text("64 confirmed, 1 waiting for approval.").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "event-dashboard.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / "event-dashboard-phone.png"), full_page=True)
    page.get_by_role("link", name="Registrations", exact=True).first.click()
    page.get_by_text("65 registrations match; page 1 of 2.").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "registrations-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / "registrations-phone.png"))
    mobile.screenshot(path=str(SCREENSHOTS / "registrations-phone-full.png"), full_page=True)

    page.get_by_label("Status").select_option(label="Waiting for approval")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("1 registration matches.").wait_for()
    page.get_by_role("link", name="Zofia Wiśniewska-Konstantinopolitańczykowa").click()
    page.get_by_role("heading", name="Requests sent (3)").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "participant-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / "participant-phone.png"))
    mobile.screenshot(path=str(SCREENSHOTS / "participant-phone-full.png"), full_page=True)

    page.get_by_role("button", name="Approve").click()
    page.get_by_text("registration is confirmed; they were emailed their link.").wait_for()
    assert page.get_by_role("button", name="Approve").count() == 0

    page.get_by_role("link", name="Registrations", exact=True).first.click()
    page.get_by_label("Name, email or organisation").fill("agro mazovia")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("12 registrations match.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert download.value.suggested_filename == "pic-participants.xlsx"
    assert len(rows) == 13
    assert [row[6] for row in rows[1:]] == ["Agro Mazovia Cluster"] * 12
    zofia = next(row for row in rows if row[1] == "Zofia")
    assert (zofia[4], zofia[13]) == ("'+48 22 123 45 67", "confirmed")

    page.get_by_role("link", name="Requests and meetings").click()
    page.get_by_text("63 active participants have no meeting to hold").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "requests-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / "requests-phone.png"))
