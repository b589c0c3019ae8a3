"""In a real browser (Debian's Chromium driven by Playwright): two attendees register, one
requests a meeting and the other accepts it."""

from __future__ import annotations

import re

from flask import Flask

from scheduler.extensions import db
from tests.attendees import mailbox, ready_event
from tests.browser.conftest import SCREENSHOTS

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/events/[^/\s]+/access/\S+)")


def _link_for(app: Flask, email: str) -> str:
    for message in reversed(mailbox(app)):
        if message["To"] == email:
            match = LINK.search(message.get_body(("plain",)).get_content())
            assert match, "no link in the email"
            return match.group(1)
    raise AssertionError(f"no email to {email}")


def _register(
    page, base: str, first: str, last: str, email: str, organisation: str, offer: str, seek: str
) -> None:
    page.goto(f"{base}/events/pic")
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Organisation name").fill(organisation)
    page.get_by_label("Organisation type").select_option("company")
    page.get_by_label("Country", exact=True).select_option("FR")
    page.get_by_label("What we offer").fill(offer)
    page.get_by_label("What we seek").fill(seek)
    page.get_by_label("Listed for the other participants of this event").check()
    page.get_by_label(re.compile("^I agree that my name")).check()
    page.get_by_label(re.compile("^I have read the privacy notice")).check()
    page.get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Check your email").wait_for()


def test_browser_two_attendees_request_and_accept_meeting(
    app: Flask, live_server: str, browser, mail_dir: object
) -> None:
    ready_event()
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ana = browser.new_context().new_page()
    ben = browser.new_context().new_page()

    _register(
        ana,
        live_server,
        "Ana",
        "Silva",
        "ana@example.org",
        "Douro Vineyard Robotics",
        "Vineyard robotics for pruning",
        "Drone-based vineyard monitoring",
    )
    _register(
        ben,
        live_server,
        "Ben",
        "Martin",
        "ben@example.org",
        "Loire Drones",
        "Drone-based vineyard monitoring and mapping",
        "Robotics partners",
    )
    for page, email in ((ana, "ana@example.org"), (ben, "ben@example.org")):
        page.goto(_link_for(app, email))
        page.get_by_role("button", name="Open my space").click()
        page.get_by_role("heading", name="My meetings").wait_for()
    assert ana.url == f"{live_server}/events/pic/me"

    ana.get_by_role("link", name="Participants", exact=True).click()
    ana.get_by_role("link", name="Ben Martin").click()
    ana.get_by_label("Message").fill("Could your drones map our trial vineyards?")
    ana.get_by_label("Must meet").check()
    ana.get_by_role("button", name="Request a meeting").click()
    ana.get_by_text("Your request was sent to Ben Martin.").wait_for()
    ana.screenshot(path=str(SCREENSHOTS / "request-sent.png"), full_page=True)

    ben.reload()
    ben.get_by_text("Could your drones map our trial vineyards?").wait_for()
    ben.get_by_role("button", name="Accept").click()
    ben.get_by_text("Request accepted.").wait_for()
    ben.screenshot(path=str(SCREENSHOTS / "request-accepted.png"), full_page=True)

    ana.goto(f"{live_server}/events/pic/me")
    meetings = ana.get_by_role("region", name="My meetings")
    assert "With Ben Martin (Loire Drones)" in meetings.inner_text()
    ana.get_by_role("link", name="Participants", exact=True).click()
    ana.get_by_role("link", name="Ben Martin").click()
    assert ana.get_by_text("ben@example.org").is_visible()
