"""Erasing personal data nobody needs any more; the audit trail keeps a count."""

from collections import Counter
from datetime import datetime, timedelta

from flask import current_app

from committees.extensions import db
from committees.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Committee,
    RecruitmentCall,
)
from committees.models.base import utcnow
from workflows import audit
from workflows.recruitment.applications import CONFIRM_MAX_AGE


def erase_expired(now: datetime | None = None) -> int:
    """Erase declined and reserve applications after the retention period, and unconfirmed
    ones after a week; what stays in the audit trail is a count."""
    now = now or utcnow()
    days = current_app.config["RECRUITMENT_RETENTION_DAYS"]
    cutoff = (now - timedelta(days=days)).date()
    expired_calls = db.select(RecruitmentCall.id).where(
        RecruitmentCall.status == CallStatus.decided, RecruitmentCall.decided_on <= cutoff
    )
    doomed = list(
        db.session.scalars(
            db.select(Application).where(
                db.or_(
                    db.and_(
                        Application.call_id.in_(expired_calls),
                        Application.status.in_(
                            [ApplicationStatus.declined, ApplicationStatus.reserve]
                        ),
                    ),
                    db.and_(
                        Application.status == ApplicationStatus.unconfirmed,
                        Application.created_at < now - timedelta(seconds=CONFIRM_MAX_AGE),
                    ),
                )
            )
        )
    )
    per_committee = Counter()
    for application in doomed:
        per_committee[application.call.committee_id] += 1
        db.session.delete(application)
    for committee_id, n in per_committee.items():
        audit.record(
            "recruitment.applications_erased",
            Committee(id=committee_id),
            None,
            committee_id=committee_id,
            details={"count": n},
        )
    db.session.commit()
    return len(doomed)
