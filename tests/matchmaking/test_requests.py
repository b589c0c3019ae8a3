"""Meeting requests: asking, answering, quotas, auto-accept, expiry and their emails."""

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.matchmaking.requests import RequestRefused, accept, request_meeting
from scheduler.models import (
    DirectoryVisibility,
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
    utcnow,
)
from tests.attendees import clear_mailbox, mailbox, ready_event, registered
from tests.factories import make_event, make_participant
from tests.web import csrf_token, post_form


def _pair(
    app: Flask, **event_fields: object
) -> tuple[FlaskClient, FlaskClient, Participant, Participant]:
    ready_event(**event_fields)
    ana_client, ben_client = app.test_client(), app.test_client()
    ana = registered(app, ana_client, "ana@example.org")
    ben = registered(app, ben_client, "ben@example.org", first_name="Ben", last_name="Rossi")
    clear_mailbox(app)
    return ana_client, ben_client, ana, ben


def _ask(client: FlaskClient, target: Participant, message: str = "Robots for your vines?"):
    return post_form(
        client, f"/events/pic/participants/{target.id}", {"message": message, "priority": "3"}
    )


def _answer(client: FlaskClient, action: str) -> None:
    request_id = db.session.scalar(select(MeetingRequest.id).order_by(MeetingRequest.id.desc()))
    token = csrf_token(client, "/events/pic/me")
    client.post(f"/events/pic/me/requests/{request_id}/{action}", data={"csrf_token": token})
    db.session.expire_all()


def test_request_sent_and_recipient_emailed_with_link(app: Flask, mail_dir: object) -> None:
    ana_client, _, ana, ben = _pair(app)
    response = _ask(ana_client, ben)
    created = db.session.scalar(select(MeetingRequest))
    (email,) = mailbox(app)
    body = email.get_body(("plain",)).get_content()
    assert (response.status_code, created.status, created.priority, created.requester_id) == (
        302,
        RequestStatus.PENDING,
        3,
        ana.id,
    )
    assert (email["To"], email["Subject"]) == (
        "ben@example.org",
        "Ana Silva asks to meet you at Plant InterCluster 2027",
    )
    assert "Robots for your vines?" in body and "/events/pic/access/" in body


def test_request_message_required_error_beside_field(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app)
    page = _ask(ana_client, ben, message="").get_data(as_text=True)
    assert "Say in a few words what you would like to discuss." in page
    assert db.session.scalar(select(MeetingRequest)) is None


def test_request_to_oneself_forbidden(app: Flask, mail_dir: object) -> None:
    ana_client, _, ana, _ = _pair(app)
    token = csrf_token(ana_client, "/events/pic/me")
    response = ana_client.post(
        f"/events/pic/participants/{ana.id}",
        data={"csrf_token": token, "message": "Me?", "priority": "2"},
    )
    assert response.status_code == 403


def test_request_duplicate_pending_refused_either_direction(app: Flask, mail_dir: object) -> None:
    ana_client, ben_client, ana, ben = _pair(app)
    _ask(ana_client, ben)
    token = csrf_token(ben_client, "/events/pic/me")
    page = ben_client.post(
        f"/events/pic/participants/{ana.id}",
        data={"csrf_token": token, "message": "Hello", "priority": "2"},
    ).get_data(as_text=True)
    assert "There is already a pending request between you and Ana Silva." in page
    assert len(db.session.scalars(select(MeetingRequest)).all()) == 1


def test_request_quota_reached_refused(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app, meeting_request_quota=1)
    cleo = registered(app, app.test_client(), "cleo@example.org", first_name="Cleo")
    _ask(ana_client, ben)
    page = _ask(ana_client, cleo).get_data(as_text=True)
    assert "You have used the only meeting request allowed for this event." in page


def test_request_after_deadline_refused(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app, requests_expire_at=utcnow() - timedelta(minutes=1))
    page = _ask(ana_client, ben).get_data(as_text=True)
    assert "Meeting requests are closed for this event." in page


def test_request_accept_creates_meeting_and_mails_requester(app: Flask, mail_dir: object) -> None:
    ana_client, ben_client, ana, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ben_client, "accept")
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.priority, sorted(p.id for p in meeting.participants)) == (
        MeetingStatus.UNSCHEDULED,
        3,
        sorted([ana.id, ben.id]),
    )
    assert meeting.calendar_uid.endswith("@test.invalid")
    assert [(m["To"], m["Subject"]) for m in mailbox(app)][-1] == (
        "ana@example.org",
        "Ben Rossi accepted your meeting request",
    )


def test_request_decline_mails_requester(app: Flask, mail_dir: object) -> None:
    ana_client, ben_client, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ben_client, "decline")
    assert db.session.scalar(select(MeetingRequest.status)) is RequestStatus.DECLINED
    assert mailbox(app)[-1]["Subject"] == "Ben Rossi declined your meeting request"


def test_request_requester_cannot_accept_own_request(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ana_client, "accept")
    page = ana_client.get("/events/pic/me").get_data(as_text=True)
    assert db.session.scalar(select(MeetingRequest.status)) is RequestStatus.PENDING
    assert "Only the person asked can accept this request." in page


def test_request_stranger_cannot_see_or_answer(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app)
    _ask(ana_client, ben)
    stranger = app.test_client()
    registered(app, stranger, "cleo@example.org", first_name="Cleo")
    request_id = db.session.scalar(select(MeetingRequest.id))
    token = csrf_token(stranger, "/events/pic/me")
    response = stranger.post(
        f"/events/pic/me/requests/{request_id}/accept", data={"csrf_token": token}
    )
    assert response.status_code == 404


def test_request_cancel_accepted_cancels_meeting(app: Flask, mail_dir: object) -> None:
    ana_client, ben_client, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ben_client, "accept")
    _answer(ana_client, "cancel")
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.request.status) == (
        MeetingStatus.CANCELLED,
        RequestStatus.CANCELLED,
    )
    assert mailbox(app)[-1]["Subject"] == "Ana Silva cancelled a meeting request"
    assert mailbox(app)[-1]["To"] == "ben@example.org"


def test_request_auto_accepted_when_event_says_so(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app, auto_accept_requests=True)
    _ask(ana_client, ben)
    assert db.session.scalar(select(MeetingRequest.status)) is RequestStatus.ACCEPTED
    assert db.session.scalar(select(Meeting.status)) is MeetingStatus.UNSCHEDULED


def test_request_expire_command_marks_overdue(
    app: Flask, runner: FlaskCliRunner, mail_dir: object
) -> None:
    ana_client, _, _, ben = _pair(app)
    _ask(ana_client, ben)
    event = db.session.scalar(select(Event))
    created = db.session.scalar(select(MeetingRequest))
    created.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    first = runner.invoke(args=["requests", "expire"])
    second = runner.invoke(args=["requests", "expire"])
    db.session.expire_all()
    assert (first.output, second.output) == ("Expired 1 request(s).\n", "Expired 0 request(s).\n")
    assert (created.status, event.slug) == (RequestStatus.EXPIRED, "pic")


def test_request_accept_after_expiry_refused(app: Flask, mail_dir: object) -> None:
    ana_client, ben_client, _, ben = _pair(app)
    _ask(ana_client, ben)
    created = db.session.scalar(select(MeetingRequest))
    created.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    _answer(ben_client, "accept")
    page = ben_client.get("/events/pic/me").get_data(as_text=True)
    assert "This request has expired." in page
    assert db.session.scalar(select(Meeting)) is None


def test_requests_accept_names_the_meeting_in_the_given_uid_domain(app: Flask) -> None:
    event = make_event()
    ana, ben = (
        make_participant(
            event,
            status=ParticipantStatus.CONFIRMED,
            directory_visibility=DirectoryVisibility.PARTICIPANTS,
        )
        for _ in range(2)
    )
    asked = request_meeting(ana, ben, "Robots", Priority.WOULD_LIKE, uid_domain="unused.example")

    meeting = accept(asked, ben, uid_domain="cluster.example")

    assert re.fullmatch(r"meeting-[0-9a-f-]{36}@cluster\.example", meeting.calendar_uid)


def _published_meeting(app: Flask, ana_client: FlaskClient, ben_client: FlaskClient) -> Meeting:
    """Ana's request, accepted by Ben, placed and published; the mailbox emptied."""
    from scheduler.agenda.publish import publish

    ben = db.session.scalar(select(Participant).where(Participant.first_name == "Ben"))
    _ask(ana_client, ben)
    _answer(ben_client, "accept")
    meeting = db.session.scalar(select(Meeting))
    session = meeting.event.b2b_sessions[0]
    meeting.place(session.slots[1], session.tables[0])
    publish(db.session, meeting.event)
    db.session.commit()
    clear_mailbox(app)
    return meeting


def _calendar_of(message) -> tuple[str, str, str]:
    """(MIME method, METHOD, STATUS) of the calendar an email carries inline."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    data = part.get_payload(decode=True).decode()
    method = re.search(r"\r\nMETHOD:(\w+)\r\n", data).group(1)
    status = re.search(r"\r\nSTATUS:(\w+)\r\n", data).group(1)
    return part.get_param("method"), method, status


def test_request_cancel_of_a_published_meeting_sends_both_sides_its_cancel(
    app: Flask, mail_dir: object
) -> None:
    ana_client, ben_client, _, _ = _pair(app)
    meeting = _published_meeting(app, ana_client, ben_client)

    _answer(ana_client, "cancel")

    emails = {m["To"]: m for m in mailbox(app)}
    assert sorted(emails) == ["ana@example.org", "ben@example.org"]
    assert emails["ana@example.org"]["Subject"] == "Cancelled: your meeting with Ben Rossi"
    assert emails["ben@example.org"]["Subject"] == "Ana Silva cancelled a meeting request"
    for message in emails.values():
        assert _calendar_of(message) == ("CANCEL", "CANCEL", "CANCELLED")
        data = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        calendar = data.get_payload(decode=True).decode()
        assert f"UID:{meeting.calendar_uid}\r\n" in calendar
        assert "SEQUENCE:1\r\n" in calendar
    assert "the calendar cancellation attached removes it from your calendar" in (
        emails["ben@example.org"].get_body(("plain",)).get_content()
    )
    db.session.refresh(meeting)
    assert (meeting.published, meeting.sequence) == (None, 1)


def test_request_cancel_of_an_unpublished_meeting_sends_no_calendar(
    app: Flask, mail_dir: object
) -> None:
    ana_client, ben_client, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ben_client, "accept")
    clear_mailbox(app)

    _answer(ana_client, "cancel")

    (message,) = mailbox(app)
    assert message["To"] == "ben@example.org"
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]


def test_request_withdrawal_cancels_published_meetings_in_counterpart_calendars(
    app: Flask, mail_dir: object
) -> None:
    ana_client, ben_client, _, _ = _pair(app)
    meeting = _published_meeting(app, ana_client, ben_client)

    post_form(ana_client, "/events/pic/me/withdraw", {})

    db.session.expire_all()
    (message,) = mailbox(app)
    assert message["To"] == "ben@example.org"
    assert _calendar_of(message) == ("CANCEL", "CANCEL", "CANCELLED")
    assert db.session.get(Meeting, meeting.id).sequence == 1


def _ask_again(client: FlaskClient, target: Participant, message: str = "Robots?"):
    """Post a request as a crafted form would (the profile page offers no form once a
    request links the two), with the token of the personal space."""
    token = csrf_token(client, "/events/pic/me")
    return client.post(
        f"/events/pic/participants/{target.id}",
        data={"csrf_token": token, "message": message, "priority": "3"},
    )


def _cancelled_hours_ago(hours: float) -> None:
    """Move the cancellation of the latest request ``hours`` into the past."""
    cancelled = db.session.scalar(select(MeetingRequest).order_by(MeetingRequest.id.desc()))
    cancelled.responded_at = utcnow() - timedelta(hours=hours)
    db.session.commit()


def test_request_again_after_own_cancel_refused_and_nobody_emailed(
    app: Flask, mail_dir: object
) -> None:
    ana_client, _, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ana_client, "cancel")
    cancelled = db.session.scalar(select(MeetingRequest))
    again = _ask_again(ana_client, ben, message="Sorry, me again")
    page = again.get_data(as_text=True)
    when = (cancelled.responded_at + timedelta(hours=24)).astimezone(ZoneInfo("Europe/Paris"))
    assert again.status_code == 200
    assert (
        "A request between you and Ben Rossi was cancelled less than 24 hours ago: "
        f"you can ask again from {when:%a} {when.day} {when:%b %H:%M}." in page
    )
    assert "Sorry, me again</textarea>" in page
    assert [m["Subject"] for m in mailbox(app)] == [
        "Ana Silva asks to meet you at Plant InterCluster 2027",
        "Ana Silva cancelled a meeting request",
    ]
    assert len(db.session.scalars(select(MeetingRequest)).all()) == 1


def test_request_after_the_other_side_cancelled_refused_both_ways(
    app: Flask, mail_dir: object
) -> None:
    ana_client, ben_client, ana, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ben_client, "accept")
    _answer(ben_client, "cancel")
    pages = [
        _ask_again(ana_client, ben).get_data(as_text=True),
        _ask_again(ben_client, ana).get_data(as_text=True),
    ]
    assert ["was cancelled less than 24 hours ago" in page for page in pages] == [True, True]
    assert len(db.session.scalars(select(MeetingRequest)).all()) == 1


def test_request_again_allowed_a_day_after_the_cancel(app: Flask, mail_dir: object) -> None:
    ana_client, _, _, ben = _pair(app)
    _ask(ana_client, ben)
    _answer(ana_client, "cancel")
    _cancelled_hours_ago(24.1)
    response = _ask_again(ana_client, ben)
    statuses = db.session.scalars(select(MeetingRequest.status).order_by(MeetingRequest.id)).all()
    assert (response.status_code, statuses) == (
        302,
        [RequestStatus.CANCELLED, RequestStatus.PENDING],
    )


def test_request_cancelled_by_requester_counts_against_quota_for_a_day(
    app: Flask, mail_dir: object
) -> None:
    ana_client, _, _, ben = _pair(app, meeting_request_quota=1)
    cleo = registered(app, app.test_client(), "cleo@example.org", first_name="Cleo")
    _ask(ana_client, ben)
    _answer(ana_client, "cancel")
    refused = _ask_again(ana_client, cleo).get_data(as_text=True)
    _cancelled_hours_ago(24.1)
    later = _ask_again(ana_client, cleo)
    assert (
        "You have used the only meeting request allowed for this event. "
        "A request you cancel counts for 24 hours." in refused
    )
    assert later.status_code == 302


def test_request_cancelled_by_recipient_does_not_count_against_quota(
    app: Flask, mail_dir: object
) -> None:
    ana_client, ben_client, _, ben = _pair(app, meeting_request_quota=1)
    cleo = registered(app, app.test_client(), "cleo@example.org", first_name="Cleo")
    _ask(ana_client, ben)
    _answer(ben_client, "cancel")
    response = _ask_again(ana_client, cleo)
    cancelled = db.session.scalar(select(MeetingRequest).order_by(MeetingRequest.id))
    assert (response.status_code, cancelled.cancelled_by_requester) == (302, False)


def test_requests_pending_registration_cannot_request_a_meeting(app: Flask) -> None:
    event = make_event()
    ana = make_participant(
        event,
        status=ParticipantStatus.PENDING,
        directory_visibility=DirectoryVisibility.PARTICIPANTS,
    )
    ben = make_participant(
        event,
        status=ParticipantStatus.CONFIRMED,
        directory_visibility=DirectoryVisibility.PARTICIPANTS,
    )

    with pytest.raises(RequestRefused) as refused:
        request_meeting(ana, ben, "Robots", Priority.WOULD_LIKE, uid_domain="cluster.example")

    assert str(refused.value) == (
        "Your registration is waiting for the organisers' approval: "
        "you can request meetings once it is approved."
    )
    assert db.session.scalar(select(MeetingRequest)) is None


def test_request_pending_registration_told_to_wait_for_approval(
    app: Flask, mail_dir: object
) -> None:
    ready_event(approval_required=True)
    ana_client, ben_client = app.test_client(), app.test_client()
    ana = registered(app, ana_client, "ana@example.org")
    body = mailbox(app)[0].get_body(("plain",)).get_content()
    ben = registered(app, ben_client, "ben@example.org", first_name="Ben", last_name="Rossi")
    ben.status = ParticipantStatus.CONFIRMED
    db.session.commit()
    message = (
        "Your registration is waiting for the organisers' approval: "
        "you can request meetings once it is approved."
    )

    page = unescape(ana_client.get(f"/events/pic/participants/{ben.id}").get_data(as_text=True))
    asked = ana_client.post(
        f"/events/pic/participants/{ben.id}",
        data={
            "csrf_token": csrf_token(ana_client, "/events/pic/me"),
            "message": "Robots?",
            "priority": "3",
        },
    ).get_data(as_text=True)

    assert ana.status is ParticipantStatus.PENDING
    assert (
        "The organisers approve each registration: we will email you once yours is approved, "
        "and until then you cannot request meetings." in body
    )
    assert message in page and "Request a meeting" not in page
    assert message in unescape(asked)
    assert db.session.scalar(select(MeetingRequest)) is None
