"""event reminders

Revision ID: 0b4b2304de80
Revises: 1d7b017003f3
Create Date: 2026-12-03 07:48:40

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0b4b2304de80'
down_revision = '1d7b017003f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('send_reminders', sa.Boolean(), server_default=sa.false(), nullable=False, comment="email each participant the next day's agenda the evening before"))



def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('send_reminders')

