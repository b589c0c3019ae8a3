"""In a real browser, the demo organiser prepares next year's edition from start to finish:
clones the demo event, adds a workshop, imports 20 people from an XLSX file with 2 bad rows
(sees both problems, imports the 18 others), approves a pending registration of this year's
event, exports the new edition's participants as XLSX (read back here with openpyxl), and
invites a co-organiser, who sets a password, then signs in on their own."""

from __future__ import annotations

import io
import re

from flask import Flask
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from scheduler.demo import DEMO_SLUG, load_demo
from scheduler.extensions import db
from scheduler.models import Event, OutboxStatus, Participant, ParticipantStatus
from tests.attendees import mailbox
from tests.browser.conftest import wait_until_outbox_sent

NEXT = "plant-intercluster-2028"


def _people_xlsx(path) -> None:
    """18 good rows, then a bad address and an address already in the file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "First name", "Last name", "Organisation", "Country", "Sectors"])
    for number in range(18):
        sheet.append(
            [
                f"grower{number}@orchards.example",
                f"Grower{number}",
                "Kowalska" if number % 2 else "Kowalski",
                f"Orchard cooperative {number % 3}",
                "PL",
                "Fruit and vegetables",
            ]
        )
    sheet.append(["not-an-email", "Bad", "Address", "Orchard cooperative 1", "PL", ""])
    sheet.append(["grower1@orchards.example", "Twice", "Listed", "Orchard cooperative 1", "PL", ""])
    workbook.save(path)


def _sign_in(page, live_server: str, email: str, password: str) -> None:
    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_browser_demo_organiser_prepares_next_years_edition(
    app: Flask, live_server: str, browser, mail_dir: object, tmp_path, child_process_env: None
) -> None:
    credentials = load_demo()
    db.session.commit()
    pending = db.session.scalars(
        select(Participant)
        .join(Event)
        .where(Event.slug == DEMO_SLUG, Participant.status == ParticipantStatus.PENDING)
        .order_by(Participant.id)
    ).first()
    assert pending is not None
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _sign_in(page, live_server, credentials.email, credentials.password)

    # Next year's edition, cloned from this year's with every date moved.
    page.get_by_role("link", name="Plant InterCluster Annual Meeting 2027").click()
    page.get_by_role("link", name="Event", exact=True).click()
    page.get_by_role("link", name="Clone into a new edition").click()
    page.get_by_label("Name of the new edition").fill("Plant InterCluster Annual Meeting 2028")
    page.get_by_label("Address (slug)").fill(NEXT)
    page.get_by_label("Its first day").fill("2028-03-14")
    page.get_by_role("button", name="Create the new edition").click()
    page.get_by_text("Plant InterCluster Annual Meeting 2028 is created from").wait_for()

    # A workshop of its own.
    page.get_by_role("link", name="Programme", exact=True).click()
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Title").first.fill("Drones for orchards")
    page.get_by_label("Starts").fill("2028-03-15T10:00")
    page.get_by_label("Ends").fill("2028-03-15T11:30")
    page.get_by_label("Room").fill("Room B")
    page.get_by_role("button", name="Add the item").click()
    page.get_by_text("Drones for orchards is added to the programme.").wait_for()

    # 20 people from a spreadsheet: 2 problems shown, the 18 others imported.
    page.get_by_role("link", name="Import").click()
    upload = tmp_path / "growers.xlsx"
    _people_xlsx(upload)
    page.get_by_label("Participant list (CSV or XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("not-an-email is not a valid email address.").wait_for()
    page.get_by_text("Same email as line 3.").wait_for()
    page.get_by_role("button", name="Import the 18 valid row(s)").click()
    page.get_by_text("18 participant(s) imported and emailed their link.").wait_for()
    assert set(wait_until_outbox_sent()) == {OutboxStatus.SENT}

    # This year's event still has registrations waiting for approval.
    page.goto(f"{live_server}/organiser/events/{DEMO_SLUG}/registrations/{pending.id}")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("registration is confirmed; they were emailed their link.").wait_for()

    # The new edition's participants, as a spreadsheet.
    page.goto(f"{live_server}/organiser/events/{NEXT}/registrations/")
    page.get_by_text("18 registrations match").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert download.value.suggested_filename == f"{NEXT}-participants.xlsx"
    assert rows[0][:4] == ["Id", "First name", "Last name", "Email"]
    assert sorted(row[3] for row in rows[1:]) == sorted(
        f"grower{number}@orchards.example" for number in range(18)
    )

    # A co-organiser joins, then signs in with the password they chose.
    page.goto(f"{live_server}/organiser/events/{NEXT}/team/")
    page.get_by_label("Email").fill("nora@orchards.example")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation was emailed to nora@orchards.example.").wait_for()
    body = mailbox(app)[-1].get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/organiser/join/\S+)", body).group(1)
    newcomer = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    nora = newcomer.new_page()
    nora.goto(f"{live_server}{link}")
    nora.get_by_label("Your name").fill("Nora Lind")
    nora.get_by_label("Password", exact=True).fill("a-long-password")
    nora.get_by_label("Password again").fill("a-long-password")
    nora.get_by_role("button", name="Set my password and join").click()
    nora.get_by_text("Welcome to the team of Plant InterCluster Annual Meeting 2028.").wait_for()
    newcomer.close()
    again = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(again, live_server, "nora@orchards.example", "a-long-password")
    again.get_by_role("link", name="Plant InterCluster Annual Meeting 2028").wait_for()
    assert again.get_by_role("link", name="Plant InterCluster Annual Meeting 2027").count() == 0

    db.session.rollback()  # end the read snapshot: the server committed in its own session
    copy = db.session.scalar(select(Event).where(Event.slug == NEXT))
    assert "Drones for orchards" in [item.title for item in copy.agenda_items]
    assert copy.start_date.isoformat() == "2028-03-14"
    assert db.session.get(Participant, pending.id).status is ParticipantStatus.CONFIRMED
    context.close()
