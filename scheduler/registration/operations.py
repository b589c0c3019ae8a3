"""Writes of the attendee side: registration, profile, availability, sign-ups, withdrawal and
erasure. Every function flushes and never commits: the view commits once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.matchmaking.requests import cancel_everything_of
from scheduler.models import (
    AgendaItem,
    B2BSession,
    B2BSlot,
    Consent,
    ConsentKind,
    CooperationInterest,
    DirectoryVisibility,
    Event,
    MeetingRequest,
    Organisation,
    OrganisationType,
    Participant,
    ParticipantInterest,
    ParticipantLanguage,
    ParticipantStatus,
    ParticipantType,
    Sector,
    SessionSignup,
    SignupStatus,
    Unavailability,
    utcnow,
)
from scheduler.models.people import new_nonce
from scheduler.revisions import bump_revision

PRIVACY_TEXT_VERSION = "2026-10"


@dataclass
class OrganisationData:
    existing_id: int | None = None
    name: str = ""
    type: OrganisationType | None = None
    country: str = ""
    city: str = ""
    website: str = ""
    sector_slugs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class ProfileData:
    first_name: str
    last_name: str
    organisation: OrganisationData
    phone: str = ""
    job_title: str = ""
    participant_type: ParticipantType = ParticipantType.DELEGATE
    offer_text: str = ""
    seek_text: str = ""
    interests: list[CooperationInterest] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    visibility: DirectoryVisibility = DirectoryVisibility.NOBODY


@dataclass
class Registration:
    participant: Participant
    created: bool
    seats: list[AgendaItem] = field(default_factory=list)
    waitlisted: list[AgendaItem] = field(default_factory=list)


def signup_items(event: Event) -> list[AgendaItem]:
    """The programme items a participant signs up for."""
    return [item for item in event.agenda_items if item.requires_signup]


def event_slots(event: Event) -> list[B2BSlot]:
    return list(
        db.session.scalars(
            select(B2BSlot)
            .join(B2BSession)
            .where(B2BSession.event_id == event.id)
            .order_by(B2BSlot.starts_at)
        )
    )


def find_participant(event: Event, email: str) -> Participant | None:
    return db.session.scalar(
        select(Participant).where(
            Participant.event_id == event.id,
            func.lower(Participant.email) == email.strip().lower(),
        )
    )


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())[:80]


T = TypeVar("T")


def _get_or_create(find: Callable[[], T | None], make: Callable[[], T]) -> tuple[T, bool]:
    """The row ``find`` returns, else a new one from ``make``, and whether it is new. When a
    concurrent request inserts the same row first, the unique constraint refuses ours and
    theirs is used."""
    existing = find()
    if existing is not None:
        return existing, False
    try:
        with db.session.begin_nested():
            row = make()
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        existing = find()
        if existing is None:
            raise
        return existing, False
    return row, True


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sector(slug_or_label: str) -> Sector | None:
    slug = _slug(slug_or_label)
    if not slug:
        return None
    sector, _ = _get_or_create(
        lambda: db.session.scalar(select(Sector).where(Sector.slug == slug)),
        lambda: Sector(
            slug=slug, label=_capitalised(slug_or_label.strip()[:80]), is_standard=False
        ),
    )
    return sector


def resolve_organisation(data: OrganisationData) -> Organisation:
    """The chosen organisation, or a new one (an existing one of that name and country is
    reused rather than duplicated)."""
    if data.existing_id:
        organisation = db.session.get(Organisation, data.existing_id)
        if organisation is None:
            raise ValueError("unknown organisation")
        return organisation
    organisation, created = _get_or_create(
        lambda: db.session.scalar(
            select(Organisation).where(
                func.lower(Organisation.name) == data.name.strip().lower(),
                Organisation.country == data.country,
            )
        ),
        lambda: Organisation(
            name=data.name.strip(),
            type=data.type,
            country=data.country,
            city=data.city.strip(),
            website=data.website.strip(),
        ),
    )
    if not created:  # someone else's organisation: typing its name adds nothing to it
        return organisation
    sectors = {s.slug: s for s in organisation.sectors}
    for slug in [*data.sector_slugs, *data.tags]:
        sector = _sector(slug)
        if sector is not None:
            sectors.setdefault(sector.slug, sector)
    organisation.sectors = list(sectors.values())
    return organisation


def apply_profile(participant: Participant, data: ProfileData) -> None:
    """Copy the profile onto the participant, recording or withdrawing directory consent."""
    participant.first_name = data.first_name.strip()
    participant.last_name = data.last_name.strip()
    participant.phone = data.phone.strip()
    participant.job_title = data.job_title.strip()
    participant.participant_type = data.participant_type
    participant.offer_text = data.offer_text.strip()
    participant.seek_text = data.seek_text.strip()
    participant.organisation = resolve_organisation(data.organisation)
    participant.interests = [ParticipantInterest(interest=i) for i in dict.fromkeys(data.interests)]
    participant.languages = [ParticipantLanguage(code=c) for c in dict.fromkeys(data.languages)]
    _set_visibility(participant, data.visibility)


def _active_consent(participant: Participant, kind: ConsentKind) -> Consent | None:
    for consent in participant.consents:
        if consent.kind is kind and consent.withdrawn_at is None:
            return consent
    return None


def _set_visibility(participant: Participant, visibility: DirectoryVisibility) -> None:
    participant.directory_visibility = visibility
    consent = _active_consent(participant, ConsentKind.DIRECTORY_LISTING)
    if visibility is DirectoryVisibility.NOBODY and consent is not None:
        consent.withdrawn_at = utcnow()
    elif visibility is not DirectoryVisibility.NOBODY and consent is None:
        participant.consents.append(
            Consent(kind=ConsentKind.DIRECTORY_LISTING, text_version=PRIVACY_TEXT_VERSION)
        )


def register(
    event: Event,
    email: str,
    profile: ProfileData,
    signup_item_ids: list[int],
    unavailable_slot_ids: list[int],
) -> Registration:
    """Register ``email`` for ``event``. A second registration with the same address (even a
    concurrent one) keeps the first row and reports ``created=False``."""
    existing = find_participant(event, email)
    if existing is not None:
        return Registration(existing, created=False)
    # Stored lower-cased: SQLite's lower() folds ASCII only, so the unique lower(email) index
    # treats É and é alike on both databases only if the stored value is already folded.
    participant = Participant(
        event=event, email=email.strip().lower(), status=ParticipantStatus.CONFIRMED
    )
    participant.consents = [
        Consent(kind=ConsentKind.PRIVACY_POLICY, text_version=PRIVACY_TEXT_VERSION)
    ]
    apply_profile(participant, profile)
    try:
        with db.session.begin_nested():
            db.session.add(participant)
            db.session.flush()
    except IntegrityError:
        existing = find_participant(event, email)
        if existing is None:
            raise
        return Registration(existing, created=False)
    registration = Registration(participant, created=True)
    for item in signup_items(event):
        if item.id not in signup_item_ids:
            continue
        try:
            status = join_session(participant, item)
        except SignupRefused:  # the form refuses clashing choices; a race may still get here
            continue
        if status is SignupStatus.WAITLISTED:
            registration.waitlisted.append(item)
        else:
            registration.seats.append(item)
    set_unavailability(participant, unavailable_slot_ids)
    return registration


def set_unavailability(participant: Participant, slot_ids: list[int]) -> None:
    """Replace the participant's unavailable slots (ids of other events are ignored)."""
    allowed = {slot.id for slot in event_slots(participant.event)}
    db.session.execute(
        delete(Unavailability).where(Unavailability.participant_id == participant.id)
    )
    for slot_id in sorted(set(slot_ids) & allowed):
        db.session.add(Unavailability(participant_id=participant.id, slot_id=slot_id))
    bump_revision(participant.event)
    db.session.flush()
    db.session.expire(participant, ["unavailable_slots"])


def _take_seat(item: AgendaItem) -> bool:
    """Take one seat if one is left, in a single guarded UPDATE: concurrent callers can never
    push ``seats_taken`` above ``capacity``."""
    result = db.session.execute(
        update(AgendaItem)
        .where(
            AgendaItem.id == item.id,
            or_(AgendaItem.capacity.is_(None), AgendaItem.seats_taken < AgendaItem.capacity),
        )
        .values(seats_taken=AgendaItem.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["seats_taken"])
    return result.rowcount == 1


def _release_seat(item: AgendaItem) -> None:
    db.session.execute(
        update(AgendaItem)
        .where(AgendaItem.id == item.id, AgendaItem.seats_taken > 0)
        .values(seats_taken=AgendaItem.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["seats_taken"])


def signup_of(participant: Participant, item: AgendaItem) -> SessionSignup | None:
    return db.session.scalar(
        select(SessionSignup).where(
            SessionSignup.participant_id == participant.id,
            SessionSignup.agenda_item_id == item.id,
        )
    )


class SignupRefused(Exception):
    """The sign-up cannot be made; the message says why, for the attendee."""


def _set_status(signup_id: int, old: SignupStatus, new: SignupStatus) -> bool:
    """Move a sign-up from ``old`` to ``new`` only if it still is ``old``: of two concurrent
    changes, exactly one wins."""
    result = db.session.execute(
        update(SessionSignup)
        .where(SessionSignup.id == signup_id, SessionSignup.status == old)
        .values(status=new)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def clash(participant: Participant, item: AgendaItem) -> AgendaItem | None:
    """A programme item the participant has a seat in that overlaps ``item``."""
    return db.session.scalar(
        select(AgendaItem)
        .join(SessionSignup, SessionSignup.agenda_item_id == AgendaItem.id)
        .where(
            SessionSignup.participant_id == participant.id,
            SessionSignup.status == SignupStatus.CONFIRMED,
            AgendaItem.id != item.id,
            AgendaItem.starts_at < item.ends_at,
            AgendaItem.ends_at > item.starts_at,
        )
        .limit(1)
    )


def join_session(participant: Participant, item: AgendaItem) -> SignupStatus:
    """Sign up for ``item``: a seat if one is left, else a place on the waiting list. The
    sign-up row is claimed first (insert, or cancelled -> waitlisted), so a double submit
    takes at most one seat."""
    other = clash(participant, item)
    if other is not None:
        raise SignupRefused(f"You already have a seat in \u201c{other.title}\u201d at that time.")
    signup = signup_of(participant, item)
    if signup is None:
        try:
            with db.session.begin_nested():
                signup = SessionSignup(
                    participant_id=participant.id,
                    agenda_item_id=item.id,
                    status=SignupStatus.WAITLISTED,
                )
                db.session.add(signup)
        except IntegrityError:
            return signup_of(participant, item).status
    elif not _set_status(signup.id, SignupStatus.CANCELLED, SignupStatus.WAITLISTED):
        db.session.refresh(signup)
        return signup.status
    if _take_seat(item):
        _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)
    db.session.execute(
        update(SessionSignup)
        .where(SessionSignup.id == signup.id)
        .values(created_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(signup)
    bump_revision(participant.event)
    return signup.status


def leave_session(participant: Participant, item: AgendaItem) -> Participant | None:
    """Give up a seat or waiting-list place; return whoever was promoted from the list."""
    signup = signup_of(participant, item)
    if signup is None:
        return None
    if _set_status(signup.id, SignupStatus.CONFIRMED, SignupStatus.CANCELLED):
        _release_seat(item)
        promoted = _promote_from_waiting_list(item)
    else:
        _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CANCELLED)
        promoted = None
    db.session.refresh(signup)
    bump_revision(participant.event)
    return promoted


def _promote_from_waiting_list(item: AgendaItem) -> Participant | None:
    """Give the freed seat to the longest-waiting person who has no clashing seat."""
    waiting = db.session.scalars(
        select(SessionSignup)
        .where(
            SessionSignup.agenda_item_id == item.id, SessionSignup.status == SignupStatus.WAITLISTED
        )
        .order_by(SessionSignup.created_at, SessionSignup.id)
    ).all()
    for signup in waiting:
        if clash(signup.participant, item) is not None:
            continue
        if not _take_seat(item):
            return None
        if _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CONFIRMED):
            db.session.refresh(signup)
            return signup.participant
        _release_seat(item)
    return None


@dataclass
class Withdrawal:
    """What a withdrawal changed for other people, so that they can be told."""

    promoted: list[tuple[Participant, AgendaItem]] = field(default_factory=list)
    cancelled: list[tuple[MeetingRequest, Participant]] = field(default_factory=list)


def withdraw(participant: Participant) -> Withdrawal:
    """Withdraw from the event: free seats, cancel requests and meetings."""
    withdrawal = Withdrawal()
    for signup in list(participant.signups):
        person = leave_session(participant, signup.agenda_item)
        if person is not None:
            withdrawal.promoted.append((person, signup.agenda_item))
    withdrawal.cancelled = cancel_everything_of(participant)
    participant.status = ParticipantStatus.WITHDRAWN
    bump_revision(participant.event)
    db.session.flush()
    return withdrawal


def erase(participant: Participant) -> Withdrawal:
    """Delete the account: withdraw, then anonymise what the counterparts' history keeps
    (the row stays so their cancelled meetings still make sense), and end every session."""
    withdrawal = withdraw(participant)
    now = utcnow()
    participant.first_name = "Deleted"
    participant.last_name = "participant"
    participant.email = f"deleted-{participant.id}@invalid"
    participant.phone = ""
    participant.job_title = ""
    participant.offer_text = ""
    participant.seek_text = ""
    participant.organisation = None
    participant.interests = []
    participant.languages = []
    participant.directory_visibility = DirectoryVisibility.NOBODY
    for consent in participant.consents:
        consent.withdrawn_at = consent.withdrawn_at or now
    db.session.execute(
        delete(Unavailability).where(Unavailability.participant_id == participant.id)
    )
    db.session.execute(
        update(MeetingRequest)
        .where(MeetingRequest.requester_id == participant.id)
        .values(message="")
        .execution_options(synchronize_session=False)
    )
    participant.access_nonce = new_nonce()
    participant.session_epoch += 1
    participant.anonymised_at = now
    db.session.flush()
    return withdrawal


def export_data(participant: Participant) -> dict[str, object]:
    """Everything stored about the participant, as JSON-ready data (GDPR art. 15 and 20)."""
    organisation = participant.organisation
    requests = db.session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.involving(participant.id))
        .order_by(MeetingRequest.id)
    )
    return {
        "event": {"name": participant.event.name, "slug": participant.event.slug},
        "participant": {
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "email": participant.email,
            "phone": participant.phone,
            "job_title": participant.job_title,
            "participant_type": participant.participant_type.value,
            "status": participant.status.value,
            "offer_text": participant.offer_text,
            "seek_text": participant.seek_text,
            "cooperation_interests": [i.value for i in participant.interest_values],
            "languages": participant.language_codes,
            "directory_visibility": participant.directory_visibility.value,
            "registered_at": participant.created_at.isoformat(),
        },
        "organisation": None
        if organisation is None
        else {
            "name": organisation.name,
            "type": organisation.type.value,
            "country": organisation.country,
            "city": organisation.city,
            "website": organisation.website,
            "sectors": [s.label for s in organisation.sectors],
        },
        "consents": [
            {
                "kind": c.kind.value,
                "text_version": c.text_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in participant.consents
        ],
        "sessions": [
            {"title": s.agenda_item.title, "status": s.status.value} for s in participant.signups
        ],
        "unavailable_slots": [s.starts_at.isoformat() for s in participant.unavailable_slots],
        "meeting_requests": [
            {
                "direction": "sent" if r.requester_id == participant.id else "received",
                "with": r.other_side(participant.id).full_name,
                "message": r.message,
                "priority": r.priority,
                "status": r.status.value,
                "created_at": r.created_at.isoformat(),
            }
            for r in requests
        ],
    }
