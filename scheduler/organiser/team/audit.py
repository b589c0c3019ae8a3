"""The audit log of an event: every change its organisers make, recorded with the change.
Functions flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scheduler.extensions import db
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import AuditEntry, Event, OrganiserAccount, Participant

ACTIONS = {
    "approve": _l("Approved the registration"),
    "reject": _l("Turned down the registration"),
    "withdraw": _l("Withdrew on the participant's behalf"),
    "send_link": _l("Emailed a new link"),
    "edit_profile": _l("Edited the profile"),
    "import": _l("Imported participants"),
    "retry_emails": _l("Queued failed emails again"),
    "reminders": _l("Switched evening reminders"),
    "generate": _l("Generated a schedule draft"),
    "cancel_run": _l("Stopped a schedule run"),
    "move_meeting": _l("Changed a meeting in the draft"),
    "publish": _l("Published the schedule"),
    "invite": _l("Invited a team member"),
    "revoke_invitation": _l("Withdrew a team invitation"),
    "join": _l("Joined the team"),
    "change_role": _l("Changed a team member's role"),
    "remove_member": _l("Removed a team member"),
    "announce": _l("Sent an announcement"),
    "create_event": _l("Created the event"),
    "clone_event": _l("Created the event as a copy"),
    "edit_settings": _l("Changed the event's settings"),
    "add_item": _l("Added a programme item"),
    "edit_item": _l("Changed a programme item"),
    "delete_item": _l("Deleted a programme item"),
    "add_session": _l("Added a B2B session"),
    "edit_session": _l("Changed a B2B session"),
    "delete_session": _l("Deleted a B2B session"),
    "set_booth": _l("Changed a booth"),
    "add_question": _l("Added a registration question"),
    "edit_question": _l("Changed a registration question"),
    "move_question": _l("Moved a registration question"),
    "delete_question": _l("Deleted a registration question"),
}


def record(
    account: OrganiserAccount,
    event: Event,
    action: str,
    participant: Participant | None = None,
    detail: str = "",
) -> AuditEntry:
    """Log that ``account`` did ``action`` (a key of ``ACTIONS``) in ``event``, to
    ``participant`` if any, in the current transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        event_id=event.id,
        account_id=account.id,
        actor=account.email,
        action=action,
        participant_id=participant.id if participant is not None else None,
        detail=detail[:500],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries(
    session: Session, event: Event, participant: Participant | None = None, limit: int = 500
) -> list[AuditEntry]:
    """The event's log (or one participant's part of it), newest first."""
    query = select(AuditEntry).where(AuditEntry.event_id == event.id)
    if participant is not None:
        query = query.where(AuditEntry.participant_id == participant.id)
    return list(
        session.scalars(
            query.options(selectinload(AuditEntry.participant))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
