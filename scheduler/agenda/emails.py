"""Emails about the published schedule, queued in the outbox with the publication."""

from __future__ import annotations

from flask import render_template
from sqlalchemy.orm import Session

from scheduler.agenda.personal import published_meetings
from scheduler.agenda.publish import Publication
from scheduler.attendees.links import access_url
from scheduler.mail.outbox import queue_email
from scheduler.models import Event


def queue_agenda_emails(db: Session, event: Event, publication: Publication) -> int:
    """Send each active participant whose meetings changed their agenda; return how many."""
    sent = 0
    for person in publication.people():
        if not person.is_active:
            continue
        queue_email(
            recipient=person.email,
            subject=f"Your B2B meetings at {event.name}",
            body_text=render_template(
                "emails/agenda_published.txt",
                to=person,
                event=event,
                changes=publication.changes_of(person),
                meetings=published_meetings(db, person),
                url=access_url(person),
            ),
            event_id=event.id,
        )
        sent += 1
    return sent
