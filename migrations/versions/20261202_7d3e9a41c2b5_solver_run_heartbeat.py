"""solver run heartbeat and cancel request

Revision ID: 7d3e9a41c2b5
Revises: 90b38f8f9062
Create Date: 2026-12-02 13:50:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '7d3e9a41c2b5'
down_revision = '90b38f8f9062'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('solver_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'heartbeat_at', sa.DateTime(), nullable=True,
            comment='last sign of life of the process solving it',
        ))
        batch_op.add_column(sa.Column(
            'cancel_requested_at', sa.DateTime(), nullable=True,
            comment='an organiser asked to stop; the best schedule so far is kept',
        ))


def downgrade():
    with op.batch_alter_table('solver_run', schema=None) as batch_op:
        batch_op.drop_column('cancel_requested_at')
        batch_op.drop_column('heartbeat_at')
