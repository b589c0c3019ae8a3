"""Calendar invitations: for changed meetings, a REQUEST for a new or moved meeting (same UID,
raised SEQUENCE) and a CANCEL for a removed one; for a workshop seat, a REQUEST when it is
taken and a CANCEL when it is given up. Each is its own calendar object."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from scheduler.agenda.calendars import PRODID, ProfileUrl, meeting_item, programme_item
from scheduler.agenda.publish import Change, ChangeKind
from scheduler.calendar.ics import invitation
from scheduler.calendar.model import Attendee, Method, Person
from scheduler.mail.outbox import Attachment
from scheduler.models import AgendaItem, Event, Participant

CALENDAR_TYPE = "text/calendar; method={method}"


def organizer_of(event: Event, platform_address: str) -> Person:
    """The ORGANIZER of the event's invitations: its own address, else the platform's."""
    return Person(event.sender_email or platform_address, event.sender_name or event.name)


def meeting_invitation(
    change: Change,
    participant: Participant,
    organizer: Person,
    profile_url: ProfileUrl,
    now: datetime,
) -> Attachment:
    """The calendar object telling ``participant`` about one changed meeting.

    Only the recipient is an ATTENDEE: the counterparts are named in the summary and the
    description, and their email addresses stay private."""
    method = Method.CANCEL if change.kind is ChangeKind.REMOVED else Method.REQUEST
    attendee = Attendee(Person(participant.email, participant.full_name))
    item = meeting_item(
        change.meeting,
        participant,
        profile_url,
        place=(change.slot, change.table),
        attendees=(attendee,),
    )
    return Attachment(
        filename=f"meeting-{change.meeting.id}.ics",
        content_type=CALENDAR_TYPE.format(method=method.value),
        data=invitation([item], method, organizer, PRODID, now),
    )


def meeting_invitations(
    changes: Iterable[Change],
    participant: Participant,
    organizer: Person,
    profile_url: ProfileUrl,
    now: datetime,
) -> tuple[Attachment, ...]:
    """One calendar object per changed meeting of ``participant``, in slot order."""
    ordered = sorted(changes, key=lambda c: (c.slot.starts_at, c.meeting.id))
    return tuple(
        meeting_invitation(change, participant, organizer, profile_url, now) for change in ordered
    )


def seat_invitation(
    item: AgendaItem,
    participant: Participant,
    method: Method,
    sequence: int,
    organizer: Person,
    now: datetime,
) -> Attachment:
    """The calendar object for ``participant``'s seat in a programme item: the item's own
    UID (as in their agenda feed), with the SEQUENCE of their seat's messages."""
    entry = replace(
        programme_item(item),
        sequence=sequence,
        attendees=(Attendee(Person(participant.email, participant.full_name)),),
    )
    return Attachment(
        filename=f"seat-{item.id}.ics",
        content_type=CALENDAR_TYPE.format(method=method.value),
        data=invitation([entry], method, organizer, PRODID, now),
    )
