"""Fixed choice lists of the forms: countries and meeting languages, named in the language
in force (English keeps the names below; other languages take Babel's CLDR names)."""

from __future__ import annotations

import unicodedata

from scheduler.i18n import current_locale

COUNTRIES = [
    ("AT", "Austria"),
    ("BE", "Belgium"),
    ("BG", "Bulgaria"),
    ("HR", "Croatia"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia"),
    ("DK", "Denmark"),
    ("EE", "Estonia"),
    ("FI", "Finland"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("GR", "Greece"),
    ("HU", "Hungary"),
    ("IS", "Iceland"),
    ("IE", "Ireland"),
    ("IT", "Italy"),
    ("LV", "Latvia"),
    ("LT", "Lithuania"),
    ("LU", "Luxembourg"),
    ("MT", "Malta"),
    ("MD", "Moldova"),
    ("ME", "Montenegro"),
    ("NL", "Netherlands"),
    ("MK", "North Macedonia"),
    ("NO", "Norway"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("RO", "Romania"),
    ("RS", "Serbia"),
    ("SK", "Slovakia"),
    ("SI", "Slovenia"),
    ("ES", "Spain"),
    ("SE", "Sweden"),
    ("CH", "Switzerland"),
    ("TR", "Türkiye"),
    ("UA", "Ukraine"),
    ("GB", "United Kingdom"),
    ("MA", "Morocco"),
    ("TN", "Tunisia"),
    ("CA", "Canada"),
    ("US", "United States"),
]
COUNTRY_NAMES = dict(COUNTRIES)

LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
    ("nl", "Dutch"),
    ("pl", "Polish"),
    ("da", "Danish"),
    ("sv", "Swedish"),
    ("fi", "Finnish"),
    ("cs", "Czech"),
    ("sk", "Slovak"),
    ("hu", "Hungarian"),
    ("ro", "Romanian"),
    ("bg", "Bulgarian"),
    ("el", "Greek"),
    ("hr", "Croatian"),
    ("sl", "Slovenian"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("et", "Estonian"),
    ("ga", "Irish"),
]
LANGUAGE_NAMES = dict(LANGUAGES)

# The countries outside Europe come last in every language.
_EUROPE_ENDS_AT = "MA"


def _collation_key(name: str) -> str:
    """Sort 'Égypte' with the E's: accents aside, then case aside."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def country_names() -> dict[str, str]:
    locale = current_locale()
    if locale.language == "en":
        return COUNTRY_NAMES
    return {code: locale.territories.get(code, name) for code, name in COUNTRIES}


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, in the alphabetical order of the language in force."""
    names = country_names()
    if names is COUNTRY_NAMES:
        return COUNTRIES
    split = [code for code, _ in COUNTRIES].index(_EUROPE_ENDS_AT)
    codes = [code for code, _ in COUNTRIES]
    groups = (codes[:split], codes[split:])
    return [
        (code, names[code])
        for group in groups
        for code in sorted(group, key=lambda c: _collation_key(names[c]))
    ]


def language_names() -> dict[str, str]:
    """Language names as a sentence shows them: 'English' and 'anglais'."""
    locale = current_locale()
    if locale.language == "en":
        return LANGUAGE_NAMES
    return {code: locale.languages.get(code, name) for code, name in LANGUAGES}


def language_choices() -> list[tuple[str, str]]:
    """(code, name) of the meeting languages; a name alone in a list starts with a capital."""
    names = language_names()
    return [(code, names[code][:1].upper() + names[code][1:]) for code, _ in LANGUAGES]
