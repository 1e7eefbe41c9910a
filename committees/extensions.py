"""Flask extensions, created unbound; `create_app` binds them."""

import sqlite3

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraints get predictable names (needed for batch migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def render_migration_item(type_, obj, autogen_context):
    """Write our UTC timestamp type into migrations as a plain timezone-aware DateTime."""
    from committees.models.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


MIGRATE_OPTIONS = {
    "render_as_batch": True,
    "compare_type": True,
    "render_item": render_migration_item,
}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite as a server-less default that web, worker and beat can share at once.

    WAL lets readers run beside the one writer; synchronous=NORMAL is safe in WAL mode (a power
    cut may lose the last commits, never corrupt the file) and makes a commit cost microseconds
    instead of an fsync; busy_timeout makes a writer wait for the lock instead of failing.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")  # ignored (stays 'memory') for :memory:
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()
