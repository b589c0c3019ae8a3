"""The "My events" list and an event's organiser dashboard: every count is of active
participants only."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    MeetingRequest,
    MeetingStatus,
    ParticipantStatus,
    ParticipantType,
    RequestStatus,
    Sector,
    SessionSignup,
    SignupStatus,
    utcnow,
)
from scheduler.organiser.dashboard import (
    WorkshopFill,
    event_breakdowns,
    event_figures,
    organised_events,
)
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_organisation,
    make_participant,
)
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
    assert "1 waiting for approval. Delegate 2 Speaker 1 See the registrations" in page
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


def _breakdown_scene(event):
    """Active people of three organisations registered over three days, one withdrawn."""
    cider = Sector(slug="cider", label="Cider")
    seeds = Sector(slug="seeds", label="Seeds")
    french = make_organisation(country="FR", sectors=[cider, seeds])
    spanish = make_organisation(country="ES", sectors=[seeds])
    # 23:30 UTC on 1 February is already 2 February in Paris.
    ana = make_participant(
        event, organisation=french, created_at=datetime(2027, 2, 1, 23, 30, tzinfo=UTC)
    )
    ben = make_participant(
        event, organisation=french, created_at=datetime(2027, 2, 2, 9, 0, tzinfo=UTC)
    )
    eva = make_participant(
        event, organisation=spanish, created_at=datetime(2027, 2, 5, 9, 0, tzinfo=UTC)
    )
    make_participant(
        event,
        organisation=spanish,
        status=ParticipantStatus.WITHDRAWN,
        created_at=datetime(2027, 2, 6, 9, 0, tzinfo=UTC),
    )
    return ana, ben, eva


def test_event_breakdowns_count_active_registrations_per_local_day_country_and_sector(
    app: Flask,
) -> None:
    event = make_event(slug="pic")
    _breakdown_scene(event)

    breakdowns = event_breakdowns(db.session, event)

    assert breakdowns.registrations_per_day == [(date(2027, 2, 2), 2), (date(2027, 2, 5), 1)]
    assert breakdowns.by_country == [("FR", 2), ("ES", 1)]
    assert [(sector.slug, count) for sector, count in breakdowns.by_sector] == [
        ("seeds", 3),
        ("cider", 2),
    ]


def test_event_breakdowns_count_people_without_organisation_as_unknown_country(
    client: FlaskClient, app: Flask
) -> None:
    event = make_event(slug="pic")
    make_participant(event, organisation=make_organisation(country="FR"))
    make_participant(event)
    make_participant(event, organisation=make_organisation(country=""))
    db.session.commit()

    assert event_breakdowns(db.session, event).by_country == [("", 2), ("FR", 1)]
    sign_in(client, event)
    page = text_of(client.get("/organiser/events/pic/").get_data(as_text=True))
    assert "By country Unknown 2 France 1" in page


def test_event_breakdowns_histogram_of_live_meetings_per_active_participant(app: Flask) -> None:
    event = make_event(slug="pic")
    ana, ben, eva = _breakdown_scene(event)
    make_meeting(event, ana, ben)
    make_meeting(event, ana, eva)
    make_meeting(event, ana, ben, status=MeetingStatus.CANCELLED)

    histogram = event_breakdowns(db.session, event).meetings_per_participant

    assert histogram == [(0, 0), (1, 2), (2, 1)]


def test_event_breakdowns_gather_many_meetings_in_the_last_bar(app: Flask) -> None:
    event = make_event(slug="pic")
    busy = make_participant(event)
    for _ in range(9):
        make_meeting(event, busy, make_participant(event))

    histogram = event_breakdowns(db.session, event).meetings_per_participant

    assert histogram == [(0, 0), (1, 9), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 1)]


def test_event_breakdowns_fill_of_items_with_sign_up(app: Flask) -> None:
    event = make_event(slug="pic")
    ana, ben, eva = _breakdown_scene(event)
    gone = make_participant(event, status=ParticipantStatus.WITHDRAWN)
    workshop = make_agenda_item(event, title="Cider tasting", requires_signup=True, capacity=2)
    make_agenda_item(event, title="Opening", requires_signup=False)
    db.session.add_all(
        [
            SessionSignup(participant=ana, agenda_item=workshop),
            SessionSignup(participant=ben, agenda_item=workshop),
            SessionSignup(participant=eva, agenda_item=workshop, status=SignupStatus.WAITLISTED),
            SessionSignup(participant=gone, agenda_item=workshop, status=SignupStatus.WAITLISTED),
        ]
    )
    db.session.flush()

    assert event_breakdowns(db.session, event).workshops == [
        WorkshopFill(item=workshop, seats=2, waiting=1)
    ]


def test_event_home_draws_the_charts(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    ana, _ben, _eva = _breakdown_scene(event)
    workshop = make_agenda_item(event, title="Cider tasting", requires_signup=True, capacity=4)
    db.session.add(SessionSignup(participant=ana, agenda_item=workshop))
    db.session.flush()
    sign_in(client, event)

    html = client.get("/organiser/events/pic/").get_data(as_text=True)
    page = text_of(html)

    assert "By country France 2 Spain 1" in page
    assert "Seeds 3 Cider 2" in page
    assert "2 February 2027 3 registrations 5 February 2027" in page
    assert "Cider tasting Tue 9 Mar 10:00 1 of 4 0" in page
    assert '<rect x="0" y="1" width="50.0" height="10" fill="currentColor"/>' in html
    assert '<rect x="0" y="1" width="25.0" height="10" fill="currentColor"/>' in html
    assert "style=" not in html


def test_event_home_draws_the_charts_in_french(client: FlaskClient, app: Flask) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    _breakdown_scene(event)
    sign_in(client, event)

    response = client.get("/organiser/events/pic/", headers={"Accept-Language": "fr"})
    page = text_of(response.get_data(as_text=True))

    assert "Par pays France 2 Espagne 1" in page
    assert "2 février 2027 3 inscriptions 5 février 2027" in page
