"""Meeting pages: minutes (being written)."""

from committees.meetings import bp  # noqa: F401
