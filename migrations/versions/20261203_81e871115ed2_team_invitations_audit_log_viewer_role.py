"""team invitations, audit log, viewer role

Revision ID: 81e871115ed2
Revises: fdf4bf8a2375
Create Date: 2026-12-03 08:18:53.869762

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '81e871115ed2'
down_revision = 'fdf4bf8a2375'
branch_labels = None
depends_on = None


ROLE_CHECK = 'ck_event_role_event_role_kind'


def _role_check(values):
    with op.batch_alter_table('event_role', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(ROLE_CHECK), type_='check')
        batch_op.create_check_constraint(
            batch_op.f(ROLE_CHECK), sa.column('role').in_(values)
        )


def upgrade():
    _role_check(['owner', 'co_organiser', 'viewer'])
    op.create_table('team_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.Enum('owner', 'co_organiser', 'viewer', name='event_role_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=64), nullable=False, comment='carried by the link; single use'),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_team_invitation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['organiser_account.id'], name=op.f('fk_team_invitation_invited_by_id_organiser_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_invitation'))
    )
    with op.batch_alter_table('team_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitation_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_invitation_invited_by_id'), ['invited_by_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False, comment="the account's email at the time"),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['organiser_account.id'], name=op.f('fk_audit_entry_account_id_organiser_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_audit_entry_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_audit_entry_participant_id_participant'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_account_id'), ['account_id'], unique=False)
        batch_op.create_index('ix_audit_entry_event_created', ['event_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_participant_id'), ['participant_id'], unique=False)



def downgrade():
    op.execute("DELETE FROM event_role WHERE role = 'viewer'")
    op.execute("DELETE FROM team_invitation WHERE role = 'viewer'")
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_participant_id'))
        batch_op.drop_index('ix_audit_entry_event_created')
        batch_op.drop_index(batch_op.f('ix_audit_entry_account_id'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('team_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_invitation_invited_by_id'))
        batch_op.drop_index(batch_op.f('ix_team_invitation_event_id'))

    op.drop_table('team_invitation')
    _role_check(['owner', 'co_organiser'])
