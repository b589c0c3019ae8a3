"""languages: the event's default language and each participant's

Revision ID: 5b0c7e21a9d4
Revises: 81e871115ed2
Create Date: 2026-12-03 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b0c7e21a9d4'
down_revision = '81e871115ed2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTERs, not a batch: on SQLite a batch rebuilds the table and would drop the
    # expression index on lower(participant.email).
    op.add_column('event', sa.Column('default_language', sa.String(length=8), nullable=False, server_default='en', comment='language of the pages when neither the person nor the browser chose one'))
    op.add_column('participant', sa.Column('language', sa.String(length=8), nullable=False, server_default='en', comment='language of the emails and invitations sent to them'))


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('default_language')
    # A batch rebuilds the table on SQLite, without the expression index: put it back.
    op.execute(
        'CREATE UNIQUE INDEX IF NOT EXISTS uq_participant_event_email '
        'ON participant (event_id, lower(email))'
    )
