"""Rows into the database in bulk, through the models' own tables and column types.

The generator hands over plain dicts keyed by column name, with enum members, aware datetimes
and dicts for JSON, exactly as it would give the models. The writer completes each row with the
columns' Python defaults, numbers the rows itself (explicit ids, so children can point at
parents without a round trip), buffers them and writes them in chunks, parents first (the order
of the metadata's `sorted_tables`):

- on PostgreSQL with COPY (the values converted by column type, see `copytext`), which is many
  times faster than an INSERT per row;
- on any other database with Core `insert(table)` and a list of dicts (executemany).

For a large build the models' secondary indexes are dropped for the load and built again after
it (one sort instead of millions of index insertions); on PostgreSQL so are the unique
constraints and the foreign keys (a key is checked per row, each check locking the parent row;
adding them back checks every row in one pass, so a generator bug still fails the build, at the
end, and the transaction leaves nothing). Then the sequences are moved past the ids used and
the planner's statistics refreshed.
"""

import queue
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import ForeignKeyConstraint, Index, Table, UniqueConstraint, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.schema import AddConstraint, DropConstraint

from bench.volumegen.copytext import Lines
from committees.extensions import db

CHUNK = 20_000  # rows buffered (over all tables) before they are written


def table_of(model) -> Table:
    """The Table of a mapped class, or the table itself (association tables)."""
    return getattr(model, "__table__", model)


class _Spec:
    """How one table's rows are completed with the columns' Python defaults."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.names = [c.name for c in table.columns]
        self.template = dict.fromkeys(self.names)  # every column, in order: default or NULL
        self.callable: list[tuple[str, Callable]] = []
        for c in table.columns:
            if c.default is None:
                continue
            if c.default.is_scalar:
                self.template[c.name] = c.default.arg
            elif c.default.is_callable:
                self.callable.append((c.name, c.default.arg))
        self.lines = Lines(table)

    def complete(self, row: dict) -> dict:
        """The row with every column, in the table's order: given, else its Python default,
        else NULL."""
        full = self.template.copy()
        for name, make in self.callable:
            if name not in row:
                full[name] = make(None)
        full.update(row)
        if len(full) != len(self.names):
            unknown = sorted(set(full) - set(self.names))
            raise KeyError(f"{self.table.name}: no such columns {unknown}")
        return full


class _Sender(threading.Thread):
    """Runs the COPY statements on the connection in the background, in order, so the server
    stores one chunk while the generator makes the next (the thread waits on the socket, which
    releases the GIL). The queue is short: memory stays bounded, and an error surfaces soon."""

    def __init__(self, dbapi_connection) -> None:
        super().__init__(name="volume-copy", daemon=True)
        self.connection = dbapi_connection
        self.queue: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.start()

    def put(self, statement, text: str) -> None:
        """Queue one COPY (waits while the queue is full); raises an earlier COPY's error."""
        if self.error is not None:
            raise self.error
        self.queue.put((statement, text))

    def close(self) -> None:
        """Wait for every COPY to finish; raise the first error."""
        self.queue.put(None)
        self.join()
        if self.error is not None:
            raise self.error

    def run(self) -> None:
        """COPY each queued chunk; after an error, only drain the queue."""
        while (item := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the build fails at the next put or at close
            statement, text = item
            try:
                with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
                    copy.write(text)
            except BaseException as exc:  # handed to the main thread
                self.error = exc


class Writer:
    """Buffers rows per table and writes them in dependency order; counts what it wrote."""

    def __init__(self, conn: Connection, chunk: int = CHUNK) -> None:
        self.conn = conn
        self.chunk = chunk
        self.copy = conn.dialect.name == "postgresql"
        self.order = {t.name: i for i, t in enumerate(db.metadata.sorted_tables)}
        self.specs: dict[str, _Spec] = {}
        self.buffers: dict[str, list[dict]] = defaultdict(list)
        self.pending = 0
        self.last_id: Counter = Counter()
        self.counts: Counter = Counter()
        self.dropped: list[Index] = []
        self.dropped_keys: list[ForeignKeyConstraint] = []
        self.dropped_unique: list[UniqueConstraint] = []
        self.sender: _Sender | None = None

    # -- ids --------------------------------------------------------------------------------

    def new_id(self, model) -> int:
        """One fresh id for the model's table."""
        last = self.last_id[model] = self.last_id[model] + 1
        return last

    def ids(self, model, n: int) -> range:
        """`n` fresh consecutive ids for the model's table."""
        first = self.last_id[model] + 1
        self.last_id[model] += n
        return range(first, first + n)

    # -- rows -------------------------------------------------------------------------------

    def add(self, model, row: dict) -> None:
        """Queue one row (written at the next flush)."""
        self.buffers[table_of(model).name].append(row)
        self.pending += 1
        if self.pending >= self.chunk:
            self.flush()

    def add_all(self, model, rows: Iterable[dict]) -> None:
        """Queue several rows of one table."""
        for row in rows:
            self.add(model, row)

    def flush(self) -> None:
        """Write every buffered row, parents before children."""
        for name in sorted(self.buffers, key=self.order.__getitem__):
            rows = self.buffers[name]
            if rows:
                self._write(db.metadata.tables[name], rows)
                self.counts[name] += len(rows)
                self.buffers[name] = []
        self.pending = 0

    def _write(self, table: Table, rows: list[dict]) -> None:
        spec = self.specs.get(table.name)
        if spec is None:
            spec = self.specs[table.name] = _Spec(table)
        full = [spec.complete(r) for r in rows]
        if not self.copy:
            self.conn.execute(insert(table), full)
            return
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, spec.names))
        )
        if self.sender is None:
            self.sender = _Sender(self.conn.connection.dbapi_connection)
        self.sender.put(statement, spec.lines.text([r.values() for r in full]))

    # -- before and after -------------------------------------------------------------------

    def drop_indexes(self) -> None:
        """Drop the non-unique indexes (and on PostgreSQL the foreign keys and unique
        constraints) for the load; `finish` makes them again, checking every row."""
        for table in db.metadata.sorted_tables:
            for index in sorted(table.indexes, key=lambda i: i.name):
                if not index.unique:
                    index.drop(self.conn)
                    self.dropped.append(index)
        if not self.copy:
            return
        for table in db.metadata.sorted_tables:
            for fk in sorted(table.foreign_key_constraints, key=lambda c: c.name):
                self.conn.execute(DropConstraint(fk))
                self.dropped_keys.append(fk)
            for unique in table.constraints:
                if isinstance(unique, UniqueConstraint):
                    self.conn.execute(DropConstraint(unique))
                    self.dropped_unique.append(unique)

    def finish(self) -> None:
        """Write what is left, build the indexes and keys again, move the sequences on,
        refresh the statistics."""
        self.flush()
        if self.sender is not None:
            self.sender.close()
            self.sender = None
        for unique in self.dropped_unique:
            self.conn.execute(AddConstraint(unique))
        for index in self.dropped:
            index.create(self.conn)
        for fk in self.dropped_keys:
            self.conn.execute(AddConstraint(fk))
        self.dropped, self.dropped_keys, self.dropped_unique = [], [], []
        if self.copy:
            self._move_sequences()
        self.conn.exec_driver_sql("ANALYZE")

    def _move_sequences(self) -> None:
        """PostgreSQL: the next id a sequence hands out follows the ids written here."""
        for model, last in self.last_id.items():
            table = table_of(model)
            if "id" not in table.c or not table.c.id.primary_key:
                continue
            sequence = func.pg_get_serial_sequence(table.name, "id")
            self.conn.execute(select(func.setval(sequence, last)))
