"""In a real browser: an organiser imports 20 people from an XLSX file with 2 bad rows (sees
both problems, imports the 18 others), writes to the participants, invites a co-organiser who
sets a password and lands in the event, and reads the log; screenshots of each page at
desktop and phone widths."""

from __future__ import annotations

import re

from flask import Flask
from openpyxl import Workbook

from scheduler.models import OutboxStatus
from tests.attendees import mailbox
from tests.browser.conftest import SCREENSHOTS, wait_until_outbox_sent
from tests.factories import make_event
from tests.organiser.scene import PASSWORD, organiser_of

FIRST = ["Ana", "Ben", "Chloé", "Dario", "Eva", "Filip", "Greta", "Hugo", "Iris", "Jonas"]


def _xlsx(path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "First name", "Last name", "Organisation", "Country", "Sectors"])
    for number in range(18):
        sheet.append(
            [
                f"person{number}@cluster.example",
                FIRST[number % len(FIRST)],
                f"Nowak-{number}",
                f"Cluster {number % 4}",
                "PL",
                "Seeds",
            ]
        )
    sheet.append(["not-an-email", "Bad", "Address", "Cluster 1", "PL", ""])
    sheet.append(["person1@cluster.example", "Twice", "Listed", "Cluster 1", "PL", ""])
    workbook.save(path)


def _shoot(page, mobile, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)


def _sign_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/organiser/login")
    page.get_by_label("Email").fill("org@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_browser_organiser_imports_writes_and_invites(
    app: Flask, live_server: str, browser, mail_dir: object, tmp_path, child_process_env: None
) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    organiser_of(event)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page, mobile = desktop.new_page(), phone.new_page()
    _sign_in(page, live_server)
    _sign_in(mobile, live_server)

    page.goto(f"{live_server}/organiser/events/pic/")
    page.get_by_role("link", name="Import").click()
    _shoot(page, mobile, "import")
    upload = tmp_path / "people.xlsx"
    _xlsx(upload)
    page.get_by_label("Participant list (CSV or XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check").click()
    page.get_by_text("not-an-email is not a valid email address.").wait_for()
    page.get_by_text("Same email as line 3.").wait_for()
    _shoot(page, mobile, "import-preview")
    page.get_by_role("button", name="Import the 18 valid row(s)").click()
    page.get_by_text("18 participant(s) imported and emailed their link.").wait_for()
    _shoot(page, mobile, "import-summary")
    # The links went to a child process of the app, not out of the request.
    assert set(wait_until_outbox_sent()) == {OutboxStatus.SENT}
    assert len(mailbox(app)) == 18

    page.goto(f"{live_server}/organiser/events/pic/announce")
    page.get_by_label("Subject").fill("Welcome to Angers")
    page.get_by_label("Message").fill("The bus to the venue leaves the station at 8:00.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Send to 18 participant(s)").wait_for()
    _shoot(page, mobile, "announce-preview")

    page.get_by_role("link", name="Team").click()
    page.get_by_label("Email").fill("nora@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("An invitation was emailed to nora@example.org.").wait_for()
    _shoot(page, mobile, "team")
    body = mailbox(app)[-1].get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/organiser/join/\S+)", body).group(1)

    newcomer = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    nora = newcomer.new_page()
    nora.goto(f"{live_server}{link}")
    nora.screenshot(path=str(SCREENSHOTS / "join-phone.png"), full_page=True)
    nora.get_by_label("Your name").fill("Nora Lind")
    nora.get_by_label("Password", exact=True).fill("a-long-password")
    nora.get_by_label("Password again").fill("a-long-password")
    nora.get_by_role("button", name="Set my password and join").click()
    nora.get_by_text("Welcome to the team of Plant InterCluster 2027.").wait_for()
    assert nora.url == f"{live_server}/organiser/events/pic/"

    page.get_by_role("link", name="Log").click()
    page.get_by_text("Joined the team").wait_for()
    _shoot(page, mobile, "log")
    for context in (desktop, phone, newcomer):
        context.close()
