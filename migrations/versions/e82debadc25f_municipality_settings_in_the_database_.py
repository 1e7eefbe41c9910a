"""Municipality settings in the database, body order and councillors on bodies

Revision ID: e82debadc25f
Revises: 3b8e5f1c2a90
Create Date: 2026-12-07 21:11:20.423944

The municipality's own facts move from environment variables into one row the secretariat edits
in the app. An installation that already has users gets that row seeded from the variables it
ran with (MUNICIPALITY_NAME, ACCESSIBILITY_STATEMENT_URL, MUNICIPAL_CLOSING_DAYS, or their old
defaults), so nothing it showed changes; an empty database gets no row: `flask setup` makes it.
"""
import os
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


def _seed(conn, table):
    if conn.execute(sa.text("SELECT COUNT(*) FROM users")).scalar() == 0:
        return
    closing = os.environ.get("MUNICIPAL_CLOSING_DAYS", "12-24,12-31")
    days = [d.strip() for d in closing.split(",") if d.strip()]
    conn.execute(
        table.insert().values(
            id=1,
            name=os.environ.get("MUNICIPALITY_NAME", "Solbjerg Kommune"),
            web_url="",
            contact_email="",
            contact_phone="",
            accessibility_url=os.environ.get(
                "ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/"
            ),
            dpo_contact="",
            privacy_notice="",
            sender_name="",
            closing_days=days,
            logo_type="",
            updated_at=datetime.now(timezone.utc),
        )
    )


# revision identifiers, used by Alembic.
revision = 'e82debadc25f'
down_revision = '3b8e5f1c2a90'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('web_url', sa.String(length=300), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('accessibility_url', sa.String(length=300), nullable=False),
    sa.Column('dpo_contact', sa.Text(), nullable=False),
    sa.Column('privacy_notice', sa.Text(), nullable=False),
    sa.Column('sender_name', sa.String(length=120), nullable=False),
    sa.Column('closing_days', sa.JSON(), nullable=False),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=40), nullable=False),
    sa.Column('closing_days_saved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('mail_tested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_municipalities_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities'))
    )
    op.create_table('body_members',
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['political_bodies.id'], name=op.f('fk_body_members_body_id_political_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_body_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('body_id', 'user_id', name=op.f('pk_body_members'))
    )
    with op.batch_alter_table('political_bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), server_default='0', nullable=False))
    _seed(op.get_bind(), table)


def downgrade():
    with op.batch_alter_table('political_bodies', schema=None) as batch_op:
        batch_op.drop_column('position')

    op.drop_table('body_members')
    op.drop_table('municipalities')
