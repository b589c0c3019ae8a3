"""Registering for an event, the profile and the availability. Every function flushes and
never commits: the request's unit of work commits once."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    B2BSession,
    B2BSlot,
    Consent,
    ConsentKind,
    CooperationInterest,
    DirectoryVisibility,
    Event,
    Participant,
    ParticipantInterest,
    ParticipantLanguage,
    ParticipantStatus,
    ParticipantType,
    SignupStatus,
    Unavailability,
)
from scheduler.registration.answers import save_answers
from scheduler.registration.organisations import OrganisationData, resolve_organisation
from scheduler.registration.privacy import PRIVACY_TEXT_VERSION, set_visibility
from scheduler.registration.seats import SignupRefused, join_session, signup_items
from scheduler.revisions import bump_revision


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
    # The language of their emails; None keeps it (registration sets it from the page's).
    email_language: str | None = None


@dataclass
class Registration:
    participant: Participant
    created: bool
    seats: list[AgendaItem] = field(default_factory=list)
    waitlisted: list[AgendaItem] = field(default_factory=list)


def event_slots(event: Event) -> list[B2BSlot]:
    return list(
        db.session.scalars(
            select(B2BSlot)
            .join(B2BSession)
            .where(B2BSession.event_id == event.id)
            .order_by(B2BSlot.starts_at)
        )
    )


def sessions_with_slots(event: Event) -> list[B2BSession]:
    """The event's B2B sessions in time order, with their slots, in two queries."""
    return list(
        db.session.scalars(
            select(B2BSession)
            .where(B2BSession.event_id == event.id)
            .options(selectinload(B2BSession.slots))
            .order_by(B2BSession.starts_at, B2BSession.id)
        )
    )


def find_participant(event: Event, email: str) -> Participant | None:
    return db.session.scalar(
        select(Participant).where(
            Participant.event_id == event.id,
            func.lower(Participant.email) == email.strip().lower(),
        )
    )


def apply_profile(participant: Participant, data: ProfileData) -> None:
    """Copy the profile onto the participant, recording or withdrawing directory consent."""
    participant.first_name = data.first_name.strip()
    participant.last_name = data.last_name.strip()
    participant.phone = data.phone.strip()
    participant.job_title = data.job_title.strip()
    participant.participant_type = data.participant_type
    participant.offer_text = data.offer_text.strip()
    participant.seek_text = data.seek_text.strip()
    participant.organisation = resolve_organisation(
        data.organisation, participant.event, participant
    )
    participant.interests = [ParticipantInterest(interest=i) for i in dict.fromkeys(data.interests)]
    participant.languages = [ParticipantLanguage(code=c) for c in dict.fromkeys(data.languages)]
    if data.email_language is not None:
        participant.language = data.email_language
    set_visibility(participant, data.visibility)


def register(
    event: Event,
    email: str,
    profile: ProfileData,
    signup_item_ids: list[int],
    unavailable_slot_ids: list[int],
    language: str = "en",
    answers: dict[int, str] | None = None,
) -> Registration:
    """Register ``email`` for ``event``, to be written to in ``language`` (the one they
    registered in), with their ``answers`` to the event's questions (by question id). A
    second registration with the same address (even a concurrent one) keeps the first row,
    language and answers included, and reports ``created=False``."""
    existing = find_participant(event, email)
    if existing is not None:
        return Registration(existing, created=False)
    # Stored lower-cased: SQLite's lower() folds ASCII only, so the unique lower(email) index
    # treats É and é alike on both databases only if the stored value is already folded.
    status = ParticipantStatus.PENDING if event.approval_required else ParticipantStatus.CONFIRMED
    participant = Participant(
        event=event, email=email.strip().lower(), status=status, language=language
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
    save_answers(participant, answers or {})
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
