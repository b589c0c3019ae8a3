"""The programme of an event as the organisers build it: agenda items by day, adding,
editing and deleting them, and the clashes worth a warning. Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext, ngettext
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    Event,
    SessionSignup,
    SignupStatus,
)
from scheduler.models.events import OPEN_TO_ALL_KINDS
from scheduler.organiser.setup.events import calendar_uid
from scheduler.revisions import bump_revision


class ItemRefused(Exception):
    """The item cannot be changed that way; the message says why."""


@dataclass(frozen=True)
class ItemData:
    """An agenda item as the form gives it; instants are aware."""

    kind: AgendaItemKind
    title: str
    description: str
    room: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None
    requires_signup: bool
    title_fr: str = ""
    description_fr: str = ""


def item_problems(event: Event, data: ItemData, item: AgendaItem | None = None) -> dict[str, str]:
    """What stops ``data`` from being saved (on ``item`` when editing), by field name."""
    problems: dict[str, str] = {}
    if not data.title and not data.title_fr:
        problems["title"] = gettext("Give the title in English, in French or in both.")
    if data.ends_at <= data.starts_at:
        problems["ends_at"] = "The item ends before it starts."
    first, last = event.local(data.starts_at).date(), event.local(data.ends_at).date()
    if first < event.start_date or last > event.end_date:
        problems["starts_at"] = (
            f"The item must take place between {event.start_date:%d %B %Y} "
            f"and {event.end_date:%d %B %Y}."
        )
    if data.requires_signup and data.kind in OPEN_TO_ALL_KINDS:
        problems["requires_signup"] = gettext(
            "A break or a lunch is open to everyone: nobody signs up for it."
        )
    if item is not None and data.capacity is not None and data.capacity < item.seats_taken:
        problems["capacity"] = (
            f"{item.seats_taken} seats are already taken; the capacity cannot be lower."
        )
    return problems


def add_item(db: Session, event: Event, data: ItemData, *, uid_domain: str) -> AgendaItem:
    """A new agenda item of ``event``, with a calendar UID of its own."""
    item = AgendaItem(event=event, calendar_uid=calendar_uid("session", uid_domain))
    _fill(item, data)
    db.add(item)
    db.flush()
    bump_revision(event)
    return item


def update_item(item: AgendaItem, data: ItemData) -> None:
    """Save ``data`` on ``item``; a new time or room raises its calendar SEQUENCE, so that
    calendars that hold it take the change."""
    moved = (item.starts_at, item.ends_at, item.room) != (data.starts_at, data.ends_at, data.room)
    _fill(item, data)
    if moved:
        item.sequence += 1
        bump_revision(item.event)


def _fill(item: AgendaItem, data: ItemData) -> None:
    for name, value in vars(data).items():
        setattr(item, name, value)


def signup_count(db: Session, item: AgendaItem) -> int:
    """The seats and waiting-list places held on ``item``."""
    return db.scalar(
        select(func.count(SessionSignup.id)).where(
            SessionSignup.agenda_item_id == item.id,
            SessionSignup.status != SignupStatus.CANCELLED,
        )
    )


def delete_item(db: Session, item: AgendaItem) -> None:
    """Delete ``item``; refused while anyone holds a seat or a waiting-list place on it (they
    would lose it without being told)."""
    held = signup_count(db, item)
    if held:
        raise ItemRefused(
            ngettext(
                "%(num)s person holds a seat or a waiting-list place in '%(item)s': it cannot "
                "be deleted.",
                "%(num)s people hold a seat or a waiting-list place in '%(item)s': it cannot "
                "be deleted.",
                held,
                item=item.title,
            )
        )
    event = item.event
    db.delete(item)
    db.flush()
    bump_revision(event)


def _overlap(
    first_start: datetime, first_end: datetime, second_start: datetime, second_end: datetime
) -> bool:
    return first_start < second_end and second_start < first_end


@dataclass(frozen=True)
class ProgrammeWarning:
    message: str
    item_ids: frozenset[int]


def _outside(event: Event, entry: AgendaItem | B2BSession) -> bool:
    first, last = event.start_date, event.end_date
    return event.local(entry.starts_at).date() < first or event.local(entry.ends_at).date() > last


def items_outside_dates(event: Event) -> list[AgendaItem]:
    """The items that do not fall within the event's dates (at the venue), in time order."""
    items = sorted(event.agenda_items, key=lambda i: (i.starts_at, i.id))
    return [item for item in items if _outside(event, item)]


def outside_dates(event: Event) -> list[AgendaItem | B2BSession]:
    """The items and B2B sessions left outside the event's dates (at the venue) after its
    dates or time zone changed, in time order."""
    sessions = [session for session in event.b2b_sessions if _outside(event, session)]
    return sorted([*items_outside_dates(event), *sessions], key=lambda e: (e.starts_at, e.id))


def zone_change_warning(event: Event, old_zone: str) -> str | None:
    """What to tell the organiser when the time zone changed under existing items: they keep
    their moment in time, so their times at the venue moved."""
    if old_zone == event.timezone or not (event.agenda_items or event.b2b_sessions):
        return None
    return gettext(
        "The time zone is now %(zone)s (it was %(old)s). The programme's items and B2B "
        "sessions keep their moment in time, so their times at the venue have moved: check "
        "them on the Programme and B2B sessions pages.",
        zone=event.timezone,
        old=old_zone,
    )


def warnings_of(event: Event) -> list[ProgrammeWarning]:
    """Two items in one room at once; an item outside the event's dates (after the dates
    changed); a sign-up item that overlaps a B2B session (it takes B2B slots away from
    whoever signs up). Each with the items it is about."""
    items = sorted(event.agenda_items, key=lambda i: (i.starts_at, i.id))
    warnings = []
    for first, second in combinations(items, 2):
        if (
            first.room
            and first.room.strip().lower() == second.room.strip().lower()
            and _overlap(first.starts_at, first.ends_at, second.starts_at, second.ends_at)
        ):
            message = gettext(
                "'%(first)s' and '%(second)s' are both in %(room)s at the same time.",
                first=first.title,
                second=second.title,
                room=first.room,
            )
            warnings.append(ProgrammeWarning(message, frozenset({first.id, second.id})))
    for item in items_outside_dates(event):
        message = gettext("'%(item)s' takes place outside the event's dates.", item=item.title)
        warnings.append(ProgrammeWarning(message, frozenset({item.id})))
    for item in items:
        if not item.requires_signup:
            continue
        for session in event.b2b_sessions:
            if _overlap(item.starts_at, item.ends_at, session.starts_at, session.ends_at):
                message = gettext(
                    "'%(item)s' needs a sign-up and overlaps the B2B session '%(session)s': "
                    "whoever signs up loses those B2B slots.",
                    item=item.title,
                    session=session.name,
                )
                warnings.append(ProgrammeWarning(message, frozenset({item.id})))
    return warnings


def programme_warnings(event: Event) -> list[str]:
    """The messages of :func:`warnings_of`."""
    return [warning.message for warning in warnings_of(event)]
