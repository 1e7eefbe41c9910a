"""The secretariat's side of recruitment: the call, the pool, the shortlist, the decision."""

from committees.recruitment import bp  # noqa: F401
