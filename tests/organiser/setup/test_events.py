"""Event settings, creating and cloning events, through the operations directly."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    Event,
    EventRoleKind,
    EventStatus,
    MeetingRequest,
    OfferedType,
    Participant,
    ParticipantType,
    QuestionKind,
    RegistrationQuestion,
    SessionSignup,
)
from scheduler.organiser.setup.events import (
    EventSettings,
    NewEvent,
    SlugTaken,
    apply_settings,
    clone_event,
    create_event,
    host_choices,
    settings_problems,
    zone_problem,
)
from tests.factories import (
    make_agenda_item,
    make_event,
    make_organisation,
    make_participant,
    make_session,
    paris,
)
from tests.organiser.scene import organiser_of


def _settings(**fields: object) -> EventSettings:
    values: dict[str, object] = {
        "name": "PIC 2028",
        "host_organisation_id": None,
        "venue_name": "Angers Congress Centre",
        "address": "33 boulevard Carnot, Angers",
        "timezone": "Europe/Paris",
        "start_date": date(2027, 3, 9),
        "end_date": date(2027, 3, 11),
        "description": "The annual meeting.",
        "description_fr": "La rencontre annuelle.",
        "status": EventStatus.REGISTRATION_OPEN,
        "sender_email": "contact@pic.example",
        "sender_name": "PIC team",
        "registration_opens_at": datetime(2027, 1, 5, 8, tzinfo=UTC),
        "registration_closes_at": datetime(2027, 3, 1, 17, tzinfo=UTC),
        "approval_required": True,
        "offered_types": [ParticipantType.DELEGATE, ParticipantType.SPEAKER],
        "directory_listed_by_default": True,
        "meeting_request_quota": 12,
        "requests_expire_at": datetime(2027, 3, 5, 17, tzinfo=UTC),
        "auto_accept_requests": False,
        "max_meetings_per_participant": 10,
        "retention_days": 180,
    }
    values.update(fields)
    return EventSettings(**values)


def test_settings_problems_none_for_good_settings(app: Flask) -> None:
    assert settings_problems(_settings()) == {}


def test_settings_problems_name_each_bad_field(app: Flask) -> None:
    problems = settings_problems(
        _settings(
            timezone="Europe/Angers",
            start_date=date(2027, 3, 11),
            end_date=date(2027, 3, 9),
            registration_closes_at=datetime(2027, 1, 5, 8, tzinfo=UTC),
        )
    )

    assert problems == {
        "timezone": "'Europe/Angers' is not a time zone; use an IANA name such as Europe/Paris.",
        "end_date": "The last day comes before the first day.",
        "registration_closes_at": "Registration closes before it opens.",
    }


def test_settings_zone_problem_accepts_an_iana_name(app: Flask) -> None:
    assert (zone_problem("America/New_York"), zone_problem("")) == (
        None,
        "'' is not a time zone; use an IANA name such as Europe/Paris.",
    )


def test_settings_apply_saves_every_field_and_bumps_the_revision(app: Flask) -> None:
    event = make_event()
    host = make_organisation(name="Vegepolys Valley")
    before = event.revision

    apply_settings(event, _settings(host_organisation_id=host.id))
    db.session.commit()
    db.session.expire_all()

    assert (
        event.name,
        event.host_organisation.name,
        event.venue_name,
        event.approval_required,
        event.meeting_request_quota,
        event.max_meetings_per_participant,
        event.retention_days,
        event.registration_closes_at,
        event.revision,
    ) == (
        "PIC 2028",
        "Vegepolys Valley",
        "Angers Congress Centre",
        True,
        12,
        10,
        180,
        datetime(2027, 3, 1, 17, tzinfo=UTC),
        before + 1,
    )


def test_settings_apply_refuses_bad_settings(app: Flask) -> None:
    event = make_event()
    with pytest.raises(ValueError, match="end_date"):
        apply_settings(event, _settings(end_date=date(2027, 3, 1)))


def test_settings_host_choices_are_the_host_and_the_participants_organisations(
    app: Flask,
) -> None:
    event, other = make_event(), make_event()
    host = make_organisation(name="Host")
    event.host_organisation = host
    make_participant(event, organisation=make_organisation(name="Beta"))
    make_participant(event, organisation=make_organisation(name="Alpha"))
    make_participant(other, organisation=make_organisation(name="Elsewhere"))

    assert [o.name for o in host_choices(db.session, event)] == ["Host", "Alpha", "Beta"]


def _new(**fields: object) -> NewEvent:
    values: dict[str, object] = {
        "name": "PIC 2028",
        "slug": "pic-2028",
        "start_date": date(2028, 3, 14),
        "end_date": date(2028, 3, 16),
        "timezone": "Europe/Paris",
        "venue_name": "Angers",
    }
    values.update(fields)
    return NewEvent(**values)


def test_create_event_in_draft_owned_by_its_creator(app: Flask) -> None:
    account = organiser_of()

    event = create_event(db.session, account, _new())
    db.session.commit()

    assert (event.slug, event.status, event.venue_name, event.start_date) == (
        "pic-2028",
        EventStatus.DRAFT,
        "Angers",
        date(2028, 3, 14),
    )
    assert [(r.event.slug, r.role) for r in account.roles] == [("pic-2028", EventRoleKind.OWNER)]


def test_create_event_refuses_a_slug_taken(app: Flask) -> None:
    make_event(slug="pic-2028")
    account = organiser_of()
    with pytest.raises(SlugTaken):
        create_event(db.session, account, _new())


def _source() -> tuple[Event, AgendaItem, B2BSession]:
    event = make_event(
        slug="pic",
        name="PIC 2027",
        venue_name="Angers",
        approval_required=True,
        meeting_request_quota=8,
        registration_opens_at=paris(1, 9),
        registration_closes_at=paris(8, 18),
    )
    workshop = make_agenda_item(
        event,
        title="Robots",
        room="A",
        capacity=20,
        requires_signup=True,
        seats_taken=1,
        sequence=3,
        starts_at=paris(10, 9),
        ends_at=paris(10, 10, 30),
    )
    session = make_session(event, tables=3, name="Morning B2B", room="Hall")
    session.tables[0].label = "Booth"
    ana = make_participant(event)
    ben = make_participant(event)
    db.session.add_all(
        [
            SessionSignup(participant=ana, agenda_item=workshop),
            MeetingRequest(event=event, requester=ana, recipient=ben),
        ]
    )
    db.session.flush()
    return event, workshop, session


def test_clone_event_copies_settings_programme_and_sessions_shifted(app: Flask) -> None:
    source, workshop, _session = _source()
    account = organiser_of(source)

    copy = clone_event(
        db.session,
        source,
        account,
        _new(start_date=date(2028, 3, 14), venue_name=""),
        uid_domain="cluster.example",
    )
    db.session.commit()

    # 9 March 2027 becomes 14 March 2028: 371 days later; 09:00 at the venue stays 09:00.
    assert (copy.name, copy.slug, copy.status, copy.start_date, copy.end_date) == (
        "PIC 2028",
        "pic-2028",
        EventStatus.DRAFT,
        date(2028, 3, 14),
        date(2028, 3, 16),
    )
    assert (copy.venue_name, copy.approval_required, copy.meeting_request_quota) == (
        "Angers",
        True,
        8,
    )
    assert (copy.local(copy.registration_opens_at), copy.local(copy.registration_closes_at)) == (
        datetime(2028, 3, 6, 9, tzinfo=copy.zone),
        datetime(2028, 3, 13, 18, tzinfo=copy.zone),
    )
    (item,) = copy.agenda_items
    assert (
        item.title,
        item.kind,
        item.room,
        item.capacity,
        item.requires_signup,
        item.seats_taken,
        item.sequence,
        copy.local(item.starts_at),
        copy.local(item.ends_at),
    ) == (
        "Robots",
        AgendaItemKind.WORKSHOP,
        "A",
        20,
        True,
        0,
        0,
        datetime(2028, 3, 15, 9, tzinfo=copy.zone),
        datetime(2028, 3, 15, 10, 30, tzinfo=copy.zone),
    )
    assert re.fullmatch(r"session-[0-9a-f-]{36}@cluster\.example", item.calendar_uid)
    assert item.calendar_uid != workshop.calendar_uid
    (b2b,) = copy.b2b_sessions
    assert (b2b.name, b2b.room, b2b.slot_minutes, copy.local(b2b.starts_at)) == (
        "Morning B2B",
        "Hall",
        20,
        datetime(2028, 3, 14, 14, tzinfo=copy.zone),
    )
    assert [(s.position, copy.local(s.starts_at).strftime("%d %H:%M")) for s in b2b.slots] == [
        (1, "14 14:00"),
        (2, "14 14:20"),
        (3, "14 14:40"),
    ]
    assert [(t.number, t.label, t.reserved_for_id) for t in b2b.tables] == [
        (1, "Booth", None),
        (2, "", None),
        (3, "", None),
    ]
    assert [(r.event.slug, r.role) for r in account.roles] == [
        ("pic", EventRoleKind.OWNER),
        ("pic-2028", EventRoleKind.OWNER),
    ]


def test_clone_event_copies_no_people(app: Flask) -> None:
    source, _, _ = _source()
    account = organiser_of(source)

    copy = clone_event(db.session, source, account, _new(), uid_domain="cluster.example")
    db.session.flush()

    counts = [
        db.session.scalar(select(func.count()).select_from(model).where(model.event_id == copy.id))
        for model in (Participant, MeetingRequest)
    ]
    seats = db.session.scalar(
        select(func.count(SessionSignup.id))
        .join(AgendaItem, AgendaItem.id == SessionSignup.agenda_item_id)
        .where(AgendaItem.event_id == copy.id)
    )
    assert (counts, seats) == ([0, 0], 0)


def test_clone_event_keeps_the_wall_clock_across_a_clock_change(app: Flask) -> None:
    # 9 March 2027 is before Europe's clock change, 30 March after it: 09:00 stays 09:00.
    source = make_event(slug="pic")
    make_agenda_item(source, starts_at=paris(9, 9), ends_at=paris(9, 10))
    account = organiser_of(source)

    copy = clone_event(
        db.session, source, account, _new(start_date=date(2027, 3, 30)), uid_domain="x.example"
    )

    (item,) = copy.agenda_items
    assert (copy.local(item.starts_at).hour, item.starts_at.astimezone(UTC).hour) == (9, 7)


def test_clone_event_refuses_a_slug_taken(app: Flask) -> None:
    source, _, _ = _source()
    account = organiser_of(source)
    with pytest.raises(SlugTaken):
        clone_event(db.session, source, account, _new(slug="pic"), uid_domain="x.example")


def test_settings_apply_saves_both_descriptions_and_the_registration_settings(app: Flask) -> None:
    event = make_event()

    apply_settings(event, _settings())
    db.session.commit()
    db.session.expire_all()

    assert (
        event.description_en,
        event.description_fr,
        sorted(row.participant_type.value for row in event.offered_type_rows),
        event.directory_listed_by_default,
    ) == ("The annual meeting.", "La rencontre annuelle.", ["delegate", "speaker"], True)


def test_settings_problems_refuse_offering_no_participant_type(app: Flask) -> None:
    assert settings_problems(_settings(offered_types=[])) == {
        "offered_types": "Offer at least one participant type."
    }


def test_clone_event_copies_questions_offered_types_and_both_languages(app: Flask) -> None:
    source, workshop, session = _source()
    source.description_fr = "La rencontre."
    source.directory_listed_by_default = True
    source.offered_type_rows = [OfferedType(participant_type=ParticipantType.PRESS)]
    workshop.title_fr = "Robots (fr)"
    workshop.description_fr = "Des robots."
    session.name_fr = "B2B du matin"
    source.questions = [
        RegistrationQuestion(
            position=1,
            kind=QuestionKind.CHOICE,
            label_en="Diet",
            label_fr="Régime",
            options_en="None\nVegetarian",
            options_fr="Aucun\nVégétarien",
            required=True,
        )
    ]
    db.session.flush()

    copy = clone_event(
        db.session, source, organiser_of(source), _new(), uid_domain="cluster.example"
    )
    db.session.commit()

    (question,) = copy.questions
    assert (
        question.position,
        question.kind,
        question.label_en,
        question.label_fr,
        question.options_en,
        question.options_fr,
        question.required,
    ) == (1, QuestionKind.CHOICE, "Diet", "Régime", "None\nVegetarian", "Aucun\nVégétarien", True)
    assert [row.participant_type for row in copy.offered_type_rows] == [ParticipantType.PRESS]
    assert (copy.description_en, copy.description_fr, copy.directory_listed_by_default) == (
        source.description_en,
        "La rencontre.",
        True,
    )
    (item,) = copy.agenda_items
    assert (item.title_en, item.title_fr, item.description_fr) == (
        "Robots",
        "Robots (fr)",
        "Des robots.",
    )
    assert [(s.name_en, s.name_fr) for s in copy.b2b_sessions] == [("Morning B2B", "B2B du matin")]
