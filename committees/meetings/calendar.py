"""Meeting pages: calendar (being written)."""

from committees.meetings import bp  # noqa: F401
