"""The migrations build exactly the models' schema, and can be undone."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, inspect, text

from scheduler.extensions import db
from tests.conftest import empty_all_tables

# SQLite cannot reflect expression indexes, so autogenerate skips them there (with a warning);
# test_migrations_create_every_model_index checks them on both databases instead.
pytestmark = [
    pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression"),
    pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index"),
]


def _differences() -> list[object]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_upgrade_matches_models(app: Flask) -> None:
    assert _differences() == []


def test_migrations_create_every_model_table(app: Flask) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert tables == set(db.metadata.tables) | {"alembic_version"}


@pytest.mark.slow
def test_migrations_downgrade_to_base_then_upgrade_again(app: Flask) -> None:
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
    upgrade()
    assert _differences() == []


def _index_names_in_database() -> set[str]:
    """Index names as the database lists them, expression indexes included (SQLite's
    reflection skips those, so its catalogue is read directly)."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return set(db.session.execute(text(query)).scalars())


def test_migrations_create_every_model_index(app: Flask) -> None:
    declared = {index.name for table in db.metadata.tables.values() for index in table.indexes}
    assert declared - _index_names_in_database() == set()


@pytest.mark.slow
def test_migrations_upgrade_keeps_existing_rows(app: Flask) -> None:
    """Migrations that rebuild tables (SQLite batch mode) must not cascade-delete children."""
    db.session.remove()
    downgrade(revision="base")
    upgrade(revision="c2216ed0f2ae")
    with db.engine.begin() as connection:
        for statement in (
            "INSERT INTO event (id, slug, name, description, venue_name, address, timezone, "
            "start_date, end_date, status, sender_email, sender_name, auto_accept_requests, "
            "retention_days, revision, created_at) VALUES (1, 'e', 'E', '', '', '', "
            "'Europe/Paris', '2027-03-09', '2027-03-11', 'draft', '', '', false, 365, 0, "
            "'2026-11-01 00:00:00')",
            "INSERT INTO participant (id, event_id, first_name, last_name, email, phone, "
            "job_title, participant_type, offer_text, seek_text, directory_visibility, status, "
            "access_nonce, created_at, updated_at) VALUES (1, 1, 'A', 'B', 'a@example.org', '', "
            "'', 'delegate', '', '', 'nobody', 'confirmed', 'n', '2026-11-01 00:00:00', "
            "'2026-11-01 00:00:00')",
            "INSERT INTO consent (id, participant_id, kind, text_version, given_at) "
            "VALUES (1, 1, 'privacy_policy', 'v1', '2026-11-01 00:00:00')",
            "INSERT INTO outbox_email (id, event_id, recipient, subject, body_text, message_id, "
            "status, attempts, next_attempt_at, last_error, created_at) VALUES (1, 1, "
            "'a@example.org', 'S', 'B', '', 'pending', 0, '2026-11-01 00:00:00', '', "
            "'2026-11-01 00:00:00')",
            "INSERT INTO outbox_attachment (id, email_id, filename, content_type, data) "
            "VALUES (1, 1, 'a.ics', 'text/calendar', 'x')",
        ):
            connection.execute(text(statement))
    upgrade()
    counts = [
        db.session.scalar(text(f"SELECT count(*) FROM {table}"))
        for table in ("participant", "consent", "outbox_email", "outbox_attachment")
    ]
    db.session.commit()
    empty_all_tables()
    assert counts == [1, 1, 1, 1]
    assert _differences() == []


def test_migrations_create_every_check_constraint(app: Flask) -> None:
    """compare_metadata ignores CHECK constraints: compare their names directly."""
    inspector = inspect(db.engine)
    declared, found = set(), set()
    for table in db.metadata.tables.values():
        declared |= {c.name for c in table.constraints if isinstance(c, CheckConstraint) and c.name}
        found |= {c["name"] for c in inspector.get_check_constraints(table.name)}
    assert declared - found == set()


def test_migrations_create_slot_triggers(app: Flask) -> None:
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        expected = {
            "trg_meeting_participant_slot_insert",
            "trg_meeting_participant_slot_update",
            "trg_meeting_slot_follows",
        }
    else:
        query = "SELECT DISTINCT trigger_name FROM information_schema.triggers"
        expected = {"trg_meeting_participant_slot", "trg_meeting_slot_follows"}
    assert set(db.session.execute(text(query)).scalars()) == expected
