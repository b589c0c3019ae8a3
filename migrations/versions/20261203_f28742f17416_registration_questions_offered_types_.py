"""registration questions, offered types, event content in French

Revision ID: f28742f17416
Revises: 5b0c7e21a9d4
Create Date: 2026-12-03 11:02:08.756410

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f28742f17416'
down_revision = '5b0c7e21a9d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offered_participant_type',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_type', sa.Enum('delegate', 'cluster_manager', 'speaker', 'exhibitor', 'organiser_staff', 'press', name='participant_type', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_offered_participant_type_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'participant_type', name=op.f('pk_offered_participant_type'))
    )
    op.create_table('registration_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='order on the form, from 1'),
    sa.Column('kind', sa.Enum('text', 'choice', 'yes_no', name='question_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('label_en', sa.String(length=300), nullable=False),
    sa.Column('label_fr', sa.String(length=300), nullable=False),
    sa.Column('options_en', sa.Text(), nullable=False, comment="a choice question's options, one a line"),
    sa.Column('options_fr', sa.Text(), nullable=False, comment='the same options in French, line for line'),
    sa.Column('required', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("kind <> 'choice' OR options_en <> '' OR options_fr <> ''", name=op.f('ck_registration_question_choice_has_options')),
    sa.CheckConstraint("label_en <> '' OR label_fr <> ''", name=op.f('ck_registration_question_label_given')),
    sa.CheckConstraint('position > 0', name=op.f('ck_registration_question_position_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_registration_question_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_question')),
    sa.UniqueConstraint('event_id', 'position', name=op.f('uq_registration_question_event_id_position')),
    sa.UniqueConstraint('id', 'event_id', name=op.f('uq_registration_question_id_event_id'))
    )
    op.create_table('registration_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.CheckConstraint("value <> ''", name=op.f('ck_registration_answer_value_given')),
    sa.ForeignKeyConstraint(['participant_id', 'event_id'], ['participant.id', 'participant.event_id'], name=op.f('fk_registration_answer_participant_id_event_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id', 'event_id'], ['registration_question.id', 'registration_question.event_id'], name=op.f('fk_registration_answer_question_id_event_id_registration_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_answer')),
    sa.UniqueConstraint('participant_id', 'question_id', name=op.f('uq_registration_answer_participant_id_question_id'))
    )
    op.create_index(op.f('ix_registration_answer_participant_id'), 'registration_answer', ['participant_id'], unique=False)
    op.create_index(op.f('ix_registration_answer_question_id'), 'registration_answer', ['question_id'], unique=False)
    # Existing texts stay in their columns as the English ones; the French ones start empty.
    op.add_column('agenda_item', sa.Column('title_fr', sa.String(length=200), server_default='', nullable=False))
    op.add_column('agenda_item', sa.Column('description_fr', sa.Text(), server_default='', nullable=False))
    op.add_column('b2b_session', sa.Column('name_fr', sa.String(length=120), server_default='', nullable=False))
    op.add_column('event', sa.Column('description_fr', sa.Text(), server_default='', nullable=False))
    op.add_column('event', sa.Column('directory_listed_by_default', sa.Boolean(), server_default=sa.false(), nullable=False, comment='the registration form proposes a listing for the other participants'))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('directory_listed_by_default')
        batch_op.drop_column('description_fr')

    with op.batch_alter_table('b2b_session', schema=None) as batch_op:
        batch_op.drop_column('name_fr')

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_column('description_fr')
        batch_op.drop_column('title_fr')

    op.drop_index(op.f('ix_registration_answer_question_id'), table_name='registration_answer')
    op.drop_index(op.f('ix_registration_answer_participant_id'), table_name='registration_answer')
    op.drop_table('registration_answer')
    op.drop_table('registration_question')
    op.drop_table('offered_participant_type')
