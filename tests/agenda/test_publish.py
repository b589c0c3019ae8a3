"""Publishing the draft: what changes, SEQUENCE, refusals, and the emails."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from scheduler.agenda.emails import queue_agenda_emails
from scheduler.agenda.publish import ChangeKind, PublishRefused, publish
from scheduler.agenda.runs import start_run
from scheduler.extensions import db
from scheduler.models import OutboxEmail
from tests.agenda.scene import small_event
from tests.attendees import ready_event, registered
from tests.factories import make_meeting, make_participant


def _kinds(publication) -> list[tuple[int, ChangeKind, int]]:
    return [(c.meeting.id, c.kind, c.sequence) for c in publication.changes]


def _placed_scene():
    """The small event with Ana and Ben placed at 14:40 on table 1 in the draft."""
    scene = small_event()
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    db.session.flush()
    return scene


def test_publish_first_time_adds_every_placed_meeting(app: Flask) -> None:
    scene = _placed_scene()

    publication = publish(db.session, scene.event)

    assert _kinds(publication) == [
        (scene.ana_ben.id, ChangeKind.ADDED, 0),
        (scene.ana_eva.id, ChangeKind.ADDED, 0),
        (scene.ben_eva.id, ChangeKind.ADDED, 0),
    ]
    assert (scene.ana_ben.published.slot, scene.ana_ben.published.table) == (
        scene.session.slots[2],
        scene.session.tables[0],
    )
    assert [p.first_name for p in publication.people()] == ["Ana", "Ben", "Eva"]


def test_publish_again_without_changes_changes_nothing(app: Flask) -> None:
    scene = _placed_scene()
    publish(db.session, scene.event)

    assert _kinds(publish(db.session, scene.event)) == []


def test_publish_records_moves_and_removals_with_a_higher_sequence(app: Flask) -> None:
    scene = _placed_scene()
    publish(db.session, scene.event)
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[1])
    scene.ana_eva.cancel()
    db.session.flush()

    publication = publish(db.session, scene.event)

    assert _kinds(publication) == [
        (scene.ana_ben.id, ChangeKind.MOVED, 1),
        (scene.ana_eva.id, ChangeKind.REMOVED, 1),
    ]
    assert scene.ana_ben.published.table == scene.session.tables[1]
    assert scene.ana_eva.published is None
    assert [c.kind for c in publication.changes_of(scene.eva)] == [ChangeKind.REMOVED]


def test_publish_refused_while_a_run_is_going(app: Flask) -> None:
    scene = _placed_scene()
    start_run(db.session, scene.session)

    with pytest.raises(PublishRefused) as refusal:
        publish(db.session, scene.event)

    assert str(refusal.value) == (
        "A schedule is being computed for this event; publish when it has finished."
    )
    assert scene.ana_ben.published is None


def test_publish_emails_each_active_participant_their_agenda(app: Flask) -> None:
    scene = _placed_scene()
    scene.ana.last_name, scene.ben.last_name, scene.eva.last_name = "Silva", "Rossi", "Lind"
    publication = publish(db.session, scene.event)

    with app.test_request_context(base_url="https://meetings.example.org"):
        count = queue_agenda_emails(db.session, scene.event, publication)

    emails = db.session.query(OutboxEmail).order_by(OutboxEmail.id).all()
    assert (count, [e.recipient for e in emails]) == (
        3,
        [scene.ana.email, scene.ben.email, scene.eva.email],
    )
    body = emails[0].body_text.splitlines()
    assert body[:7] == [
        "Dear Ana,",
        "",
        "The organisers of Plant InterCluster 2027 have published the B2B meeting schedule.",
        "",
        "Your B2B meetings:",
        "- Tue 9 Mar 14:40-15:00, Table 1: Ben Rossi",
        "- Wed 10 Mar 14:00-14:20, Table 1: Eva Lind",
    ]
    assert body[8] == (
        "Each meeting that is new, moved or removed for you comes with a calendar invitation "
        "attached: open it to add, move or remove the meeting in your calendar."
    )
    assert body[10].startswith("Times are local time at the venue (Europe/Paris).")
    assert body[11].startswith("https://meetings.example.org/events/pic/access/")


def test_publish_command_publishes_and_emails(
    app: Flask, runner: FlaskCliRunner, mail_dir: object
) -> None:
    _placed_scene()
    db.session.commit()

    first = runner.invoke(args=["schedule", "publish", "pic"])
    again = runner.invoke(args=["schedule", "publish", "pic"])

    assert (first.exit_code, first.output) == (
        0,
        "Published Plant InterCluster 2027: 3 added, 0 moved, 0 removed; "
        "3 participant(s) emailed.\n",
    )
    assert again.output == (
        "Published Plant InterCluster 2027: 0 added, 0 moved, 0 removed; "
        "0 participant(s) emailed.\n"
    )
    assert len(list(mail_dir.glob("*.eml"))) == 3


def test_publish_portal_shows_the_published_time_not_the_draft(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org")
    ben = make_participant(ana.event, first_name="Ben", last_name="Rossi")
    session = ana.event.b2b_sessions[0]
    meeting = make_meeting(ana.event, ana, ben)
    meeting.place(session.slots[1], session.tables[0])
    db.session.commit()

    draft_only = client.get("/events/pic/me").get_data(as_text=True)
    publish(db.session, ana.event)
    meeting.place(session.slots[2], session.tables[0])  # a new draft, not published
    db.session.commit()
    published = client.get("/events/pic/me").get_data(as_text=True)

    assert "Not scheduled yet" in draft_only
    assert "Tue 9 Mar 14:20, Table 1" in published
    assert "Tue 9 Mar 14:40" not in published


def test_publish_agenda_page_lists_the_day_in_time_order(
    app: Flask, client: FlaskClient, mail_dir: object
) -> None:
    ready_event()
    ana = registered(app, client, "ana@example.org", signups=[])
    ben = make_participant(ana.event, first_name="Ben", last_name="Rossi")
    session = ana.event.b2b_sessions[0]
    make_meeting(ana.event, ana, ben).place(session.slots[1], session.tables[0])
    unpublished = make_meeting(ana.event, ana, make_participant(ana.event, first_name="Eva"))
    publish(db.session, ana.event)
    unpublished.place(session.slots[2], session.tables[1])  # drafted after the publication
    db.session.commit()

    page = client.get("/events/pic/me/agenda").get_data(as_text=True)

    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr[^>]*>\s*<td.*?</tr>", page, flags=re.S)
    ]
    assert "Tuesday 9 March 2027" in page
    assert rows == [
        "09:00\u201310:00 Opening plenary",
        "14:20\u201314:40 B2B meeting with Ben Rossi "
        "Add to my calendar : the meeting at 14:20 Table 1",
    ]
