"""meeting slot and table in one session

Revision ID: 90b38f8f9062
Revises: 505c39dd46fd
Create Date: 2026-11-23 17:58:05.452449

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '90b38f8f9062'
down_revision = '505c39dd46fd'
branch_labels = None
depends_on = None


# SQLite's batch mode rebuilds the meeting table: its own trigger goes with it, and renaming the
# rebuilt table fails while meeting_participant's triggers name it. All three are dropped first
# and created again afterwards (the same statements as in 20261123_15dfa4272449).
MISMATCH = "meeting_participant.slot_id must equal meeting.slot_id"
SQLITE_TRIGGERS = {
    "trg_meeting_participant_slot_insert": f"""CREATE TRIGGER trg_meeting_participant_slot_insert
        BEFORE INSERT ON meeting_participant
        WHEN NEW.slot_id IS NOT (SELECT slot_id FROM meeting WHERE id = NEW.meeting_id)
        BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END""",
    "trg_meeting_participant_slot_update": f"""CREATE TRIGGER trg_meeting_participant_slot_update
        BEFORE UPDATE OF slot_id, meeting_id ON meeting_participant
        WHEN NEW.slot_id IS NOT (SELECT slot_id FROM meeting WHERE id = NEW.meeting_id)
        BEGIN SELECT RAISE(ABORT, '{MISMATCH}'); END""",
    "trg_meeting_slot_follows": """CREATE TRIGGER trg_meeting_slot_follows
        AFTER UPDATE OF slot_id ON meeting
        BEGIN
            UPDATE meeting_participant SET slot_id = NEW.slot_id
            WHERE meeting_id = NEW.id AND slot_id IS NOT NEW.slot_id;
        END""",
}


def _on_sqlite():
    return op.get_bind().dialect.name == 'sqlite'


def _drop_sqlite_triggers():
    if _on_sqlite():
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_sqlite_triggers():
    if _on_sqlite():
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def upgrade():
    _drop_sqlite_triggers()
    with op.batch_alter_table('b2b_slot', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_b2b_slot_id_session_id'), ['id', 'session_id'])
    with op.batch_alter_table('b2b_table', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_b2b_table_id_session_id'), ['id', 'session_id'])
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'session_id', sa.Integer(), nullable=True,
            comment="the slot's session, so that slot and table can be checked together",
        ))
    op.execute(
        "UPDATE meeting SET session_id = "
        "(SELECT session_id FROM b2b_slot WHERE b2b_slot.id = meeting.slot_id) "
        "WHERE slot_id IS NOT NULL"
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meeting_session_id_b2b_session'), 'b2b_session', ['session_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_meeting_slot_in_session', 'b2b_slot', ['slot_id', 'session_id'], ['id', 'session_id'])
        batch_op.create_foreign_key('fk_meeting_table_in_session', 'b2b_table', ['table_id', 'session_id'], ['id', 'session_id'])
        batch_op.create_check_constraint(
            'session_with_slot',
            "(slot_id IS NULL AND session_id IS NULL) "
            "OR (slot_id IS NOT NULL AND session_id IS NOT NULL)",
        )
    _create_sqlite_triggers()


def downgrade():
    _drop_sqlite_triggers()
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_meeting_session_with_slot'), type_='check')
        batch_op.drop_constraint('fk_meeting_table_in_session', type_='foreignkey')
        batch_op.drop_constraint('fk_meeting_slot_in_session', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_meeting_session_id_b2b_session'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_session_id'))
        batch_op.drop_column('session_id')
    with op.batch_alter_table('b2b_table', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_b2b_table_id_session_id'), type_='unique')
    with op.batch_alter_table('b2b_slot', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_b2b_slot_id_session_id'), type_='unique')
    _create_sqlite_triggers()
