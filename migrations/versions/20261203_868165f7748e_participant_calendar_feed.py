"""participant calendar feed

Revision ID: 868165f7748e
Revises: cae361dcd49d
Create Date: 2026-12-03 07:31:48

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '868165f7748e'
down_revision = 'cae361dcd49d'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTERs, not a batch: on SQLite a batch rebuilds the table and would drop the
    # expression index on lower(email).
    op.add_column('participant', sa.Column('calendar_token', sa.String(length=64), nullable=True, comment='secret of the personal calendar feed; replaced to revoke'))
    op.add_column('participant', sa.Column('calendar_etag', sa.String(length=64), nullable=False, server_default='', comment="digest of the feed's content when last served"))
    op.add_column('participant', sa.Column('calendar_changed_at', sa.DateTime(), nullable=True, comment="when the feed's content last changed"))
    op.create_index('uq_participant_calendar_token', 'participant', ['calendar_token'], unique=True)


def downgrade():
    op.drop_index('uq_participant_calendar_token', table_name='participant')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('calendar_changed_at')
        batch_op.drop_column('calendar_etag')
        batch_op.drop_column('calendar_token')
    # A batch rebuilds the table on SQLite, without the expression index: put it back.
    op.execute(
        'CREATE UNIQUE INDEX IF NOT EXISTS uq_participant_event_email '
        'ON participant (event_id, lower(email))'
    )
