"""Emails about the published schedule, queued in the outbox with the publication, and the
calendar invitations that other emails carry (meetings cancelled, seats taken or left)."""

from __future__ import annotations

import hashlib
from datetime import date

from flask import current_app, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.agenda.calendars import ProfileUrl
from scheduler.agenda.invitations import meeting_invitations, organizer_of, seat_invitation
from scheduler.agenda.personal import personal_agenda, published_by_person
from scheduler.agenda.publish import Change, Publication, logged_publication
from scheduler.attendees.links import access_url
from scheduler.calendar.model import Method
from scheduler.i18n import gettext, language
from scheduler.mail.delivery import platform_address
from scheduler.mail.outbox import Attachment, queue_email
from scheduler.models import (
    AgendaItem,
    Event,
    OutboxEmail,
    Participant,
    PublicationLog,
    SessionSignup,
    utcnow,
)


def profile_links(event: Event) -> ProfileUrl:
    """The public address of a participant's profile, for calendar descriptions."""
    return lambda person: url_for(
        "matchmaking.profile", slug=event.slug, participant_id=person.id, _external=True
    )


def _dedupe_key(event: Event, person: Participant, changes: list[Change]) -> str:
    """The same publication never emails the same person twice, retried or not."""
    told = ",".join(f"{c.meeting.id}.{c.sequence}" for c in changes)
    digest = hashlib.sha256(told.encode()).hexdigest()[:32]
    return f"agenda:{event.id}:{person.id}:{digest}"


def calendar_parts(
    event: Event, changes: list[Change], person: Participant
) -> tuple[Attachment, ...]:
    """The invitations telling ``person``'s calendar about ``changes`` (REQUEST or CANCEL)."""
    organizer = organizer_of(event, platform_address(current_app))
    return meeting_invitations(changes, person, organizer, profile_links(event), utcnow())


def seat_parts(
    db: Session, item: AgendaItem, person: Participant, method: Method
) -> tuple[Attachment, ...]:
    """The invitation (REQUEST) or cancellation (CANCEL) of ``person``'s seat in ``item``;
    each raises the SEQUENCE of that seat, so the newest message always wins."""
    signup = db.scalar(
        select(SessionSignup).where(
            SessionSignup.participant_id == person.id, SessionSignup.agenda_item_id == item.id
        )
    )
    if signup is None:
        return ()
    signup.calendar_sequence += 1
    organizer = organizer_of(item.event, platform_address(current_app))
    sequence = item.sequence + signup.calendar_sequence
    return (seat_invitation(item, person, method, sequence, organizer, utcnow()),)


def queue_agenda_emails(db: Session, event: Event, publication: Publication) -> int:
    """Send each active participant whose meetings changed one email: their agenda, and one
    calendar invitation (REQUEST or CANCEL) per changed meeting. Returns how many."""
    meetings = published_by_person(db, event)
    sent = 0
    for person in publication.people():
        if not person.is_active:
            continue
        changes = publication.changes_of(person)
        with language(person.language):
            queue_email(
                recipient=person.email,
                subject=gettext("Your B2B meetings at %(event)s", event=event.name),
                body_text=render_template(
                    "emails/agenda_published.txt",
                    to=person,
                    event=event,
                    changes=changes,
                    meetings=meetings.get(person.id, []),
                    url=access_url(person),
                ),
                event_id=event.id,
                dedupe_key=_dedupe_key(event, person, changes),
                attachments=calendar_parts(event, changes, person),
            )
        sent += 1
    return sent


def queue_publication_emails(db: Session, log_id: int) -> int:
    """Queue the emails of the recorded publication ``log_id``, once: a second call (a
    retried job) queues nothing. Returns how many were queued."""
    log = db.get(PublicationLog, log_id, with_for_update=True)
    if log is None or log.emails_queued_at is not None:
        return 0
    count = queue_agenda_emails(db, log.event, logged_publication(db, log_id))
    log.emails_queued_at = utcnow()
    db.flush()
    return count


def queue_reminders(db: Session, event: Event, day: date) -> int:
    """Email every active participant with something on ``day`` their agenda of that day,
    once (a second run the same evening queues nothing new). Returns how many."""
    people = db.scalars(
        select(Participant)
        .where(Participant.event_id == event.id, Participant.is_active)
        .order_by(Participant.id)
    ).all()
    queued = 0
    for person in people:
        entries = next((d.entries for d in personal_agenda(db, person) if d.day == day), [])
        key = f"reminder:{event.id}:{person.id}:{day.isoformat()}"
        if not entries or db.scalar(select(OutboxEmail.id).where(OutboxEmail.dedupe_key == key)):
            continue
        with language(person.language):
            queue_email(
                recipient=person.email,
                subject=gettext("Tomorrow at %(event)s: your agenda", event=event.name),
                body_text=render_template(
                    "emails/reminder.txt",
                    to=person,
                    event=event,
                    day=day,
                    entries=entries,
                    url=access_url(person),
                ),
                event_id=event.id,
                dedupe_key=key,
            )
        queued += 1
    return queued
