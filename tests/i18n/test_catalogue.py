"""The French catalogue translates every string the code and the templates mark, none of
them fuzzy or with broken placeholders, and the compiled catalogue the app reads is current."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "scheduler" / "translations"
FRENCH = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
# The same keywords as `make translations`.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHODS = [
    ("scheduler/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
OPTIONS = {"templates/**.html": {"trimmed": "true"}, "templates/**.txt": {"trimmed": "true"}}


def _extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every string marked anywhere (the singular of a plural), as
    `make translations` finds them."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), METHODS, KEYWORDS, OPTIONS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def _catalogue(path: Path = FRENCH) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def _translated(catalogue: Catalog) -> dict[tuple[str | None, str], object]:
    return {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m.string
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }


def test_catalogue_french_translates_every_marked_string() -> None:
    missing = sorted(_extracted() - set(_translated(_catalogue())), key=repr)
    assert missing == []


def test_catalogue_french_has_no_fuzzy_entry() -> None:
    assert [m.id for m in _catalogue() if m.id and m.fuzzy] == []


def test_catalogue_french_keeps_every_placeholder() -> None:
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in _catalogue().check()
    ]
    assert problems == []


def test_catalogue_french_plural_forms_are_french() -> None:
    assert (_catalogue().num_plurals, _catalogue().plural_expr) == (2, "(n > 1)")


def test_catalogue_check_sees_a_missing_and_a_fuzzy_entry(tmp_path: Path) -> None:
    path = tmp_path / "messages.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Save"\nmsgstr "Enregistrer"\n\n'
        '#, fuzzy\nmsgid "Saved"\nmsgstr "Enregistré"\n\n'
        'msgid "Sent"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert sorted(_translated(_catalogue(path))) == [(None, "Save")]


def test_catalogue_compiled_french_matches_the_written_one() -> None:
    def entries(catalogue: Catalog) -> dict[tuple[str, ...], tuple[str, ...]]:
        return {
            tuple(m.id) if isinstance(m.id, list | tuple) else (m.id,): (
                tuple(m.string) if isinstance(m.string, list | tuple) else (m.string,)
            )
            for m in catalogue
            if m.id and not m.fuzzy
        }

    with (FRENCH.with_suffix(".mo")).open("rb") as compiled:
        built = read_mo(compiled)
    assert entries(built) == entries(_catalogue())


def test_catalogue_french_is_what_a_french_request_reads(app: Flask) -> None:
    from scheduler.i18n import gettext

    with app.test_request_context(headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}):
        assert gettext("Register") == "S\u2019inscrire"
