"""The team page, invitations by email, joining, the viewer's read-only access, the log."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import (
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    ParticipantStatus,
    TeamInvitation,
)
from scheduler.passwords import hash_password
from tests.attendees import mailbox
from tests.factories import make_event, make_participant
from tests.organiser.scene import PASSWORD, sign_in, text_of
from tests.web import csrf_token, post_form

TEAM = "/organiser/events/pic/team/"
JOIN = re.compile(r"http://localhost(/organiser/join/\S+)")


def _member(email: str, event, role: EventRoleKind) -> OrganiserAccount:
    account = OrganiserAccount(email=email, password_hash=hash_password(PASSWORD))
    account.roles = [EventRole(event=event, role=role)]
    db.session.add(account)
    db.session.commit()
    return account


def _join_link(app: Flask) -> str:
    body = mailbox(app)[-1].get_body(("plain",)).get_content()
    return JOIN.search(body).group(1)


def _invite(client: FlaskClient, email: str, role: str = "co_organiser"):
    return client.post(
        f"{TEAM}invite", data={"csrf_token": csrf_token(client, TEAM), "email": email, "role": role}
    )


def test_team_page_lists_members_with_roles(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    _member("viewer@example.org", event, EventRoleKind.VIEWER)
    page = text_of(client.get(TEAM).get_data(as_text=True))
    assert "org@example.org you Owner" in page
    assert "viewer@example.org Viewer (read only)" in page
    assert "Invite someone" in page


def test_team_invite_then_join_with_a_new_account(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    sign_in(client, event)
    response = _invite(client, "nora@example.org")
    assert response.status_code == 302
    message = mailbox(app)[-1]
    assert (message["To"], message["Subject"]) == (
        "nora@example.org",
        "Join the organisers of Plant InterCluster 2027",
    )
    link = _join_link(app)
    assert "nora@example.org as Organiser" in text_of(client.get(TEAM).get_data(as_text=True))
    newcomer = app.test_client()
    page = text_of(newcomer.get(link).get_data(as_text=True))
    assert "You are invited as Organiser with the address nora@example.org" in page
    response = post_form(
        newcomer,
        link,
        {"display_name": "Nora", "password": "a-long-pass", "confirm": "a-long-pass"},
    )
    assert response.headers["Location"] == "/organiser/events/pic/"
    assert newcomer.get("/organiser/events/pic/").status_code == 200
    account = db.session.scalar(
        select(OrganiserAccount).where(OrganiserAccount.email == "nora@example.org")
    )
    assert account.role_in(event) is EventRoleKind.CO_ORGANISER
    assert newcomer.get(link).status_code == 400
    log = text_of(client.get("/organiser/events/pic/log").get_data(as_text=True))
    assert "nora@example.org Joined the team" in log
    assert "org@example.org Invited a team member nora@example.org as Organiser" in log


def test_team_join_refuses_different_passwords(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    sign_in(client, make_event(slug="pic"))
    _invite(client, "nora@example.org")
    link = _join_link(app)
    newcomer = app.test_client()
    response = post_form(newcomer, link, {"password": "a-long-pass", "confirm": "another-one"})
    assert response.status_code == 200
    assert "The passwords differ." in text_of(response.get_data(as_text=True))


def test_team_join_with_an_existing_account_needs_its_password(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    _member("bob@example.org", make_event(slug="other"), EventRoleKind.OWNER)
    sign_in(client, event)
    _invite(client, "bob@example.org", "viewer")
    link = _join_link(app)
    bob = app.test_client()
    assert "already has an organiser account" in text_of(bob.get(link).get_data(as_text=True))
    wrong = post_form(bob, link, {"password": "not-it-at-all"})
    assert "This password is not right." in text_of(wrong.get_data(as_text=True))
    assert post_form(bob, link, {"password": PASSWORD}).status_code == 302
    assert bob.get("/organiser/events/pic/").status_code == 200
    assert _invite(bob, "nora@example.org").status_code == 403


def test_team_invite_refuses_a_member(app: Flask, client: FlaskClient) -> None:
    sign_in(client, make_event(slug="pic"))
    response = _invite(client, "org@example.org")
    assert response.status_code == 200
    assert "org@example.org is already in the team." in text_of(response.get_data(as_text=True))


def test_team_join_forged_link_is_refused(app: Flask, client: FlaskClient) -> None:
    response = client.get("/organiser/join/forged.token.value")
    assert response.status_code == 400
    assert "This invitation link does not work any more" in text_of(response.get_data(as_text=True))


def test_team_co_organiser_cannot_manage_the_team(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    owner = _member("owner@example.org", event, EventRoleKind.OWNER)
    sign_in(client, make_event(slug="x"), email="co@example.org")
    db.session.add(
        EventRole(
            account_id=db.session.scalar(
                select(OrganiserAccount.id).where(OrganiserAccount.email == "co@example.org")
            ),
            event_id=event.id,
            role=EventRoleKind.CO_ORGANISER,
        )
    )
    db.session.commit()
    assert "Invite someone" not in client.get(TEAM).get_data(as_text=True)
    assert _invite(client, "nora@example.org").status_code == 403
    token = csrf_token(client, TEAM)
    assert client.post(f"{TEAM}{owner.id}/remove", data={"csrf_token": token}).status_code == 403


def test_team_last_owner_is_not_removed(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    me = db.session.scalar(select(OrganiserAccount))
    response = client.post(
        f"{TEAM}{me.id}/remove",
        data={"csrf_token": csrf_token(client, TEAM)},
        follow_redirects=True,
    )
    assert "The last owner cannot be removed" in text_of(response.get_data(as_text=True))
    assert me.role_in(event) is EventRoleKind.OWNER


def test_team_owner_changes_a_role_and_removes_a_member(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    bob = _member("bob@example.org", event, EventRoleKind.CO_ORGANISER)
    token = csrf_token(client, TEAM)
    response = client.post(
        f"{TEAM}{bob.id}/role", data={"csrf_token": token, "role": "viewer"}, follow_redirects=True
    )
    assert "bob@example.org is now Viewer (read only)." in text_of(response.get_data(as_text=True))
    response = client.post(f"{TEAM}{bob.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert bob.role_in(event) is None
    log = text_of(client.get("/organiser/events/pic/log").get_data(as_text=True))
    assert "Removed a team member bob@example.org" in log
    assert "Changed a team member's role bob@example.org is now Viewer (read only)" in log


def test_team_viewer_reads_but_never_changes(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    pia = make_participant(event, status=ParticipantStatus.PENDING)
    db.session.commit()
    sign_in(client, make_event(slug="x"), email="viewer@example.org")
    account = db.session.scalar(select(OrganiserAccount))
    db.session.add(EventRole(account_id=account.id, event_id=event.id, role=EventRoleKind.VIEWER))
    db.session.commit()
    page = f"/organiser/events/pic/registrations/{pia.id}"
    assert client.get(page).status_code == 200
    token = csrf_token(client, page)
    assert client.post(f"{page}/approve", data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert pia.status is ParticipantStatus.PENDING


def test_team_pages_of_another_event_are_not_found(app: Flask, client: FlaskClient) -> None:
    make_event(slug="pic")
    sign_in(client, make_event(slug="other"))
    assert client.get(TEAM).status_code == 404
    assert client.get("/organiser/events/pic/log").status_code == 404


def test_team_owner_withdraws_an_invitation_whose_link_then_fails(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    _invite(client, "nora@example.org")
    link = _join_link(app)
    invitation = db.session.scalar(select(TeamInvitation))

    response = client.post(
        f"{TEAM}invitations/{invitation.id}/revoke",
        data={"csrf_token": csrf_token(client, TEAM)},
        follow_redirects=True,
    )
    page = text_of(response.get_data(as_text=True))

    assert "The invitation of nora@example.org is withdrawn: its link no longer works." in page
    assert "Invitations not yet accepted" not in page
    assert db.session.scalar(select(TeamInvitation)) is None
    log = text_of(client.get("/organiser/events/pic/log").get_data(as_text=True))
    assert "Withdrew a team invitation nora@example.org" in log
    client.post("/organiser/logout", data={"csrf_token": csrf_token(client, TEAM)})
    response = client.get(link)
    assert response.status_code == 400
    assert "This invitation link does not work any more" in text_of(response.get_data(as_text=True))


def test_team_withdrawing_an_unknown_invitation_says_so(app: Flask, client: FlaskClient) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)

    response = client.post(
        f"{TEAM}invitations/2147483647/revoke",
        data={"csrf_token": csrf_token(client, TEAM)},
        follow_redirects=True,
    )

    assert "This invitation no longer exists." in text_of(response.get_data(as_text=True))


def test_team_join_after_the_invitation_was_withdrawn_says_the_link_no_longer_works(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    event = make_event(slug="pic")
    sign_in(client, event)
    _invite(client, "nora@example.org")
    link = _join_link(app)
    invitation = db.session.scalar(select(TeamInvitation))
    newcomer = app.test_client()
    token = csrf_token(newcomer, link)  # the join form is open...
    client.post(  # ...when the owner withdraws the invitation
        f"{TEAM}invitations/{invitation.id}/revoke", data={"csrf_token": csrf_token(client, TEAM)}
    )

    response = newcomer.post(
        link,
        data={
            "csrf_token": token,
            "display_name": "Nora",
            "password": "a-long-password",
            "confirm": "a-long-password",
        },
    )

    assert response.status_code == 400
    assert "This invitation link does not work any more" in text_of(response.get_data(as_text=True))
    assert (
        db.session.scalar(
            select(OrganiserAccount).where(OrganiserAccount.email == "nora@example.org")
        )
        is None
    )
