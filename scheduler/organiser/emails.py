"""Emails the organisers' decisions send, queued in the outbox with the decision."""

from __future__ import annotations

from flask import render_template

from scheduler.attendees.links import ACCESS_MAX_AGE_SECONDS, access_url
from scheduler.i18n import gettext, language
from scheduler.mail.outbox import queue_email
from scheduler.models import Participant


def queue_decision(participant: Participant, approved: bool) -> None:
    """Tell the participant that their registration was approved (with a link to their
    space) or turned down."""
    event = participant.event
    with language(participant.language):
        if approved:
            subject = gettext("Your registration for %(event)s is confirmed", event=event.name)
            body = render_template(
                "emails/registration_approved.txt",
                participant=participant,
                event=event,
                url=access_url(participant),
                hours=ACCESS_MAX_AGE_SECONDS // 3600,
            )
        else:
            subject = gettext("Your registration for %(event)s", event=event.name)
            body = render_template(
                "emails/registration_rejected.txt", participant=participant, event=event
            )
        queue_email(
            recipient=participant.email, subject=subject, body_text=body, event_id=event.id
        )
