"""participant search text, generated for the directory's search

Revision ID: c3d9a1f0b7e2
Revises: b85e06c3efba
Create Date: 2026-12-04 15:58:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d9a1f0b7e2'
down_revision = 'b85e06c3efba'
branch_labels = None
depends_on = None

# As scheduler.models.people.SEARCH_TEXT on the day of this migration.
SEARCH_TEXT = "lower(first_name || ' ' || last_name || '\n' || job_title || '\n' || offer_text || '\n' || seek_text)"


def upgrade():
    # PostgreSQL stores generated columns; SQLite can add only a virtual one to a table.
    stored = op.get_bind().dialect.name != "sqlite"
    op.add_column(
        'participant',
        sa.Column(
            'search_text',
            sa.Text(),
            sa.Computed(SEARCH_TEXT, persisted=stored),
            nullable=True,
            comment="lower-cased names, job title, offer and seek, for the directory's search",
        ),
    )


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('search_text')
