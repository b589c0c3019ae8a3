"""Personal data: consents, withdrawal from the event, erasure and the data export (GDPR
art. 7, 15, 17 and 20). Every function flushes and never commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select, update

from scheduler.extensions import db
from scheduler.matchmaking.requests import cancel_everything_of
from scheduler.models import (
    AgendaItem,
    Consent,
    ConsentKind,
    DirectoryVisibility,
    Event,
    ImportBatch,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    OutboxEmail,
    Participant,
    ParticipantStatus,
    Unavailability,
    utcnow,
)
from scheduler.models.people import new_nonce
from scheduler.registration.answers import answers_of, erase_answers
from scheduler.registration.seats import leave_session
from scheduler.revisions import bump_revision

PRIVACY_TEXT_VERSION = "2026-12"
UPLOAD_KEPT = timedelta(days=1)


def _active_consent(participant: Participant, kind: ConsentKind) -> Consent | None:
    for consent in participant.consents:
        if consent.kind is kind and consent.withdrawn_at is None:
            return consent
    return None


def set_visibility(participant: Participant, visibility: DirectoryVisibility) -> None:
    """Set the directory listing, recording or withdrawing the consent it needs."""
    participant.directory_visibility = visibility
    consent = _active_consent(participant, ConsentKind.DIRECTORY_LISTING)
    if visibility is DirectoryVisibility.NOBODY and consent is not None:
        consent.withdrawn_at = utcnow()
    elif visibility is not DirectoryVisibility.NOBODY and consent is None:
        participant.consents.append(
            Consent(kind=ConsentKind.DIRECTORY_LISTING, text_version=PRIVACY_TEXT_VERSION)
        )


@dataclass
class Withdrawal:
    """What a withdrawal changed for other people, so that they can be told."""

    promoted: list[tuple[Participant, AgendaItem]] = field(default_factory=list)
    cancelled: list[tuple[MeetingRequest, Participant]] = field(default_factory=list)
    # Outbox emails deleted by an erasure: their copies in the development mailbox go too.
    erased_emails: list[int] = field(default_factory=list)


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
    # Emails to them go too (the outbox holds their address, their name and their links),
    # and emails to others about them (their name, their message to the recipient).
    about_them = (OutboxEmail.event_id == participant.event_id) & or_(
        func.lower(OutboxEmail.recipient) == participant.email.lower(),
        OutboxEmail.body_text.contains(participant.full_name, autoescape=True),
        OutboxEmail.body_text.contains(participant.email, autoescape=True),
    )
    withdrawal.erased_emails = list(
        db.session.scalars(select(OutboxEmail.id).where(about_them).order_by(OutboxEmail.id))
    )
    db.session.execute(
        delete(OutboxEmail).where(about_them).execution_options(synchronize_session=False)
    )
    _drop_organisation_of(participant)
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
    erase_answers(participant)
    db.session.execute(
        update(MeetingRequest)
        .where(MeetingRequest.requester_id == participant.id)
        .values(message="")
        .execution_options(synchronize_session=False)
    )
    participant.access_nonce = new_nonce()
    participant.calendar_token = None
    participant.calendar_etag = ""
    participant.session_epoch += 1
    participant.anonymised_at = now
    db.session.flush()
    return withdrawal


def _drop_organisation_of(participant: Participant) -> None:
    """Delete the participant's organisation when nobody else uses it: its name and city
    would otherwise still say who registered."""
    organisation = participant.organisation
    if organisation is None:
        return
    participant.organisation = None
    db.session.flush()
    others = db.session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.organisation_id == organisation.id)
    )
    hosts = db.session.scalar(
        select(func.count()).select_from(Event).where(Event.host_organisation_id == organisation.id)
    )
    if not others and not hosts:
        db.session.delete(organisation)


def purge_expired(today: date | None = None) -> list[Withdrawal]:
    """Erase the participants of every event whose retention period, counted from its last
    day, is over (the privacy notice promises it); idempotent. Returns one erasure each."""
    today = today or utcnow().date()
    events = db.session.scalars(select(Event)).all()
    expired = [e.id for e in events if e.end_date + timedelta(days=e.retention_days) < today]
    people = db.session.scalars(
        select(Participant)
        .where(Participant.event_id.in_(expired), Participant.anonymised_at.is_(None))
        .order_by(Participant.id)
    ).all()
    erasures = [erase(participant) for participant in people]
    # Uploaded participant lists are kept only between preview and import.
    db.session.execute(
        delete(ImportBatch)
        .where(ImportBatch.created_at < utcnow() - UPLOAD_KEPT)
        .execution_options(synchronize_session=False)
    )
    return erasures


def export_data(participant: Participant) -> dict[str, object]:
    """Everything stored about the participant, as JSON-ready data (GDPR art. 15 and 20)."""
    organisation = participant.organisation
    requests = db.session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.involving(participant.id))
        .order_by(MeetingRequest.id)
    )
    meetings = db.session.scalars(
        select(Meeting)
        .join(MeetingParticipant, MeetingParticipant.meeting_id == Meeting.id)
        .where(MeetingParticipant.participant_id == participant.id)
        .order_by(Meeting.id)
    ).all()
    emails = db.session.scalars(
        select(OutboxEmail)
        .where(
            OutboxEmail.event_id == participant.event_id,
            func.lower(OutboxEmail.recipient) == participant.email.lower(),
        )
        .order_by(OutboxEmail.id)
    ).all()
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
            "email_language": participant.language,
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
            "description": organisation.description,
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
        "answers": [
            {"question": question.label, "answer": answer}
            for question, answer in answers_of(participant)
            if answer
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
        "meetings": [
            {
                "with": [p.full_name for p in m.participants if p.id != participant.id],
                "status": m.status.value,
                "published_start": m.published.slot.starts_at.isoformat() if m.published else None,
                "published_table": m.published.table.display_name
                if m.published and m.published.table
                else None,
            }
            for m in meetings
        ],
        "emails": [
            {
                "subject": e.subject,
                "status": e.status.value,
                "queued_at": e.created_at.isoformat(),
                "sent_at": e.sent_at.isoformat() if e.sent_at else None,
                "text": e.body_text,
                "attachments": [a.filename for a in e.attachments],
            }
            for e in emails
        ],
        "calendar_subscription": participant.calendar_token is not None,
    }
