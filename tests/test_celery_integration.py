"""A real Celery worker and beat, started the way `make run` starts them, keep /healthz green.

Runs with the embedded broker (Celery's SQLAlchemy transport on a SQLite file) everywhere, and
with a real Redis when REDIS_URL is set (CI sets it).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from committees.models import Heartbeat
from tests.conftest import redis_url

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))

BROKERS = [
    pytest.param("embedded", id="embedded-sqla-broker"),
    pytest.param("redis", id="redis-broker", marks=pytest.mark.integration),
]


def _broker(kind: str, tmp_path: Path) -> str:
    if kind == "embedded":
        return f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    url = redis_url(10)
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis server here (CI sets it and runs this)")
    return url


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [CELERY, "-A", "wsgi.celery_app", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


@pytest.mark.parametrize("kind", BROKERS)
def test_worker_and_beat_write_the_heartbeat(kind, app, db, client, tmp_path):
    broker = _broker(kind, tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": broker if kind == "redis" else "",
        "INSTANCE_PATH": str(tmp_path),
        "HEARTBEAT_INTERVAL_SECONDS": "1",
    }
    worker = _start(["worker", "--pool=solo", "--loglevel=INFO"], env, tmp_path / "worker.log")
    beat = _start(
        ["beat", "--loglevel=INFO", "-s", str(tmp_path / "beat-schedule")],
        env,
        tmp_path / "beat.log",
    )
    try:
        beats = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            db.session.expire_all()
            beats = db.session.get(Heartbeat, "beat")
            if beats is not None:
                break
            time.sleep(0.5)
        assert beats is not None, (tmp_path / "worker.log").read_text()[-3000:]
        app.config["CELERY"] = {**app.config["CELERY"], "broker_url": broker}
        app.config["HEARTBEAT_INTERVAL_SECONDS"] = 1
        resp = client.get("/healthz")
        assert resp.get_json()["broker"] == "ok"
        assert resp.get_json()["last_heartbeat"] is not None
    finally:
        for proc in (beat, worker):
            proc.terminate()
        for proc in (beat, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_the_embedded_broker_queue_is_declared_once_by_whoever_starts_first(app, tmp_path):
    """Worker and beat both declare the queue at start-up; the second finds it, nobody dies."""
    import sqlite3
    from concurrent.futures import ThreadPoolExecutor

    from committees.celery_app import ensure_embedded_queue

    celery = app.extensions["celery"]
    before = celery.conf.broker_url
    celery.conf.broker_url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    try:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: ensure_embedded_queue(celery), range(4)))
        ensure_embedded_queue(celery)
    finally:
        celery.conf.broker_url = before
    with sqlite3.connect(tmp_path / "broker.sqlite") as conn:
        assert conn.execute("SELECT name FROM kombu_queue").fetchall() == [("celery",)]


def test_every_task_beat_schedules_is_registered_in_the_worker(app):
    """A beat entry whose task module is not in `include` is refused by every worker."""
    celery_app = app.extensions["celery"]
    celery_app.loader.import_default_modules()
    for module in celery_app.conf.include:
        __import__(module)
    registered = set(celery_app.tasks)
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert scheduled <= registered, scheduled - registered
