"""Emails of the team pages, queued in the outbox with the change."""

from __future__ import annotations

from flask import render_template

from scheduler.attendees.links import ACCESS_MAX_AGE_SECONDS, access_url
from scheduler.i18n import gettext
from scheduler.mail.outbox import queue_email
from scheduler.models import OrganiserAccount, Participant, TeamInvitation
from scheduler.organiser.team.auth import INVITATION_MAX_AGE_SECONDS, invitation_url
from scheduler.organiser.team.members import ROLE_LABELS


def queue_invitation(invitation: TeamInvitation, by: OrganiserAccount) -> None:
    """Email the invited person their link to join the team."""
    event = invitation.event
    queue_email(
        recipient=invitation.email,
        subject=gettext("Join the organisers of %(event)s", event=event.name),
        body_text=render_template(
            "emails/team_invitation.txt",
            event=event,
            by=by,
            role=ROLE_LABELS[invitation.role],
            url=invitation_url(invitation),
            days=INVITATION_MAX_AGE_SECONDS // 86400,
        ),
        event_id=event.id,
    )


def announcement_text(participant: Participant, body: str, url: str | None = None) -> str:
    """The announcement as ``participant`` receives it: their name and their own link (or
    ``url`` in its place, for a preview that must not show a working link)."""
    return render_template(
        "emails/announcement.txt",
        participant=participant,
        event=participant.event,
        body=body.strip(),
        url=url if url is not None else access_url(participant),
        hours=ACCESS_MAX_AGE_SECONDS // 3600,
    )
