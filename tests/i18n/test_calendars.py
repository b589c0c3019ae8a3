"""Calendar files in the right language: a participant's feed in theirs, whoever fetches it;
the public programme in the language the browser asks for."""

from __future__ import annotations

import re

import icalendar
from flask import Flask

from scheduler.agenda.publish import publish
from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from tests.agenda.scene import small_event
from tests.attendees import open_link

ENGLISH_CALENDAR_APP = {"Accept-Language": "en-US,en;q=0.9"}


def _events(data: bytes) -> list[tuple[str, str]]:
    calendar = icalendar.Calendar.from_ical(data)
    return [(str(e["SUMMARY"]), ",".join(e["CATEGORIES"].cats)) for e in calendar.walk("VEVENT")]


def test_calendars_feed_of_a_french_participant_is_in_french(app: Flask) -> None:
    scene = small_event()
    scene.ben.language, scene.eva.last_name = "fr", "Lind"
    publish(db.session, scene.event)
    db.session.commit()
    client = app.test_client()
    open_link(client, f"/events/pic/access/{make_access_token(scene.ben)}")
    page = client.get("/events/pic/me/agenda", headers=ENGLISH_CALENDAR_APP)
    feed = re.search(r'value="(http[^"]+\.ics)" readonly', page.get_data(as_text=True)).group(1)

    data = app.test_client().get(feed, headers=ENGLISH_CALENDAR_APP).data
    calendar = icalendar.Calendar.from_ical(data)

    assert str(calendar["X-WR-CALNAME"]) == "Plant InterCluster 2027 : mon agenda"
    assert _events(data)[0] == (
        "Rendez-vous d\u2019affaires : Eva Lind \u2014 Table 2",
        "Rendez-vous d\u2019affaires",
    )


def test_calendars_programme_in_the_language_the_browser_asks_for(app: Flask) -> None:
    small_event()
    db.session.commit()
    french = app.test_client().get(
        "/events/pic/programme.ics", headers={"Accept-Language": "fr-FR,fr"}
    )
    english = app.test_client().get("/events/pic/programme.ics", headers=ENGLISH_CALENDAR_APP)

    assert _events(french.data) == [
        ("B2B day 1", "Session B2B"),
        ("Biocontrol", "Atelier"),
        ("B2B day 2", "Session B2B"),
    ]
    assert _events(english.data) == [
        ("B2B day 1", "B2B session"),
        ("Biocontrol", "Workshop"),
        ("B2B day 2", "B2B session"),
    ]
