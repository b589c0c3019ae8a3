"""In a real browser, on the demo event: the organiser's programme as a day x room grid on a
desktop and as a list on a phone, a B2B session's page with its booths, and the public event
page with the B2B sessions inside the day programme; screenshots of each."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import expect

from scheduler.demo import DEMO_SLUG, load_demo
from tests.browser.conftest import SCREENSHOTS


def _signed_in_tabs(live_server: str, browser) -> tuple[object, object]:
    """The demo loaded, and its organiser signed in on a desktop tab and on a phone tab."""
    credentials = load_demo()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tabs = desktop.new_page(), phone.new_page()
    for tab in tabs:
        tab.goto(f"{live_server}/organiser/login")
        tab.get_by_label("Email").fill(credentials.email)
        tab.get_by_label("Password").fill(credentials.password)
        tab.get_by_role("button", name="Sign in").click()
    return tabs


def test_browser_demo_programme_grid_and_public_day_programme(
    app: Flask, live_server: str, browser
) -> None:
    page, mobile = _signed_in_tabs(live_server, browser)
    for tab in (page, mobile):
        tab.goto(f"{live_server}/organiser/events/{DEMO_SLUG}/programme")

    grid = page.locator("table.programme-grid").first
    expect(grid).to_be_visible()
    expect(grid.locator("thead th")).to_have_text(
        ["Time", "Auditorium", "Foyer", "Room Chenin", "Room Cabernet", "Room Grolleau",
         "Restaurant Le Jardin", "Exhibition hall", "Château du Plessis-Macé"]
    )  # fmt: skip
    expect(grid.get_by_role("link", name="B2B session 1")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "programme-grid-desktop.png"), full_page=True)
    expect(mobile.locator("table.programme-grid").first).to_be_hidden()
    expect(mobile.get_by_role("link", name="B2B session 1").last).to_be_visible()
    mobile.screenshot(path=str(SCREENSHOTS / "programme-grid-phone.png"), full_page=True)

    for tab, width in ((page, "desktop"), (mobile, "phone")):
        tab.goto(f"{live_server}/events/{DEMO_SLUG}")
        first_day = tab.locator("table").first
        expect(first_day.locator("tbody tr td:nth-child(2) strong")).to_have_text(
            ["Welcome and opening plenary: plant clusters in Europe in 2027", "Coffee break",
             "Biocontrol and low-input crop protection",
             "Digital agriculture: sensors, drones and data sharing",
             "Horizon Europe Cluster 6: building a consortium", "Lunch", "B2B session 1",
             "Network dinner at the Château du Plessis-Macé"]
        )  # fmt: skip
        tab.screenshot(path=str(SCREENSHOTS / f"public-event-{width}.png"), full_page=True)


def test_browser_demo_session_page_reserves_a_booth(app: Flask, live_server: str, browser) -> None:
    page, mobile = _signed_in_tabs(live_server, browser)
    page.goto(f"{live_server}/organiser/events/{DEMO_SLUG}/sessions")
    page.get_by_role("link", name="B2B session 2").click()
    page.get_by_label("Table", exact=True).select_option(label="Table 3")
    page.get_by_label("Host").select_option(index=5)
    page.get_by_label("Name shown").fill("Stand 3")
    page.get_by_role("button", name="Save the booth").click()
    page.screenshot(path=str(SCREENSHOTS / "session-booths-desktop.png"), full_page=True)
    expect(page.get_by_text("including 3 booths.")).to_be_visible()
    expect(page.locator("#booths + p + ul li")).to_have_count(3)
    page.screenshot(path=str(SCREENSHOTS / "session-booths-desktop.png"), full_page=True)
    mobile.goto(page.url)
    mobile.screenshot(path=str(SCREENSHOTS / "session-booths-phone.png"), full_page=True)
    page.goto(f"{live_server}/organiser/events/{DEMO_SLUG}/sessions")
    expect(page.get_by_text("including 3 booths")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "sessions-desktop.png"), full_page=True)
