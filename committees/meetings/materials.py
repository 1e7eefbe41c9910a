"""Meeting pages: materials (being written)."""

from committees.meetings import bp  # noqa: F401
