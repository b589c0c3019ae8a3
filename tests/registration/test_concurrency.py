"""Concurrent submissions with real commits, one connection per request: capacity is never
exceeded and one email keeps one registration."""

import threading
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import AgendaItem, Participant, SessionSignup, SignupStatus
from tests.attendees import ready_event, registered, registration_data
from tests.conftest import ON_POSTGRES
from tests.web import csrf_token, post_form

THREADS = 20

pytestmark = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite has a single writer: concurrent writers may be told 'database is locked'; "
    "concurrency is proven on PostgreSQL (TEST_DATABASE_URL), the production database",
)


def _all_at_once(app: Flask, submit: Callable[[int, object], int]) -> list[int]:
    """Prepare one client per thread (each with its CSRF token), then release them together."""
    clients = [app.test_client() for _ in range(THREADS)]
    tokens = [csrf_token(c, "/events/pic/register") for c in clients]
    return _together([lambda i=i: submit(i, clients[i].post, tokens[i]) for i in range(THREADS)])


@pytest.mark.slow
def test_concurrent_signups_never_exceed_capacity(app: Flask, mail_dir: object) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    workshop.capacity = 5
    db.session.commit()
    workshop_id = str(workshop.id)

    def submit(index: int, post, token: str) -> int:
        data = registration_data(f"p{index}@example.org", signups=[workshop_id])
        return post("/events/pic/register", data={**data, "csrf_token": token}).status_code

    codes = _all_at_once(app, submit)
    db.session.expire_all()
    statuses = db.session.execute(
        select(SessionSignup.status, func.count()).group_by(SessionSignup.status)
    ).all()
    assert codes == [302] * THREADS
    assert dict(statuses) == {SignupStatus.CONFIRMED: 5, SignupStatus.WAITLISTED: 15}
    assert db.session.get(AgendaItem, workshop.id).seats_taken == 5


@pytest.mark.slow
def test_concurrent_same_email_keeps_one_registration(app: Flask, mail_dir: object) -> None:
    ready_event()

    def submit(index: int, post, token: str) -> int:
        data = registration_data("same@example.org", first_name=f"Try{index}")
        return post("/events/pic/register", data={**data, "csrf_token": token}).status_code

    codes = _all_at_once(app, submit)
    count = db.session.scalar(select(func.count()).select_from(Participant))
    assert (codes, count) == ([302] * THREADS, 1)


def _together(calls: list[Callable[[], int]]) -> list[int]:
    barrier = threading.Barrier(len(calls))
    codes = [0] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        codes[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return codes


def test_concurrent_double_leave_frees_one_seat(app: Flask, mail_dir: object) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    item_id = workshop.id
    ana = app.test_client()
    registered(app, ana, "ana@example.org", signups=[str(item_id)])
    registered(app, app.test_client(), "ben@example.org", signups=[str(item_id)])
    tokens = [csrf_token(ana, "/events/pic/me/sessions") for _ in range(4)]
    url = f"/events/pic/me/sessions/{item_id}/leave"
    codes = _together(
        [
            lambda token=token: ana.post(url, data={"csrf_token": token}).status_code
            for token in tokens
        ]
    )
    db.session.expire_all()
    assert (codes, db.session.get(AgendaItem, item_id).seats_taken) == ([302] * 4, 1)


def test_concurrent_double_accept_makes_one_meeting(app: Flask, mail_dir: object) -> None:
    from scheduler.models import Meeting, MeetingRequest

    ready_event()
    ana, ben = app.test_client(), app.test_client()
    registered(app, ana, "ana@example.org")
    ben_row = registered(app, ben, "ben@example.org", first_name="Ben")
    post_form(ana, f"/events/pic/participants/{ben_row.id}", {"message": "Hi", "priority": "2"})
    request_id = db.session.scalar(select(MeetingRequest.id))
    tokens = [csrf_token(ben, "/events/pic/me") for _ in range(4)]
    url = f"/events/pic/me/requests/{request_id}/accept"
    codes = _together(
        [
            lambda token=token: ben.post(url, data={"csrf_token": token}).status_code
            for token in tokens
        ]
    )
    assert (codes, db.session.scalar(select(func.count()).select_from(Meeting))) == ([302] * 4, 1)


@pytest.mark.slow
def test_concurrent_requests_never_exceed_quota(app: Flask, mail_dir: object) -> None:
    from scheduler.models import MeetingRequest

    ready_event(meeting_request_quota=1)
    ana = app.test_client()
    registered(app, ana, "ana@example.org")
    others = [
        registered(app, app.test_client(), f"p{n}@example.org", first_name=f"P{n}").id
        for n in range(4)
    ]
    tokens = [csrf_token(ana, "/events/pic/me") for _ in others]
    codes = _together(
        [
            lambda target=target, token=token: (
                ana.post(
                    f"/events/pic/participants/{target}",
                    data={"csrf_token": token, "message": "Hello", "priority": "2"},
                ).status_code
            )
            for target, token in zip(others, tokens, strict=True)
        ]
    )
    sent = db.session.scalar(select(func.count()).select_from(MeetingRequest))
    assert (sorted(codes), sent) == ([200, 200, 200, 302], 1)
