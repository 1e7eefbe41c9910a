"""/healthz: database, broker and the age of the beat heartbeat."""

from datetime import timedelta

from committees.models import Heartbeat
from committees.models.base import utcnow
from tasks.heartbeat import record_heartbeat


def test_no_heartbeat_yet_is_degraded(client):
    resp = client.get("/healthz")
    assert resp.status_code == 503
    body = resp.get_json()
    assert body["status"] == "degraded" and body["database"] == "ok"
    assert body["broker"] == "ok" and body["last_heartbeat"] is None


def test_fresh_heartbeat_is_ok(client, app):
    record_heartbeat.run()
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["heartbeat_age_seconds"] < 5


def test_heartbeat_older_than_three_intervals_is_degraded(client, db, app):
    interval = app.config["HEARTBEAT_INTERVAL_SECONDS"]
    db.session.add(Heartbeat(name="beat", beat_at=utcnow() - timedelta(seconds=3 * interval + 5)))
    db.session.commit()
    resp = client.get("/healthz")
    assert resp.status_code == 503 and resp.get_json()["status"] == "degraded"


def test_unreachable_broker_is_reported(client, app):
    record_heartbeat.run()
    app.config["CELERY"] = {**app.config["CELERY"], "broker_url": "redis://127.0.0.1:1/0"}
    resp = client.get("/healthz")
    assert resp.status_code == 503 and resp.get_json()["broker"] == "error"


def test_heartbeat_task_runs_twice_to_the_same_single_row(db, app):
    record_heartbeat.run()
    record_heartbeat.run()
    assert db.session.scalar(db.select(db.func.count()).select_from(Heartbeat)) == 1


def test_livez_answers_and_readyz_refuses_when_the_database_is_unreachable():
    from committees import create_app
    from config import TestConfig

    class Down(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 2}}
        CELERY = {**TestConfig.CELERY, "broker_url": "memory://"}

    client = create_app(Down).test_client()
    assert client.get("/livez").get_json() == {"status": "alive"}
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.get_json()["database"] == "error"


def test_readyz_needs_the_database_and_the_broker(client, app):
    resp = client.get("/readyz")
    assert resp.status_code == 200 and resp.get_json()["status"] == "ready"
    app.config["CELERY"] = {**app.config["CELERY"], "broker_url": "redis://127.0.0.1:1/0"}
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.get_json()["broker"] == "error"
