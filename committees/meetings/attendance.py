"""Meeting pages: attendance (being written)."""

from committees.meetings import bp  # noqa: F401
