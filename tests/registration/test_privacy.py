"""Withdrawal, erasure and the data export, through the operations directly."""

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.mail.delivery import deliver_pending
from scheduler.mail.outbox import queue_email
from scheduler.matchmaking.requests import accept, request_meeting
from scheduler.models import (
    AgendaItem,
    Consent,
    ConsentKind,
    DirectoryVisibility,
    Event,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    OutboxEmail,
    Participant,
    ParticipantStatus,
    Priority,
    RequestStatus,
    SignupStatus,
    Unavailability,
    utcnow,
)
from scheduler.registration import privacy, seats
from tests.attendees import mailbox
from tests.factories import (
    make_agenda_item,
    make_event,
    make_organisation,
    make_participant,
    make_session,
)


def _listed(event, **fields: object) -> Participant:
    return make_participant(
        event,
        status=ParticipantStatus.CONFIRMED,
        directory_visibility=DirectoryVisibility.PARTICIPANTS,
        **fields,
    )


@dataclass
class Scene:
    event: Event
    workshop: AgendaItem
    ana: Participant
    rui: Participant
    eva: Participant
    meeting: Meeting
    accepted: MeetingRequest
    pending: MeetingRequest


def _scene() -> Scene:
    """Ana holds the last workshop seat, Rui waits for it; Ana asked Rui (accepted, with a
    meeting) and Eva (pending)."""
    event = make_event()
    workshop = make_agenda_item(event, title="Biocontrol", capacity=1, requires_signup=True)
    ana = _listed(event, first_name="Ana", last_name="Silva", email="ana@example.org")
    rui = _listed(event, first_name="Rui", last_name="Costa", email="rui@example.org")
    eva = _listed(event, first_name="Eva", last_name="Lind", email="eva@example.org")
    ana.consents.append(Consent(kind=ConsentKind.PRIVACY_POLICY, text_version="2026-10"))
    seats.join_session(ana, workshop)
    seats.join_session(rui, workshop)
    accepted = request_meeting(ana, rui, "Robots", Priority.MUST_MEET, uid_domain="example.org")
    meeting = accept(accepted, rui, uid_domain="example.org")
    pending = request_meeting(ana, eva, "Drones", Priority.WOULD_LIKE, uid_domain="example.org")
    return Scene(event, workshop, ana, rui, eva, meeting, accepted, pending)


def test_privacy_withdraw_frees_seats_and_cancels_requests_and_meetings(app: Flask) -> None:
    scene = _scene()
    revision = scene.event.revision

    withdrawal = privacy.withdraw(scene.ana)

    db.session.expire_all()
    assert withdrawal.promoted == [(scene.rui, scene.workshop)]
    assert withdrawal.cancelled == [(scene.accepted, scene.rui), (scene.pending, scene.eva)]
    assert (
        scene.ana.status,
        scene.accepted.status,
        scene.pending.status,
        scene.meeting.status,
    ) == (
        ParticipantStatus.WITHDRAWN,
        RequestStatus.CANCELLED,
        RequestStatus.CANCELLED,
        MeetingStatus.CANCELLED,
    )
    assert [s.status for s in scene.rui.signups] == [SignupStatus.CONFIRMED]
    assert scene.event.revision > revision


def test_privacy_erase_removes_personal_data_and_ends_sessions(app: Flask) -> None:
    scene = _scene()
    scene.ana.phone = "+351 912 345 678"
    scene.ana.organisation = make_organisation(name="Douro Vineyard Robotics")
    session = make_session(scene.event)
    db.session.add(Unavailability(participant_id=scene.ana.id, slot_id=session.slots[0].id))
    nonce, epoch = scene.ana.access_nonce, scene.ana.session_epoch

    privacy.erase(scene.ana)

    db.session.expire_all()
    assert (
        scene.ana.full_name,
        scene.ana.email,
        scene.ana.phone,
        scene.ana.organisation,
        scene.ana.directory_visibility,
        scene.ana.is_active,
    ) == (
        "Deleted participant",
        f"deleted-{scene.ana.id}@invalid",
        "",
        None,
        DirectoryVisibility.NOBODY,
        False,
    )
    assert (
        scene.ana.access_nonce != nonce,
        scene.ana.session_epoch,
        scene.ana.unavailable_slots,
    ) == (
        True,
        epoch + 1,
        [],
    )
    assert [c.withdrawn_at is not None for c in scene.ana.consents] == [True]
    assert (scene.accepted.message, scene.pending.message) == ("", "")


def test_privacy_export_holds_profile_consents_sessions_and_requests(app: Flask) -> None:
    scene = _scene()

    data = privacy.export_data(scene.ana)

    assert data["event"] == {"name": scene.event.name, "slug": scene.event.slug}
    assert (data["participant"]["email"], data["participant"]["status"]) == (
        "ana@example.org",
        "confirmed",
    )
    assert [(c["kind"], c["text_version"], c["withdrawn_at"]) for c in data["consents"]] == [
        ("privacy_policy", "2026-10", None)
    ]
    assert data["sessions"] == [{"title": "Biocontrol", "status": "confirmed"}]
    assert [
        (r["direction"], r["with"], r["message"], r["status"]) for r in data["meeting_requests"]
    ] == [
        ("sent", "Rui Costa", "Robots", "accepted"),
        ("sent", "Eva Lind", "Drones", "pending"),
    ]


def test_privacy_withdraw_leaves_other_peoples_meetings_alone(app: Flask) -> None:
    scene = _scene()
    other = request_meeting(
        scene.rui, scene.eva, "Seeds", Priority.WOULD_LIKE, uid_domain="example.org"
    )
    theirs = accept(other, scene.eva, uid_domain="example.org")

    privacy.withdraw(scene.ana)

    db.session.expire_all()
    live = db.session.scalars(select(Meeting).where(Meeting.is_live)).all()
    assert live == [theirs]


def test_privacy_erase_deletes_the_emails_to_the_person(app: Flask) -> None:
    scene = _scene()
    to_ana = queue_email(recipient="Ana@Example.org", subject="Link", body_text="Hi Ana")
    to_ana.event_id = scene.event.id
    to_rui = queue_email(recipient="rui@example.org", subject="Link", body_text="Hi Rui")
    to_rui.event_id = scene.event.id
    db.session.flush()

    privacy.erase(scene.ana)

    remaining = db.session.scalars(select(OutboxEmail.recipient)).all()
    assert remaining == ["rui@example.org"]


def test_privacy_purge_erases_events_past_their_retention_once(
    app: Flask, runner: FlaskCliRunner
) -> None:
    today = utcnow().date()
    old_end, recent_end = today - timedelta(days=366), today - timedelta(days=364)
    old = make_event(start_date=old_end, end_date=old_end, retention_days=365)
    recent = make_event(start_date=recent_end, end_date=recent_end, retention_days=365)
    gone = [make_participant(old, email=f"old{n}@example.org") for n in range(2)]
    kept = make_participant(recent, email="recent@example.org")
    db.session.commit()

    first = runner.invoke(args=["privacy", "purge"])
    second = runner.invoke(args=["privacy", "purge"])

    assert first.output == "Erased 2 participant(s) whose event's retention period is over.\n"
    assert second.output == "Erased 0 participant(s) whose event's retention period is over.\n"
    db.session.expire_all()
    assert [p.email for p in gone] == [f"deleted-{p.id}@invalid" for p in gone]
    assert (kept.email, kept.anonymised_at) == ("recent@example.org", None)
    assert len(privacy.purge_expired(today=today + timedelta(days=2))) == 1  # its turn comes


def test_privacy_purge_deletes_the_mailbox_copies_of_their_emails(
    app: Flask, runner: FlaskCliRunner, mail_dir: object
) -> None:
    ended = utcnow().date() - timedelta(days=400)
    old = make_event(start_date=ended, end_date=ended, retention_days=365)
    make_participant(old, email="ana@example.org")
    for recipient in ("ana@example.org", "rui@example.org"):
        email = queue_email(recipient=recipient, subject="Link", body_text=f"Hi {recipient}")
        email.event_id = old.id if recipient.startswith("ana") else None
    db.session.commit()
    assert deliver_pending() == 2

    runner.invoke(args=["privacy", "purge"])

    assert [m["To"] for m in mailbox(app)] == ["rui@example.org"]


def test_privacy_purge_deletes_uploaded_lists_after_a_day(app: Flask) -> None:
    from scheduler.models import ImportBatch

    event = make_event()
    for name, age in (("old.csv", timedelta(days=1, minutes=1)), ("new.csv", timedelta(hours=2))):
        db.session.add(
            ImportBatch(
                event_id=event.id,
                token=name,
                filename=name,
                header=["email"],
                rows=[["ana@example.org"]],
                created_at=utcnow() - age,
            )
        )
    db.session.commit()

    privacy.purge_expired()

    assert db.session.scalars(select(ImportBatch.filename)).all() == ["new.csv"]
