"""The participant page of the organisers, and what they decide there: approve or reject a
pending registration, withdraw someone, email them a new link."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.extensions import db
from scheduler.models import (
    Consent,
    ConsentKind,
    CooperationInterest,
    MeetingRequest,
    MeetingStatus,
    OutboxEmail,
    ParticipantInterest,
    ParticipantLanguage,
    ParticipantStatus,
    PublishedPlacement,
    RequestStatus,
    SignupStatus,
    Unavailability,
    utcnow,
)
from scheduler.organiser.participants import (
    DecisionRefused,
    approve,
    participant_file,
    participant_in,
    reject,
    withdraw_on_behalf,
)
from scheduler.registration.seats import join_session
from tests.attendees import LINK, mailbox
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_organisation,
    make_participant,
    make_session,
    paris,
)
from tests.organiser.scene import sign_in, text_of
from tests.web import csrf_token

BASE = "/organiser/events/pic/registrations"


def _scene():
    """Ana (confirmed) with a profile, requests both ways, a published meeting, a seat, a
    waiting-list place and one unavailable slot; Ben and Cleo (confirmed); Pia (pending)."""
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    session = make_session(event, tables=2)
    organisation = make_organisation(name="Vegepolys Valley", country="FR", city="Angers")
    ana = make_participant(
        event,
        first_name="Ana",
        last_name="Novak",
        email="ana@example.org",
        status=ParticipantStatus.CONFIRMED,
        organisation=organisation,
        job_title="Cluster manager",
        phone="+33 6 12 34 56 78",
        offer_text="Field trials\nGreenhouses",
        seek_text="Biocontrol partners",
    )
    ana.interests = [ParticipantInterest(interest=CooperationInterest.RESEARCH)]
    ana.languages = [ParticipantLanguage(code="fr"), ParticipantLanguage(code="en")]
    ana.consents = [Consent(kind=ConsentKind.PRIVACY_POLICY, text_version="2026-10")]
    ben = make_participant(
        event, first_name="Ben", last_name="Adams", status=ParticipantStatus.CONFIRMED
    )
    cleo = make_participant(
        event, first_name="Cleo", last_name="Roy", status=ParticipantStatus.CONFIRMED
    )
    pia = make_participant(
        event, first_name="Pia", last_name="Lenz", email="pia@example.org"
    )  # pending by default
    db.session.add_all(
        [
            MeetingRequest(
                event=event,
                requester=ana,
                recipient=ben,
                message="Talk soon",
                status=RequestStatus.ACCEPTED,
            ),
            MeetingRequest(event=event, requester=cleo, recipient=ana),
            Unavailability(participant_id=ana.id, slot_id=session.slots[0].id),
        ]
    )
    meeting = make_meeting(event, ana, ben)
    meeting.place(session.slots[1], session.tables[1])
    meeting.published = PublishedPlacement(slot=session.slots[1], table=session.tables[1])
    full = make_agenda_item(
        event,
        title="Biocontrol workshop",
        capacity=1,
        requires_signup=True,
        starts_at=paris(10, 9),
        ends_at=paris(10, 10),
    )
    visit = make_agenda_item(
        event,
        title="Site visit",
        capacity=5,
        requires_signup=True,
        starts_at=paris(10, 14),
        ends_at=paris(10, 16),
    )
    join_session(cleo, full)
    join_session(ben, full)
    join_session(ana, full)
    join_session(ana, visit)
    db.session.commit()
    return event, {"ana": ana, "ben": ben, "cleo": cleo, "pia": pia}, meeting


def test_participant_in_refuses_a_participant_of_another_event(app: Flask) -> None:
    event, people, _ = _scene()
    other = make_event(slug="other")
    stranger = make_participant(other)

    assert participant_in(db.session, event, people["ana"].id) is people["ana"]
    assert participant_in(db.session, event, stranger.id) is None
    assert participant_in(db.session, event, 2147483647) is None


def test_participant_file_gathers_requests_meetings_seats_and_availability(app: Flask) -> None:
    _, people, meeting = _scene()

    file = participant_file(db.session, people["ana"])

    assert [(r.recipient.first_name, r.status) for r in file.sent] == [
        ("Ben", RequestStatus.ACCEPTED)
    ]
    assert [(r.requester.first_name, r.status) for r in file.received] == [
        ("Cleo", RequestStatus.PENDING)
    ]
    assert file.meetings == [meeting]
    assert [
        (s.signup.agenda_item.title, s.signup.status, s.waiting_position) for s in file.seats
    ] == [
        ("Biocontrol workshop", SignupStatus.WAITLISTED, 2),
        ("Site visit", SignupStatus.CONFIRMED, None),
    ]
    assert [slot.position for slot in file.unavailable] == [1]
    assert file.slot_count == 3


def test_approve_confirms_a_pending_registration(app: Flask) -> None:
    event, people, _ = _scene()
    revision = event.revision

    approve(db.session, people["pia"])

    db.session.refresh(event)
    assert (people["pia"].status, event.revision) == (ParticipantStatus.CONFIRMED, revision + 1)


@pytest.mark.parametrize("decide", [approve, reject])
def test_decision_refused_for_a_registration_not_pending(app: Flask, decide) -> None:
    _, people, _ = _scene()

    with pytest.raises(DecisionRefused) as refusal:
        decide(db.session, people["ana"])

    assert str(refusal.value) == "Ana Novak's registration is not waiting for approval."
    assert people["ana"].status is ParticipantStatus.CONFIRMED


def test_reject_withdraws_the_pending_person_and_cancels_their_requests(app: Flask) -> None:
    event, people, _ = _scene()
    sent = MeetingRequest(event=event, requester=people["pia"], recipient=people["ben"])
    db.session.add(sent)
    db.session.flush()

    withdrawal = reject(db.session, people["pia"])

    assert people["pia"].status is ParticipantStatus.WITHDRAWN
    assert sent.status is RequestStatus.CANCELLED
    assert [(r.id, other.first_name) for r, other in withdrawal.cancelled] == [(sent.id, "Ben")]


def test_withdraw_on_behalf_frees_seats_and_cancels_meetings(app: Flask) -> None:
    _, people, meeting = _scene()

    withdrawal = withdraw_on_behalf(db.session, people["cleo"])

    assert people["cleo"].status is ParticipantStatus.WITHDRAWN
    assert [(p.first_name, item.title) for p, item in withdrawal.promoted] == [
        ("Ben", "Biocontrol workshop")
    ]
    assert meeting.status is MeetingStatus.SCHEDULED  # Ana and Ben's meeting is untouched


def test_withdraw_on_behalf_refused_for_someone_withdrawn(app: Flask) -> None:
    _, people, _ = _scene()
    withdraw_on_behalf(db.session, people["ben"])

    with pytest.raises(DecisionRefused) as refusal:
        withdraw_on_behalf(db.session, people["ben"])

    assert str(refusal.value) == "Ben Adams no longer takes part in the event."


def test_participant_page_shows_everything_they_entered(client: FlaskClient, app: Flask) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = client.get(f"{BASE}/{people['ana'].id}")
    page = text_of(response.get_data(as_text=True))

    assert response.status_code == 200
    assert "Ana Novak Cluster manager, Vegepolys Valley Confirmed" in page
    assert "Email ana@example.org Phone +33 6 12 34 56 78 Job title Cluster manager" in page
    assert "Cooperation sought Research cooperation Meeting languages EN, FR" in page
    assert "Name Vegepolys Valley Type Company / SME Country, city FR, Angers" in page
    assert "What they offer Field trials Greenhouses" in page
    assert "Privacy notice (version 2026-10): given" in page
    assert "Available in 2 of 3 slots; not available: Tue 9 Mar 14:00–14:20" in page  # noqa: RUF001
    assert "Biocontrol workshop (Wed 10 Mar 09:00): waiting list, number 2" in page
    assert "Site visit (Wed 10 Mar 14:00): seat" in page
    assert "Ben Adams Scheduled Tue 9 Mar 14:20, Table 2 Tue 9 Mar 14:20, Table 2" in page
    assert "Requests sent (1) To State Priority Sent Answered Message Ben Adams Accepted" in page
    assert "Would like" in page and "Talk soon" in page
    assert (
        "Requests received (1) From State Priority Sent Answered Message Cleo Roy Pending" in page
    )
    assert "Approve" not in page
    assert "Withdraw Ana" in page


def test_participant_page_offers_approval_for_a_pending_person(
    client: FlaskClient, app: Flask
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    page = client.get(f"{BASE}/{people['pia'].id}").get_data(as_text=True)

    assert f'action="{BASE}/{people["pia"].id}/approve"' in page
    assert f'action="{BASE}/{people["pia"].id}/reject"' in page


def _post(client: FlaskClient, participant_id: int, action: str):
    token = csrf_token(client, f"{BASE}/{participant_id}")
    return client.post(f"{BASE}/{participant_id}/{action}", data={"csrf_token": token})


def test_approve_route_confirms_and_emails_the_link(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = _post(client, people["pia"].id, "approve")
    page = text_of(client.get(response.headers["Location"]).get_data(as_text=True))

    db.session.expire_all()
    assert (response.status_code, response.headers["Location"]) == (
        302,
        f"{BASE}/{people['pia'].id}",
    )
    assert people["pia"].status is ParticipantStatus.CONFIRMED
    assert "Pia Lenz's registration is confirmed; they were emailed their link." in page
    [email] = mailbox(app)
    body = email.get_body(("plain",)).get_content()
    assert (email["To"], email["Subject"]) == (
        "pia@example.org",
        "Your registration for Plant InterCluster 2027 is confirmed",
    )
    assert "have confirmed your registration." in body
    assert LINK.search(body) is not None


def test_reject_route_withdraws_and_tells_the_person(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = _post(client, people["pia"].id, "reject")

    db.session.expire_all()
    assert response.status_code == 302
    assert people["pia"].status is ParticipantStatus.WITHDRAWN
    [email] = mailbox(app)
    assert (email["To"], email["Subject"]) == (
        "pia@example.org",
        "Your registration for Plant InterCluster 2027",
    )
    assert (
        "The organisers could not accept your registration."
        in email.get_body(("plain",)).get_content()
    )


def test_approve_route_refuses_a_confirmed_person_and_sends_nothing(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = _post(client, people["ana"].id, "approve")
    page = text_of(client.get(response.headers["Location"]).get_data(as_text=True))

    assert response.status_code == 302
    assert "Ana Novak's registration is not waiting for approval." in page
    assert mailbox(app) == []


def test_withdraw_route_releases_seats_and_tells_the_people_concerned(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = _post(client, people["cleo"].id, "withdraw")

    db.session.expire_all()
    assert response.status_code == 302
    assert people["cleo"].status is ParticipantStatus.WITHDRAWN
    assert [(m["To"], m["Subject"]) for m in mailbox(app)] == [
        (people["ben"].email, "You have a seat: Biocontrol workshop"),
        ("ana@example.org", "Cleo Roy cancelled a meeting request"),
    ]


def test_send_link_route_emails_a_fresh_link(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = _post(client, people["ana"].id, "send-link")

    assert response.status_code == 302
    [email] = mailbox(app)
    body = email.get_body(("plain",)).get_content()
    assert (email["To"], email["Subject"]) == (
        "ana@example.org",
        "Your link to Plant InterCluster 2027",
    )
    assert "The organisers of Plant InterCluster 2027 sent you a new link to your space." in body
    assert LINK.search(body) is not None


def test_send_link_route_refused_for_an_erased_participant(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event, people, _ = _scene()
    people["ben"].anonymised_at = utcnow()
    db.session.commit()
    sign_in(client, event)

    response = client.post(
        f"{BASE}/{people['ben'].id}/send-link",
        data={"csrf_token": csrf_token(client, f"{BASE}/{people['ana'].id}")},
    )

    assert response.status_code == 302
    assert mailbox(app) == []
    assert db.session.query(OutboxEmail).count() == 0


@pytest.mark.parametrize("action", ["approve", "reject", "withdraw", "send-link"])
def test_changes_without_csrf_token_are_refused(
    client: FlaskClient, app: Flask, action: str
) -> None:
    event, people, _ = _scene()
    sign_in(client, event)

    response = client.post(f"{BASE}/{people['pia'].id}/{action}")

    db.session.expire_all()
    assert response.status_code == 400
    assert people["pia"].status is ParticipantStatus.PENDING


@pytest.mark.parametrize("action", ["", "/approve", "/reject", "/withdraw", "/send-link"])
def test_participant_of_another_event_is_not_found(
    client: FlaskClient, app: Flask, action: str
) -> None:
    event, _, _ = _scene()
    other = make_event(slug="other")
    stranger = make_participant(other)
    db.session.commit()
    sign_in(client, event)
    token = csrf_token(client, f"{BASE}/")

    url = f"{BASE}/{stranger.id}{action}"
    response = client.post(url, data={"csrf_token": token}) if action else client.get(url)

    assert response.status_code == 404
    assert client.get(f"/organiser/events/other/registrations/{stranger.id}").status_code == 404
    assert client.get(f"{BASE}/99999999999").status_code == 404


def test_privacy_notice_says_what_the_organisers_see(client: FlaskClient, app: Flask) -> None:
    make_event(slug="pic")
    db.session.commit()

    page = text_of(client.get("/events/pic/privacy").get_data(as_text=True))

    assert (
        "The organisers of the event see every registration: everything you entered (contact"
        " details included), your consents, your meeting requests with their messages, your"
        " meetings and your seats; they can export these lists to a spreadsheet." in page
    )
