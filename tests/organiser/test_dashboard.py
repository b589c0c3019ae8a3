"""The "My events" list and an event's organiser dashboard: every count is of active
participants only."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    MeetingRequest,
    MeetingStatus,
    ParticipantStatus,
    ParticipantType,
    RequestStatus,
    utcnow,
)
from scheduler.organiser.dashboard import event_figures, organised_events
from tests.factories import make_event, make_meeting, make_participant
from tests.organiser.scene import organiser_of, sign_in, text_of


def _people(event):
    """Two confirmed, one pending, one withdrawn and one erased participant."""
    ana = make_participant(event, status=ParticipantStatus.CONFIRMED)
    ben = make_participant(
        event, status=ParticipantStatus.CONFIRMED, participant_type=ParticipantType.SPEAKER
    )
    pia = make_participant(event, status=ParticipantStatus.PENDING)
    wes = make_participant(event, status=ParticipantStatus.WITHDRAWN)
    make_participant(event, status=ParticipantStatus.WITHDRAWN, anonymised_at=utcnow())
    return ana, ben, pia, wes


def test_organised_events_count_active_participants_only(app: Flask) -> None:
    event = make_event(slug="pic")
    other = make_event(slug="other")
    _people(event)
    make_participant(other, status=ParticipantStatus.CONFIRMED)
    account = organiser_of(event)

    rows = organised_events(db.session, account)

    assert [(row[0].slug, row[2]) for row in rows] == [("pic", 3)]


def test_organised_events_lists_an_event_without_participants(app: Flask) -> None:
    event = make_event(slug="pic")
    account = organiser_of(event)

    assert [(row[0].slug, row[2]) for row in organised_events(db.session, account)] == [("pic", 0)]


def test_event_figures_count_active_participants_and_their_requests(app: Flask) -> None:
    event = make_event(slug="pic")
    ana, ben, pia, wes = _people(event)
    db.session.add_all(
        [
            MeetingRequest(event=event, requester=ana, recipient=ben),
            MeetingRequest(
                event=event, requester=pia, recipient=ben, status=RequestStatus.ACCEPTED
            ),
            MeetingRequest(
                event=event, requester=wes, recipient=ana, status=RequestStatus.ACCEPTED
            ),
        ]
    )
    make_meeting(event, pia, ben)
    make_meeting(event, ana, wes, status=MeetingStatus.CANCELLED)
    db.session.flush()

    figures = event_figures(db.session, event)

    assert (figures.active, figures.confirmed, figures.pending) == (3, 2, 1)
    assert figures.by_type == [(ParticipantType.DELEGATE, 2), (ParticipantType.SPEAKER, 1)]
    assert figures.requests == {
        RequestStatus.PENDING: 1,
        RequestStatus.ACCEPTED: 1,
        RequestStatus.DECLINED: 0,
        RequestStatus.CANCELLED: 0,
        RequestStatus.EXPIRED: 0,
    }
    assert (figures.live_meetings, figures.without_request) == (1, 0)


def test_event_figures_count_participants_without_any_request(app: Flask) -> None:
    event = make_event(slug="pic")
    ana, _ben, _pia, wes = _people(event)
    db.session.add(MeetingRequest(event=event, requester=ana, recipient=wes))
    db.session.flush()

    assert event_figures(db.session, event).without_request == 2


def test_my_events_links_each_event_to_its_organiser_area(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    _people(event)
    sign_in(client, event)

    page = client.get("/organiser/").get_data(as_text=True)

    assert '<a href="/organiser/events/pic/">Plant InterCluster 2027</a>' in page
    assert "<td>Owner</td>\n      <td>3</td>" in page


def test_event_home_shows_the_figures_and_the_navigation(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    _people(event)
    sign_in(client, event)

    response = client.get("/organiser/events/pic/")
    page = text_of(response.get_data(as_text=True))

    assert response.status_code == 200
    assert (
        "Dashboard Event Programme B2B sessions Registrations Requests and meetings "
        "B2B schedule Emails" in page
    )
    assert "Participants 3 2 confirmed, 1 waiting for approval." in page
    assert "Delegate: 2 Speaker: 1" in page
    assert "3 participants sent or received no request." in page


def test_event_home_of_another_event_is_not_found(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    make_event(slug="other")
    sign_in(client, event)

    assert client.get("/organiser/events/other/").status_code == 404


def test_event_nav_marks_the_current_page(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)

    emails = client.get("/organiser/events/pic/emails/").get_data(as_text=True)
    console = client.get("/organiser/events/pic/schedule/").get_data(as_text=True)

    assert 'class="nav-link active" href="/organiser/events/pic/emails/"' in emails
    assert 'class="nav-link active" href="/organiser/events/pic/schedule/"' in console
    assert 'class="nav-link" href="/organiser/events/pic/"' in console
