"""break and lunch agenda items

Revision ID: a7d4e2c91b30
Revises: f28742f17416
Create Date: 2026-12-03 11:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d4e2c91b30'
down_revision = 'f28742f17416'
branch_labels = None
depends_on = None


KIND_CHECK = 'ck_agenda_item_agenda_item_kind'
BREAKS_CHECK = 'ck_agenda_item_breaks_without_signup'
OLD_KINDS = ['plenary', 'workshop', 'site_visit', 'social']


def upgrade():
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(
            batch_op.f(KIND_CHECK), sa.column('kind').in_([*OLD_KINDS, 'break', 'lunch'])
        )
        batch_op.create_check_constraint(
            batch_op.f(BREAKS_CHECK), "NOT (kind IN ('break', 'lunch') AND requires_signup)"
        )


def downgrade():
    # The breaks and lunches become social moments: a plain kind the old schema knows.
    op.execute("UPDATE agenda_item SET kind = 'social' WHERE kind IN ('break', 'lunch')")
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(BREAKS_CHECK), type_='check')
        batch_op.drop_constraint(batch_op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(batch_op.f(KIND_CHECK), sa.column('kind').in_(OLD_KINDS))
