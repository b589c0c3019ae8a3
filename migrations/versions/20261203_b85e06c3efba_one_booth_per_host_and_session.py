"""one booth per host and session

Revision ID: b85e06c3efba
Revises: a7d4e2c91b30
Create Date: 2026-12-03 11:23:35.235744

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b85e06c3efba'
down_revision = 'a7d4e2c91b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('b2b_table', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_b2b_table_session_id_reserved_for_id'), ['session_id', 'reserved_for_id'])


def downgrade():
    with op.batch_alter_table('b2b_table', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_b2b_table_session_id_reserved_for_id'), type_='unique')

