"""The personal space: profile, availability, sign-ups, withdrawal, export and erasure."""

import json

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import (
    ConsentKind,
    DirectoryVisibility,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    PublishedPlacement,
    RequestStatus,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from tests.attendees import (
    last_link,
    mailbox,
    open_link,
    parallel_workshop,
    ready_event,
    registered,
    registration_data,
)
from tests.factories import make_meeting, make_organisation, make_participant
from tests.web import csrf_token, post_form, statements


def _profile_form(**overrides: object) -> dict[str, object]:
    data = registration_data("unused@example.org", **overrides)
    for key in ("email", "privacy", "signups", "unavailable_slots"):
        data.pop(key, None)
    return data


def test_profile_edit_saves_and_withdraws_listing_consent(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    response = post_form(
        client,
        "/events/pic/me/profile",
        _profile_form(
            job_title="CEO",
            directory_visibility="nobody",
            directory_consent="",
        ),
    )
    db.session.expire_all()
    consent = next(c for c in ana.consents if c.kind is ConsentKind.DIRECTORY_LISTING)
    assert (response.status_code, ana.job_title, ana.directory_visibility) == (
        302,
        "CEO",
        DirectoryVisibility.NOBODY,
    )
    assert consent.withdrawn_at is not None


def test_profile_edit_prefilled_and_errors_keep_input(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    page = client.get("/events/pic/me/profile").get_data(as_text=True)
    assert 'value="R&amp;D manager"' in page
    response = post_form(
        client,
        "/events/pic/me/profile",
        _profile_form(first_name="", seek_text="Drones for vineyards"),
    )
    page = response.get_data(as_text=True)
    assert (response.status_code, "This field is required." in page) == (200, True)
    assert "Drones for vineyards</textarea>" in page


def test_availability_replaces_unavailable_slots(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    slots = event.b2b_sessions[0].slots
    ana = registered(app, client, "ana@example.org", unavailable_slots=[str(slots[0].id)])
    post_form(
        client,
        "/events/pic/me/availability",
        {"unavailable_slots": [str(slots[1].id), str(slots[2].id)]},
    )
    rows = db.session.scalars(
        select(Unavailability.slot_id)
        .where(Unavailability.participant_id == ana.id)
        .order_by(Unavailability.slot_id)
    ).all()
    assert rows == [slots[1].id, slots[2].id]


def test_sessions_leave_promotes_first_waiting_and_mails_them(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    clients = [app.test_client() for _ in range(3)]
    people = [
        registered(app, c, f"p{n}@example.org", signups=[str(workshop.id)])
        for n, c in enumerate(clients)
    ]
    token = csrf_token(clients[0], "/events/pic/me/sessions")
    clients[0].post(f"/events/pic/me/sessions/{workshop.id}/leave", data={"csrf_token": token})
    db.session.expire_all()
    statuses = [
        db.session.scalar(select(SessionSignup.status).where(SessionSignup.participant_id == p.id))
        for p in people
    ]
    assert statuses == [SignupStatus.CANCELLED, SignupStatus.CONFIRMED, SignupStatus.CONFIRMED]
    assert db.session.get(type(workshop), workshop.id).seats_taken == 2
    assert mailbox(app)[-1]["Subject"] == "You have a seat: Biocontrol workshop"
    assert mailbox(app)[-1]["To"] == "p2@example.org"


def test_sessions_join_full_goes_to_waiting_list(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    for n in range(2):
        registered(app, app.test_client(), f"p{n}@example.org", signups=[str(workshop.id)])
    registered(app, client, "late@example.org")
    token = csrf_token(client, "/events/pic/me/sessions")
    client.post(f"/events/pic/me/sessions/{workshop.id}/join", data={"csrf_token": token})
    page = client.get("/events/pic/me/sessions").get_data(as_text=True)
    assert "Waiting list" in page
    assert "is full: you are on the waiting list." in page


def test_sessions_join_without_csrf_refused(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    registered(app, client, "ana@example.org")
    assert client.post(f"/events/pic/me/sessions/{workshop.id}/join").status_code == 400


def test_export_contains_profile_consents_and_requests(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    response = client.get("/events/pic/me/export.json")
    data = json.loads(response.get_data(as_text=True))
    assert response.headers["Content-Disposition"] == 'attachment; filename="pic-my-data.json"'
    assert (data["participant"]["email"], data["organisation"]["name"]) == (
        "ana@example.org",
        "Douro Vineyard Robotics",
    )
    assert [c["kind"] for c in data["consents"]] == ["privacy_policy", "directory_listing"]
    assert data["meeting_requests"] == []


def _meeting_between(app: Flask, first: FlaskClient, second: FlaskClient) -> Meeting:
    """Ana (first) requests Ben (second), Ben accepts."""
    ben = db.session.scalar(select(Participant).where(Participant.email == "ben@example.org"))
    post_form(
        first,
        f"/events/pic/participants/{ben.id}",
        {"message": "Let us talk about robots", "priority": "3"},
    )
    meeting_request = db.session.scalar(select(MeetingRequest))
    token = csrf_token(second, "/events/pic/me")
    second.post(f"/events/pic/me/requests/{meeting_request.id}/accept", data={"csrf_token": token})
    db.session.expire_all()
    return db.session.scalar(select(Meeting))


def test_withdraw_releases_seats_and_cancels_meetings(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    other = app.test_client()
    registered(app, other, "ben@example.org", first_name="Ben")
    meeting = _meeting_between(app, client, other)
    post_form(client, "/events/pic/me/withdraw", {})
    db.session.expire_all()
    assert (ana.status, meeting.status, meeting.request.status) == (
        ParticipantStatus.WITHDRAWN,
        MeetingStatus.CANCELLED,
        RequestStatus.CANCELLED,
    )


def test_delete_account_anonymises_and_ends_sessions(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    other = app.test_client()
    registered(app, other, "ben@example.org", first_name="Ben")
    meeting = _meeting_between(app, client, other)
    response = post_form(client, "/events/pic/me/delete", {})
    db.session.expire_all()
    assert (response.status_code, response.headers["Location"]) == (302, "/events/pic")
    assert (ana.full_name, ana.email, ana.phone, ana.offer_text, ana.organisation_id) == (
        "Deleted participant",
        f"deleted-{ana.id}@invalid",
        "",
        "",
        None,
    )
    assert ana.anonymised_at is not None
    assert all(c.withdrawn_at is not None for c in ana.consents)
    assert (meeting.status, len(meeting.attendances)) == (MeetingStatus.CANCELLED, 2)
    assert client.get("/events/pic/me").headers["Location"] == "/events/pic/link"


def test_delete_account_deletes_the_mailbox_copies_of_the_emails_to_and_about_them(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    other = app.test_client()
    registered(app, other, "ben@example.org", first_name="Ben")
    post_form(other, f"/events/pic/participants/{ana.id}", {"message": "Hi", "priority": "1"})
    assert sorted(m["To"] for m in mailbox(app)) == [
        "ana@example.org",
        "ana@example.org",
        "ben@example.org",
    ]

    post_form(client, "/events/pic/me/delete", {})

    # Left: Ben's own registration, and the news that his request is cancelled (written
    # after the erasure: it names nobody).
    assert [(m["To"], m["Subject"]) for m in mailbox(app)] == [
        ("ben@example.org", "Your registration for Plant InterCluster 2027"),
        ("ben@example.org", "Deleted participant cancelled a meeting request"),
    ]


def test_sign_out_ends_attendee_session(client: FlaskClient, app: Flask, mail_dir: object) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    token = csrf_token(client, "/events/pic/me")
    client.post("/events/pic/me/sign-out", data={"csrf_token": token})
    assert client.get("/events/pic/me").status_code == 302


def test_sign_out_ends_every_copy_of_the_session(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    name = app.config["SESSION_COOKIE_NAME"]
    copy = app.test_client()  # a copy of the cookie taken before sign-out, or another device
    copy.set_cookie(name, client.get_cookie(name).value)
    assert copy.get("/events/pic/me").status_code == 200

    token = csrf_token(client, "/events/pic/me")
    client.post("/events/pic/me/sign-out", data={"csrf_token": token})

    assert copy.get("/events/pic/me").status_code == 302
    assert copy.get("/events/pic/me/export.json").status_code == 403


def test_opening_a_new_link_ends_the_sessions_opened_before(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    assert client.get("/events/pic/me").status_code == 200
    other = app.test_client()  # another device, or whoever took the old cookie
    post_form(other, "/events/pic/link", {"email": "ana@example.org"})

    assert open_link(other, last_link(app, "ana@example.org")).status_code == 302

    assert other.get("/events/pic/me").status_code == 200
    assert client.get("/events/pic/me").headers["Location"] == "/events/pic/link"
    assert client.get("/events/pic/me/export.json").status_code == 403


def test_withdraw_tells_the_people_affected(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    registered(app, client, "ana@example.org")
    ben_client = app.test_client()
    registered(app, ben_client, "ben@example.org", first_name="Ben")
    cleo = registered(app, app.test_client(), "cleo@example.org", first_name="Cleo")
    _meeting_between(app, client, ben_client)
    post_form(client, f"/events/pic/participants/{cleo.id}", {"message": "Hi", "priority": "1"})
    before = len(mailbox(app))
    post_form(client, "/events/pic/me/withdraw", {})
    told = sorted((m["To"], m["Subject"]) for m in mailbox(app)[before:])
    assert told == [
        ("ben@example.org", "Ana Silva cancelled a meeting request"),
        ("cleo@example.org", "Ana Silva cancelled a meeting request"),
    ]


def test_profile_save_keeps_type_given_by_organiser(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from scheduler.models import ParticipantType

    ready_event()
    ana = registered(app, client, "ana@example.org")
    ana.participant_type = ParticipantType.SPEAKER
    db.session.commit()
    page = client.get("/events/pic/me/profile").get_data(as_text=True)
    post_form(client, "/events/pic/me/profile", _profile_form(participant_type="speaker"))
    db.session.refresh(ana)
    assert '<option selected value="speaker">Speaker</option>' in page
    assert ana.participant_type is ParticipantType.SPEAKER


def test_sessions_join_clashing_session_refused(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    parallel = parallel_workshop(event)
    registered(app, client, "ana@example.org", signups=[str(workshop.id)])
    token = csrf_token(client, "/events/pic/me/sessions")
    client.post(f"/events/pic/me/sessions/{parallel.id}/join", data={"csrf_token": token})
    page = client.get("/events/pic/me/sessions").get_data(as_text=True)
    assert "You already have a seat in \u201cBiocontrol workshop\u201d at that time." in page
    assert db.session.get(type(parallel), parallel.id).seats_taken == 0


def test_availability_whole_session_marks_every_slot(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    session = event.b2b_sessions[0]
    slot_ids = [slot.id for slot in session.slots]
    ana = registered(app, client, "ana@example.org", absent_sessions=[str(session.id)])
    rows = db.session.scalars(
        select(Unavailability.slot_id)
        .where(Unavailability.participant_id == ana.id)
        .order_by(Unavailability.slot_id)
    ).all()
    page = client.get("/events/pic/me/availability").get_data(as_text=True)
    assert rows == slot_ids
    assert (
        '<input checked class="form-check-input" id="absent_sessions-0" '
        f'name="absent_sessions" type="checkbox" value="{session.id}">'
    ) in page


def test_portal_reads_as_many_rows_for_five_meetings_as_for_one(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    ana = registered(app, client, "ana@example.org")
    session = event.b2b_sessions[0]
    people: list[str] = []

    def meet_someone() -> None:
        number = len(people)
        other = make_participant(
            event,
            first_name="Guest",
            last_name=f"No{number}",
            organisation=make_organisation(name=f"Guest house {number}"),
        )
        db.session.add(MeetingRequest(event=event, requester=other, recipient=ana, message="Hi"))
        meeting = make_meeting(event, ana, other)
        meeting.published = PublishedPlacement(
            slot=session.slots[number % 3], table=session.tables[number]
        )
        db.session.commit()
        people.append(f"Guest No{number} (Guest house {number})")

    meet_someone()
    with statements() as for_one:
        assert client.get("/events/pic/me").status_code == 200
    for _ in range(4):
        meet_someone()
    with statements() as for_five:
        page = client.get("/events/pic/me").get_data(as_text=True)

    assert [person in page for person in people] == [True] * 5
    assert len(for_five) == len(for_one)
