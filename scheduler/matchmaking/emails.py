"""Emails about meeting requests."""

from __future__ import annotations

from flask import render_template

from scheduler.agenda.emails import calendar_parts
from scheduler.agenda.publish import Change, retract
from scheduler.attendees.links import access_url
from scheduler.i18n import gettext, language
from scheduler.i18n import lazy_gettext as _l
from scheduler.mail.outbox import queue_email
from scheduler.models import MeetingRequest, Participant

SUBJECTS = {
    "received": _l("%(other)s asks to meet you at %(event)s"),
    "accepted": _l("%(other)s accepted your meeting request"),
    "declined": _l("%(other)s declined your meeting request"),
    "cancelled": _l("%(other)s cancelled a meeting request"),
}


def queue_request_email(kind: str, meeting_request: MeetingRequest, to: Participant) -> None:
    """Tell ``to`` what happened to a request; the email carries a fresh link to their space.

    A cancelled request whose meeting was in the published schedule takes the meeting out
    of it now: ``to`` and the one who cancelled (if still taking part) get its CANCEL."""
    other = meeting_request.other_side(to.id)
    event = meeting_request.event
    meeting = meeting_request.meeting
    change = retract(meeting) if kind == "cancelled" and meeting is not None else None
    with language(to.language):
        queue_email(
            recipient=to.email,
            subject=str(SUBJECTS[kind]) % {"other": other.full_name, "event": event.name},
            body_text=render_template(
                f"emails/request_{kind}.txt",
                to=to,
                other=other,
                request=meeting_request,
                event=event,
                url=access_url(to),
                change=change,
            ),
            event_id=event.id,
            dedupe_key=f"request-{meeting_request.id}-{kind}-{to.id}",
            attachments=calendar_parts(event, [change], to) if change else (),
        )
    if change is not None and other.is_active:
        _queue_cancelled_copy(change, other, to)


def _queue_cancelled_copy(change: Change, to: Participant, other: Participant) -> None:
    """The cancellation for the calendar of the one who cancelled."""
    event = change.meeting.event
    with language(to.language):
        queue_email(
            recipient=to.email,
            subject=gettext("Cancelled: your meeting with %(name)s", name=other.full_name),
            body_text=render_template(
                "emails/meeting_cancelled.txt",
                to=to,
                other=other,
                change=change,
                event=event,
                url=access_url(to),
            ),
            event_id=event.id,
            dedupe_key=f"meeting-{change.meeting.id}-cancel-{change.sequence}-{to.id}",
            attachments=calendar_parts(event, [change], to),
        )
