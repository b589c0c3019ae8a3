"""'Suggested for you' on the page: each event's suggestion index is built once and kept in
this process while the event's listed profiles stay the same (and a minute at most, for the
changes that leave the participant rows as they were, such as an organisation's sectors)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from scheduler.extensions import db
from scheduler.matchmaking.policy import counterpart_ids
from scheduler.matchmaking.recommend import Profile, Suggestion, SuggestionIndex
from scheduler.models import DirectoryVisibility, Event, Organisation, Participant

MAX_AGE_SECONDS = 60.0
MAX_EVENTS = 16  # indexes kept per process, the least recently used dropped first

_indexes: OrderedDict[int, tuple[tuple[Any, ...], float, SuggestionIndex]] = OrderedDict()


def _listed(event_id: int) -> list[Any]:
    return [
        Participant.event_id == event_id,
        Participant.is_active,
        Participant.directory_visibility != DirectoryVisibility.NOBODY,
    ]


def _fingerprint(event_id: int) -> tuple[Any, ...]:
    """Changes whenever a listed profile is added, changed, withdrawn or hidden."""
    count, changed = db.session.execute(
        select(func.count(), func.max(Participant.updated_at)).where(*_listed(event_id))
    ).one()
    created = db.session.scalar(select(Event.created_at).where(Event.id == event_id))
    return (count, changed, created)


def event_index(event_id: int) -> SuggestionIndex:
    """The event's index, built again only when its fingerprint or its age says so."""
    fingerprint = _fingerprint(event_id)
    kept = _indexes.get(event_id)
    if kept is not None and kept[0] == fingerprint and time.monotonic() - kept[1] < MAX_AGE_SECONDS:
        _indexes.move_to_end(event_id)
        return kept[2]
    people = db.session.scalars(
        select(Participant)
        .where(*_listed(event_id))
        .order_by(Participant.id)
        .options(
            selectinload(Participant.organisation).selectinload(Organisation.sectors),
            selectinload(Participant.interests),
        )
    )
    index = SuggestionIndex([Profile.of(p) for p in people])
    _indexes[event_id] = (fingerprint, time.monotonic(), index)
    _indexes.move_to_end(event_id)
    while len(_indexes) > MAX_EVENTS:
        _indexes.popitem(last=False)
    return index


def suggestions_for(me: Participant, limit: int = 10) -> list[Suggestion]:
    """The listed participants best suited to ``me`` whom no request links to them yet."""
    excluded = set(db.session.scalars(counterpart_ids(me)))
    ranked = event_index(me.event_id).rank(Profile.of(me), excluded, limit)
    people = {
        p.id: p
        for p in db.session.scalars(
            select(Participant)
            .where(*_listed(me.event_id), Participant.id.in_([p.id for p, _, _ in ranked]))
            .options(selectinload(Participant.organisation))
        )
    }
    return [
        Suggestion(people[profile.id], score, reasons)
        for profile, score, reasons in ranked
        if profile.id in people
    ]
