"""In a real browser: an organiser adds registration questions in English and French, and a
French-speaking attendee answers them on the registration form, first forgetting a required
one; screenshots of the questions page and of the form at desktop and phone widths."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import Participant
from scheduler.registration.answers import stored_answers
from tests.attendees import ready_event
from tests.browser.conftest import SCREENSHOTS, shoot
from tests.organiser.scene import PASSWORD, organiser_of


def test_browser_organiser_adds_questions_and_an_attendee_answers_them_in_french(
    app: Flask, live_server: str, browser
) -> None:
    event = ready_event()
    organiser_of(event)
    db.session.commit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page, mobile = desktop.new_page(), phone.new_page()
    for tab in (page, mobile):
        tab.goto(f"{live_server}/organiser/login")
        tab.get_by_label("Email").fill("org@example.org")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server}/organiser/events/pic/settings")
    page.get_by_role("link", name="Registration questions").click()
    page.get_by_label("Kind of answer").select_option(label="Choice in a list")
    page.get_by_label("Question in English").fill("Diet")
    page.get_by_label("Question in French").fill("Régime alimentaire")
    page.get_by_label("Options in English").fill("None\nVegetarian\nVegan")
    page.get_by_label("Options in French").fill("Aucun\nVégétarien")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Add the question").click()
    page.get_by_text("Give as many French options as English ones (3)").wait_for()
    shoot(page, mobile, "registration-questions-error")
    page.get_by_label("Options in French").fill("Aucun\nVégétarien\nVégétalien")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_text("Diet is added.").wait_for()
    page.get_by_label("Kind of answer").select_option(label="Yes or no")
    page.get_by_label("Question in English").fill("Will you come to the dinner?")
    page.get_by_label("Question in French").fill("Viendrez-vous au dîner ?")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_text("Will you come to the dinner? is added.").wait_for()
    page.get_by_role("button", name="Move up").click()
    shoot(page, mobile, "registration-questions")

    french = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    french_phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="fr-FR"
    )
    form, form_phone = french.new_page(), french_phone.new_page()
    form.goto(f"{live_server}/events/pic/register")
    shoot(form, form_phone, "registration-form-questions")
    form.get_by_label("Prénom").fill("Élodie")
    form.get_by_label("Nom", exact=True).fill("Martin")
    form.get_by_label("E-mail", exact=True).fill("elodie@example.org")
    form.get_by_label("Nom de la structure").fill("Vergers d\u2019Anjou")
    form.get_by_label("Type de structure").select_option("company")
    form.get_by_label("Pays", exact=True).select_option("FR")
    form.get_by_label("Viendrez-vous au dîner ?").select_option(label="Oui")
    form.get_by_label(re.compile("^J\u2019ai lu la politique de confidentialité")).check()
    form.get_by_role("button", name="S\u2019inscrire").click()
    form.get_by_text("Merci de répondre à cette question.").wait_for()
    shoot(form, form_phone, "registration-form-questions-error")
    form.get_by_label("Régime alimentaire").select_option(label="Végétalien")
    form.get_by_role("button", name="S\u2019inscrire").click()
    form.get_by_role("heading", name="Consultez vos e-mails").wait_for()

    db.session.commit()
    elodie = db.session.scalar(select(Participant).where(Participant.email == "elodie@example.org"))
    diet, dinner = (q.id for q in sorted(event.questions, key=lambda q: q.label_en))
    assert stored_answers(elodie) == {diet: "Vegan", dinner: "yes"}
