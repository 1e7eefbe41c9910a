"""Pages of lists that are not one plain statement, shaped like Flask-SQLAlchemy's pagination."""

from collections.abc import Callable
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


# fetch(offset, limit) -> (the rows of the page, how many rows in all)
Fetch = Callable[[int, int], tuple[list[Any], int]]


class FetchedPagination(Pagination):
    """A page fetched by a function that returns its rows and the total together (for lists
    read in more than one query, such as ids first and then the rows)."""

    def __init__(self, fetch: Fetch, page: int | None = None, per_page: int | None = None):
        self._fetch = fetch
        self._total = 0
        super().__init__(page=page, per_page=per_page, error_out=False)

    def _query_items(self) -> list[Any]:
        rows, self._total = self._fetch(self._query_offset, self.per_page)
        return rows

    def _query_count(self) -> int:
        return self._total
