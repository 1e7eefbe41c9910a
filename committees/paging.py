"""The page of a list a request asks for, read from the query string without surprises."""

from flask import request

# Far past the end of any list, and it keeps OFFSET inside a 64-bit integer: without a ceiling
# ?page=99999999999999999999 made the database refuse the query (a 500, not an empty page).
MAX_PAGE = 100_000


def page_arg(name: str = "page") -> int:
    """The page number in ?<name>=; 1 when it is missing, not a number or below 1."""
    return min(max(request.args.get(name, 1, type=int), 1), MAX_PAGE)
