"""Emails about meeting requests."""

from __future__ import annotations

from flask import render_template

from scheduler.attendees.links import access_url
from scheduler.mail.outbox import queue_email
from scheduler.models import MeetingRequest, Participant

SUBJECTS = {
    "received": "{other} asks to meet you at {event}",
    "accepted": "{other} accepted your meeting request",
    "declined": "{other} declined your meeting request",
    "cancelled": "{other} cancelled a meeting request",
}


def queue_request_email(kind: str, meeting_request: MeetingRequest, to: Participant) -> None:
    """Tell ``to`` what happened to a request; the email carries a fresh link to their space."""
    other = meeting_request.other_side(to.id)
    event = meeting_request.event
    queue_email(
        recipient=to.email,
        subject=SUBJECTS[kind].format(other=other.full_name, event=event.name),
        body_text=render_template(
            f"emails/request_{kind}.txt",
            to=to,
            other=other,
            request=meeting_request,
            event=event,
            url=access_url(to),
        ),
        event_id=event.id,
        dedupe_key=f"request-{meeting_request.id}-{kind}-{to.id}",
    )
