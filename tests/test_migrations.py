"""The migrations build exactly the schema the models describe (SQLite here, PostgreSQL in CI)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from committees.extensions import MIGRATE_OPTIONS


def _differences(db) -> list:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": MIGRATE_OPTIONS["render_item"]}
        )
        return compare_metadata(ctx, db.metadata)


def test_upgrade_from_empty_matches_the_models(app, db):
    db.drop_all()
    with db.engine.begin() as conn:  # drop_all leaves Alembic's own table: start from nothing
        conn.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    assert _differences(db) == []
    # The newest revision goes down and up again (a release can be rolled back and forward).
    downgrade(revision="-1")
    assert _differences(db) != []
    upgrade()
    assert _differences(db) == []
    downgrade(revision="base")
    with db.engine.connect() as conn:
        assert not db.inspect(conn).has_table("committees")
