"""Texts kept in English and French: read in the language in force, else in the other."""

from __future__ import annotations

from flask import Flask

from scheduler.i18n import language
from scheduler.models import AgendaItem, B2BSession, Event
from scheduler.models.texts import in_language


def test_texts_in_language_falls_back_on_the_other(app: Flask) -> None:
    assert [
        in_language("Dinner", "Dîner", "fr"),
        in_language("Dinner", "", "fr"),
        in_language("", "Dîner", "en"),
        in_language("", "", "fr"),
    ] == ["Dîner", "Dinner", "Dîner", ""]


def test_texts_attribute_reads_the_language_in_force_and_writes_english(app: Flask) -> None:
    item = AgendaItem(title="Opening", title_fr="Ouverture", description_fr="Mot d'accueil")

    with app.test_request_context(), language("fr"):
        french = (item.title, item.description)
    with app.test_request_context(), language("en"):
        english = (item.title, item.description)

    assert (french, english) == (("Ouverture", "Mot d'accueil"), ("Opening", "Mot d'accueil"))
    assert (item.title_en, item.title_fr) == ("Opening", "Ouverture")


def test_texts_without_a_language_in_force_are_english(app: Flask) -> None:
    session = B2BSession(name_en="", name_fr="Rendez-vous d'affaires")

    assert (session.name, Event(description_en="About").description) == (
        "Rendez-vous d'affaires",
        "About",
    )
    # On the class, the English column, for queries.
    assert [
        Event.description is Event.description_en,
        AgendaItem.title is AgendaItem.title_en,
        B2BSession.name is B2BSession.name_en,
    ] == [True, True, True]
