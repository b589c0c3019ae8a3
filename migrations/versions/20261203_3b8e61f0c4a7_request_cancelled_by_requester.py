"""meeting request: cancelled by the requester

Revision ID: 3b8e61f0c4a7
Revises: 0b4b2304de80
Create Date: 2026-12-03 07:50:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '3b8e61f0c4a7'
down_revision = '0b4b2304de80'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'cancelled_by_requester', sa.Boolean(), nullable=False, server_default=sa.false(),
            comment='cancelled by the one who asked: counts against their quota',
        ))


def downgrade():
    with op.batch_alter_table('meeting_request', schema=None) as batch_op:
        batch_op.drop_column('cancelled_by_requester')
