"""Marking a delivered notice (sent, cancelled, to retry): one UPDATE, committed before the next.

The sweep marks each notice right after the mail server accepted it, in a commit of its own: a
crash between the two then resends one message (with the same Message-ID), never a batch. Inside
`own_commits` that costs one round trip on a connection kept for the batch, in autocommit: through
the session it cost three (the pool's liveness ping, since the session gives its connection back
at every commit; the UPDATE; the COMMIT).

On PostgreSQL that connection commits with synchronous_commit off, and every DURABLE_EVERY-th
mark with it on: a commit returns once it is in the server's WAL buffers, without waiting for the
disk (on our machine that wait took 3-4 ms under load, more than everything else a notice costs,
and made the sweep wait on the disk one notice at a time). What it changes is narrow. A worker
that crashes, is killed or restarted loses nothing: its commits are in the server, which writes
them out within 3 x wal_writer_delay (0.6 s by default). Only if the database server itself
crashes (or loses power) in that time can marks be lost, and at most the DURABLE_EVERY - 1 since
the last durable one on each connection (the WAL is written in order: a durable commit makes
every earlier one durable too). Those notices are then still "sending", are claimed again after
NOTICE_STUCK_SECONDS and sent a second time, with the same Message-ID. Nothing is ever lost: a
notice is marked only after its message was accepted. (SQLite runs with synchronous=NORMAL in WAL
mode: the same trade, for every commit.)
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Engine, Update, bindparam
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.attributes import set_committed_value

from committees.extensions import db
from committees.models import Notice

# Every this many marks on a connection, one waits for the disk, and with it all before it.
DURABLE_EVERY = 20


@dataclass
class _Own:
    """The connection `own_commits` opened in this thread, and how many marks it has made."""

    conn: Connection
    postgres: bool
    marks: int = 0

    def execute(self, stmt: Update, params: dict) -> None:
        self.marks += 1
        durable = self.postgres and self.marks % DURABLE_EVERY == 0
        if durable:
            self.conn.exec_driver_sql("SET synchronous_commit TO on")
        self.conn.execute(stmt, params)
        if durable:
            self.conn.exec_driver_sql("SET synchronous_commit TO off")


_OWN: ContextVar[_Own | None] = ContextVar("notice_marks_connection", default=None)


def write(notice: Notice, **values) -> None:
    """One UPDATE of a delivered notice, without the ORM's unit-of-work bookkeeping.

    Inside `own_commits` it is committed when this returns; otherwise it is part of the session's
    transaction, and the caller commits.
    """
    stmt = _update_of(tuple(values))
    params = {**values, "notice_id": notice.id}
    own = _OWN.get()
    if own is None:
        db.session.execute(stmt, params)
    else:
        if db.session().in_transaction():
            db.session.commit()  # what the checks read or wrote ends first, never after the mark
        own.execute(stmt, params)
    for name, value in values.items():
        set_committed_value(notice, name, value)


@lru_cache(maxsize=32)
def _update_of(columns: tuple[str, ...]) -> Update:
    """UPDATE notices SET <columns> WHERE id = :notice_id, built once: a statement made anew for
    every notice cost three times as much to execute (SQLAlchemy builds its cache key)."""
    table = Notice.__table__
    return (
        table.update()
        .where(table.c.id == bindparam("notice_id"))
        .values({name: bindparam(name, type_=table.c[name].type) for name in columns})
    )


@contextmanager
def own_commits() -> Iterator[None]:
    """Within it, `write` commits each mark by itself on a connection kept for the purpose."""
    bind = db.session.get_bind(mapper=Notice.__mapper__)
    if not isinstance(bind, Engine) or bind.url.database in (None, "", ":memory:"):
        # A session bound to a connection (a test's outer transaction) must see the marks in its
        # own transaction; an in-memory SQLite database has one connection only.
        yield
        return
    with bind.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql("SET synchronous_commit TO off")
        token = _OWN.set(_Own(conn, postgres))
        try:
            yield
        finally:
            _OWN.reset(token)
            if postgres:
                _reset(conn)


def _reset(conn: Connection) -> None:
    """The pooled connection goes back as it came (the pool only rolls back)."""
    try:
        conn.exec_driver_sql("RESET synchronous_commit")
    except DBAPIError:
        conn.invalidate()  # broken: it is not given back to the pool
