"""published placements

Revision ID: d1878114f1ba
Revises: 7d3e9a41c2b5
Create Date: 2026-12-02 13:44:03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1878114f1ba'
down_revision = '7d3e9a41c2b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('published_placement',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_published_placement_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['b2b_slot.id'], name=op.f('fk_published_placement_slot_id_b2b_slot'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['table_id'], ['b2b_table.id'], name=op.f('fk_published_placement_table_id_b2b_table'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('meeting_id', name=op.f('pk_published_placement'))
    )
    with op.batch_alter_table('published_placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_placement_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_published_placement_table_id'), ['table_id'], unique=False)



def downgrade():
    with op.batch_alter_table('published_placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_published_placement_table_id'))
        batch_op.drop_index(batch_op.f('ix_published_placement_slot_id'))

    op.drop_table('published_placement')
