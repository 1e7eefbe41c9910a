"""Link secrets: a random value per account and per application, bound into signed links

Revision ID: 3b8e5f1c2a90
Revises: d97c0b1fd255
Create Date: 2026-12-07 21:40:00

Each row gets its own random value (a shared server default would defeat the purpose), so the
column is added nullable, filled row by row, then made NOT NULL. Links sent before this
revision (invitations, password resets, application confirmation and withdrawal links) stop
working: they were signed without the value, and accepting them would keep the hole open.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8e5f1c2a90'
down_revision = 'd97c0b1fd255'
branch_labels = None
depends_on = None

TABLES = ('users', 'applications')


def upgrade():
    conn = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('link_secret', sa.String(length=64), nullable=True))
        t = sa.table(table, sa.column('id', sa.Integer), sa.column('link_secret', sa.String))
        ids = conn.execute(sa.select(t.c.id)).scalars().all()
        for row_id in ids:
            conn.execute(
                t.update().where(t.c.id == row_id).values(link_secret=secrets.token_urlsafe(24))
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('link_secret', existing_type=sa.String(length=64), nullable=False)


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('link_secret')
