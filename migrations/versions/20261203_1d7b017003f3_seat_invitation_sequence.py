"""seat invitation sequence

Revision ID: 1d7b017003f3
Revises: 868165f7748e
Create Date: 2026-12-03 07:36:44

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1d7b017003f3'
down_revision = '868165f7748e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('session_signup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False, comment='raised with each seat invitation or cancellation sent to the participant'))



def downgrade():
    with op.batch_alter_table('session_signup', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')

