"""The demo event: realistic, complete, deterministic, and loaded only once."""

import stat
from itertools import pairwise
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from scheduler.demo import DEMO_SLUG, DemoAlreadyLoaded, demo_summary, load_demo
from scheduler.extensions import db
from scheduler.models import (
    AgendaItem,
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    Organisation,
    OrganisationType,
    OrganiserAccount,
    Participant,
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
        "participants": 149,
        "requests": 340,
        "meetings": 239,
        "agenda_items": 11,
        "sessions": 2,
    }
    assert (clusters, countries, event.timezone, event.host_organisation.name) == (
        12,
        12,
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
    assert (_signature(), len(first)) == (first, 142)


def test_demo_organiser_credentials_work_and_are_private(app: Flask) -> None:
    credentials = load_demo()
    account = db.session.scalar(select(OrganiserAccount))
    path = Path(app.instance_path) / "demo-organiser.txt"
    assert verify_password(account.password_hash, credentials.password) is True
    assert (account.email, [r.role.value for r in account.roles]) == (
        "organiser@vegepolys-valley.example",
        ["owner"],
    )
    assert (stat.S_IMODE(path.stat().st_mode), path.read_text()) == (
        0o600,
        f"{credentials.email} {credentials.password}\n",
    )


def test_demo_load_twice_refused(app: Flask) -> None:
    load_demo()
    with pytest.raises(DemoAlreadyLoaded, match="already loaded"):
        load_demo()


def test_demo_cli_if_empty_keeps_existing_data(app: Flask, runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["demo", "load", "--no-schedule"])
    second = runner.invoke(args=["demo", "load", "--if-empty"])
    password = first.output.rsplit("password: ", 1)[1].strip()
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert second.output == (
        f"Demo data already loaded ({DEMO_SLUG}).\n"
        f"Demo organiser: organiser@vegepolys-valley.example / password: {password}\n"
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
