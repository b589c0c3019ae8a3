"""The tables the organisers export: participants (the filters of the registrations list
apply), meeting requests, meetings, and the seats and waiting lists of the programme items
people sign up for. Each is a header and rows of plain values, for
``spreadsheets`` to write as CSV or XLSX; times are the venue's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from scheduler.models import (
    AgendaItem,
    Event,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Organisation,
    Participant,
    Priority,
    PublishedPlacement,
    RegistrationAnswer,
    SessionSignup,
    SignupStatus,
)
from scheduler.organiser.registrations import Filters, filtered, request_count
from scheduler.organiser.spreadsheets import Cell


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[list[Cell]]


def _local(event: Event, instant: datetime | None) -> str:
    return "" if instant is None else event.local(instant).strftime("%Y-%m-%d %H:%M")


def _organisation(participant: Participant) -> str:
    return participant.organisation.name if participant.organisation else ""


PARTICIPANT_HEADER = [
    "Id",
    "First name",
    "Last name",
    "Email",
    "Phone",
    "Job title",
    "Organisation",
    "Organisation type",
    "Country",
    "City",
    "Website",
    "Sectors",
    "Participant type",
    "Status",
    "Directory",
    "What they offer",
    "What they seek",
    "Cooperation sought",
    "Languages",
    "Registered",
    "Requests",
]


def _answers(db: Session, event: Event) -> dict[tuple[int, int], str]:
    """Every answer to ``event``'s questions, by (participant id, question id)."""
    rows = db.execute(
        select(
            RegistrationAnswer.participant_id,
            RegistrationAnswer.question_id,
            RegistrationAnswer.value,
        ).where(RegistrationAnswer.event_id == event.id)
    )
    return {(person, question): value for person, question, value in rows}


def participants_table(db: Session, event: Event, filters: Filters) -> Table:
    """Every participant the filters select (all pages), in the list's order, then one column
    per registration question (headed by the question, in the reader's language)."""
    questions = list(event.questions)
    answers = _answers(db, event)
    query = filtered(event, filters).options(
        contains_eager(Participant.organisation).selectinload(Organisation.sectors),
        selectinload(Participant.interests),
        selectinload(Participant.languages),
    )
    rows: list[list[Cell]] = []
    for p, requests in db.execute(query.add_columns(request_count())).all():
        o = p.organisation
        rows.append(
            [
                p.id,
                p.first_name,
                p.last_name,
                p.email,
                p.phone,
                p.job_title,
                _organisation(p),
                o.type.label if o else "",
                o.country if o else "",
                o.city if o else "",
                o.website if o else "",
                "; ".join(s.label for s in o.sectors) if o else "",
                p.participant_type.label,
                p.status.value,
                p.directory_visibility.value,
                p.offer_text,
                p.seek_text,
                "; ".join(i.label for i in p.interest_values),
                ", ".join(p.language_codes),
                _local(event, p.created_at),
                requests,
                *(
                    q.shown(answers[p.id, q.id]) if (p.id, q.id) in answers else ""
                    for q in questions
                ),
            ]
        )
    return Table("Participants", [*PARTICIPANT_HEADER, *(q.label for q in questions)], rows)


REQUEST_HEADER = [
    "Id",
    "From",
    "From organisation",
    "To",
    "To organisation",
    "State",
    "Priority",
    "Sent",
    "Answered",
    "Expires",
    "Message",
]


def requests_table(db: Session, event: Event) -> Table:
    """Every meeting request of the event, oldest first."""
    requests = db.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.event_id == event.id)
        .options(
            selectinload(MeetingRequest.requester).selectinload(Participant.organisation),
            selectinload(MeetingRequest.recipient).selectinload(Participant.organisation),
        )
        .order_by(MeetingRequest.created_at, MeetingRequest.id)
    ).all()
    rows: list[list[Cell]] = [
        [
            r.id,
            r.requester.full_name,
            _organisation(r.requester),
            r.recipient.full_name,
            _organisation(r.recipient),
            r.status.value,
            Priority(r.priority).label,
            _local(event, r.created_at),
            _local(event, r.responded_at),
            _local(event, r.expires_at),
            r.message,
        ]
        for r in requests
    ]
    return Table("Requests", REQUEST_HEADER, rows)


MEETING_HEADER = [
    "Id",
    "State",
    "Participants",
    "Organisations",
    "Draft slot",
    "Draft table",
    "Pinned",
    "Published slot",
    "Published table",
]


def meetings_table(db: Session, event: Event) -> Table:
    """Every meeting of the event (cancelled ones too), by id."""
    meetings = db.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id)
        .options(
            selectinload(Meeting.attendances)
            .selectinload(MeetingParticipant.participant)
            .selectinload(Participant.organisation),
            selectinload(Meeting.slot),
            selectinload(Meeting.table),
            selectinload(Meeting.published).selectinload(PublishedPlacement.slot),
            selectinload(Meeting.published).selectinload(PublishedPlacement.table),
        )
        .order_by(Meeting.id)
    ).all()
    rows: list[list[Cell]] = []
    for m in meetings:
        published = m.published
        rows.append(
            [
                m.id,
                m.status.value,
                "; ".join(p.full_name for p in m.participants),
                "; ".join(_organisation(p) for p in m.participants),
                _local(event, m.slot.starts_at) if m.slot else "",
                m.table.display_name if m.table else "",
                "yes" if m.pinned else "no",
                _local(event, published.slot.starts_at) if published else "",
                published.table.display_name if published and published.table else "",
            ]
        )
    return Table("Meetings", MEETING_HEADER, rows)


SIGNUP_HEADER = [
    "Programme item",
    "Starts",
    "Room",
    "Capacity",
    "Place",
    "Waiting position",
    "First name",
    "Last name",
    "Email",
    "Organisation",
]


def signups_table(db: Session, event: Event) -> Table:
    """For each programme item people sign up for, in time order: the people with a seat (by
    name), then the waiting list in the order seats are given."""
    signups = db.scalars(
        select(SessionSignup)
        .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
        .join(Participant, Participant.id == SessionSignup.participant_id)
        .where(
            AgendaItem.event_id == event.id,
            SessionSignup.status != SignupStatus.CANCELLED,
            Participant.is_active,
        )
        .options(
            selectinload(SessionSignup.agenda_item),
            selectinload(SessionSignup.participant).selectinload(Participant.organisation),
        )
        .order_by(AgendaItem.starts_at, AgendaItem.id, SessionSignup.created_at, SessionSignup.id)
    ).all()
    by_item: dict[AgendaItem, list[SessionSignup]] = {}
    for signup in signups:  # in time order, each item's sign-ups oldest first
        by_item.setdefault(signup.agenda_item, []).append(signup)
    rows: list[list[Cell]] = []
    for item, item_signups in by_item.items():
        seats = sorted(
            (s for s in item_signups if s.status is SignupStatus.CONFIRMED),
            key=lambda s: (s.participant.last_name.casefold(), s.participant.first_name.casefold()),
        )
        waiting = [s for s in item_signups if s.status is SignupStatus.WAITLISTED]
        for position, signup in [(None, s) for s in seats] + list(enumerate(waiting, 1)):
            p = signup.participant
            rows.append(
                [
                    item.title,
                    _local(event, item.starts_at),
                    item.room,
                    item.capacity,
                    "seat" if position is None else "waiting list",
                    position,
                    p.first_name,
                    p.last_name,
                    p.email,
                    _organisation(p),
                ]
            )
    return Table("Sign-ups", SIGNUP_HEADER, rows)
