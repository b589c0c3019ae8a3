"""In a real browser (Debian's Chromium driven by Playwright): a visitor whose browser speaks
English switches the site to French, registers, gets the email in French and opens their
space in French; screenshots of the event page and the form, on a desktop and a phone."""

from __future__ import annotations

import re

from flask import Flask

from scheduler.extensions import db
from scheduler.models import Participant
from tests.attendees import mailbox, ready_event
from tests.browser.conftest import SCREENSHOTS

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/events/[^/\s]+/access/\S+)")
PHONE = {"width": 390, "height": 844}


def _screenshots(browser, base: str) -> None:
    """The event page and the registration form in French, as a desktop and a phone show them."""
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page = browser.new_context(viewport=viewport, locale="fr-FR").new_page()
        page.goto(f"{base}/events/pic")
        page.screenshot(path=str(SCREENSHOTS / f"event-fr-{name}.png"), full_page=True)
        page.goto(f"{base}/events/pic/register")
        page.screenshot(path=str(SCREENSHOTS / f"register-fr-{name}.png"), full_page=True)
        page.screenshot(path=str(SCREENSHOTS / f"register-fr-{name}-first-screen.png"))
        page.context.close()


def test_browser_registers_in_french_end_to_end(
    app: Flask, live_server: str, browser, mail_dir: object
) -> None:
    ready_event()
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(locale="en-GB").new_page()

    page.goto(f"{live_server}/events/pic")
    page.get_by_role("button", name="Français").click()
    page.get_by_role("heading", name="Programme").wait_for()
    page.get_by_role("link", name="S\u2019inscrire", exact=True).click()
    page.get_by_label("Prénom").fill("Élodie")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("E-mail", exact=True).fill("elodie@example.org")
    page.get_by_label("Nom de la structure").fill("Vergers d\u2019Anjou")
    page.get_by_label("Type de structure").select_option("company")
    page.get_by_label("Pays", exact=True).select_option("FR")
    page.get_by_label("Ce que nous proposons").fill("Pommes à cidre en agriculture biologique")
    page.get_by_label("Ce que nous recherchons").fill("Distributeurs en Belgique")
    page.get_by_label("Visible des autres participants de cet événement").check()
    page.get_by_label(re.compile("^J\u2019accepte que mon nom")).check()
    page.get_by_label(re.compile("^J\u2019ai lu la politique de confidentialité")).check()
    page.get_by_role("button", name="S\u2019inscrire").click()
    page.get_by_role("heading", name="Consultez vos e-mails").wait_for()

    (message,) = mailbox(app)
    text = message.get_body(("plain",)).get_content()
    page.goto(LINK.search(text).group(1))
    page.get_by_role("button", name="Ouvrir mon espace").click()
    page.get_by_role("heading", name="Mes rendez-vous").wait_for()
    navigation = page.get_by_role("navigation", name="Votre espace").inner_text()
    participant = db.session.scalar(db.select(Participant))
    _screenshots(browser, live_server)

    assert message["Subject"] == "Votre inscription à Plant InterCluster 2027"
    assert text.splitlines()[:3] == [
        "Bonjour Élodie,",
        "",
        "Merci pour votre inscription à Plant InterCluster 2027 (9\u201311 mars 2027).",
    ]
    assert navigation.split() == [
        "Accueil", "Mon", "agenda", "Profil", "Ateliers", "Disponibilités", "Participants",
        "Suggestions", "pour", "vous",
    ]  # fmt: skip
    assert (participant.first_name, participant.language) == ("Élodie", "fr")
