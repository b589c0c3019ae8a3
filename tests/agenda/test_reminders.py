"""Evening reminders: due from 18:00 at the venue on the eve of each event day, one email
per participant with something that day, never twice, sent by the hourly command."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from flask.testing import FlaskCliRunner

from scheduler.agenda.emails import queue_reminders
from scheduler.agenda.publish import publish
from scheduler.agenda.reminders import reminder_day
from scheduler.extensions import db
from scheduler.models import OutboxEmail, ParticipantStatus
from tests.agenda.scene import small_event
from tests.attendees import mailbox


def test_reminders_due_on_the_eve_of_each_event_day(app: Flask) -> None:
    event = small_event().event  # 9 to 11 March 2027, Europe/Paris (UTC+1 in March)

    assert [
        reminder_day(event, datetime(2027, 3, day, hour, minute, tzinfo=UTC))
        for day, hour, minute in [
            (8, 16, 59),  # 17:59 in Paris
            (8, 17, 0),  # 18:00
            (8, 22, 59),  # 23:59
            (9, 17, 30),
            (10, 17, 0),
            (11, 17, 0),  # the last day: nothing after it
        ]
    ] == [None, date(2027, 3, 9), date(2027, 3, 9), date(2027, 3, 10), date(2027, 3, 11), None]


def test_reminders_list_the_days_agenda_once(app: Flask) -> None:
    scene = small_event()
    scene.ana.last_name, scene.ben.last_name, scene.eva.last_name = "Silva", "Rossi", "Lind"
    scene.eva.status = ParticipantStatus.WITHDRAWN
    publish(db.session, scene.event)

    with app.test_request_context(base_url="https://meetings.example.org"):
        first = queue_reminders(db.session, scene.event, date(2027, 3, 9))
        again = queue_reminders(db.session, scene.event, date(2027, 3, 9))

    emails = db.session.query(OutboxEmail).order_by(OutboxEmail.id).all()
    # Ana meets only on day 2; Eva withdrew; Ben meets Eva at 14:20 (her withdrawal
    # cancels the meeting only when the organisers republish).
    assert (first, again, [e.recipient for e in emails]) == (1, 0, [scene.ben.email])
    body = emails[0].body_text.splitlines()
    assert emails[0].subject == "Tomorrow at Plant InterCluster 2027: your agenda"
    assert body[2] == (
        "Here is your agenda for tomorrow, Tuesday 9 March 2027, at Plant InterCluster 2027:"
    )
    assert body[4] == "- 14:20-14:40: B2B meeting with Eva Lind, Table 2"
    assert body[-3].startswith("https://meetings.example.org/events/pic/access/")


def test_reminders_command_sends_for_events_that_want_them(
    app: Flask, runner: FlaskCliRunner, mail_dir: object
) -> None:
    scene = small_event()
    publish(db.session, scene.event)  # Ben and Eva meet on day 1; Ana only on day 2
    db.session.commit()
    quiet = runner.invoke(args=["reminders", "send", "--at", "2027-03-08T17:30"])
    scene.event.send_reminders = True
    db.session.commit()

    sent = runner.invoke(args=["reminders", "send", "--at", "2027-03-08T17:30"])
    again = runner.invoke(args=["reminders", "send", "--at", "2027-03-08T18:30"])

    assert (quiet.output, sent.output, again.output) == (
        "Queued 0 reminder(s).\n",
        "Queued 2 reminder(s).\n",
        "Queued 0 reminder(s).\n",
    )
    assert sorted(m["To"] for m in mailbox(app)) == sorted([scene.ben.email, scene.eva.email])
