"""One participant as the organisers see them: everything they entered, their requests,
meetings and seats; and what the organisers decide for them (approve or reject a pending
registration, withdraw them, edit their profile). Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from scheduler.i18n import gettext
from scheduler.models import (
    B2BSession,
    B2BSlot,
    Event,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RegistrationQuestion,
    SessionSignup,
    SignupStatus,
)
from scheduler.models.people import new_nonce
from scheduler.registration.answers import answers_of, save_answers, stored_answers
from scheduler.registration.privacy import Withdrawal, withdraw
from scheduler.registration.registrations import ProfileData, apply_profile, find_participant
from scheduler.revisions import bump_revision


class DecisionRefused(Exception):
    """The change does not apply to this participant; the message says why."""


def participant_in(db: Session, event: Event, participant_id: int) -> Participant | None:
    """The participant ``participant_id`` if they registered for ``event``."""
    participant = db.get(Participant, participant_id)
    if participant is None or participant.event_id != event.id:
        return None
    return participant


@dataclass(frozen=True)
class Seat:
    signup: SessionSignup
    waiting_position: int | None  # 1 = next to get a seat; None unless on the waiting list


@dataclass(frozen=True)
class ParticipantFile:
    participant: Participant
    sent: list[MeetingRequest]
    received: list[MeetingRequest]
    meetings: list[Meeting]
    seats: list[Seat]
    unavailable: list[B2BSlot]
    slot_count: int
    answers: list[tuple[RegistrationQuestion, str]]


def participant_file(db: Session, participant: Participant) -> ParticipantFile:
    """What the participant page shows, read in a fixed number of queries."""
    requests = db.scalars(MeetingRequest.of_participant(participant.id)).all()
    meetings = db.scalars(
        select(Meeting)
        .where(Meeting.attended_by(participant.id))
        .options(
            selectinload(Meeting.attendances)
            .selectinload(MeetingParticipant.participant)
            .selectinload(Participant.organisation)
        )
        .order_by(Meeting.id)
    ).all()
    earlier = aliased(SessionSignup)
    ahead = (
        select(func.count(earlier.id))
        .where(
            earlier.agenda_item_id == SessionSignup.agenda_item_id,
            earlier.status == SignupStatus.WAITLISTED,
            (earlier.created_at < SessionSignup.created_at)
            | and_(earlier.created_at == SessionSignup.created_at, earlier.id < SessionSignup.id),
        )
        .correlate(SessionSignup)
        .scalar_subquery()
    )
    signups = db.execute(
        select(SessionSignup, ahead)
        .where(SessionSignup.participant_id == participant.id)
        .options(selectinload(SessionSignup.agenda_item))
        .order_by(SessionSignup.id)
    ).all()
    seats = sorted(
        (
            Seat(signup, ahead + 1 if signup.status is SignupStatus.WAITLISTED else None)
            for signup, ahead in signups
        ),
        key=lambda seat: (seat.signup.agenda_item.starts_at, seat.signup.agenda_item.id),
    )
    slot_count = db.scalar(
        select(func.count(B2BSlot.id))
        .join(B2BSession)
        .where(B2BSession.event_id == participant.event_id)
    )
    return ParticipantFile(
        participant=participant,
        sent=[r for r in requests if r.requester_id == participant.id],
        received=[r for r in requests if r.recipient_id == participant.id],
        meetings=list(meetings),
        seats=seats,
        unavailable=list(participant.unavailable_slots),
        slot_count=slot_count or 0,
        answers=answers_of(participant),
    )


def _pending(participant: Participant) -> None:
    if participant.anonymised_at is not None or participant.status is not ParticipantStatus.PENDING:
        raise DecisionRefused(
            gettext(
                "%(name)s's registration is not waiting for approval.",
                name=participant.full_name,
            )
        )


def approve(db: Session, participant: Participant) -> None:
    """Confirm a registration that waits for approval."""
    _pending(participant)
    participant.status = ParticipantStatus.CONFIRMED
    bump_revision(participant.event)
    db.flush()


def reject(db: Session, participant: Participant) -> Withdrawal:
    """Turn down a registration that waits for approval: the person is withdrawn from the
    event (seats freed, requests cancelled), as if they had withdrawn themselves."""
    _pending(participant)
    return withdraw(participant)


def withdraw_on_behalf(db: Session, participant: Participant) -> Withdrawal:
    """Withdraw a participant from the event, as they can do themselves in their space."""
    if not participant.is_active:
        raise DecisionRefused(
            gettext("%(name)s no longer takes part in the event.", name=participant.full_name)
        )
    return withdraw(participant)


# The profile fields an organiser's edit may change, as the audit log names them.
EDITABLE_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "job_title",
    "participant_type",
    "organisation_id",
    "offer_text",
    "seek_text",
)


def edit_on_behalf(
    db: Session,
    participant: Participant,
    email: str,
    profile: ProfileData,
    answers: dict[int, str] | None = None,
) -> list[str]:
    """Change a participant's profile, address and answers to the registration questions
    for them, and return the names of the fields that changed ("answers" for the answers). A
    new address ends the links and sessions given out so far: they went to the old one, which
    was perhaps someone else's."""
    if participant.anonymised_at is not None:
        raise DecisionRefused(
            gettext("This participant's data was erased: there is nothing to edit.")
        )
    email = email.strip().lower()
    other = find_participant(participant.event, email)
    if other is not None and other.id != participant.id:
        raise EmailTaken(gettext("%(email)s is already registered for this event.", email=email))
    before = {name: getattr(participant, name) for name in EDITABLE_FIELDS}
    before_lists = (participant.interest_values, participant.language_codes)
    if email != participant.email:
        participant.email = email
        participant.access_nonce = new_nonce()
        participant.session_epoch += 1
        participant.calendar_token = None  # the feed's address went to the old one too
    apply_profile(participant, profile)
    answered = stored_answers(participant)
    if answers is not None:
        save_answers(participant, answers)
    db.flush()
    changed = [name for name in EDITABLE_FIELDS if getattr(participant, name) != before[name]]
    if participant.interest_values != before_lists[0]:
        changed.append("interests")
    if participant.language_codes != before_lists[1]:
        changed.append("languages")
    if answers is not None and stored_answers(participant) != answered:
        changed.append("answers")
    if changed:
        bump_revision(participant.event)
    return changed


class EmailTaken(DecisionRefused):
    """Another participant of the event already has this address."""
