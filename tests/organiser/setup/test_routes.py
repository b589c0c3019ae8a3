"""The event set-up pages through HTTP: settings, new event, clone, programme and B2B
sessions, with their errors beside the fields and their access rules."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    B2BSession,
    Event,
    EventRole,
    EventRoleKind,
    EventStatus,
    SessionSignup,
)
from tests.factories import make_agenda_item, make_event, make_session, paris
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token, post_form


def _signed_in(app: Flask, **fields: object) -> tuple[FlaskClient, Event]:
    event = make_event(slug="pic", name="PIC 2027", **fields)
    client = app.test_client()
    sign_in(client, event)
    return client, event


SETTINGS = {
    "name": "PIC 2027, Angers",
    "host_organisation_id": "0",
    "venue_name": "Angers Congress Centre",
    "address": "33 boulevard Carnot",
    "timezone": "Europe/Paris",
    "start_date": "2027-03-09",
    "end_date": "2027-03-11",
    "description": "The annual meeting.",
    "status": "registration_open",
    "sender_email": "contact@pic.example",
    "sender_name": "PIC team",
    "registration_opens_at": "2027-01-05T09:00",
    "registration_closes_at": "2027-03-01T18:00",
    "approval_required": "y",
    "offered_types": ["delegate", "cluster_manager"],
    "meeting_request_quota": "12",
    "requests_expire_at": "",
    "max_meetings_per_participant": "",
    "retention_days": "180",
}


def test_settings_page_shows_the_event_in_its_fields(app: Flask) -> None:
    client, _ = _signed_in(app, venue_name="Angers", registration_opens_at=paris(1, 9))

    page = client.get("/organiser/events/pic/settings").get_data(as_text=True)

    assert 'value="PIC 2027"' in page
    assert 'value="Angers"' in page
    assert 'value="2027-03-01T09:00"' in page  # at the venue, not in UTC
    assert 'aria-current="page">Event</a>' in page


def test_settings_saved_in_venue_time(app: Flask) -> None:
    client, event = _signed_in(app)

    response = post_form(client, "/organiser/events/pic/settings", SETTINGS)

    assert response.status_code == 302
    db.session.expire_all()
    assert (
        event.name,
        event.approval_required,
        event.auto_accept_requests,
        event.meeting_request_quota,
        event.max_meetings_per_participant,
        event.requests_expire_at,
        event.local(event.registration_closes_at).strftime("%Y-%m-%d %H:%M"),
        event.registration_closes_at.strftime("%H:%M"),
    ) == ("PIC 2027, Angers", True, False, 12, None, None, "2027-03-01 18:00", "17:00")
    page = client.get("/organiser/events/pic/settings").get_data(as_text=True)
    assert "The settings are saved." in text_of(page)


def test_settings_errors_beside_fields_and_input_kept(app: Flask) -> None:
    client, event = _signed_in(app)
    data = {
        **SETTINGS,
        "timezone": "Europe/Angers",
        "start_date": "2027-03-11",
        "end_date": "2027-03-09",
        "registration_closes_at": "2027-01-01T09:00",
    }

    response = post_form(client, "/organiser/events/pic/settings", data)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    text = text_of(page)
    assert "'Europe/Angers' is not a time zone; use an IANA name such as Europe/Paris." in text
    assert "The last day comes before the first day." in text
    assert "Registration closes before it opens." in text
    assert 'value="Europe/Angers"' in page
    assert 'value="PIC 2027, Angers"' in page
    db.session.expire_all()
    assert (event.name, event.timezone) == ("PIC 2027", "Europe/Paris")


def test_settings_of_another_event_not_found(app: Flask) -> None:
    client, _ = _signed_in(app)
    make_event(slug="other")
    db.session.commit()

    assert client.get("/organiser/events/other/settings").status_code == 404
    assert client.get("/organiser/events/other/programme").status_code == 404
    assert client.get("/organiser/events/other/sessions").status_code == 404
    assert client.get("/organiser/events/other/clone").status_code == 404


def test_settings_change_needs_the_csrf_token(app: Flask) -> None:
    client, event = _signed_in(app)

    response = client.post("/organiser/events/pic/settings", data=SETTINGS)

    db.session.expire_all()
    assert (response.status_code, event.name) == (400, "PIC 2027")


NEW = {
    "name": "Agri-Food Days",
    "slug": "agri-2028",
    "start_date": "2028-05-10",
    "end_date": "2028-05-11",
    "timezone": "Europe/Warsaw",
    "venue_name": "Poznań",
}


def test_new_event_created_and_owned(app: Flask) -> None:
    client, _ = _signed_in(app)
    assert "Create an event" in client.get("/organiser/").get_data(as_text=True)

    response = post_form(client, "/organiser/events/new", NEW)

    assert response.headers["Location"] == "/organiser/events/agri-2028/settings"
    event = db.session.scalar(select(Event).where(Event.slug == "agri-2028"))
    role = db.session.scalar(select(EventRole).where(EventRole.event_id == event.id))
    assert (event.name, event.status, event.timezone, event.end_date, role.role) == (
        "Agri-Food Days",
        EventStatus.DRAFT,
        "Europe/Warsaw",
        date(2028, 5, 11),
        EventRoleKind.OWNER,
    )
    assert client.get("/organiser/events/agri-2028/settings").status_code == 200


def test_new_event_errors_beside_fields(app: Flask) -> None:
    client, _ = _signed_in(app)
    data = {**NEW, "slug": "pic", "end_date": "2028-05-01", "timezone": "Mars/Olympus"}

    response = post_form(client, "/organiser/events/new", data)

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Another event already uses the address 'pic'." in text
    assert "The last day comes before the first day." in text
    assert "'Mars/Olympus' is not a time zone; use an IANA name such as Europe/Paris." in text
    assert 'value="Agri-Food Days"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Event).where(Event.name == "Agri-Food Days")) is None


def test_new_event_slug_with_bad_characters_refused(app: Flask) -> None:
    client, _ = _signed_in(app)

    response = post_form(client, "/organiser/events/new", {**NEW, "slug": "Agri 2028"})

    assert "Lower-case letters, digits and single hyphens only, e.g. pic-2028." in text_of(
        response.get_data(as_text=True)
    )


def test_clone_creates_next_years_edition(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Robots")
    make_session(event)
    db.session.commit()

    response = post_form(
        client,
        "/organiser/events/pic/clone",
        {"name": "PIC 2028", "slug": "pic-2028", "start_date": "2028-03-14"},
    )

    assert response.headers["Location"] == "/organiser/events/pic-2028/settings"
    copy = db.session.scalar(select(Event).where(Event.slug == "pic-2028"))
    assert (
        copy.start_date,
        copy.end_date,
        [i.title for i in copy.agenda_items],
        [len(s.slots) for s in copy.b2b_sessions],
    ) == (date(2028, 3, 14), date(2028, 3, 16), ["Robots"], [3])


def test_clone_slug_taken_beside_the_field(app: Flask) -> None:
    client, _ = _signed_in(app)

    response = post_form(
        client,
        "/organiser/events/pic/clone",
        {"name": "PIC 2028", "slug": "pic", "start_date": "2028-03-14"},
    )

    assert response.status_code == 200
    assert "Another event already uses the address 'pic'." in text_of(
        response.get_data(as_text=True)
    )


ITEM = {
    "kind": "workshop",
    "title": "Robots in the vineyard",
    "description": "Hands-on.",
    "room": "Room A",
    "starts_at": "2027-03-10T09:00",
    "ends_at": "2027-03-10T10:30",
    "capacity": "20",
    "requires_signup": "y",
}


def test_programme_item_added_and_listed_by_day(app: Flask) -> None:
    client, event = _signed_in(app)

    response = post_form(client, "/organiser/events/pic/programme", ITEM)

    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert (item.title, item.capacity, item.requires_signup, event.local(item.starts_at).hour) == (
        "Robots in the vineyard",
        20,
        True,
        9,
    )
    text = text_of(client.get("/organiser/events/pic/programme").get_data(as_text=True))
    assert "Wednesday 10 March 2027" in text
    assert "09:00\u201310:30 Robots in the vineyard Workshop \u00b7 Room A 0 / 20" in text


def test_programme_item_errors_beside_fields(app: Flask) -> None:
    client, _ = _signed_in(app)
    data = {**ITEM, "starts_at": "2027-03-20T11:00", "ends_at": "2027-03-20T10:00"}

    response = post_form(client, "/organiser/events/pic/programme", data)

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "The item ends before it starts." in text
    assert "The item must take place between 09 March 2027 and 11 March 2027." in text
    assert 'value="Robots in the vineyard"' in response.get_data(as_text=True)
    assert db.session.scalar(select(AgendaItem)) is None


def test_programme_warns_of_a_room_clash_and_a_signup_during_b2b(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Robots", room="Room A", starts_at=paris(9, 10))
    make_agenda_item(event, title="Drones", room="room a", starts_at=paris(9, 11))
    make_agenda_item(
        event,
        title="Visit",
        requires_signup=True,
        starts_at=paris(9, 14, 30),
        ends_at=paris(9, 16),
    )
    make_session(event, name="Afternoon B2B")
    db.session.commit()

    text = text_of(client.get("/organiser/events/pic/programme").get_data(as_text=True))

    assert "2 warnings" in text
    assert "'Robots' and 'Drones' are both in Room A at the same time." in text
    assert (
        "'Visit' needs a sign-up and overlaps the B2B session 'Afternoon B2B': "
        "whoever signs up loses those B2B slots." in text
    )


def test_programme_edit_item_raises_its_sequence_when_moved(app: Flask) -> None:
    client, event = _signed_in(app)
    item = make_agenda_item(event, title="Robots", room="Room A", capacity=20)
    db.session.commit()
    url = f"/organiser/events/pic/programme/{item.id}"
    assert 'value="2027-03-09T10:00"' in client.get(url).get_data(as_text=True)

    response = post_form(client, url, {**ITEM, "room": "Room B"})

    assert response.status_code == 302
    db.session.expire_all()
    assert (item.title, item.room, item.sequence) == ("Robots in the vineyard", "Room B", 1)


def test_programme_edit_item_of_another_event_not_found(app: Flask) -> None:
    client, _ = _signed_in(app)
    other = make_event(slug="other")
    item = make_agenda_item(other)
    db.session.commit()

    assert client.get(f"/organiser/events/pic/programme/{item.id}").status_code == 404


def test_programme_delete_item(app: Flask) -> None:
    client, event = _signed_in(app)
    item = make_agenda_item(event, title="Robots")
    db.session.commit()
    url = f"/organiser/events/pic/programme/{item.id}"

    response = client.post(f"{url}/delete", data={"csrf_token": csrf_token(client, url)})

    assert response.headers["Location"] == "/organiser/events/pic/programme"
    assert db.session.scalar(select(AgendaItem)) is None


def test_programme_delete_item_with_signups_refused(app: Flask) -> None:
    from tests.factories import make_participant

    client, event = _signed_in(app)
    item = make_agenda_item(event, title="Robots", requires_signup=True, capacity=5)
    db.session.add(SessionSignup(participant=make_participant(event), agenda_item=item))
    db.session.commit()
    url = f"/organiser/events/pic/programme/{item.id}"

    response = client.post(
        f"{url}/delete", data={"csrf_token": csrf_token(client, "/organiser/events/pic/")}
    )

    assert response.headers["Location"] == url
    assert "1 person holds a seat or a waiting-list place in this item" in text_of(
        client.get(url).get_data(as_text=True)
    )
    assert db.session.scalar(select(AgendaItem.id)) == item.id


SESSION = {
    "name": "Morning B2B",
    "starts_at": "2027-03-10T09:00",
    "ends_at": "2027-03-10T10:00",
    "slot_minutes": "20",
    "pause_minutes": "5",
    "tables": "12",
    "room": "Hall B",
}


def test_sessions_added_with_its_slots_and_tables(app: Flask) -> None:
    client, event = _signed_in(app)

    response = post_form(client, "/organiser/events/pic/sessions", SESSION)

    assert response.status_code == 302
    session = db.session.scalar(select(B2BSession))
    assert (
        session.name,
        session.room,
        [event.local(s.starts_at).strftime("%H:%M") for s in session.slots],
        len(session.tables),
    ) == ("Morning B2B", "Hall B", ["09:00", "09:25"], 12)
    text = text_of(client.get("/organiser/events/pic/sessions").get_data(as_text=True))
    assert "Morning B2B is added: 2 slots and 12 tables." in text
    assert "Room for 24 meetings (slots \u00d7 tables) against 0 meetings to hold." in text


def test_sessions_window_outside_the_event_or_reversed_refused(app: Flask) -> None:
    client, _ = _signed_in(app)

    outside = post_form(
        client,
        "/organiser/events/pic/sessions",
        {**SESSION, "starts_at": "2027-03-12T09:00", "ends_at": "2027-03-12T10:00"},
    )
    reversed_ = post_form(
        client, "/organiser/events/pic/sessions", {**SESSION, "ends_at": "2027-03-10T08:00"}
    )

    assert "The session must take place between 09 March 2027 and 11 March 2027." in text_of(
        outside.get_data(as_text=True)
    )
    assert "The session ends before it starts." in text_of(reversed_.get_data(as_text=True))
    assert 'value="Hall B"' in reversed_.get_data(as_text=True)
    assert db.session.scalar(select(B2BSession)) is None


def test_sessions_page_shows_the_capacity_and_who_has_too_many_meetings(app: Flask) -> None:
    from tests.factories import make_meeting, make_participant

    client, event = _signed_in(app)
    make_session(event, tables=1, name="Afternoon B2B")  # 3 slots x 1 table
    ana = make_participant(event, first_name="Ana", last_name="Silva")
    for _ in range(4):
        make_meeting(event, ana, make_participant(event))
    db.session.commit()

    text = text_of(client.get("/organiser/events/pic/sessions").get_data(as_text=True))

    assert (
        "Room for 3 meetings (slots \u00d7 tables) against 4 meetings to hold: 1 cannot fit" in text
    )
    assert "Afternoon B2B Tue 9 Mar 14:00\u201315:00 20 min slots, 0 min pause" in text
    assert "3 slots \u00d7 1 table = 3 0 placed by the schedule" in text
    assert "Ana Silva : 4 meetings, 3 slots" in text


def test_settings_save_both_descriptions_and_the_registration_settings(app: Flask) -> None:
    client, event = _signed_in(app)
    data = {**SETTINGS, "description_fr": "La rencontre annuelle.", "offered_types": ["press"]}

    response = post_form(
        client, "/organiser/events/pic/settings", {**data, "directory_listed_by_default": "y"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert (
        event.description_en,
        event.description_fr,
        [row.participant_type.value for row in event.offered_type_rows],
        event.directory_listed_by_default,
    ) == ("The annual meeting.", "La rencontre annuelle.", ["press"], True)
    page = client.get("/organiser/events/pic/settings", headers={"Accept-Language": "fr"})
    html = page.get_data(as_text=True)
    assert "\r\nThe annual meeting.</textarea>" in html
    assert "\r\nLa rencontre annuelle.</textarea>" in html
    assert (
        '<input checked class="form-check-input" id="offered_types-5" name="offered_types" '
        'type="checkbox" value="press">'
    ) in html


def test_settings_offering_no_participant_type_refused_beside_the_field(app: Flask) -> None:
    client, _ = _signed_in(app)
    data = {name: value for name, value in SETTINGS.items() if name != "offered_types"}

    response = post_form(client, "/organiser/events/pic/settings", data)

    assert response.status_code == 200
    assert "Offer at least one participant type." in response.get_data(as_text=True)
    assert 'value="PIC 2027, Angers"' in response.get_data(as_text=True)


def test_programme_item_in_french_only_shown_in_both_languages(app: Flask) -> None:
    client, _ = _signed_in(app)
    data = {**ITEM, "title": "", "title_fr": "Robots dans la vigne", "description_fr": "Essais."}

    response = post_form(client, "/organiser/events/pic/programme", data)

    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert (item.title_en, item.title_fr, item.description_en, item.description_fr) == (
        "",
        "Robots dans la vigne",
        ITEM.get("description", ""),
        "Essais.",
    )
    english = text_of(client.get("/organiser/events/pic/programme").get_data(as_text=True))
    edit = client.get(
        f"/organiser/events/pic/programme/{item.id}", headers={"Accept-Language": "fr"}
    )
    assert "09:00\u201310:30 Robots dans la vigne Workshop" in english
    assert 'id="title" maxlength="200" name="title" type="text" value=""' in edit.get_data(
        as_text=True
    )


def test_programme_item_without_any_title_refused(app: Flask) -> None:
    client, _ = _signed_in(app)

    response = post_form(
        client, "/organiser/events/pic/programme", {**ITEM, "title": "", "title_fr": ""}
    )

    assert response.status_code == 200
    assert "Give the title in English, in French or in both." in response.get_data(as_text=True)
    assert db.session.scalar(select(AgendaItem)) is None


def test_sessions_named_in_french_and_refused_without_a_name(app: Flask) -> None:
    client, _ = _signed_in(app)

    unnamed = post_form(client, "/organiser/events/pic/sessions", {**SESSION, "name": ""})
    named = post_form(
        client, "/organiser/events/pic/sessions", {**SESSION, "name": "", "name_fr": "B2B du matin"}
    )

    assert "Name the session in English, in French or in both." in unnamed.get_data(as_text=True)
    assert named.status_code == 302
    session = db.session.scalar(select(B2BSession))
    assert (session.name_en, session.name_fr, session.name) == ("", "B2B du matin", "B2B du matin")


def test_programme_grid_has_a_column_per_room_and_the_b2b_session(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Robots", room="Room A", starts_at=paris(9, 10))
    make_agenda_item(event, title="Drones", room="Room A", starts_at=paris(9, 11))
    make_agenda_item(event, title="Seeds", room="Room B", starts_at=paris(9, 10))
    make_session(event, name="Afternoon B2B", room="Hall")
    db.session.commit()

    page = client.get("/organiser/events/pic/programme").get_data(as_text=True)

    head = page.split('<table class="table table-sm table-bordered programme-grid', 1)[1]
    head = text_of(head.split("</thead>", 1)[0])
    assert head.split("by room")[1].split() == ["Time", "Room", "A", "Room", "B", "Hall"]
    assert '<th scope="col" colspan="2">Room A</th>' in page
    assert page.count('class="table-warning"') == 2
    assert 'href="/organiser/events/pic/sessions">Afternoon B2B</a>' in page


def _session_url(session: B2BSession, tail: str = "") -> str:
    return f"/organiser/events/pic/sessions/{session.id}{tail}"


def test_sessions_edit_page_shows_the_session_in_venue_time(app: Flask) -> None:
    client, event = _signed_in(app)
    session = make_session(event, tables=3, name="Afternoon B2B")
    db.session.commit()

    page = client.get(_session_url(session)).get_data(as_text=True)

    assert 'value="2027-03-09T14:00"' in page
    assert 'value="3"' in page
    assert "3 slots \u00d7 3 tables = 9 ." in text_of(page)
    assert "No booth: every table is open to any meeting." in text_of(page)


def test_sessions_edit_saves_new_slots_and_tables(app: Flask) -> None:
    client, event = _signed_in(app)
    session = make_session(event, tables=3, name="Afternoon B2B")
    db.session.commit()

    response = post_form(
        client,
        _session_url(session),
        {**SESSION, "starts_at": "2027-03-09T14:00", "ends_at": "2027-03-09T15:00", "tables": "5"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert (session.name, len(session.slots), len(session.tables)) == ("Morning B2B", 2, 5)
    text = text_of(client.get("/organiser/events/pic/sessions").get_data(as_text=True))
    assert "Morning B2B is saved: 2 slots and 5 tables." in text
    assert "Room for 10 meetings (slots \u00d7 tables) against 0 meetings to hold." in text


def test_sessions_edit_refused_beside_the_field_once_meetings_are_placed(app: Flask) -> None:
    from tests.factories import make_meeting, make_participant

    client, event = _signed_in(app)
    session = make_session(event, tables=2, name="Afternoon B2B")
    meeting = make_meeting(event, make_participant(event), make_participant(event))
    meeting.place(session.slots[0], session.tables[1])
    db.session.commit()

    response = post_form(
        client,
        _session_url(session),
        {**SESSION, "starts_at": "2027-03-09T14:00", "ends_at": "2027-03-09T15:00", "tables": "1"},
    )

    text = text_of(response.get_data(as_text=True))
    assert response.status_code == 200
    assert (
        "1 meeting is placed in Afternoon B2B by the draft schedule: its slots, booths and "
        "existence stay as they are while the draft holds it." in text
    )
    assert (
        "Meetings are placed at the tables above 1: keep them, or move those meetings first."
        in text
    )
    assert 'value="Morning B2B"' in response.get_data(as_text=True)
    assert "This session cannot be deleted:" in text


def test_sessions_booth_reserved_from_the_page(app: Flask) -> None:
    from tests.factories import make_organisation, make_participant

    client, event = _signed_in(app)
    session = make_session(event, tables=2, name="Afternoon B2B")
    host = make_participant(
        event, first_name="Ana", last_name="Silva", organisation=make_organisation(name="Acme")
    )
    db.session.commit()

    response = post_form(
        client,
        _session_url(session, "/booths"),
        {"table_id": str(session.tables[1].id), "host_id": str(host.id), "label": ""},
    )

    assert response.status_code == 302
    text = text_of(client.get(_session_url(session)).get_data(as_text=True))
    assert "Table 2 is now the booth of Ana Silva." in text
    assert "Booth: Acme (#2): Ana Silva" in text
    assert "3 slots \u00d7 2 tables = 6 , including 1 booth." in text
    sessions = text_of(client.get("/organiser/events/pic/sessions").get_data(as_text=True))
    assert "including 1 booth · 0 placed by the schedule" in sessions


def test_sessions_delete_needs_the_confirmation(app: Flask) -> None:
    client, event = _signed_in(app)
    session = make_session(event, name="Afternoon B2B")
    db.session.commit()

    unconfirmed = post_form(client, _session_url(session, "/delete"), {})
    kept = db.session.scalar(select(B2BSession)) is not None
    confirmed = post_form(client, _session_url(session, "/delete"), {"confirm": "y"})

    assert (unconfirmed.status_code, kept, confirmed.status_code) == (200, True, 302)
    assert db.session.scalar(select(B2BSession)) is None
    text = text_of(client.get("/organiser/events/pic/sessions").get_data(as_text=True))
    assert "Afternoon B2B is deleted." in text


def test_sessions_edit_of_another_event_not_found(app: Flask) -> None:
    client, _ = _signed_in(app)
    other = make_session(make_event(slug="other"))
    db.session.commit()

    answers = [
        client.get(_session_url(other)).status_code,
        post_form(client, _session_url(other, "/delete"), {"confirm": "y"}).status_code,
    ]

    assert answers == [404, 404]


def test_settings_new_dates_list_the_items_left_outside(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Opening", starts_at=paris(9, 9), ends_at=paris(9, 10))
    make_agenda_item(event, title="Visit", starts_at=paris(11, 9), ends_at=paris(11, 12))
    make_session(event, name="Afternoon B2B")  # on the 9th
    db.session.commit()

    response = post_form(
        client,
        "/organiser/events/pic/settings",
        {**SETTINGS, "start_date": "2027-03-10", "end_date": "2027-03-11"},
    )

    page = client.get("/organiser/events/pic/settings").get_data(as_text=True)
    warning = text_of(page.split('id="outside-dates">', 1)[1].split("</div>", 1)[0])
    assert response.status_code == 302
    assert warning == (
        "2 items are outside the event's dates (10\u201311 March 2027): move them or delete them. "
        "Opening : 9 March 2027, 09:00 Afternoon B2B (B2B session): 9 March 2027, 14:00"
    )


def test_settings_new_time_zone_warns_that_local_times_moved(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Opening", starts_at=paris(9, 9), ends_at=paris(9, 10))
    db.session.commit()

    post_form(client, "/organiser/events/pic/settings", {**SETTINGS, "timezone": "Europe/London"})

    text = text_of(client.get("/organiser/events/pic/settings").get_data(as_text=True))
    assert (
        "The time zone is now Europe/London (it was Europe/Paris). The programme's items and "
        "B2B sessions keep their moment in time, so their times at the venue have moved: check "
        "them on the Programme and B2B sessions pages." in text
    )
    assert "outside the event's dates" not in text


def test_settings_page_without_a_change_has_no_date_warning(app: Flask) -> None:
    client, event = _signed_in(app)
    make_agenda_item(event, title="Opening", starts_at=paris(9, 9), ends_at=paris(9, 10))
    db.session.commit()

    text = text_of(client.get("/organiser/events/pic/settings").get_data(as_text=True))

    assert ("outside the event's dates" in text, "The time zone is now" in text) == (False, False)
