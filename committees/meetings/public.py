"""Meeting pages: public (being written)."""

from committees.meetings import bp  # noqa: F401
