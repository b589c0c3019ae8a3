"""The team of an event: its members and their roles, invitations to join, removals.
Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from scheduler.i18n import gettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import (
    Event,
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    TeamInvitation,
    utcnow,
)
from scheduler.passwords import hash_password

ROLE_LABELS = {
    EventRoleKind.OWNER: _l("Owner"),
    EventRoleKind.CO_ORGANISER: _l("Organiser"),
    EventRoleKind.VIEWER: _l("Viewer (read only)"),
}


class TeamRefused(Exception):
    """The team change does not apply; the message says why."""


@dataclass(frozen=True)
class Member:
    account: OrganiserAccount
    role: EventRoleKind


def members(db: Session, event: Event) -> list[Member]:
    """Everyone with a role in ``event``, owners first, then by email."""
    roles = db.scalars(
        select(EventRole)
        .where(EventRole.event_id == event.id)
        .options(selectinload(EventRole.account))
    ).all()
    order = list(EventRoleKind)
    return sorted(
        (Member(role.account, role.role) for role in roles),
        key=lambda m: (order.index(m.role), m.account.email.lower()),
    )


def pending_invitations(db: Session, event: Event) -> list[TeamInvitation]:
    return list(
        db.scalars(
            select(TeamInvitation)
            .where(TeamInvitation.event_id == event.id, TeamInvitation.accepted_at.is_(None))
            .order_by(TeamInvitation.created_at.desc(), TeamInvitation.id.desc())
        )
    )


def _role_of(db: Session, event: Event, account_id: int) -> EventRole:
    role = db.get(EventRole, (account_id, event.id))
    if role is None:
        raise TeamRefused(gettext("This person is not in the team."))
    return role


def _owners(db: Session, event: Event) -> int:
    return db.scalar(
        select(func.count())
        .select_from(EventRole)
        .where(EventRole.event_id == event.id, EventRole.role == EventRoleKind.OWNER)
    )


def invite(
    db: Session, event: Event, by: OrganiserAccount, email: str, role: EventRoleKind
) -> TeamInvitation:
    """An invitation for ``email`` to join with ``role``; refused for a member already."""
    email = email.strip().lower()
    member = db.scalar(
        select(EventRole)
        .join(OrganiserAccount)
        .where(EventRole.event_id == event.id, func.lower(OrganiserAccount.email) == email)
    )
    if member is not None:
        raise TeamRefused(gettext("%(email)s is already in the team.", email=email))
    invitation = TeamInvitation(event_id=event.id, email=email, role=role, invited_by=by)
    db.add(invitation)
    db.flush()
    return invitation


def revoke(db: Session, event: Event, invitation_id: int) -> TeamInvitation:
    """Withdraw an invitation not yet accepted: its link stops working."""
    invitation = db.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise TeamRefused(gettext("This invitation no longer exists."))
    # Conditional, like accept(): of an acceptance and a withdrawal at once, one wins.
    deleted = db.execute(
        delete(TeamInvitation)
        .where(TeamInvitation.id == invitation.id, TeamInvitation.accepted_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise TeamRefused(
            gettext("%(email)s already accepted this invitation.", email=invitation.email)
        )
    db.expunge(invitation)
    return invitation


def open_invitation(db: Session, invitation_id: int, nonce: str) -> TeamInvitation | None:
    """The invitation a link names, if it was not used yet."""
    invitation = db.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.accepted_at is not None or invitation.nonce != nonce:
        return None
    return invitation


def account_for(db: Session, email: str) -> OrganiserAccount | None:
    return db.scalar(
        select(OrganiserAccount).where(func.lower(OrganiserAccount.email) == email.lower())
    )


def accept(
    db: Session,
    invitation: TeamInvitation,
    account: OrganiserAccount | None,
    display_name: str = "",
    password: str = "",
) -> OrganiserAccount:
    """Use the invitation once: the account (a new one with ``password`` when there is none
    for the address) gets the invitation's role in the event."""
    used = db.execute(
        update(TeamInvitation)
        .where(TeamInvitation.id == invitation.id, TeamInvitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise TeamRefused(gettext("This invitation was already used."))
    if account is None:
        account = OrganiserAccount(
            email=invitation.email,
            display_name=display_name.strip(),
            password_hash=hash_password(password),
        )
        db.add(account)
        db.flush()
    role = db.get(EventRole, (account.id, invitation.event_id))
    if role is None:
        db.add(EventRole(account_id=account.id, event_id=invitation.event_id, role=invitation.role))
    db.flush()
    db.expire(account, ["roles"])
    return account


def set_role(db: Session, event: Event, account_id: int, role: EventRoleKind) -> EventRole:
    """Give a member another role; the last owner stays an owner."""
    member = _role_of(db, event, account_id)
    demoted = member.role is EventRoleKind.OWNER and role is not EventRoleKind.OWNER
    if demoted and _owners(db, event) <= 1:
        raise TeamRefused(gettext("The event needs an owner: make someone else owner first."))
    member.role = role
    db.flush()
    return member


def remove(db: Session, event: Event, account_id: int) -> OrganiserAccount:
    """Take a member out of the team; never the last owner."""
    member = _role_of(db, event, account_id)
    if member.role is EventRoleKind.OWNER and _owners(db, event) <= 1:
        raise TeamRefused(
            gettext("The last owner cannot be removed: make someone else owner first.")
        )
    account = member.account
    db.delete(member)
    db.flush()
    db.expire(account, ["roles"])
    return account
