"""The Requests and meetings page: every request with its state and age, with filters, and
the active participants who have no meeting at all."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    MeetingRequest,
    MeetingStatus,
    ParticipantStatus,
    RequestStatus,
    utcnow,
)
from scheduler.organiser.requests import (
    PER_PAGE,
    RequestFilters,
    parse_request_filters,
    request_page,
    without_meeting,
)
from tests.factories import make_event, make_meeting, make_organisation, make_participant
from tests.organiser.scene import sign_in, text_of

NOW = datetime.fromisoformat("2027-02-20T12:00:00+00:00")
PAGE = "/organiser/events/pic/requests/"


def _scene():
    """Ana asked Ben (accepted, a meeting), Cleo asked Ana (pending, 10 days old), Ben asked
    Cleo (declined); Dan is active with nothing, Wes withdrew, Pia waits for approval."""
    event = make_event(slug="pic")
    seeds = make_organisation(name="Saxony Seeds")
    ana = make_participant(
        event,
        first_name="Ana",
        last_name="Novak",
        organisation=seeds,
        status=ParticipantStatus.CONFIRMED,
    )
    ben = make_participant(
        event, first_name="Ben", last_name="Adams", status=ParticipantStatus.CONFIRMED
    )
    cleo = make_participant(
        event, first_name="Cleo", last_name="Roy", status=ParticipantStatus.CONFIRMED
    )
    dan = make_participant(
        event, first_name="Dan", last_name="Berg", status=ParticipantStatus.CONFIRMED
    )
    wes = make_participant(
        event, first_name="Wes", last_name="Ode", status=ParticipantStatus.WITHDRAWN
    )
    pia = make_participant(event, first_name="Pia", last_name="Lenz")
    accepted = MeetingRequest(
        event=event,
        requester=ana,
        recipient=ben,
        status=RequestStatus.ACCEPTED,
        created_at=NOW - timedelta(days=3),
    )
    pending = MeetingRequest(
        event=event, requester=cleo, recipient=ana, created_at=NOW - timedelta(days=10)
    )
    declined = MeetingRequest(
        event=event,
        requester=ben,
        recipient=cleo,
        status=RequestStatus.DECLINED,
        created_at=NOW - timedelta(hours=5),
    )
    db.session.add_all([accepted, pending, declined])
    make_meeting(event, ana, ben, request=accepted)
    make_meeting(event, cleo, dan, status=MeetingStatus.CANCELLED)
    db.session.commit()
    people = {"ana": ana, "ben": ben, "cleo": cleo, "dan": dan, "wes": wes, "pia": pia}
    return event, people, {"accepted": accepted, "pending": pending, "declined": declined}


def _ids(event, **args: str) -> list[int]:
    page = request_page(db.session, event, parse_request_filters(args), now=NOW)
    return [row.request.id for row in page.rows]


def test_request_page_lists_newest_first_with_ages(app: Flask) -> None:
    event, _, r = _scene()

    page = request_page(db.session, event, RequestFilters(), now=NOW)

    assert [(row.request.id, row.age) for row in page.rows] == [
        (r["declined"].id, timedelta(hours=5)),
        (r["accepted"].id, timedelta(days=3)),
        (r["pending"].id, timedelta(days=10)),
    ]
    assert (page.total, page.pages) == (3, 1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"state": "pending"}, ["pending"]),
        ({"state": "accepted"}, ["accepted"]),
        ({"age": "2"}, ["accepted", "pending"]),
        ({"age": "7"}, ["pending"]),
        ({"order": "oldest"}, ["pending", "accepted", "declined"]),
        ({"q": "saxony"}, ["accepted", "pending"]),
        ({"q": "cleo roy"}, ["declined", "pending"]),
        ({"q": "100%"}, []),
        ({"state": "lost", "age": "3", "order": "up"}, ["declined", "accepted", "pending"]),
    ],
)
def test_request_page_filters(app: Flask, args: dict[str, str], expected: list[str]) -> None:
    event, _, r = _scene()

    assert _ids(event, **args) == [r[name].id for name in expected]


def test_request_filters_bad_values_fall_back() -> None:
    filters = parse_request_filters(
        {"state": "x", "age": "-1", "order": "random", "page": "1" * 30, "q": "\x00"}
    )

    assert filters == RequestFilters()
    assert RequestFilters(state="pending", older_than=7, page=2).query_args() == {
        "state": "pending",
        "age": "7",
        "page": "2",
    }


def test_request_page_past_the_end_shows_the_last_page(app: Flask) -> None:
    event = make_event(slug="pic")
    people = [make_participant(event) for _ in range(PER_PAGE + 2)]
    for first, second in itertools.pairwise(people):
        db.session.add(MeetingRequest(event=event, requester=first, recipient=second))
    db.session.flush()

    page = request_page(db.session, event, RequestFilters(page=9))

    assert (page.page, page.pages, page.total, len(page.rows)) == (2, 2, PER_PAGE + 1, 1)


def test_without_meeting_lists_active_participants_with_no_live_meeting(app: Flask) -> None:
    event, _, _ = _scene()

    lonely = without_meeting(db.session, event)

    assert lonely.total == 3
    assert [(p.first_name, pending) for p, pending in lonely.rows] == [
        ("Dan", 0),
        ("Pia", 0),
        ("Cleo", 1),
    ]


def test_requests_page_shows_both_lists(client: FlaskClient, app: Flask) -> None:
    event, _, _ = _scene()
    sign_in(client, event)

    response = client.get(PAGE, query_string={"state": "pending"})
    page = text_of(response.get_data(as_text=True))

    assert response.status_code == 200
    assert (
        "Dashboard Event Programme B2B sessions Registrations Requests and meetings "
        "B2B schedule Emails" in page
    )
    assert "3 active participants have no meeting to hold: none accepted, none arranged." in page
    assert (
        "Dan Berg Delegate Pia Lenz Delegate Cleo Roy Delegate · 1 request waiting for an answer"
        in page
    )
    assert "1 request matches." in page
    assert "Cleo Roy Ana Novak Saxony Seeds Pending" in page


def test_requests_page_ages_in_days_and_hours(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    ana, ben = make_participant(event), make_participant(event)
    db.session.add_all(
        [
            MeetingRequest(event=event, requester=ana, recipient=ben,
                           created_at=utcnow() - timedelta(days=1, hours=2)),
            MeetingRequest(event=event, requester=ben, recipient=ana,
                           status=RequestStatus.DECLINED,
                           created_at=utcnow() - timedelta(hours=3, minutes=5)),
        ]
    )  # fmt: skip
    db.session.commit()
    sign_in(client, event)

    page = text_of(client.get(PAGE).get_data(as_text=True))

    assert "Declined 3 h" in page
    assert "Pending 1 day" in page


def test_requests_page_with_bad_values_is_the_default_list(client: FlaskClient, app: Flask) -> None:
    event, _, _ = _scene()
    sign_in(client, event)

    response = client.get(PAGE, query_string={"page": "-4", "age": "'1", "state": "<x>"})

    assert response.status_code == 200
    assert "3 requests match." in text_of(response.get_data(as_text=True))


def test_requests_page_of_another_event_is_not_found(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    make_event(slug="other")
    sign_in(client, event)

    assert client.get("/organiser/events/other/requests/").status_code == 404
