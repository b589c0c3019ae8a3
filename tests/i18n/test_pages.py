"""Every page, in English and in French: the same answer, in the language asked for, with
none of the interface's English left on the French page."""

from __future__ import annotations

import html
import re

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from tests.i18n.test_catalogue import FRENCH
from tests.test_access import EXPECTED, ROLES, _client, _url, _world

FRENCH_BROWSER = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
# Pages that are not HTML (calendar files, JSON) are checked elsewhere.
NOT_PAGES = {
    "public.programme_ics",
    "public.item_ics",
    "attendee.agenda_ics",
    "attendee.meeting_ics",
    "attendee.calendar_feed",
    "attendee.export",
    "scheduling.run_status",
    "organiser.export_meetings",
    "organiser.export_participants",
    "organiser.export_requests",
    "organiser.export_signups",
    "team.import_template",
    "health.healthz",
}


def _pages(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, the first role that sees it) for every page some role can open."""
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    found = []
    for endpoint, answers in sorted(EXPECTED.items()):
        if endpoint in NOT_PAGES or "GET" not in rules[endpoint].methods or 200 not in answers:
            continue
        found.append((endpoint, ROLES[answers.index(200)]))
    return found


def _english_left() -> list[str]:
    """Interface sentences whose French differs: none may show on a French page."""
    with FRENCH.open("rb") as source:
        catalogue = read_po(source)
    return sorted(
        m.id
        for m in catalogue
        if isinstance(m.id, str)
        and m.id != m.string
        and "%(" not in m.id
        and "<" not in m.id
        and len(m.id) >= 12
        and " " in m.id
    )


# Pages that quote what a file must hold: the import's column names and values, in English.
ENGLISH_KEYWORDS = {"team.upload"}


def _text(page: str) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(without_tags).split())


PAGES = [
    "attendee.agenda",
    "attendee.availability",
    "attendee.check_email",
    "attendee.delete_account",
    "attendee.edit_profile",
    "attendee.portal",
    "attendee.privacy",
    "attendee.register",
    "attendee.resend_link",
    "attendee.sessions",
    "attendee.withdraw",
    "matchmaking.directory",
    "matchmaking.profile",
    "matchmaking.suggestions",
    "organiser.dashboard",
    "organiser.edit_participant",
    "organiser.emails",
    "organiser.event_home",
    "organiser.login",
    "organiser.participant",
    "organiser.registrations",
    "organiser.requests_and_meetings",
    "public.event_page",
    "public.home",
    "scheduling.console",
    "scheduling.edit_meeting",
    "scheduling.print_agendas",
    "scheduling.print_sheets",
    "scheduling.review",
    "setup.clone",
    "setup.edit_item",
    "setup.edit_question",
    "setup.edit_session",
    "setup.new_event",
    "setup.programme",
    "setup.questions",
    "setup.sessions",
    "setup.settings",
    "team.announce",
    "team.log",
    "team.preview",
    "team.team",
    "team.upload",
]


def test_pages_list_is_every_page(app: Flask) -> None:
    assert sorted(endpoint for endpoint, _role in _pages(app)) == PAGES


@pytest.mark.parametrize("endpoint", PAGES)
def test_pages_render_in_english_and_in_french(app: Flask, endpoint: str, mail_dir: object) -> None:
    world = _world(app)
    role = dict(_pages(app))[endpoint]
    url = _url(app, endpoint, world)
    english = _client(app, role, world).get(url, headers=ENGLISH_BROWSER)
    french = _client(app, role, world).get(url, headers=FRENCH_BROWSER)
    english_page, french_page = english.get_data(as_text=True), french.get_data(as_text=True)
    left = [s for s in _english_left() if s in _text(french_page)]
    if endpoint in ENGLISH_KEYWORDS:
        left = []
    assert (english.status_code, french.status_code) == (200, 200)
    assert ('<html lang="en">' in english_page, '<html lang="fr">' in french_page) == (True, True)
    assert ("Skip to content" in english_page, "Aller au contenu" in french_page) == (True, True)
    assert left == []
