"""The municipality's facts for this request or task: one query, kept while it lasts.

Kept on the request (or, in a Celery task, on the app context that the task opens), never in
the process, so a change made in the app is seen by web, worker and beat without a restart. What
is kept is a snapshot, not the ORM row: it outlives the session and never lazy-loads.
"""

import logging
from dataclasses import dataclass, fields
from datetime import datetime

from flask import g, has_app_context, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import defer

from committees.extensions import db
from committees.models import Municipality
from committees.models.municipality import FactsMixin

log = logging.getLogger(__name__)
_KEY = "opgaveudvalg.municipality"
DEFAULT_CLOSING_DAYS = ("12-24", "12-31")


@dataclass(frozen=True)
class Facts(FactsMixin):
    """The settings row as it was when this request or task read it (the logo not included)."""

    name: str = ""
    web_url: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    accessibility_url: str = ""
    dpo_contact: str = ""
    privacy_notice: str = ""
    sender_name: str = ""
    closing_days: tuple = DEFAULT_CLOSING_DAYS
    logo_type: str = ""
    closing_days_saved_at: datetime | None = None
    mail_tested_at: datetime | None = None
    updated_at: datetime | None = None
    is_set_up: bool = False


def _load() -> Facts:
    try:
        with db.session.no_autoflush:  # never flush a workflow's half-made rows from here
            row = db.session.scalar(
                db.select(Municipality)
                .where(Municipality.id == 1)
                .options(defer(Municipality.logo))
            )
    except SQLAlchemyError:
        # The database is down (the 500 page must still render) or not migrated yet.
        db.session.rollback()
        log.warning("municipality settings unavailable; showing defaults", exc_info=True)
        return Facts()
    if row is None:
        return Facts()
    values = {f.name: getattr(row, f.name) for f in fields(Facts) if f.name != "is_set_up"}
    values["closing_days"] = tuple(row.closing_days or ())
    return Facts(**values, is_set_up=True)


def municipality() -> Facts:
    """The municipality's facts, or the defaults before set-up."""
    if not has_app_context():
        return Facts()
    holder = request.environ if has_request_context() else g.__dict__
    found = holder.get(_KEY)
    if found is None:
        found = holder[_KEY] = _load()
    return found


def forget() -> None:
    """Read the row again next time (after a change in this request or task)."""
    if has_request_context():
        request.environ.pop(_KEY, None)
    if has_app_context():
        g.__dict__.pop(_KEY, None)
