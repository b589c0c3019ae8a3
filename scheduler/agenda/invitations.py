"""Calendar invitations for changed meetings: a REQUEST for a new or moved meeting (same UID,
raised SEQUENCE), a CANCEL for a removed one, each its own calendar object."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scheduler.agenda.calendars import PRODID, ProfileUrl, meeting_item
from scheduler.agenda.publish import Change, ChangeKind
from scheduler.calendar.ics import invitation
from scheduler.calendar.model import Attendee, Method, Person
from scheduler.mail.outbox import Attachment
from scheduler.models import Event, Participant

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
