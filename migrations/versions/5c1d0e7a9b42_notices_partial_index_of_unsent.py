"""Notices: a partial index of the not-yet-delivered notices, for the sweep

Revision ID: 5c1d0e7a9b42
Revises: 2ffce665e24a
Create Date: 2026-11-23 15:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d0e7a9b42'
down_revision = '2ffce665e24a'
branch_labels = None
depends_on = None

UNSENT = "status IN ('pending', 'sending')"


def upgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(
            'ix_notices_unsent_due',
            ['due_at'],
            unique=False,
            sqlite_where=sa.text(UNSENT),
            postgresql_where=sa.text(UNSENT),
        )


def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index('ix_notices_unsent_due')
