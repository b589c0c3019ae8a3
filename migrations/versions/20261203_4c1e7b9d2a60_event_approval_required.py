"""event approval required

Revision ID: 4c1e7b9d2a60
Revises: 8f2c5d7a9e14
Create Date: 2026-12-03 08:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c1e7b9d2a60'
down_revision = '8f2c5d7a9e14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_required', sa.Boolean(), server_default=sa.false(), nullable=False, comment='new registrations wait for an organiser to approve them'))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('approval_required')
