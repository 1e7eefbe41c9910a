"""Public side of recruitment: apply, confirm the e-mail address, withdraw."""

from committees.recruitment import bp  # noqa: F401
