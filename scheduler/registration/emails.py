"""Emails to attendees, queued in the outbox with the change they announce."""

from __future__ import annotations

from flask import render_template

from scheduler.agenda.emails import seat_parts
from scheduler.attendees.links import ACCESS_MAX_AGE_SECONDS, access_url
from scheduler.calendar.model import Method
from scheduler.extensions import db
from scheduler.i18n import gettext, language
from scheduler.mail.outbox import queue_email
from scheduler.matchmaking.emails import queue_request_email
from scheduler.models import AgendaItem, Participant
from scheduler.registration.privacy import Withdrawal


def queue_access_link(
    participant: Participant,
    reason: str,
    seats: list[AgendaItem] | None = None,
    waitlisted: list[AgendaItem] | None = None,
) -> None:
    """Email the participant a fresh link to their portal. ``reason`` is ``registered``,
    ``again`` (asked for it), ``duplicate`` (registered a second time), ``organiser`` (the
    organisers sent it) or ``imported`` (the organisers registered them from a list). In the
    participant's language, as every email to them."""
    event = participant.event
    with language(participant.language):
        subjects = {
            "registered": gettext("Your registration for %(event)s", event=event.name),
            "again": gettext("Your link to %(event)s", event=event.name),
            "duplicate": gettext("You are already registered for %(event)s", event=event.name),
            "organiser": gettext("Your link to %(event)s", event=event.name),
            "imported": gettext("You are registered for %(event)s", event=event.name),
        }
        invitations = tuple(
            part
            for item in (seats if reason == "registered" else None) or []
            for part in seat_parts(db.session, item, participant, Method.REQUEST)
        )
        queue_email(
            recipient=participant.email,
            subject=subjects[reason],
            body_text=render_template(
                "emails/access_link.txt",
                participant=participant,
                event=event,
                reason=reason,
                url=access_url(participant),
                hours=ACCESS_MAX_AGE_SECONDS // 3600,
                seats=seats or [],
                waitlisted=waitlisted or [],
                invitations=bool(invitations),
            ),
            event_id=event.id,
            attachments=invitations,
        )


def queue_promoted(participant: Participant, item: AgendaItem) -> None:
    """Tell a participant that a seat freed up for them, with its calendar invitation."""
    with language(participant.language):
        queue_email(
            recipient=participant.email,
            subject=gettext("You have a seat: %(item)s", item=item.title),
            body_text=render_template(
                "emails/promoted.txt", participant=participant, event=participant.event, item=item
            ),
            event_id=participant.event_id,
            attachments=seat_parts(db.session, item, participant, Method.REQUEST),
        )


def queue_seat_email(participant: Participant, item: AgendaItem, taken: bool) -> None:
    """Confirm a seat taken (with its REQUEST) or given up (with its CANCEL), so that the
    participant's calendar follows."""
    method = Method.REQUEST if taken else Method.CANCEL
    with language(participant.language):
        subject = (
            gettext("Your seat: %(item)s", item=item.title)
            if taken
            else gettext("Seat given up: %(item)s", item=item.title)
        )
        queue_email(
            recipient=participant.email,
            subject=subject,
            body_text=render_template(
                "emails/seat_taken.txt" if taken else "emails/seat_released.txt",
                participant=participant,
                event=participant.event,
                item=item,
                url=access_url(participant),
            ),
            event_id=participant.event_id,
            attachments=seat_parts(db.session, item, participant, method),
        )


def queue_withdrawal_emails(withdrawal: Withdrawal) -> None:
    """Tell the people a withdrawal or an erasure affects: those promoted from a waiting list
    and the other side of each cancelled request."""
    for person, item in withdrawal.promoted:
        queue_promoted(person, item)
    for meeting_request, other in withdrawal.cancelled:
        queue_request_email("cancelled", meeting_request, other)
