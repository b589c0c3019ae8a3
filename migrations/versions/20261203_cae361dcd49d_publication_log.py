"""publication log

Revision ID: cae361dcd49d
Revises: d1878114f1ba
Create Date: 2026-12-03 07:22:48

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cae361dcd49d'
down_revision = 'd1878114f1ba'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publication_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('emails_queued_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_publication_log_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_log'))
    )
    with op.batch_alter_table('publication_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_log_event_id'), ['event_id'], unique=False)

    op.create_table('publication_change',
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('added', 'moved', 'removed', name='change_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_publication_change_sequence_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_publication_change_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publication_log.id'], name=op.f('fk_publication_change_publication_id_publication_log'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['b2b_slot.id'], name=op.f('fk_publication_change_slot_id_b2b_slot'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['b2b_table.id'], name=op.f('fk_publication_change_table_id_b2b_table'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('publication_id', 'meeting_id', name=op.f('pk_publication_change'))
    )
    with op.batch_alter_table('publication_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_change_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_change_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_change_table_id'), ['table_id'], unique=False)



def downgrade():
    with op.batch_alter_table('publication_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_change_table_id'))
        batch_op.drop_index(batch_op.f('ix_publication_change_slot_id'))
        batch_op.drop_index(batch_op.f('ix_publication_change_meeting_id'))

    op.drop_table('publication_change')
    with op.batch_alter_table('publication_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_log_event_id'))

    op.drop_table('publication_log')
