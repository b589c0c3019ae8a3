"""The organisers' list of registrations: search, filters, sorting, paging, bad values."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert

from scheduler.extensions import db
from scheduler.models import (
    DirectoryVisibility,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    ParticipantType,
    Sector,
    utcnow,
)
from scheduler.organiser.registrations import (
    PER_PAGE,
    Filters,
    filter_choices,
    parse_filters,
    registration_page,
)
from tests.factories import make_event, make_organisation, make_participant
from tests.organiser.scene import sign_in, text_of
from tests.web import statements

PAGE = "/organiser/events/pic/registrations/"


def _scene():
    """Five registrations of the event "pic" in three organisations, and one elsewhere."""
    event = make_event(slug="pic")
    vege = make_organisation(name="Vegepolys Valley", country="FR")
    agro = make_organisation(name="Agro_Food 100%", country="PL")
    bulb = make_organisation(name="Bulb Research", country="NL")
    people = {
        "ana": make_participant(
            event,
            first_name="Ana",
            last_name="Novak",
            email="ana@vege.example",
            organisation=vege,
            status=ParticipantStatus.CONFIRMED,
            directory_visibility=DirectoryVisibility.PARTICIPANTS,
        ),
        "ben": make_participant(
            event,
            first_name="Ben",
            last_name="Adams",
            email="ben@agro.example",
            organisation=agro,
            status=ParticipantStatus.CONFIRMED,
            participant_type=ParticipantType.SPEAKER,
        ),
        "cleo": make_participant(
            event,
            first_name="Cléo",
            last_name="Martin",
            email="cleo@bulb.example",
            organisation=bulb,
            status=ParticipantStatus.PENDING,
            directory_visibility=DirectoryVisibility.PUBLIC,
        ),
        "dan": make_participant(
            event,
            first_name="Dan",
            last_name="Zeller",
            email="dan@vege.example",
            organisation=vege,
            status=ParticipantStatus.WITHDRAWN,
        ),
        "gone": make_participant(
            event,
            first_name="Deleted",
            last_name="participant",
            email="deleted-1@invalid",
            status=ParticipantStatus.WITHDRAWN,
            anonymised_at=utcnow(),
        ),
    }
    other = make_event(slug="other")
    make_participant(other, first_name="Ana", last_name="Other", organisation=vege)
    db.session.add(MeetingRequest(event=event, requester=people["ana"], recipient=people["ben"]))
    db.session.add(MeetingRequest(event=event, requester=people["cleo"], recipient=people["ana"]))
    db.session.flush()
    return event, people


def _names(event, **args: str) -> list[str]:
    page = registration_page(db.session, event, parse_filters(args))
    return [row.participant.first_name for row in page.rows]


def test_registrations_default_lists_active_participants_by_name(app: Flask) -> None:
    event, _ = _scene()

    page = registration_page(db.session, event, Filters())

    assert [(r.participant.last_name, r.requests) for r in page.rows] == [
        ("Adams", 1),
        ("Martin", 1),
        ("Novak", 2),
    ]
    assert (page.total, page.page, page.pages) == (3, 1, 1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"status": "confirmed"}, ["Ben", "Ana"]),
        ({"status": "pending"}, ["Cléo"]),
        ({"status": "withdrawn"}, ["Dan"]),
        ({"status": "all"}, ["Ben", "Cléo", "Ana", "Dan"]),
        ({"type": "speaker"}, ["Ben"]),
        ({"country": "fr", "status": "all"}, ["Ana", "Dan"]),
        ({"listed": "yes"}, ["Cléo", "Ana"]),
        ({"listed": "no"}, ["Ben"]),
        ({"requests": "no", "status": "all"}, ["Dan"]),
        ({"requests": "yes"}, ["Ben", "Cléo", "Ana"]),
    ],
)
def test_registrations_filter(app: Flask, args: dict[str, str], expected: list[str]) -> None:
    event, _ = _scene()

    assert _names(event, **args) == expected


def test_registrations_filter_by_organisation(app: Flask) -> None:
    event, people = _scene()

    names = _names(event, organisation=str(people["ana"].organisation_id), status="all")

    assert names == ["Ana", "Dan"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("novak", ["Ana"]),
        ("ana nov", ["Ana"]),
        ("AGRO.EXAMPLE", ["Ben"]),
        ("vegepolys", ["Ana"]),
        ("_food 100%", ["Ben"]),
        ("100_", []),
        ("%", ["Ben"]),
        ("n%k", []),
        ("Cléo", ["Cléo"]),
    ],
)
def test_registrations_search(app: Flask, q: str, expected: list[str]) -> None:
    event, _ = _scene()

    assert _names(event, q=q) == expected


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "desc", ["Ana", "Cléo", "Ben"]),
        ("organisation", "", ["Ben", "Cléo", "Ana"]),
        ("country", "desc", ["Ben", "Cléo", "Ana"]),
        ("type", "", ["Cléo", "Ana", "Ben"]),
        ("registered", "", ["Ana", "Ben", "Cléo"]),
        ("requests", "desc", ["Ana", "Ben", "Cléo"]),
    ],
)
def test_registrations_sort(app: Flask, sort: str, order: str, expected: list[str]) -> None:
    event, _ = _scene()

    assert _names(event, sort=sort, order=order) == expected


def test_registrations_bad_values_fall_back_to_the_defaults() -> None:
    filters = parse_filters(
        {
            "status": "everything",
            "type": "alien",
            "country": "France",
            "organisation": "-3",
            "listed": "maybe",
            "requests": "1",
            "sector": "seeds'; --",
            "sort": "password",
            "order": "sideways",
            "page": "99999999999999999999",
            "q": "  a\x00b   c ",
        }
    )

    assert filters == Filters(q="ab c")


def test_registrations_query_args_leave_defaults_out() -> None:
    filters = parse_filters({"q": "ana", "status": "all", "sort": "country", "order": "desc"})

    assert filters.query_args(page=3) == {
        "q": "ana",
        "status": "all",
        "sort": "country",
        "order": "desc",
        "page": "3",
    }
    assert Filters().query_args() == {}


def test_registrations_page_past_the_end_shows_the_last_page(app: Flask) -> None:
    event = make_event(slug="pic")
    for number in range(PER_PAGE + 2):
        make_participant(event, last_name=f"P{number:03d}")

    page = registration_page(db.session, event, Filters(page=7))

    assert (page.page, page.pages, page.total, len(page.rows)) == (2, 2, PER_PAGE + 2, 2)
    assert [r.participant.last_name for r in page.rows] == ["P050", "P051"]


def test_registrations_filter_by_sector(app: Flask) -> None:
    event, people = _scene()
    seeds = Sector(slug="seeds", label="Seeds")
    people["ana"].organisation.sectors = [seeds]
    people["cleo"].organisation.sectors = [seeds, Sector(slug="bulbs", label="Bulbs")]
    db.session.flush()

    assert _names(event, sector="seeds", status="all") == ["Cléo", "Ana", "Dan"]
    assert _names(event, sector="bulbs") == ["Cléo"]
    assert _names(event, sector="no such") == ["Ben", "Cléo", "Ana"]  # ignored: not a slug
    assert filter_choices(db.session, event).sectors == [("bulbs", "Bulbs"), ("seeds", "Seeds")]


def test_registrations_filter_choices_are_the_events_own(app: Flask) -> None:
    event, _ = _scene()

    choices = filter_choices(db.session, event)

    assert choices.countries == ["FR", "NL", "PL"]
    assert [name for _, name in choices.organisations] == [
        "Agro_Food 100%",
        "Bulb Research",
        "Vegepolys Valley",
    ]
    assert choices.sectors == []


def test_registrations_page_of_2000_takes_two_queries(app: Flask) -> None:
    event = make_event(slug="pic")
    organisation = make_organisation(name="Big Cluster")
    db.session.execute(
        insert(Participant),
        [
            {
                "event_id": event.id,
                "organisation_id": organisation.id,
                "first_name": "Person",
                "last_name": f"{number:04d}",
                "email": f"p{number}@example.org",
                "status": ParticipantStatus.CONFIRMED,
                "access_nonce": f"n{number}",
            }
            for number in range(2000)
        ],
    )
    db.session.flush()

    with statements() as sent:
        page = registration_page(
            db.session, event, parse_filters({"sort": "requests", "page": "40"})
        )

    assert (page.total, page.page, len(page.rows)) == (2000, 40, PER_PAGE)
    assert len(sent) == 2  # counted and paged in SQL, whatever the size


def test_registrations_page_lists_and_filters(client: FlaskClient, app: Flask) -> None:
    event, _ = _scene()
    sign_in(client, event)

    response = client.get(PAGE, query_string={"q": "vege", "status": "all"})
    page = text_of(response.get_data(as_text=True))

    assert response.status_code == 200
    assert "2 registrations match." in page
    # Country, type and requests appear twice: under the organisation on phones, in their
    # own columns on wider screens.
    assert (
        "Ana Novak ana@vege.example Vegepolys Valley , FR Delegate , 2 requests"
        " FR Delegate Confirmed Participants 2" in page
    )
    assert (
        "Dan Zeller dan@vege.example Vegepolys Valley , FR Delegate , 0 requests"
        " FR Delegate Withdrawn No 0" in page
    )
    assert 'value="vege"' in response.get_data(as_text=True)


def test_registrations_page_with_bad_values_is_the_default_list(
    client: FlaskClient, app: Flask
) -> None:
    event, _ = _scene()
    sign_in(client, event)

    response = client.get(
        PAGE, query_string={"page": "abc", "sort": "x'--", "type": "<b>", "organisation": "1e9"}
    )

    assert response.status_code == 200
    assert "3 registrations match." in text_of(response.get_data(as_text=True))


def test_registrations_page_links_to_the_next_page_with_the_filters(
    client: FlaskClient, app: Flask
) -> None:
    event = make_event(slug="pic")
    for number in range(PER_PAGE + 1):
        make_participant(event, last_name=f"P{number:03d}", participant_type=ParticipantType.PRESS)
    sign_in(client, event)

    page = client.get(PAGE, query_string={"type": "press"}).get_data(as_text=True)

    assert f'href="{PAGE}?type=press&amp;page=2">Next</a>' in page
    assert "page 1 of 2" in page


def test_registrations_of_another_event_are_not_found(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    make_event(slug="other")
    sign_in(client, event)

    assert client.get("/organiser/events/other/registrations/").status_code == 404
