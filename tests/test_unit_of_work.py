"""One unit of work per request: commit when the view succeeded, roll back otherwise, and
deliver the queued emails only after the commit. Probed through views of a second app on the
same database, as a real server would run them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Blueprint, Flask, abort
from sqlalchemy import select, text

from scheduler.extensions import db
from scheduler.mail.outbox import queue_email
from scheduler.models import OutboxEmail, OutboxStatus, Sector
from scheduler.unit_of_work import discard
from tests.conftest import ON_POSTGRES, make_app


def _write(slug: str) -> None:
    db.session.add(Sector(slug=slug, label=slug.capitalize()))
    db.session.flush()
    queue_email(recipient=f"{slug}@example.org", subject=f"About {slug}", body_text="Hello")


def _probes() -> Blueprint:
    probes = Blueprint("probes", __name__, url_prefix="/probe")

    @probes.route("/answer/<int:status>")
    def answer(status: int) -> tuple[str, int]:
        _write(f"answered-{status}")
        return "done", status

    @probes.route("/abort")
    def aborts() -> str:
        _write("aborted")
        abort(404)

    @probes.route("/crash")
    def crashes() -> str:
        _write("crashed")
        raise RuntimeError("a bug in the view")

    @probes.route("/refusal")
    def refusal() -> str:
        _write("refused")
        discard()
        _write("after-refusal")
        return "refused, then done"

    @probes.route("/bad-commit")
    def bad_commit() -> str:
        _write("duplicate")
        db.session.add(Sector(slug="duplicate", label="Twice"))  # refused at commit
        return "cannot be committed"

    @probes.route("/connection-cut")
    def connection_cut() -> tuple[str, int]:
        _write("cut")
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with db.engine.connect() as other:  # as a database restart does to this request's
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "refused", 409  # rolled back: the first use of the cut connection

    return probes


@pytest.fixture
def probe_app(app: Flask, database_url: str, instance_path: Path) -> Iterator[Flask]:
    """A second app on the test database with the probe views (the shared app has served
    requests already, so no view can be added to it)."""
    other = make_app(database_url, instance_path, PROPAGATE_EXCEPTIONS=False)
    other.register_blueprint(_probes())
    yield other
    with other.app_context():
        db.engine.dispose()


def _stored() -> tuple[list[str], list[tuple[str, OutboxStatus]]]:
    db.session.expire_all()
    sectors = db.session.scalars(select(Sector.slug).order_by(Sector.slug)).all()
    emails = db.session.execute(
        select(OutboxEmail.recipient, OutboxEmail.status).order_by(OutboxEmail.id)
    ).all()
    return list(sectors), [tuple(row) for row in emails]


def _delivered(mail_dir: Path) -> list[str]:
    return sorted(
        line.removeprefix("To: ")
        for path in mail_dir.glob("*.eml")
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )


@pytest.mark.parametrize("status", [200, 302])
def test_unit_of_work_commits_a_successful_view_then_sends_its_email(
    probe_app: Flask, mail_dir: Path, status: int
) -> None:
    response = probe_app.test_client().get(f"/probe/answer/{status}")

    assert response.status_code == status
    assert _stored() == (
        [f"answered-{status}"],
        [(f"answered-{status}@example.org", OutboxStatus.SENT)],
    )
    assert _delivered(mail_dir) == [f"answered-{status}@example.org"]


@pytest.mark.parametrize("status", [400, 403, 409, 500])
def test_unit_of_work_rolls_back_a_view_that_answers_an_error(
    probe_app: Flask, mail_dir: Path, status: int
) -> None:
    response = probe_app.test_client().get(f"/probe/answer/{status}")

    assert response.status_code == status
    assert _stored() == ([], [])
    assert _delivered(mail_dir) == []


def test_unit_of_work_rolls_back_an_aborted_view(probe_app: Flask, mail_dir: Path) -> None:
    response = probe_app.test_client().get("/probe/abort")

    assert response.status_code == 404
    assert _stored() == ([], [])
    assert _delivered(mail_dir) == []


def test_unit_of_work_rolls_back_a_crashing_view(probe_app: Flask, mail_dir: Path) -> None:
    response = probe_app.test_client().get("/probe/crash")

    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert _stored() == ([], [])
    assert _delivered(mail_dir) == []


def test_unit_of_work_discard_drops_the_refused_changes_and_their_emails(
    probe_app: Flask, mail_dir: Path
) -> None:
    response = probe_app.test_client().get("/probe/refusal")

    assert response.status_code == 200
    assert _stored() == (
        ["after-refusal"],
        [("after-refusal@example.org", OutboxStatus.SENT)],
    )
    assert _delivered(mail_dir) == ["after-refusal@example.org"]


def test_unit_of_work_failed_commit_shows_the_error_page_and_sends_nothing(
    probe_app: Flask, mail_dir: Path
) -> None:
    response = probe_app.test_client().get("/probe/bad-commit")

    assert response.status_code == 500
    assert _stored() == ([], [])
    assert _delivered(mail_dir) == []


def test_unit_of_work_keeps_emails_queued_when_inline_sending_is_off(
    app: Flask, database_url: str, instance_path: Path, mail_dir: Path
) -> None:
    other = make_app(database_url, instance_path, MAIL_SEND_INLINE=False)
    other.register_blueprint(_probes())
    try:
        response = other.test_client().get("/probe/answer/200")
    finally:
        with other.app_context():
            db.engine.dispose()

    assert response.status_code == 200
    assert _stored() == (["answered-200"], [("answered-200@example.org", OutboxStatus.PENDING)])
    assert _delivered(mail_dir) == []


@pytest.mark.skipif(not ON_POSTGRES, reason="cuts a PostgreSQL connection")
def test_unit_of_work_rollback_on_a_cut_connection_still_answers_and_keeps_nothing(
    probe_app: Flask, mail_dir: Path
) -> None:
    client = probe_app.test_client()

    response = client.get("/probe/connection-cut")  # its rollback fails

    assert (response.status_code, response.get_data(as_text=True)) == (409, "refused")
    assert client.get("/probe/answer/200").status_code == 200  # the next request is served
    assert _stored() == (["answered-200"], [("answered-200@example.org", OutboxStatus.SENT)])
    assert _delivered(mail_dir) == ["answered-200@example.org"]
