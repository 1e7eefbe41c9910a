"""The scheduler's heartbeat, so /healthz can tell that Celery beat and a worker run."""

from celery import shared_task

from committees.extensions import db
from committees.models import Heartbeat
from committees.models.base import utcnow

BEAT = "beat"


@shared_task(ignore_result=True)
def record_heartbeat() -> str:
    """Write the time of this run; safe to run twice (it overwrites one row keyed by name)."""
    now = utcnow()
    row = db.session.get(Heartbeat, BEAT)
    if row is None:
        db.session.add(Heartbeat(name=BEAT, beat_at=now))
    else:
        row.beat_at = max(row.beat_at, now)
    db.session.commit()
    return now.isoformat()
