"""The municipality's facts for this request or task: one query, kept while it lasts.

Kept on the request (or, in a Celery task, on the app context that the task opens), never in
the process, so a change made in the app is seen by web, worker and beat without a restart.
"""

from flask import g, has_app_context, has_request_context, request

from committees.extensions import db
from committees.models import Municipality

_KEY = "opgaveudvalg.municipality"
DEFAULT_CLOSING_DAYS = ["12-24", "12-31"]


def _unsaved() -> Municipality:
    """What an installation shows before `flask setup` has made the row."""
    return Municipality(name="", closing_days=list(DEFAULT_CLOSING_DAYS), accessibility_url="")


def municipality() -> Municipality:
    """The settings row, or an unsaved default before set-up."""
    if not has_app_context():
        return _unsaved()
    holder = request.environ if has_request_context() else g.__dict__
    found = holder.get(_KEY)
    if found is None:
        found = db.session.get(Municipality, 1) or _unsaved()
        holder[_KEY] = found
    return found


def forget() -> None:
    """Read the row again next time (after a change in this request or task)."""
    if has_request_context():
        request.environ.pop(_KEY, None)
    if has_app_context():
        g.__dict__.pop(_KEY, None)
