"""The demo event: realistic, complete, deterministic, and loaded only once."""

import stat
from itertools import pairwise
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from scheduler.demo import DEMO_SLUG, DemoAlreadyLoaded, demo_summary, load_demo, read_accounts
from scheduler.demo_content import FEMININE_FIRST_NAMES, GENDERED_LAST_NAMES, PHONE_CODES
from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    Organisation,
    OrganisationType,
    OrganiserAccount,
    Participant,
    ParticipantStatus,
    SessionSignup,
)
from scheduler.passwords import verify_password
from tests.conftest import empty_all_tables

# Every test loads the generated demo event (about 150 participants): seconds each.
pytestmark = pytest.mark.slow


def _signature() -> list[tuple[str, str, str]]:
    return list(
        db.session.execute(
            select(Participant.email, Participant.offer_text, Participant.seek_text).order_by(
                Participant.email
            )
        )
    )


def test_demo_load_creates_event_of_expected_size(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    clusters = db.session.scalar(
        select(func.count()).where(Organisation.type == OrganisationType.CLUSTER)
    )
    countries = db.session.scalar(select(func.count(func.distinct(Organisation.country))))
    assert demo_summary() == {
        "participants": 142,
        "requests": 340,
        "meetings": 248,
        "agenda_items": 16,
        "sessions": 2,
    }
    assert (clusters, countries, event.timezone, event.host_organisation.name) == (
        12,
        13,
        "Europe/Paris",
        "VEGEPOLYS VALLEY",
    )
    assert [(len(s.slots), len(s.tables), s.slot_minutes) for s in event.b2b_sessions] == [
        (10, 30, 20),
        (10, 30, 20),
    ]


def test_demo_programme_times_are_venue_local(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    first = event.agenda_items[0]
    session = event.b2b_sessions[0]
    assert (event.local(first.starts_at).isoformat(), first.starts_at.isoformat()) == (
        "2027-03-09T09:00:00+01:00",
        "2027-03-09T08:00:00+00:00",
    )
    assert [event.local(s.starts_at).strftime("%H:%M") for s in session.slots][:3] == [
        "14:00",
        "14:20",
        "14:40",
    ]
    assert event.local(session.slots[-1].ends_at).strftime("%H:%M") == "17:20"


def test_demo_signups_respect_capacity_and_never_overlap(app: Flask) -> None:
    load_demo()
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.capacity.is_not(None))).all()
    for item in items:
        signups = db.session.scalar(
            select(func.count()).where(SessionSignup.agenda_item_id == item.id)
        )
        assert (item.title, item.seats_taken) == (item.title, signups)
        assert item.seats_taken <= item.capacity
    for person in db.session.scalars(select(Participant)):
        spans = sorted((s.agenda_item.starts_at, s.agenda_item.ends_at) for s in person.signups)
        assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))


def test_demo_requests_have_distinct_pairs_and_real_text(app: Flask) -> None:
    load_demo()
    requests = db.session.scalars(select(MeetingRequest)).all()
    pairs = {r.pair_key for r in requests}
    assert (len(pairs), any(r.requester_id == r.recipient_id for r in requests)) == (340, False)
    assert all(len(r.message) > 40 and "lorem" not in r.message.lower() for r in requests)
    people = db.session.scalars(select(Participant)).all()
    assert all(p.offer_text and p.seek_text and p.offer_text != p.seek_text for p in people)


def test_demo_is_deterministic_for_a_seed(app: Flask) -> None:
    load_demo(seed=7)
    first = _signature()
    empty_all_tables()
    load_demo(seed=7)
    assert (_signature(), len(first)) == (first, 140)


def test_demo_organiser_credentials_work_and_are_private(app: Flask) -> None:
    credentials = load_demo()
    accounts = read_accounts()
    stored = {
        a.email: a
        for a in db.session.scalars(select(OrganiserAccount).order_by(OrganiserAccount.id))
    }
    path = Path(app.instance_path) / "demo-organiser.txt"
    assert credentials == accounts[0]
    assert [
        (a.label, a.email, [r.role.value for r in stored[a.email].roles]) for a in accounts
    ] == [
        ("Demo organiser", "organiser@vegepolys-valley.example", ["owner"]),
        ("Demo co-organiser", "co-organiser@vegepolys-valley.example", ["co_organiser"]),
        ("Demo viewer", "viewer@vegepolys-valley.example", ["viewer"]),
    ]
    assert [verify_password(stored[a.email].password_hash, a.password) for a in accounts] == [
        True,
        True,
        True,
    ]
    assert (stat.S_IMODE(path.stat().st_mode), path.read_text()) == (
        0o600,
        "".join(f"{a.email} {a.password}\n" for a in accounts),
    )


def test_demo_phone_codes_match_each_persons_country(app: Flask) -> None:
    load_demo()
    people = db.session.scalars(select(Participant)).all()
    prefixes: dict[str, set[str]] = {}
    for person in people:
        prefixes.setdefault(person.organisation.country, set()).add(person.phone.split(" ")[0])
    assert prefixes == {country: {f"+{code}"} for country, code in PHONE_CODES.items()}


def test_demo_polish_and_bulgarian_surnames_agree_with_the_first_name(app: Flask) -> None:
    load_demo()
    people = db.session.scalars(
        select(Participant)
        .join(Organisation)
        .where(Organisation.country.in_(["PL", "BG"]))
        .order_by(Participant.id)
    ).all()
    forms = {
        country: {False: {m for m, _ in names}, True: {f for _, f in names}}
        for country, names in GENDERED_LAST_NAMES.items()
    }
    wrong = [
        p.full_name
        for p in people
        if p.last_name not in forms[p.organisation.country][p.first_name in FEMININE_FIRST_NAMES]
    ]
    women = sum(p.first_name in FEMININE_FIRST_NAMES for p in people)
    assert (wrong, len(people), women) == ([], 23, 13)


def test_demo_organisations_have_descriptions_of_their_own(app: Flask) -> None:
    load_demo()
    organisations = db.session.scalars(select(Organisation)).all()
    descriptions = {o.description for o in organisations}
    assert (len(organisations), len(descriptions), "" in descriptions) == (50, 50, False)
    anjou = next(o for o in organisations if o.name == "Anjou Plant Genetics")
    assert anjou.description == (
        "A company in Angers, member of VEGEPOLYS VALLEY. It offers hydrangea and rose "
        "breeding lines with a licensing programme."
    )


def test_demo_offer_and_seek_texts_differ_between_organisations(app: Flask) -> None:
    load_demo()
    people = db.session.scalars(select(Participant)).all()
    for text in ("offer_text", "seek_text"):
        owners: dict[str, set[int]] = {}
        for person in people:
            owners.setdefault(getattr(person, text), set()).add(person.organisation_id)
        shared = [t for t, organisations in owners.items() if len(organisations) > 1]
        assert (text, shared) == (text, [])
    assert len({p.organisation_id for p in people}) == 50


def test_demo_programme_has_coffee_breaks_and_lunches(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    breaks = [
        (
            i.kind.value,
            i.title,
            event.local(i.starts_at).strftime("%d %H:%M"),
            event.local(i.ends_at).strftime("%H:%M"),
            i.requires_signup,
        )
        for i in event.agenda_items
        if i.kind in (AgendaItemKind.BREAK, AgendaItemKind.LUNCH)
    ]
    assert breaks == [
        ("break", "Coffee break", "09 10:30", "10:45", False),
        ("lunch", "Lunch", "09 12:30", "14:00", False),
        ("break", "Coffee break", "10 10:15", "10:30", False),
        ("lunch", "Lunch", "10 12:00", "14:00", False),
        ("lunch", "Farewell lunch", "11 13:30", "14:30", False),
    ]


def test_demo_armagh_is_in_the_united_kingdom(app: Flask) -> None:
    load_demo()
    armagh = db.session.scalar(select(Organisation).where(Organisation.city == "Armagh"))
    phones = {
        p.phone.split(" ")[0]
        for p in db.session.scalars(select(Participant))
        if p.organisation_id == armagh.id
    }
    assert (armagh.name, armagh.country, phones) == (
        "Ulster Horticultural Research Centre",
        "GB",
        {"+44"},
    )


def test_demo_has_pending_registrations_to_approve(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    pending = db.session.scalars(
        select(Participant).where(Participant.status == ParticipantStatus.PENDING)
    ).all()
    requesting = db.session.scalar(
        select(func.count())
        .select_from(MeetingRequest)
        .where(MeetingRequest.requester_id.in_([p.id for p in pending]))
    )
    assert (event.approval_required, len(pending), requesting) == (True, 15, 0)


def test_demo_booths_are_reserved_for_the_exhibitors(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    booths = [
        (s.name, t.number, db.session.get(Participant, t.reserved_for_id).participant_type.value)
        for s in event.b2b_sessions
        for t in s.tables
        if t.reserved_for_id is not None
    ]
    assert booths == [
        ("B2B session 1", 1, "exhibitor"),
        ("B2B session 1", 2, "exhibitor"),
        ("B2B session 2", 1, "exhibitor"),
        ("B2B session 2", 2, "exhibitor"),
    ]


def test_demo_load_twice_refused(app: Flask) -> None:
    load_demo()
    with pytest.raises(DemoAlreadyLoaded, match="already loaded"):
        load_demo()


def test_demo_cli_if_empty_keeps_existing_data(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load", "--no-schedule"])
    second = runner.invoke(args=["demo", "load", "--if-empty"])
    owner, co_organiser, viewer = read_accounts()
    accounts = (
        f"Demo organiser: organiser@vegepolys-valley.example / password: {owner.password}\n"
        "Demo co-organiser: co-organiser@vegepolys-valley.example / password: "
        f"{co_organiser.password}\n"
        f"Demo viewer: viewer@vegepolys-valley.example / password: {viewer.password}\n"
    )
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert (first.output, second.output) == (
        accounts,
        f"Demo data already loaded ({DEMO_SLUG}).\n{accounts}",
    )
    assert db.session.scalar(select(func.count()).select_from(B2BSession)) == 2


def test_demo_cli_without_flag_reports_error(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["demo", "load", "--no-schedule"])
    again = runner.invoke(args=["demo", "load", "--no-schedule"])
    assert (again.exit_code, again.output) == (
        1,
        f"Error: the demo event '{DEMO_SLUG}' is already loaded\n",
    )


@pytest.mark.slow
def test_demo_cli_publishes_the_first_session_and_leaves_the_second(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo", "load"])

    first, second = db.session.scalars(select(B2BSession).order_by(B2BSession.starts_at)).all()
    placed = db.session.scalars(select(Meeting).where(Meeting.published.has())).all()
    assert result.exit_code == 0, result.output
    people = {p.id for meeting in placed for p in meeting.participants}
    assert result.output.splitlines()[0] == (
        f"B2B session 1: {len(placed)} meetings scheduled and published "
        f"({len(people)} participants see their agenda); "
        "B2B session 2 left to generate from the console."
    )
    assert len(placed) > 150
    assert {m.published.slot.session_id for m in placed} == {first.id}
    assert (
        db.session.scalar(
            select(func.count()).select_from(Meeting).where(Meeting.session_id == second.id)
        )
        == 0
    )


def test_demo_scaled_has_the_wanted_people_and_requests_in_proportion(app: Flask) -> None:
    from scheduler.demo import load_scaled_demo

    event = load_scaled_demo("pic-scaled", 400)
    db.session.commit()

    emails = db.session.scalars(select(Participant.email).where(Participant.event_id == event.id))
    emails = list(emails)
    requests = db.session.scalar(
        select(func.count()).select_from(MeetingRequest).where(MeetingRequest.event_id == event.id)
    )
    assert (event.slug, len(emails), len(set(emails)), requests) == ("pic-scaled", 400, 400, 907)
    assert event.agenda_items[0].calendar_uid.endswith(".pic-scaled@test.invalid")
    assert db.session.scalar(select(func.count()).select_from(OrganiserAccount)) == 0


def test_demo_programme_and_sessions_read_in_french_too(app: Flask) -> None:
    load_demo()
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))

    untranslated = [item.title_en for item in event.agenda_items if not item.title_fr]

    assert untranslated == []
    assert all(item.description_fr for item in event.agenda_items)
    assert event.description_fr.startswith("Chaque année, les membres")
    assert [session.name_fr for session in event.b2b_sessions] == [
        "Rendez-vous d'affaires, session 1",
        "Rendez-vous d'affaires, session 2",
    ]
