"""The health report: database, broker, file storage and the scheduler's heartbeat."""

from datetime import timedelta

from kombu import Connection
from sqlalchemy import text

from committees.extensions import db
from committees.models import Heartbeat
from committees.models.base import utcnow
from workflows import storage


def _database_ok() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any driver error means "not ok"; the report says so
        db.session.rollback()
        return False


def _broker_ok(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # unreachable broker: report, don't raise
        return False


def _storage_ok() -> bool:
    """The file storage answers (S3: HEAD on the bucket; the local folder is not asked)."""
    try:
        storage.backend().ping()
        return True
    except storage.Unavailable:
        return False


def ready(broker_url: str) -> dict:
    """Readiness: the database, the broker and the file storage answer (not the scheduler)."""
    db_ok, broker_ok, storage_ok = _database_ok(), _broker_ok(broker_url), _storage_ok()
    return {
        "status": "ready" if db_ok and broker_ok and storage_ok else "not ready",
        "database": "ok" if db_ok else "error",
        "broker": "ok" if broker_ok else "error",
        "storage": "ok" if storage_ok else "error",
    }


def check(broker_url: str, interval: timedelta, sweep_interval: timedelta) -> dict:
    """A JSON-able report; status is 'degraded' if anything is down or the beat is stale."""
    from workflows import delivery

    db_ok = _database_ok()
    beat = db.session.get(Heartbeat, "beat") if db_ok else None
    swept = db.session.get(Heartbeat, "sweep") if db_ok else None
    sweep_age = (utcnow() - swept.beat_at).total_seconds() if swept else None
    age = (utcnow() - beat.beat_at).total_seconds() if beat else None
    beat_ok = age is not None and age <= 3 * interval.total_seconds()
    broker_ok, storage_ok = _broker_ok(broker_url), _storage_ok()
    return {
        "status": "ok" if db_ok and broker_ok and storage_ok and beat_ok else "degraded",
        "database": "ok" if db_ok else "error",
        "broker": "ok" if broker_ok else "error",
        "storage": "ok" if storage_ok else "error",
        "last_heartbeat": beat.beat_at.isoformat() if beat else None,
        "heartbeat_age_seconds": round(age, 1) if age is not None else None,
        "heartbeat_interval_seconds": interval.total_seconds(),
        "last_sweep": swept.beat_at.isoformat() if swept else None,
        "sweep_age_seconds": round(sweep_age, 1) if sweep_age is not None else None,
        "sweep_interval_seconds": sweep_interval.total_seconds(),
        "pending_backlog": delivery.backlog() if db_ok else None,
    }
