"""requests link participants of their own event

Revision ID: 505c39dd46fd
Revises: 15dfa4272449
Create Date: 2026-11-23 17:29:18.510581

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '505c39dd46fd'
down_revision = '15dfa4272449'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_participant_id_event_id'), ['id', 'event_id'])
    with op.batch_alter_table('meeting_request', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_meeting_request_requester_same_event', 'participant', ['requester_id', 'event_id'], ['id', 'event_id'], ondelete='CASCADE')
        batch_op.create_foreign_key('fk_meeting_request_recipient_same_event', 'participant', ['recipient_id', 'event_id'], ['id', 'event_id'], ondelete='CASCADE')
    restore_indexes()


def downgrade():
    with op.batch_alter_table('meeting_request', schema=None) as batch_op:
        batch_op.drop_constraint('fk_meeting_request_recipient_same_event', type_='foreignkey')
        batch_op.drop_constraint('fk_meeting_request_requester_same_event', type_='foreignkey')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_participant_id_event_id'), type_='unique')
    restore_indexes()


def restore_indexes():
    """SQLite's batch mode rebuilds both tables from reflection, which cannot see expression
    indexes: put them back (no-ops where they survived)."""
    op.create_index(
        'uq_participant_event_email', 'participant', ['event_id', sa.text('lower(email)')],
        unique=True, if_not_exists=True,
    )
    op.create_index(
        'uq_meeting_request_pending_pair', 'meeting_request', ['event_id', 'pair_key'],
        unique=True, if_not_exists=True,
        sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"),
    )
