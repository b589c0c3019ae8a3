"""Texts the organisers type in English and French (the event's description, the programme's
titles and descriptions, the B2B sessions' names, the registration questions).

Each text is two columns, ``<name>_en`` and ``<name>_fr``; the attribute ``<name>`` reads the
one in the language in force (the page's, or the one an email or a calendar is written in)
and falls back to the other when that one is empty. Writing ``<name>`` sets the English text;
forms and copies read and write the two columns by their own names.
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale


def reading_language() -> str:
    """``"fr"`` when French is in force, else ``"en"`` (also outside any request)."""
    locale = get_locale()
    return "fr" if locale is not None and locale.language == "fr" else "en"


def in_language(english: str, french: str, language: str | None = None) -> str:
    """The text in ``language`` (the one in force by default), else in the other."""
    if (language or reading_language()) == "fr":
        return french or english
    return english or french


class Bilingual:
    """A descriptor over the ``<name>_en`` and ``<name>_fr`` columns of a model."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.english, self.french = f"{name}_en", f"{name}_fr"

    def __get__(self, obj: object, owner: type) -> Any:
        if obj is None:  # on the class: the English column, for queries
            return getattr(owner, self.english)
        return in_language(getattr(obj, self.english) or "", getattr(obj, self.french) or "")

    def __set__(self, obj: object, value: str) -> None:
        setattr(obj, self.english, value)
