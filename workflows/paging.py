"""Pages of a list computed in Python, shaped like Flask-SQLAlchemy's pagination."""

from typing import Any

from flask_sqlalchemy.pagination import Pagination


class ListPagination(Pagination):
    """A page of an already computed list (for what SQL alone cannot order or judge)."""

    def __init__(self, rows: list[Any], page: int | None = None, per_page: int | None = None):
        self._rows = rows
        super().__init__(page=page, per_page=per_page, error_out=False)

    def _query_items(self) -> list[Any]:
        return self._rows[self._query_offset : self._query_offset + self.per_page]

    def _query_count(self) -> int:
        return len(self._rows)
