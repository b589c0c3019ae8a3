"""The team of an event, without HTTP: roles, invitations, removals, the last owner."""

from __future__ import annotations

import pytest
from flask import Flask

from scheduler.extensions import db
from scheduler.models import EventRole, EventRoleKind, OrganiserAccount
from scheduler.organiser.team.audit import entries, record
from scheduler.organiser.team.members import (
    TeamRefused,
    accept,
    invite,
    members,
    open_invitation,
    pending_invitations,
    remove,
    revoke,
    set_role,
)
from scheduler.passwords import hash_password, verify_password
from tests.factories import make_event, make_participant


def _account(email: str, event=None, role: EventRoleKind = EventRoleKind.OWNER):
    account = OrganiserAccount(email=email, password_hash=hash_password("pw-123456"))
    if event is not None:
        account.roles = [EventRole(event=event, role=role)]
    db.session.add(account)
    db.session.flush()
    return account


def test_members_lists_owners_first(app: Flask) -> None:
    event = make_event()
    _account("zed@example.org", event, EventRoleKind.VIEWER)
    _account("bob@example.org", event, EventRoleKind.CO_ORGANISER)
    _account("amy@example.org", event)
    _account("stranger@example.org")
    assert [(m.account.email, m.role) for m in members(db.session, event)] == [
        ("amy@example.org", EventRoleKind.OWNER),
        ("bob@example.org", EventRoleKind.CO_ORGANISER),
        ("zed@example.org", EventRoleKind.VIEWER),
    ]


def test_invite_refuses_a_member(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    with pytest.raises(TeamRefused, match=r"amy@example\.org is already in the team\."):
        invite(db.session, event, owner, "AMY@example.org", EventRoleKind.VIEWER)


def test_accept_creates_an_account_with_the_role(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    invitation = invite(db.session, event, owner, " New@Example.org ", EventRoleKind.VIEWER)
    assert pending_invitations(db.session, event) == [invitation]
    assert open_invitation(db.session, invitation.id, "wrong") is None
    account = accept(db.session, invitation, None, display_name="Nora", password="a-long-pass")
    assert (account.email, account.display_name, account.role_in(event)) == (
        "new@example.org",
        "Nora",
        EventRoleKind.VIEWER,
    )
    assert verify_password(account.password_hash, "a-long-pass")
    assert pending_invitations(db.session, event) == []
    assert open_invitation(db.session, invitation.id, invitation.nonce) is None
    with pytest.raises(TeamRefused, match="already used"):
        accept(db.session, invitation, account)


def test_accept_gives_an_existing_account_the_role(app: Flask) -> None:
    event, other = make_event(), make_event()
    owner = _account("amy@example.org", event)
    existing = _account("bob@example.org", other)
    invitation = invite(db.session, event, owner, "bob@example.org", EventRoleKind.CO_ORGANISER)
    assert accept(db.session, invitation, existing) is existing
    assert (existing.role_in(event), existing.role_in(other)) == (
        EventRoleKind.CO_ORGANISER,
        EventRoleKind.OWNER,
    )


def test_remove_never_the_last_owner(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    viewer = _account("zed@example.org", event, EventRoleKind.VIEWER)
    with pytest.raises(TeamRefused, match="The last owner cannot be removed"):
        remove(db.session, event, owner.id)
    assert remove(db.session, event, viewer.id) is viewer
    assert viewer.role_in(event) is None
    with pytest.raises(TeamRefused, match="not in the team"):
        remove(db.session, event, viewer.id)


def test_set_role_keeps_an_owner(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    second = _account("bob@example.org", event, EventRoleKind.CO_ORGANISER)
    with pytest.raises(TeamRefused, match="The event needs an owner"):
        set_role(db.session, event, owner.id, EventRoleKind.VIEWER)
    set_role(db.session, event, second.id, EventRoleKind.OWNER)
    set_role(db.session, event, owner.id, EventRoleKind.VIEWER)
    assert [(m.account.email, m.role) for m in members(db.session, event)] == [
        ("bob@example.org", EventRoleKind.OWNER),
        ("amy@example.org", EventRoleKind.VIEWER),
    ]


def test_record_and_entries_newest_first(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    ana = make_participant(event, first_name="Ana", last_name="Garcia")
    record(owner, event, "approve", participant=ana)
    record(owner, event, "import", detail="3 from list.csv")
    assert [
        (e.actor, e.action, e.participant_id, e.detail) for e in entries(db.session, event)
    ] == [
        ("amy@example.org", "import", None, "3 from list.csv"),
        ("amy@example.org", "approve", ana.id, ""),
    ]
    assert [e.action for e in entries(db.session, event, participant=ana)] == ["approve"]
    with pytest.raises(ValueError, match="unknown audit action"):
        record(owner, event, "dance")


def test_revoke_deletes_an_invitation_not_yet_accepted(app: Flask) -> None:
    event = make_event()
    owner = _account("amy@example.org", event)
    invitation = invite(db.session, event, owner, "nora@example.org", EventRoleKind.VIEWER)
    nonce = invitation.nonce

    assert revoke(db.session, event, invitation.id) is invitation
    assert pending_invitations(db.session, event) == []
    assert open_invitation(db.session, invitation.id, nonce) is None


def test_revoke_refuses_an_accepted_invitation_or_another_events(app: Flask) -> None:
    event, other = make_event(), make_event()
    owner = _account("amy@example.org", event)
    accepted = invite(db.session, event, owner, "nora@example.org", EventRoleKind.VIEWER)
    accept(db.session, accepted, None, "Nora", "pw-123456789")
    elsewhere = invite(db.session, other, owner, "omar@example.org", EventRoleKind.VIEWER)

    with pytest.raises(TeamRefused, match=r"nora@example\.org already accepted"):
        revoke(db.session, event, accepted.id)
    with pytest.raises(TeamRefused, match="no longer exists"):
        revoke(db.session, event, elsewhere.id)
    assert pending_invitations(db.session, other) == [elsewhere]
