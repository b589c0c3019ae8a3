"""participant session epoch

Revision ID: 06ae15839cbb
Revises: c2216ed0f2ae
Create Date: 2026-11-23 16:58:34.306770

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '06ae15839cbb'
down_revision = 'c2216ed0f2ae'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'session_epoch', sa.Integer(), nullable=False, server_default='0',
            comment='bumped to end every browser session of the participant',
        ))
        batch_op.create_check_constraint(
            'session_epoch_not_negative', 'session_epoch >= 0'
        )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.alter_column('session_epoch', server_default=None)
    restore_expression_index()


def restore_expression_index():
    """SQLite's batch mode rebuilds the table from reflection, which cannot see expression
    indexes: put the case-insensitive email index back (a no-op where it survived)."""
    op.create_index(
        'uq_participant_event_email', 'participant', ['event_id', sa.text('lower(email)')],
        unique=True, if_not_exists=True,
    )


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_participant_session_epoch_not_negative'), type_='check')
        batch_op.drop_column('session_epoch')
    restore_expression_index()
