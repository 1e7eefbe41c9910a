"""Meeting pages: views (being written)."""

from committees.meetings import bp  # noqa: F401
