"""Every route, for every kind of visitor: the answer each one gets. A new route without an
expectation here fails the test, so access is decided for each route on purpose."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.models import (
    DirectoryVisibility,
    EventRole,
    EventRoleKind,
    ImportBatch,
    MeetingRequest,
    OrganiserAccount,
    OutboxEmail,
    OutboxStatus,
    QuestionKind,
    RegistrationQuestion,
    RunStatus,
    SolverRun,
)
from scheduler.passwords import hash_password
from tests.attendees import open_link
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_participant,
    make_session,
)
from tests.web import csrf_token, post_form

ROLES = ("anonymous", "attendee_b", "organiser", "hidden_a", "attendee_a", "viewer")
SKIPPED = {"static", "bootstrap.static"}

#                                    anonymous attendee_b organiser hidden_a attendee_a viewer
EXPECTED: dict[str, tuple[int, int, int, int, int, int]] = {
    "public.home":                   (200, 200, 200, 200, 200, 200),
    "public.event_page":             (200, 200, 200, 200, 200, 200),
    "public.programme_ics":          (200, 200, 200, 200, 200, 200),
    "public.item_ics":               (200, 200, 200, 200, 200, 200),
    "public.choose_language":        (400, 400, 400, 400, 400, 400),  # no language chosen
    "organiser.login":               (200, 200, 302, 200, 200, 302),
    "organiser.dashboard":           (302, 302, 200, 302, 302, 200),
    "organiser.logout":              (302, 302, 302, 302, 302, 302),
    "organiser.event_home":          (302, 302, 200, 302, 302, 200),
    "organiser.default_language":    (302, 302, 400, 302, 302, 403),  # no language chosen
    "organiser.registrations":       (302, 302, 200, 302, 302, 200),
    "organiser.participant":         (302, 302, 200, 302, 302, 200),
    "organiser.approve_participant": (302, 302, 302, 302, 302, 403),
    "organiser.reject_participant":  (302, 302, 302, 302, 302, 403),
    "organiser.withdraw_participant": (302, 302, 302, 302, 302, 403),
    "organiser.send_link":           (302, 302, 302, 302, 302, 403),
    "organiser.edit_participant":    (302, 302, 200, 302, 302, 200),
    "organiser.requests_and_meetings": (302, 302, 200, 302, 302, 200),
    "organiser.export_participants": (302, 302, 200, 302, 302, 200),
    "organiser.export_requests":     (302, 302, 200, 302, 302, 200),
    "organiser.export_meetings":     (302, 302, 200, 302, 302, 200),
    "organiser.export_signups":      (302, 302, 200, 302, 302, 200),
    "organiser.emails":              (302, 302, 200, 302, 302, 200),
    "organiser.retry_emails":        (302, 302, 302, 302, 302, 403),
    "organiser.reminders":           (302, 302, 302, 302, 302, 403),
    "setup.new_event":               (302, 302, 200, 302, 302, 200),
    "setup.settings":                (302, 302, 200, 302, 302, 200),
    "setup.clone":                   (302, 302, 200, 302, 302, 200),
    "setup.programme":               (302, 302, 200, 302, 302, 200),
    "setup.edit_item":               (302, 302, 200, 302, 302, 200),
    "setup.delete_agenda_item":      (302, 302, 302, 302, 302, 403),
    "setup.sessions":                (302, 302, 200, 302, 302, 200),
    "setup.questions":               (302, 302, 200, 302, 302, 200),
    "setup.edit_question":           (302, 302, 200, 302, 302, 200),
    "setup.move_question":           (302, 302, 302, 302, 302, 403),
    "setup.delete_question":         (302, 302, 302, 302, 302, 403),
    "setup.edit_session":            (302, 302, 200, 302, 302, 200),
    "setup.session_booth":           (302, 302, 200, 302, 302, 403),  # no table chosen
    "setup.delete_b2b_session":      (302, 302, 200, 302, 302, 403),  # not confirmed
    "team.upload":                   (302, 302, 200, 302, 302, 200),
    "team.preview":                  (302, 302, 200, 302, 302, 200),
    "team.confirm_import":           (302, 302, 302, 302, 302, 403),
    "team.import_template":          (302, 302, 200, 302, 302, 200),
    "team.team":                     (302, 302, 200, 302, 302, 200),
    "team.invite":                   (302, 302, 200, 302, 302, 403),  # no email: form again
    "team.change_role":              (302, 302, 400, 302, 302, 403),  # no role chosen
    "team.remove_member":            (302, 302, 302, 302, 302, 403),  # the last owner: refused
    "team.revoke_invitation":        (302, 302, 302, 302, 302, 403),  # unknown: refused
    "team.join":                     (400, 400, 400, 400, 400, 400),  # a forged token
    "team.log":                      (302, 302, 200, 302, 302, 200),
    "team.announce":                 (302, 302, 200, 302, 302, 200),
    "attendee.register":             (200, 200, 200, 200, 200, 200),
    "attendee.check_email":          (200, 200, 200, 200, 200, 200),
    "attendee.privacy":              (200, 200, 200, 200, 200, 200),
    "attendee.resend_link":          (200, 200, 200, 200, 200, 200),
    "attendee.access":               (400, 400, 400, 400, 400, 400),  # a forged token
    "attendee.portal":               (302, 302, 302, 200, 200, 302),
    "attendee.edit_profile":         (403, 403, 403, 200, 200, 403),
    "attendee.availability":         (403, 403, 403, 200, 200, 403),
    "attendee.agenda":               (403, 403, 403, 200, 200, 403),
    "attendee.reset_feed":           (403, 403, 403, 302, 302, 403),
    "attendee.calendar_feed":        (404, 404, 404, 404, 404, 404),  # not a feed's secret
    "attendee.agenda_ics":           (403, 403, 403, 200, 200, 403),
    "attendee.meeting_ics":          (403, 403, 403, 404, 404, 403),  # not published yet
    "attendee.sessions":             (403, 403, 403, 200, 200, 403),
    "attendee.join_session":         (403, 403, 403, 302, 302, 403),
    "attendee.leave_session":        (403, 403, 403, 302, 302, 403),
    "attendee.export":               (403, 403, 403, 200, 200, 403),
    "attendee.withdraw":             (403, 403, 403, 200, 200, 403),
    "attendee.delete_account":       (403, 403, 403, 200, 200, 403),
    "attendee.sign_out":             (302, 302, 302, 302, 302, 302),
    "matchmaking.directory":         (200, 200, 200, 200, 200, 200),
    "matchmaking.profile":           (404, 404, 404, 200, 200, 404),
    "matchmaking.answer_request":    (403, 403, 403, 404, 302, 403),
    "matchmaking.suggestions":       (403, 403, 403, 200, 200, 403),
    "mailbox.inbox":                 (404, 404, 404, 404, 404, 404),
    "health.healthz":                (200, 200, 200, 200, 200, 200),
    "scheduling.console":            (302, 302, 200, 302, 302, 200),
    "scheduling.review":             (302, 302, 200, 302, 302, 200),
    "scheduling.edit_meeting":       (302, 302, 200, 302, 302, 200),
    "scheduling.print_sheets":       (302, 302, 200, 302, 302, 200),
    "scheduling.print_agendas":      (302, 302, 200, 302, 302, 200),
    "scheduling.generate":           (302, 302, 302, 302, 302, 403),
    "scheduling.cancel":             (302, 302, 302, 302, 302, 403),
    "scheduling.run_status":         (302, 302, 200, 302, 302, 200),
    "scheduling.publish_schedule":   (302, 302, 302, 302, 302, 403),
}  # fmt: skip


def _endpoints(app: Flask) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()} - SKIPPED)


def test_access_every_route_has_an_expectation(app: Flask) -> None:
    assert sorted(EXPECTED) == _endpoints(app)


def _world(app: Flask) -> dict[str, object]:
    event_a = make_event(slug="pic")
    event_b = make_event(slug="other")
    ana = make_participant(event_a, email="ana@example.org")
    ben = make_participant(
        event_a, email="ben@example.org", directory_visibility=DirectoryVisibility.PARTICIPANTS
    )
    cleo = make_participant(
        event_a, email="cleo@example.org", directory_visibility=DirectoryVisibility.NOBODY
    )
    bea = make_participant(event_b, email="bea@example.org")
    item = make_agenda_item(event_a, capacity=10, requires_signup=True)
    session = make_session(event_a)
    run = SolverRun(
        event=event_a,
        event_revision=0,
        status=RunStatus.SUCCEEDED,
        parameters={"session_id": session.id, "time_limit": 5},
    )
    meeting_request = MeetingRequest(event=event_a, requester=ana, recipient=ben)
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password("pw-123456"))
    account.roles = [EventRole(event=event_a, role=EventRoleKind.OWNER)]
    viewer = OrganiserAccount(email="viewer@example.org", password_hash=hash_password("pw-123456"))
    viewer.roles = [EventRole(event=event_a, role=EventRoleKind.VIEWER)]
    meeting = make_meeting(event_a, ana, ben)
    email = OutboxEmail(
        event_id=event_a.id,
        recipient="ana@example.org",
        subject="S",
        body_text="x",
        status=OutboxStatus.FAILED,
    )
    batch = ImportBatch(
        event_id=event_a.id,
        token="b" * 32,
        header=["Email", "First name", "Last name", "Organisation", "Country"],
        rows=[["dora@example.org", "Dora", "Diaz", "Acme", "ES"]],
    )
    question = RegistrationQuestion(
        event=event_a, position=1, kind=QuestionKind.YES_NO, label_en="Dinner?"
    )
    db.session.add_all([meeting_request, account, viewer, run, email, batch, question])
    db.session.commit()
    return {
        "ana": ana,
        "bea": bea,
        "ben": ben,
        "cleo": cleo,
        "item": item,
        "request": meeting_request,
        "session": session,
        "run": run,
        "meeting": meeting,
        "email": email,
        "batch": batch,
        "owner": account,
        "question": question,
    }


def _client(app: Flask, role: str, world: dict[str, object]) -> FlaskClient:
    client = app.test_client()
    if role in ("attendee_a", "attendee_b", "hidden_a"):
        person = world[{"attendee_a": "ana", "attendee_b": "bea", "hidden_a": "cleo"}[role]]
        slug = "other" if role == "attendee_b" else "pic"
        link = f"/events/{slug}/access/{make_access_token(person)}"
        assert open_link(client, link).status_code == 302
    elif role in ("organiser", "viewer"):
        email = "org@example.org" if role == "organiser" else "viewer@example.org"
        post_form(client, "/organiser/login", {"email": email, "password": "pw-123456"})
    return client


def _url(app: Flask, endpoint: str, world: dict[str, object]) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {
        "slug": "pic",
        "token": "not-a-token",
        "participant_id": world["ben"].id,
        "item_id": world["item"].id,
        "request_id": world["request"].id,
        "action": "cancel",
        "session_id": world["session"].id,
        "run_id": world["run"].id,
        "meeting_id": world["meeting"].id,
        "layout": "tables",
        "email_id": world["email"].id,
        "fmt": "xlsx",
        "batch_token": world["batch"].token,
        "account_id": world["owner"].id,
        "invitation_id": 2147483647,
        "question_id": world["question"].id,
    }
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<[^>]*:?{name}>", str(values[name]), path)
    return path


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_access_matrix(app: Flask, endpoint: str, mail_dir: object) -> None:
    world = _world(app)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = _url(app, endpoint, world)
    answers = []
    for role in ROLES:
        client = _client(app, role, world)
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            token = csrf_token(client, "/events/pic/link")
            response = client.post(url, data={"csrf_token": token})
        answers.append(response.status_code)
    assert tuple(answers) == EXPECTED[endpoint]
