"""outbox email ids never reused (SQLite AUTOINCREMENT)

Revision ID: e5a7c2d9f314
Revises: c3d9a1f0b7e2
Create Date: 2026-12-04 21:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5a7c2d9f314'
down_revision = 'c3d9a1f0b7e2'
branch_labels = None
depends_on = None


def _autoincrement(on: bool) -> None:
    # PostgreSQL's sequences never give an id twice; SQLite reuses the highest deleted one
    # unless the table is created with AUTOINCREMENT, so the table is rebuilt with it.
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        'outbox_email', recreate='always', table_kwargs={'sqlite_autoincrement': on}
    ):
        pass


def upgrade():
    _autoincrement(True)


def downgrade():
    _autoincrement(False)
