"""The migrations build exactly the models' schema, and can be undone."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from scheduler.extensions import db

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
