"""Calendar files built from the database, read back by icalendar and vobject, and served
to attendees and the public."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
import vobject
from flask import Flask
from flask.testing import FlaskClient

from scheduler.agenda.calendars import agenda_calendar, programme_calendar
from scheduler.agenda.publish import publish
from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.models import AgendaItemKind
from tests.agenda.scene import Scene, small_event
from tests.attendees import open_link
from tests.factories import make_agenda_item, paris

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)


def _profile(person) -> str:
    return f"https://example.org/p/{person.id}"


def _events(data: bytes) -> list[tuple[str, int, datetime, datetime, str, str]]:
    """(UID, SEQUENCE, start, end in UTC, SUMMARY, LOCATION) of each VEVENT, checked by
    vobject (which validates) and read by icalendar; both must agree."""
    vobject.icalendar.__dict__["__tzidMap"].clear()
    checked = vobject.readOne(data.decode(), validate=True)
    by_vobject = [
        (e.uid.value, int(e.sequence.value), e.dtstart.value, e.dtend.value)
        for e in checked.vevent_list
    ]
    calendar = icalendar.Calendar.from_ical(data)
    events = [
        (
            str(e["UID"]),
            int(e["SEQUENCE"]),
            e.decoded("DTSTART"),
            e.decoded("DTEND"),
            str(e["SUMMARY"]),
            str(e.get("LOCATION", "")),
        )
        for e in calendar.walk("VEVENT")
    ]
    assert [event[:4] for event in events] == by_vobject
    assert [str(e.get("ORGANIZER", "")) for e in calendar.walk("VEVENT")] == [""] * len(events)
    assert str(calendar["METHOD"]) == "PUBLISH"
    return events


def _published() -> Scene:
    scene = small_event()
    scene.event.venue_name = "Terra Botanica, Angers"
    scene.session.room = "Hall B"
    publish(db.session, scene.event)  # Ben and Eva at 14:20, table 2; Ana and Eva on day 2
    db.session.flush()
    return scene


def test_calendars_agenda_holds_published_meetings_and_seats_in_utc(app: Flask) -> None:
    scene = _published()
    eva, ben, ana = scene.eva, scene.ben, scene.ana

    events = _events(agenda_calendar(db.session, eva, _profile, NOW))

    workshop = scene.event.agenda_items[0]
    assert events == [
        (
            scene.ben_eva.calendar_uid,
            0,
            datetime(2027, 3, 9, 13, 20, tzinfo=UTC),  # 14:20 in Angers, winter time
            datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
            f"B2B meeting: {ben.full_name} \u2014 Table 2",
            "Terra Botanica, Angers, Hall B, Table 2",
        ),
        (
            workshop.calendar_uid,
            0,
            datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
            datetime(2027, 3, 9, 15, 0, tzinfo=UTC),
            "Biocontrol",
            "Terra Botanica, Angers" + (f", {workshop.room}" if workshop.room else ""),
        ),
        (
            scene.ana_eva.calendar_uid,
            0,
            datetime(2027, 3, 10, 13, 0, tzinfo=UTC),
            datetime(2027, 3, 10, 13, 20, tzinfo=UTC),
            f"B2B meeting: {ana.full_name} \u2014 Table 1",
            "Terra Botanica, Angers, Table 1",
        ),
    ]


def test_calendars_meeting_description_names_the_counterpart_and_links_the_profile(
    app: Flask,
) -> None:
    scene = _published()
    scene.eva.job_title = "Head of R&D, biocontrol; «vergers»"
    scene.eva.offer_text = "Drones, sensors\\and data"
    db.session.flush()

    calendar = icalendar.Calendar.from_ical(agenda_calendar(db.session, scene.ben, _profile, NOW))

    (meeting,) = calendar.walk("VEVENT")
    assert str(meeting["DESCRIPTION"]) == (
        "B2B meeting at Plant InterCluster 2027.\n\n"
        f"{scene.eva.full_name}\nHead of R&D, biocontrol; «vergers»\n"
        "Offers: Drones, sensors\\and data\n"
        f"Profile: https://example.org/p/{scene.eva.id}"
    )
    assert str(meeting["URL"]) == f"https://example.org/p/{scene.eva.id}"


def test_calendars_a_moved_meeting_keeps_its_uid_with_a_higher_sequence(app: Flask) -> None:
    scene = _published()
    scene.ben_eva.place(scene.session.slots[2], scene.session.tables[0])
    publish(db.session, scene.event)

    (event,) = _events(agenda_calendar(db.session, scene.ben, _profile, NOW))

    assert event[:3] == (
        scene.ben_eva.calendar_uid,
        1,
        datetime(2027, 3, 9, 13, 40, tzinfo=UTC),
    )


def test_calendars_programme_holds_the_items_and_the_b2b_sessions(app: Flask) -> None:
    scene = _published()

    events = _events(programme_calendar(db.session, scene.event, "test.invalid", NOW))

    assert [(uid, summary) for uid, _, _, _, summary, _ in events] == [
        (f"b2b-session-{scene.session.id}-pic@test.invalid", "B2B day 1"),
        (scene.event.agenda_items[0].calendar_uid, "Biocontrol"),
        (f"b2b-session-{scene.later.id}-pic@test.invalid", "B2B day 2"),
    ]


def test_calendars_a_lunch_is_in_everyones_agenda_like_a_plenary(app: Flask) -> None:
    scene = _published()
    lunch = make_agenda_item(
        scene.event,
        kind=AgendaItemKind.LUNCH,
        title="Lunch",
        room="Restaurant",
        starts_at=paris(9, 12),
        ends_at=paris(9, 13, 30),
    )

    agenda = icalendar.Calendar.from_ical(agenda_calendar(db.session, scene.ben, _profile, NOW))
    programme = _events(programme_calendar(db.session, scene.event, "test.invalid", NOW))

    assert [
        (str(e["UID"]), str(e["SUMMARY"]), e["CATEGORIES"].to_ical().decode())
        for e in agenda.walk("VEVENT")
    ][:1] == [(lunch.calendar_uid, "Lunch", "Lunch")]
    assert [summary for _, _, _, _, summary, _ in programme] == [
        "Lunch",
        "B2B day 1",
        "Biocontrol",
        "B2B day 2",
    ]


def _as(client: FlaskClient, person) -> None:
    assert open_link(client, f"/events/pic/access/{make_access_token(person)}").status_code == 302


def test_calendars_attendee_downloads_the_agenda_and_a_meeting(
    client: FlaskClient, app: Flask
) -> None:
    scene = _published()
    db.session.commit()
    _as(client, scene.ben)

    agenda = client.get("/events/pic/me/agenda.ics")
    meeting = client.get(f"/events/pic/me/meetings/{scene.ben_eva.id}.ics")
    unpublished = client.get(f"/events/pic/me/meetings/{scene.ana_ben.id}.ics")
    not_his = client.get(f"/events/pic/me/meetings/{scene.ana_eva.id}.ics")

    assert (agenda.status_code, agenda.headers["Content-Type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )
    assert agenda.headers["Content-Disposition"] == 'attachment; filename="pic-my-agenda.ics"'
    assert agenda.headers["Cache-Control"] == "no-store"
    assert [e[0] for e in _events(agenda.data)] == [scene.ben_eva.calendar_uid]
    assert [e[0] for e in _events(meeting.data)] == [scene.ben_eva.calendar_uid]
    assert (unpublished.status_code, not_his.status_code) == (404, 404)


def test_calendars_public_programme_and_item_downloads(client: FlaskClient, app: Flask) -> None:
    scene = _published()
    workshop = scene.event.agenda_items[0]
    db.session.commit()

    programme = client.get("/events/pic/programme.ics")
    item = client.get(f"/events/pic/programme/{workshop.id}.ics")
    elsewhere = client.get("/events/pic/programme/2147483647.ics")

    assert len(_events(programme.data)) == 3
    assert [e[0] for e in _events(item.data)] == [workshop.calendar_uid]
    assert elsewhere.status_code == 404


def test_calendars_item_texts_in_the_participants_language_else_the_other(app: Flask) -> None:
    scene = _published()
    workshop = scene.event.agenda_items[0]
    workshop.title_fr, workshop.description_fr = "Biocontrôle", "Des auxiliaires de culture."
    workshop.description_en = "Beneficial insects."
    scene.eva.language = "fr"
    db.session.flush()

    def texts(person) -> list[tuple[str, str]]:
        calendar = icalendar.Calendar.from_ical(agenda_calendar(db.session, person, _profile, NOW))
        return [
            (str(e["SUMMARY"]), str(e.get("DESCRIPTION", "")))
            for e in calendar.walk("VEVENT")
            if str(e["UID"]) == workshop.calendar_uid
        ]

    in_french = texts(scene.eva)
    scene.eva.language = "en"
    workshop.title_en = ""
    in_english_without_a_title = texts(scene.eva)

    assert in_french == [("Biocontrôle", "Des auxiliaires de culture.")]
    assert in_english_without_a_title == [("Biocontrôle", "Beneficial insects.")]
