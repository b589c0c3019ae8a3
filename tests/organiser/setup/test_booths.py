"""Booths directly: a table reserved for a host, one per host and session, freed again."""

from __future__ import annotations

import pytest
from flask import Flask

from scheduler.extensions import db
from scheduler.models import ParticipantStatus
from scheduler.organiser.setup.booths import booth_hosts, booth_problems, booths_of, set_booth
from scheduler.organiser.setup.sessions import SessionRefused
from tests.factories import (
    make_event,
    make_meeting,
    make_organisation,
    make_participant,
    make_session,
)


def test_booths_set_names_the_table_after_the_hosts_organisation(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=3)
    host = make_participant(event, organisation=make_organisation(name="Rose Valley Oils"))
    before = event.revision

    set_booth(db.session, session, session.tables[1], host, "")

    assert [(t.number, t.label, t.reserved_for_id) for t in booths_of(session)] == [
        (2, "Booth: Rose Valley Oils", host.id)
    ]
    assert event.revision == before + 1


def test_booths_freed_become_plain_tables(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    host = make_participant(event)
    set_booth(db.session, session, session.tables[0], host, "Stand 12")

    set_booth(db.session, session, session.tables[0], None, "")

    assert (booths_of(session), session.tables[0].display_name) == ([], "Table 1")


def test_booths_one_per_host_in_a_session(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    host = make_participant(event)
    set_booth(db.session, session, session.tables[0], host, "Stand 12")

    problems = booth_problems(db.session, session, session.tables[1], host.id)

    assert problems == {
        "host_id": "This participant already has a booth in this session: Stand 12."
    }
    with pytest.raises(SessionRefused):
        set_booth(db.session, session, session.tables[1], host, "")


def test_booths_refused_while_the_draft_places_meetings_in_the_session(app: Flask) -> None:
    event = make_event()
    session = make_session(event, tables=2)
    host = make_participant(event)
    meeting = make_meeting(event, host, make_participant(event))
    meeting.place(session.slots[0], session.tables[0])
    db.session.flush()

    assert list(booth_problems(db.session, session, session.tables[1], host.id)) == ["table_id"]


def test_booths_hosts_are_the_active_participants_by_name(app: Flask) -> None:
    event = make_event()
    session = make_session(event)
    zoe = make_participant(event, first_name="Zoé", last_name="Adam")
    ana = make_participant(event, first_name="Ana", last_name="Silva")
    make_participant(event, last_name="Gone", status=ParticipantStatus.WITHDRAWN)
    make_participant(make_event(), last_name="Elsewhere")

    assert booth_hosts(db.session, session) == [zoe, ana]
