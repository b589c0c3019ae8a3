"""Calendar files from the database: the event's programme, a participant's agenda, and
one meeting or programme item, as plain items for the pure ``scheduler.calendar``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.agenda.personal import programme_of, published_meetings
from scheduler.calendar.ics import feed
from scheduler.calendar.model import Attendee, CalendarItem
from scheduler.i18n import gettext, language
from scheduler.models import (
    AgendaItem,
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    Meeting,
    Participant,
)

PRODID = "-//Cluster meetings//Event and B2B scheduler//EN"
ProfileUrl = Callable[[Participant], str]


def _place(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _name(person: Participant) -> str:
    organisation = person.organisation.name if person.organisation else ""
    return f"{person.full_name} ({organisation})" if organisation else person.full_name


def meeting_item(
    meeting: Meeting,
    participant: Participant,
    profile_url: ProfileUrl,
    place: tuple[B2BSlot, B2BTable | None] | None = None,
    attendees: tuple[Attendee, ...] = (),
) -> CalendarItem:
    """``participant``'s meeting at ``place`` (by default its published one): with whom,
    where, and links to their profiles."""
    slot, table = place or (meeting.published.slot, meeting.published.table)
    event = meeting.event
    others = [p for p in meeting.participants if p.id != participant.id]
    table_name = table.display_name if table else ""
    summary = gettext("B2B meeting: %(names)s", names=", ".join(_name(p) for p in others))
    lines = [gettext("B2B meeting at %(event)s.", event=event.name)]
    for other in others:
        lines.append("")
        lines.append(_name(other))
        if other.job_title:
            lines.append(other.job_title)
        if other.offer_text:
            lines.append(gettext("Offers: %(text)s", text=other.offer_text))
        if other.seek_text:
            lines.append(gettext("Seeks: %(text)s", text=other.seek_text))
        lines.append(gettext("Profile: %(url)s", url=profile_url(other)))
    return CalendarItem(
        uid=meeting.calendar_uid,
        sequence=meeting.sequence,
        start=slot.starts_at,
        end=slot.ends_at,
        summary=f"{summary} \u2014 {table_name}" if table_name else summary,
        description="\n".join(lines),
        location=_place(event.venue_name, slot.session.room, table_name),
        url=profile_url(others[0]) if others else None,
        categories=(gettext("B2B meeting"),),
        attendees=attendees,
    )


def programme_item(item: AgendaItem) -> CalendarItem:
    return CalendarItem(
        uid=item.calendar_uid,
        sequence=item.sequence,
        start=item.starts_at,
        end=item.ends_at,
        summary=item.title,
        description=item.description,
        location=_place(item.event.venue_name, item.room),
        categories=(item.kind.label,),
    )


def session_item(session: B2BSession, uid_domain: str) -> CalendarItem:
    """A B2B session as one block of the programme (its UID derives from its id)."""
    event = session.event
    return CalendarItem(
        uid=f"b2b-session-{session.id}-{event.slug}@{uid_domain}",
        sequence=0,
        start=session.starts_at,
        end=session.ends_at,
        summary=session.name,
        description=gettext(
            "One-to-one B2B meetings of %(event)s, by appointment.", event=event.name
        ),
        location=_place(event.venue_name, session.room),
        categories=(gettext("B2B session"),),
    )


def programme_calendar(db: Session, event: Event, uid_domain: str, now: datetime) -> bytes:
    """The whole programme of ``event``, its B2B sessions included."""
    items = db.scalars(
        select(AgendaItem).where(AgendaItem.event_id == event.id).order_by(AgendaItem.starts_at)
    ).all()
    entries = [programme_item(item) for item in items]
    entries += [session_item(session, uid_domain) for session in event.b2b_sessions]
    entries.sort(key=lambda entry: (entry.start, entry.uid))
    return feed(entries, gettext("%(event)s: programme", event=event.name), PRODID, now)


def agenda_calendar(
    db: Session, participant: Participant, profile_url: ProfileUrl, now: datetime
) -> bytes:
    """``participant``'s agenda: published meetings, seats and the items open to all, in
    their language (a subscribed calendar asks without saying whose it is)."""
    with language(participant.language):
        entries = [
            meeting_item(m, participant, profile_url)
            for m in published_meetings(db, participant)
        ]
        entries += [programme_item(item) for item in programme_of(db, participant)]
        entries.sort(key=lambda entry: (entry.start, entry.uid))
        name = gettext("%(event)s: my agenda", event=participant.event.name)
        return feed(entries, name, PRODID, now)


def meeting_calendar(
    meeting: Meeting, participant: Participant, profile_url: ProfileUrl, now: datetime
) -> bytes:
    with language(participant.language):
        item = meeting_item(meeting, participant, profile_url)
    return feed([item], meeting.event.name, PRODID, now)


def item_calendar(item: AgendaItem, now: datetime) -> bytes:
    return feed([programme_item(item)], item.event.name, PRODID, now)
