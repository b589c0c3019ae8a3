"""organisation names not unique

Revision ID: 8f2c5d7a9e14
Revises: 3b8e61f0c4a7
Create Date: 2026-12-03 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '8f2c5d7a9e14'
down_revision = '3b8e61f0c4a7'
branch_labels = None
depends_on = None


def upgrade():
    # A typed name no longer joins an organisation the registrant cannot see in the list:
    # two organisations may share a name and country.
    op.drop_index('uq_organisation_name_country', table_name='organisation')


def downgrade():
    # Fails if two organisations now share a name and country: merge them first.
    op.create_index(
        'uq_organisation_name_country', 'organisation', [sa.text('lower(name)'), 'country'],
        unique=True,
    )
