"""'Suggested for you' on the page: each event's suggestion index is built once and kept
while the event's listed profiles stay the same (and a minute at most, for the changes
that leave the participant rows as they were, such as an organisation's sectors): in this
process, and in Redis when ``REDIS_URL`` is set, for the other workers."""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import OrderedDict, defaultdict
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from scheduler.extensions import db
from scheduler.matchmaking.policy import counterpart_ids
from scheduler.matchmaking.recommend import Profile, Suggestion, SuggestionIndex
from scheduler.models import (
    DirectoryVisibility,
    Event,
    Participant,
    ParticipantInterest,
    Sector,
)
from scheduler.models.organisations import organisation_sector

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 60.0
MAX_EVENTS = 16  # indexes kept per process, the least recently used dropped first

# Per event: its fingerprint, when the index was built (wall-clock, as the workers share
# it), and the index.
_Kept = tuple[tuple[Any, ...], float, SuggestionIndex]
_indexes: OrderedDict[int, _Kept] = OrderedDict()


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


def event_index(event_id: int, shared: Redis | None = None) -> SuggestionIndex:
    """The event's index, built again only when its fingerprint or its age says so; with
    ``shared`` (the app's Redis), built by one worker and read by the others."""
    fingerprint = _fingerprint(event_id)
    kept = _indexes.get(event_id)
    if kept is None or kept[0] != fingerprint or time.time() - kept[1] >= MAX_AGE_SECONDS:
        kept = _shared_index(shared, event_id, fingerprint) if shared else None
        if kept is None:
            kept = (fingerprint, time.time(), SuggestionIndex(listed_profiles(event_id)))
            if shared:
                _share_index(shared, event_id, kept)
        _indexes[event_id] = kept
    _indexes.move_to_end(event_id)
    while len(_indexes) > MAX_EVENTS:
        _indexes.popitem(last=False)
    return kept[2]


# Part of the key: changed whenever the pickled classes change, so that workers of an old
# and a new release, side by side during a deployment, never read each other's indexes.
INDEX_FORMAT = 1


def _shared_key(event_id: int, fingerprint: tuple[Any, ...]) -> str:
    digest = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:24]
    return f"suggestion-index:v{INDEX_FORMAT}:{event_id}:{digest}"


def _shared_index(redis: Redis, event_id: int, fingerprint: tuple[Any, ...]) -> _Kept | None:
    """The index another worker built for this fingerprint, while it is young enough."""
    try:
        stored = redis.get(_shared_key(event_id, fingerprint))
    except (RedisError, OSError) as error:
        log.warning("Redis unavailable, suggestions index built here: %s", error)
        return None
    if stored is None:
        return None
    # Written by our own workers only, in the Redis that holds the job queue (whose jobs
    # RQ pickles too): it is as trusted as the queue.
    try:
        built, index = pickle.loads(stored)  # noqa: S301
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        log.warning("Unreadable suggestions index in Redis for event %s: built here", event_id)
        return None
    if time.time() - built >= MAX_AGE_SECONDS:
        return None
    return (fingerprint, built, index)


def _share_index(redis: Redis, event_id: int, kept: _Kept) -> None:
    fingerprint, built, index = kept
    try:
        redis.set(
            _shared_key(event_id, fingerprint),
            pickle.dumps((built, index), protocol=pickle.HIGHEST_PROTOCOL),
            ex=int(MAX_AGE_SECONDS),
        )
    except (RedisError, OSError) as error:
        log.warning("Redis unavailable, suggestions index not shared: %s", error)


def listed_profiles(event_id: int) -> list[Profile]:
    """The event's listed profiles, read as plain columns: loading them as participants with
    their organisations, sectors and interests took five sixths of an index's build (about
    300 ms of 360 at 2,000 participants)."""
    listed_ids = select(Participant.id).where(*_listed(event_id))
    sectors: defaultdict[int, dict[str, tuple[str, bool]]] = defaultdict(dict)
    for organisation_id, slug, label, standard in db.session.execute(
        select(organisation_sector.c.organisation_id, Sector.slug, Sector.label, Sector.is_standard)
        .join(Sector, Sector.id == organisation_sector.c.sector_id)
        .where(
            organisation_sector.c.organisation_id.in_(
                select(Participant.organisation_id).where(*_listed(event_id))
            )
        )
        .order_by(Sector.label)
    ):
        sectors[organisation_id][slug] = (label, standard)
    interests: defaultdict[int, set[Any]] = defaultdict(set)
    for participant_id, interest in db.session.execute(
        select(ParticipantInterest.participant_id, ParticipantInterest.interest).where(
            ParticipantInterest.participant_id.in_(listed_ids)
        )
    ):
        interests[participant_id].add(interest)
    rows = db.session.execute(
        select(
            Participant.id,
            Participant.organisation_id,
            Participant.last_name,
            Participant.offer_text,
            Participant.seek_text,
        )
        .where(*_listed(event_id))
        .order_by(Participant.id)
    )
    return [
        Profile(
            id=id_,
            organisation_id=organisation_id,
            last_name=last_name,
            offer_text=offer_text,
            seek_text=seek_text,
            sectors=dict(sectors.get(organisation_id, {})) if organisation_id else {},
            interests=frozenset(interests.get(id_, ())),
        )
        for id_, organisation_id, last_name, offer_text, seek_text in rows
    ]


def suggestions_for(
    me: Participant, limit: int = 10, shared: Redis | None = None
) -> list[Suggestion]:
    """The listed participants best suited to ``me`` whom no request links to them yet;
    ``shared``: the Redis where the workers share the event's index."""
    excluded = set(db.session.scalars(counterpart_ids(me)))
    ranked = event_index(me.event_id, shared).rank(Profile.of(me), excluded, limit)
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
