"""Recommendations: the agenda that made one public (body, meeting date, agenda item)

Revision ID: d97c0b1fd255
Revises: 04910390d05e
Create Date: 2026-11-23 21:57:59.604343

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd97c0b1fd255'
down_revision = '04910390d05e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agenda_body_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('agenda_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agenda_reference', sa.String(length=120), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_recommendations_agenda_body_id_political_bodies'), 'political_bodies', ['agenda_body_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recommendations_agenda_body_id_political_bodies'), type_='foreignkey')
        batch_op.drop_column('agenda_reference')
        batch_op.drop_column('agenda_on')
        batch_op.drop_column('agenda_body_id')
