"""Errors a workflow raises; views turn them into messages, never into a 500."""


class WorkflowError(Exception):
    """Base class: the message is shown to the user as it is."""

    http_status = 400

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons or []


class StaleState(WorkflowError):
    """The object changed since the user loaded the page."""

    http_status = 409


class NotAllowed(WorkflowError):
    """The action does not exist from the current state, or its guard fails."""

    http_status = 400


class PermissionDenied(WorkflowError):
    """The user may not do this to this object."""

    http_status = 403


def atomic(fn):
    """Roll the session back when a workflow refuses, so nothing half-done is left behind."""
    import functools

    from committees.extensions import db

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except WorkflowError:
            db.session.rollback()
            raise

    return wrapper
