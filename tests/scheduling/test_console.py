"""The schedule console: generate, follow, stop and publish, as an organiser does."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from scheduler import jobs
from scheduler.agenda.publish import publish
from scheduler.extensions import db
from scheduler.jobs import send_publication_emails
from scheduler.models import (
    EventRole,
    EventRoleKind,
    OrganiserAccount,
    OutboxEmail,
    ParticipantStatus,
    PublicationLog,
    RunStatus,
    SolverRun,
    Unavailability,
)
from scheduler.passwords import hash_password
from tests.agenda.scene import Scene, small_event
from tests.attendees import mailbox
from tests.factories import make_event, make_meeting, make_participant
from tests.web import csrf_token, post_form

PASSWORD = "correct horse battery staple"
CONSOLE = "/organiser/events/pic/schedule/"


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The runs handed to a background process (the process itself is tested in test_jobs)."""
    calls: list[int] = []
    monkeypatch.setattr(jobs, "launch", lambda app, run_id: calls.append(run_id))
    return calls


@pytest.fixture
def notified_later(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The publications whose emails are handed to a background process (tested in
    test_jobs)."""
    logs: list[int] = []
    monkeypatch.setattr(jobs, "notify_later", lambda app, log_id: logs.append(log_id))
    return logs


def _signed_in(client: FlaskClient, event_slug: str = "pic") -> Scene:
    scene = small_event()
    account = OrganiserAccount(email="org@example.org", password_hash=hash_password(PASSWORD))
    event = scene.event if event_slug == "pic" else make_event(slug=event_slug)
    account.roles = [EventRole(event=event, role=EventRoleKind.OWNER)]
    db.session.add(account)
    db.session.commit()
    post_form(client, "/organiser/login", {"email": "org@example.org", "password": PASSWORD})
    return scene


def _post(client: FlaskClient, url: str, **data: object):
    return client.post(url, data={"csrf_token": csrf_token(client, CONSOLE), **data})


def _flash(page: str) -> list[str]:
    return [m.strip() for m in re.findall(r'role="status">([^<]*)<', page)]


def test_console_shows_each_session_and_what_it_can_hold(client: FlaskClient, app: Flask) -> None:
    scene = _signed_in(client)

    page = client.get(CONSOLE).get_data(as_text=True)

    assert "3 accepted meetings to hold;\n  1 not placed in the draft yet." in page
    assert "3 slots \u00d7 2 tables = room for 6 meetings." in page
    assert "3 slots \u00d7 1 table = room for 3 meetings." in page
    assert "Publishing changes 2 meetings: 2 added, 0 moved, 0 removed." in page
    ana, ben, eva = scene.ana.full_name, scene.ben.full_name, scene.eva.full_name
    assert f"<li>Added: {ana} · {eva}, now Wed 10 Mar 14:00 Table 1</li>" in page
    assert f"<li>Added: {ben} · {eva}, now Tue 9 Mar 14:20 Table 2</li>" in page


def test_console_generate_queues_a_run_and_launches_it_after_commit(
    client: FlaskClient, app: Flask, launched: list[int]
) -> None:
    scene = _signed_in(client)

    response = _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="20")
    page = client.get(CONSOLE).get_data(as_text=True)

    run = db.session.scalars(db.select(SolverRun)).one()
    assert (response.status_code, launched) == (302, [run.id])
    assert (run.status, run.parameters) == (
        RunStatus.QUEUED,
        {"session_id": scene.session.id, "time_limit": 20},
    )
    assert f'data-run-status-url="/organiser/events/pic/schedule/runs/{run.id}.json"' in page
    assert "Waiting for the engine to start…" in page


def test_console_second_generate_sees_the_run_in_progress(
    client: FlaskClient, app: Flask, launched: list[int]
) -> None:
    scene = _signed_in(client)
    _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="20")

    _post(client, f"{CONSOLE}sessions/{scene.later.id}/generate", time_limit="20")

    page = client.get(CONSOLE).get_data(as_text=True)
    assert _flash(page) == ["A schedule is already being computed for this event (run 1)."]
    assert len(launched) == 1


def test_console_refuses_a_time_limit_out_of_range(
    client: FlaskClient, app: Flask, launched: list[int]
) -> None:
    scene = _signed_in(client)

    _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="3")

    assert _flash(client.get(CONSOLE).get_data(as_text=True)) == ["Between 5 and 600 seconds."]
    assert (launched, db.session.scalars(db.select(SolverRun)).all()) == ([], [])


def test_console_shows_the_finished_run_then_publishes_it(
    client: FlaskClient,
    app: Flask,
    launched: list[int],
    notified_later: list[int],
    mail_dir: object,
) -> None:
    scene = _signed_in(client)
    _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="20")
    jobs.solve_run(launched[0])  # what the background process does

    status = client.get(f"{CONSOLE}runs/{launched[0]}.json").get_json()
    page = client.get(CONSOLE).get_data(as_text=True)
    _post(client, f"{CONSOLE}publish")
    after = client.get(CONSOLE).get_data(as_text=True)

    assert (status["status"], status["active"], status["figures"]["placed"]) == (
        "succeeded",
        False,
        2,
    )
    assert "<tr><td>placed_priority</td><td>4</td><td>4</td><td>optimal</td></tr>" in page
    assert "Publishing changes 3 meetings: 3 added, 0 moved, 0 removed." in page
    assert _flash(after) == [
        "Published: 3 added, 0 moved, 0 removed; 3 participants are being emailed their "
        "agenda and calendar invitations."
    ]
    assert "The published schedule is the same as the draft." in after
    log = db.session.scalar(db.select(PublicationLog))
    assert (notified_later, log.emails_queued_at) == ([log.id], None)
    assert db.session.scalars(db.select(OutboxEmail)).all() == []  # built in the background
    assert mailbox(app) == []

    assert send_publication_emails(app, log.id) == (3, 3)  # what the background process does
    assert send_publication_emails(app, log.id) == (0, 0)  # a retried job sends nothing twice
    assert sorted(m["To"] for m in mailbox(app)) == sorted(
        [scene.ana.email, scene.ben.email, scene.eva.email]
    )


def test_console_publish_refused_while_a_run_is_going(
    client: FlaskClient, app: Flask, launched: list[int]
) -> None:
    scene = _signed_in(client)
    _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="20")

    _post(client, f"{CONSOLE}publish")

    assert _flash(client.get(CONSOLE).get_data(as_text=True)) == [
        "A schedule is being computed for this event; publish when it has finished."
    ]


def test_console_stop_cancels_a_queued_run(
    client: FlaskClient, app: Flask, launched: list[int]
) -> None:
    scene = _signed_in(client)
    _post(client, f"{CONSOLE}sessions/{scene.session.id}/generate", time_limit="20")

    _post(client, f"{CONSOLE}runs/{launched[0]}/cancel")

    db.session.expire_all()
    assert db.session.get(SolverRun, launched[0]).status is RunStatus.CANCELLED


def test_console_of_an_event_one_does_not_organise_is_not_found(
    client: FlaskClient, app: Flask
) -> None:
    _signed_in(client, event_slug="other")

    assert client.get(CONSOLE).status_code == 404
    assert client.get("/organiser/events/other/schedule/").status_code == 200


def test_console_review_shows_the_grid_and_the_share(client: FlaskClient, app: Flask) -> None:
    scene = _signed_in(client)

    page = client.get(f"{CONSOLE}sessions/{scene.session.id}").get_data(as_text=True)

    ben, eva = scene.ben.full_name, scene.eva.full_name
    edit = f"/organiser/events/pic/schedule/meetings/{scene.ben_eva.id}"
    assert (
        f'<td><a href="{edit}">{ben} · {eva}</a> '
        '<span class="badge text-bg-warning">pinned</span></td>'
    ) in page
    assert "Fewest 1, median 1, most 2 over 3 participants with an accepted meeting." in page


def _move(client: FlaskClient, meeting, slot, table):
    """Submit the meeting's move form, pinning it at ``slot`` and ``table``."""
    url = f"{CONSOLE}meetings/{meeting.id}"
    return client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "slot": str(slot.id),
            "table": str(table.id),
            "pin": "y",
            "move": "Move",
        },
    )


def test_console_move_into_a_conflict_is_explained_beside_the_field(
    client: FlaskClient, app: Flask
) -> None:
    scene = _signed_in(client)
    first = scene.session.slots[0]

    response = _move(client, scene.ana_ben, first, scene.session.tables[0])

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Not available then: {scene.ana.full_name}." in page
    assert f'<option selected value="{first.id}">' in page
    db.session.expire_all()
    assert scene.ana_ben.slot_id is None


def test_console_move_pins_the_meeting_and_returns_to_the_grid(
    client: FlaskClient, app: Flask
) -> None:
    scene = _signed_in(client)
    third = scene.session.slots[2]

    response = _move(client, scene.ana_ben, third, scene.session.tables[0])

    assert response.headers["Location"] == f"{CONSOLE}sessions/{scene.session.id}"
    db.session.expire_all()
    assert (scene.ana_ben.slot_id, scene.ana_ben.pinned) == (third.id, True)


def test_console_capacity_check_names_who_has_more_meetings_than_free_slots(
    client: FlaskClient, app: Flask
) -> None:
    scene = _signed_in(client)
    for slot in scene.session.slots[1:]:
        db.session.add(Unavailability(participant_id=scene.ana.id, slot_id=slot.id))
    db.session.commit()

    page = client.get(CONSOLE).get_data(as_text=True)

    assert (
        "Capacity check: 2 meetings may go into this session (those not held in another one)."
    ) in page
    assert f"Not all of them can be held: {scene.ana.full_name} has 1 for 0 free slots." in page
    assert "The engine proves that at most <strong>1</strong> of them can be held" in page


def test_console_capacity_check_tells_how_many_tables_would_hold_every_meeting(
    client: FlaskClient, app: Flask
) -> None:
    scene = _signed_in(client)
    people = [make_participant(scene.event, status=ParticipantStatus.CONFIRMED) for _ in range(4)]
    for first, second in [(0, 1), (2, 3), (0, 2), (1, 3), (0, 3), (1, 2)]:
        make_meeting(scene.event, people[first], people[second])
    db.session.commit()

    page = _text(client.get(CONSOLE).get_data(as_text=True))

    assert (
        "3 slots \u00d7 2 tables = room for 6 meetings. Capacity check: 8 meetings may go into "
        "this session (those not held in another one). The engine proves that at most 6 of them "
        "can be held with its slots and tables. More tables would allow up to 8: holding them "
        "all takes at least 3 tables. Placed in the draft"
    ) in page


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_console_printables_show_the_published_schedule_not_the_draft(
    client: FlaskClient, app: Flask
) -> None:
    scene = _signed_in(client)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    db.session.flush()
    publish(db.session, scene.event)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[1])  # draft only
    db.session.commit()
    ana, ben, eva = scene.ana.full_name, scene.ben.full_name, scene.eva.full_name
    base = f"{CONSOLE}sessions/{scene.session.id}/print"

    tables = _text(client.get(f"{base}/tables").get_data(as_text=True))
    slots = _text(client.get(f"{base}/slots").get_data(as_text=True))
    agendas = _text(client.get(f"{CONSOLE}print/agendas").get_data(as_text=True))

    assert (
        "Table 1 Plant InterCluster 2027, B2B day 1 Time Meeting 14:00\u201314:20 free "
        f"14:20\u201314:40 free 14:40\u201315:00 {ana} · {ben}"
    ) in tables
    assert (
        f"Table 2 Plant InterCluster 2027, B2B day 1 Time Meeting 14:00\u201314:20 free "
        f"14:20\u201314:40 {ben} · {eva} 14:40\u201315:00 free" in tables
    )
    assert (
        f"Tue 9 Mar 14:40\u201315:00 Plant InterCluster 2027, B2B day 1 Table Meeting "
        f"Table 1 {ana} · {ben}" in slots
    )
    assert f"{ana} Plant InterCluster 2027." in agendas
    assert "14:40\u201315:00 B2B meeting with " + ben + " Table 1" in agendas
