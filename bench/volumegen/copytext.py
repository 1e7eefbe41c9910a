"""PostgreSQL's COPY text format for a table's rows, column by column from the model's types.

Each column of the model gets a converter chosen by its type, doing what that type's bind
processing does (an enum is stored by name, a UTCDateTime refuses a naive datetime and is sent
in UTC, JSON is serialized), and writing the result as COPY's text format expects (NULL as
\\N, backslash, tab, newline and carriage return escaped). Formatting the lines here and
sending them in large blocks is several times faster than handing psycopg one row at a time.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, Enum, Integer, String, Table, Text
from sqlalchemy.types import JSON

from committees.models.base import UTCDateTime

NULL = "\\N"
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
LONG = 64  # longer strings are the generator's shared texts: converted once per object
MEMO = 200_000  # formatted moments and days kept (then forgotten, to bound the memory)


def _escape(v: str) -> str:
    # Printable text without a backslash needs no escaping (the common case, and a fast test).
    return v if v.isprintable() and "\\" not in v else v.translate(_ESCAPE)


def _text() -> Callable:
    memo: dict[int, tuple[str, str]] = {}

    def convert(v):
        if v is None:
            return NULL
        if len(v) <= LONG:
            return _escape(v)
        hit = memo.get(id(v))
        if hit is None or hit[0] is not v:
            hit = memo[id(v)] = (v, _escape(v))
        return hit[1]

    return convert


def _json() -> Callable:
    memo: dict[int, tuple[object, str]] = {}

    def convert(v):
        if v is None:
            return NULL
        hit = memo.get(id(v))
        if hit is None or hit[0] is not v:
            hit = memo[id(v)] = (v, json.dumps(v).translate(_ESCAPE))
        return hit[1]

    return convert


def _memo(fn: Callable) -> Callable:
    """Many rows share a moment or a day (everyone invited to a meeting): format each once."""
    memo: dict = {}

    def convert(v):
        if v is None:
            return NULL
        hit = memo.get(v)
        if hit is None:
            if len(memo) > MEMO:
                memo.clear()
            hit = memo[v] = fn(v)
        return hit

    return convert


def _moment(v: datetime) -> str:
    if v.tzinfo is None:
        raise ValueError("naive datetime: store aware datetimes only")
    return v.astimezone(UTC).isoformat()


def _enum(v) -> str:
    if v is None:
        return NULL
    return v if isinstance(v, str) else v.name


def _bool(v) -> str:
    return NULL if v is None else "t" if v else "f"


def _int(v) -> str:
    return NULL if v is None else str(v)


def converter(type_) -> Callable:
    """The converter for one column type (the order matters: an Enum is also a String)."""
    if isinstance(type_, UTCDateTime):
        return _memo(_moment)
    if isinstance(type_, JSON):
        return _json()
    if isinstance(type_, Enum):
        return _enum
    if isinstance(type_, Boolean):
        return _bool
    if isinstance(type_, Integer):
        return _int
    if isinstance(type_, Date):
        return _memo(date.isoformat)
    if isinstance(type_, String | Text):
        return _text()
    return lambda v: NULL if v is None else _refuse(type_)


def _refuse(type_) -> str:
    raise TypeError(f"no COPY text conversion for {type_!r}")


class Lines:
    """Turns completed rows of one table into COPY text."""

    def __init__(self, table: Table) -> None:
        self.converters = [converter(c.type) for c in table.columns]

    def text(self, rows: list[list]) -> str:
        """One line per row (each row's values in the table's column order)."""
        convs = self.converters
        return "".join(
            "\t".join([f(v) for f, v in zip(convs, values, strict=False)]) + "\n" for values in rows
        )
