"""The notices engine with real parts: concurrent sweepers, a worker killed mid-delivery, and a
Redis that goes away and comes back. Every e-mail goes to a real SMTP server on loopback.

Runs on the suite's database (a SQLite file locally, PostgreSQL when TEST_DATABASE_URL is set).
The Redis variants run when REDIS_URL is set (CI sets it); the Redis restart test starts its own
redis-server on a free port.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Celery
from sqlalchemy import func, insert

from committees.models import CommitteeState, Notice, NoticeStatus, Role, User
from committees.models.base import utcnow
from tests.conftest import ROOT, free_port, redis_url, running_smtp_sink
from workflows import committee as committee_flow
from workflows import delivery, notices

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# A logical Redis database of its own, so tasks left by other runs do not mix in.
REDIS_DB = 13


def _env(app, tmp_path: Path, broker: str = "", **extra: object) -> dict:
    """What a worker or CLI subprocess needs to use the test's database and mail sink."""
    return {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_PATH": str(tmp_path),  # the embedded broker lives here when not on Redis
        "REDIS_URL": broker if broker.startswith("redis") else "",
        **{k: str(v) for k, v in extra.items()},
    }


def _broker(kind: str, tmp_path: Path) -> str:
    if kind == "embedded":
        return f"sqla+sqlite:///{tmp_path / 'celery-broker.sqlite'}"
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: no Redis server here (CI sets it and runs this)")
    return redis_url(REDIS_DB)


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [BIN / "celery", "-A", "wsgi.celery_app", "worker", "--pool=solo", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def _stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_for(check, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def _unsent(db) -> int:
    db.session.rollback()  # a fresh snapshot of what the other processes committed
    return db.session.scalar(
        db.select(func.count(Notice.id)).where(Notice.status != NoticeStatus.sent)
    )


def _people(db, n: int) -> list[int]:
    db.session.execute(
        insert(User),
        [
            {"email": f"person{i}@load.example", "name": f"Person {i}", "role": Role.citizen}
            for i in range(n)
        ],
    )
    db.session.commit()
    return list(db.session.scalars(db.select(User.id).order_by(User.id)))


def _due_notices(db, committee, user_ids: list[int]) -> None:
    """One due committee_phase notice per person, written in bulk."""
    now = utcnow()
    ctx = {"committee": committee.name, "state": "working", "link": {"committee_id": committee.id}}
    db.session.execute(
        insert(Notice),
        [
            {
                "recipient_id": uid,
                "kind": "committee_phase",
                "committee_id": committee.id,
                "subject_type": "Committee",
                "subject_id": committee.id,
                "dedupe_key": f"load:{committee.id}:{uid}",
                "context": ctx,
                "created_at": now,
                "due_at": now,
            }
            for uid in user_ids
        ],
    )
    db.session.commit()


def _message_ids(received) -> Counter:
    return Counter(m["Message-ID"] for m in received)


# --- two sweepers at once --------------------------------------------------------------------


SWEEP_ARGS = ["--batch-size", "50"]


def _claims_waiting(db) -> int:
    """How many other sessions are waiting for the lock on notices in their claim (PostgreSQL)."""
    with db.engine.connect() as conn:
        return conn.scalar(
            db.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE notices%'"
            )
        )


@contextmanager
def _claims_held_until_both_wait(db, sweepers: list[subprocess.Popen]) -> Iterator[None]:
    """On PostgreSQL, hold every claim until both sweepers are waiting at their first one.

    A lock on the table in the test's own transaction keeps the sweepers' claiming UPDATEs
    waiting (reads go on), however late one process starts on a busy machine; once both wait,
    the lock goes and they race for the same rows. (SQLite has no view of who is waiting: there
    the SMTP sink's hold alone makes them overlap.)
    """
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        trans = conn.begin()
        conn.execute(db.text("LOCK TABLE notices IN SHARE ROW EXCLUSIVE MODE"))
        yield
        try:
            _wait_for(
                lambda: _claims_waiting(db) >= 2 or any(p.poll() is not None for p in sweepers),
                120,
                "both sweepers to reach their first claim",
            )
        finally:
            trans.commit()


def test_two_sweepers_at_once_send_1000_notices_each_exactly_once(
    app, db, make_committee, tmp_path
):
    c = make_committee()
    _due_notices(db, c, _people(db, 1000))
    # One SMTP session per sweeper (no threads inside it). On PostgreSQL both sweepers are held at
    # their first claim until both are there; the sink also holds the first messages until both
    # sessions are sending, so the first cannot finish alone: both claim from the same rows at
    # the same time.
    with running_smtp_sink(delay=0.01, together=2, hold=40) as (port, received):
        env = _env(
            app,
            tmp_path,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            NOTICE_SWEEP_WORKERS=1,
            MAIL_TIMEOUT_SECONDS=60,
        )
        sweepers: list[subprocess.Popen] = []
        try:
            with _claims_held_until_both_wait(db, sweepers):
                sweepers += [
                    subprocess.Popen(
                        [BIN / "flask", "--app", "wsgi:app", "notices", "sweep", *SWEEP_ARGS],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                    for _ in range(2)
                ]
            outputs = [p.communicate(timeout=90)[0] for p in sweepers]
        finally:
            _stop(*sweepers)  # a sweeper that hung is not left running
    assert [p.returncode for p in sweepers] == [0, 0], outputs
    claimed = [int(re.search(r"claimed (\d+)", out).group(1)) for out in outputs]
    assert sum(claimed) == 1000 and min(claimed) > 0, outputs  # both took a share
    ids = _message_ids(received)
    assert len(received) == 1000 and len(ids) == 1000 and max(ids.values()) == 1
    assert len({m["To"] for m in received}) == 1000
    assert _unsent(db) == 0
    sent = db.session.scalars(db.select(Notice)).all()
    # Written by other processes, recomputed here: the Message-ID is the same everywhere.
    assert {n.message_id for n in sent} == set(ids) == {delivery.message_id(n) for n in sent}


# --- a worker killed mid-delivery ------------------------------------------------------------

BROKERS = [
    pytest.param("embedded", id="embedded-sqla-broker"),
    pytest.param("redis", id="redis-broker"),
]


@pytest.mark.parametrize("kind", BROKERS)
def test_a_worker_killed_mid_delivery_loses_no_notice(
    kind, app, db, make_committee, tmp_path, record_property
):
    broker = _broker(kind, tmp_path)
    log = tmp_path / "worker.log"
    c = make_committee()
    people = [db.session.get(User, uid) for uid in _people(db, 50)]
    # Slow on purpose (0.2 s a message), so the kill lands in the middle of the queue.
    with running_smtp_sink(delay=0.2) as (port, received):
        env = _env(app, tmp_path, broker, MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        celery = app.extensions["celery"]
        celery.conf.broker_url = broker
        celery.control.purge()
        first = _worker(env, log)
        try:
            for person in people:  # the event: each notice queues its own task after commit
                notices.notify(
                    person,
                    "committee_phase",
                    key=f"kill:{person.id}",
                    subject=c,
                    committee_id=c.id,
                    context={
                        "committee": c.name,
                        "state": "working",
                        "link": {"committee_id": c.id},
                    },
                )
            db.session.commit()
            _wait_for(lambda: len(received) >= 5, 60, "the first deliveries", log)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            at_kill = len(received)
            assert at_kill < 50
            time.sleep(1.5)  # the dead worker's claim is now older than the stuck timeout
            second = _worker({**env, "NOTICE_STUCK_SECONDS": "1"}, log)
            try:
                celery.send_task("tasks.notices.sweep")
                _wait_for(lambda: _unsent(db) == 0, 60, "every notice sent", log)
            finally:
                _stop(second)
        finally:
            _stop(first)
        time.sleep(0.5)  # a message the sink was still accepting lands in `received`
    ids = _message_ids(received)
    duplicates = sum(n - 1 for n in ids.values())
    record_property("sent_before_kill", at_kill)
    record_property("duplicates", duplicates)
    print(f"{kind}: {at_kill} sent before the kill, {duplicates} sent twice")
    expected = {delivery.message_id(n) for n in db.session.scalars(db.select(Notice))}
    assert set(ids) == expected and len(expected) == 50
    # At-least-once only in the crash window between the SMTP server's accept and the commit.
    assert duplicates <= 1


# --- Redis stopped and started again ---------------------------------------------------------


def _redis(port: int, log: Path) -> subprocess.Popen:
    """Our own redis-server, without persistence: a restart starts with an empty queue."""
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(
        [REDIS_SERVER, *args],
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    _wait_for(lambda: "Ready to accept connections" in log.read_text(), 10, "redis", log)
    return proc


def test_redis_down_and_back_every_notice_delivered_once(
    app, db, client, login, make_user, full_committee, tmp_path
):
    if not Path(REDIS_SERVER).exists():
        pytest.skip(f"{REDIS_SERVER} is not installed (CI installs it and runs this)")
    port, logs = free_port(), tmp_path
    url = f"redis://127.0.0.1:{port}/0"
    redis = _redis(port, logs / "redis.log")
    worker = None
    try:
        with running_smtp_sink() as (smtp_port, received):
            env = _env(app, tmp_path, url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_port)
            worker = _worker(env, logs / "worker.log")
            app.extensions["celery"].conf.broker_url = url
            staff = make_user(Role.secretariat)
            c = full_committee(CommitteeState.recruiting)  # three members hear of each phase
            committee_flow.transition(c, "constitute", staff, "recruiting")
            _wait_for(lambda: len(received) == 3, 60, "delivery by the worker", logs / "worker.log")

            _stop(redis)
            login(staff)
            started = time.monotonic()
            resp = client.post(
                f"/arbejdsrum/{c.id}/handling/start_work", data={"expected_state": "constituted"}
            )
            took = time.monotonic() - started
            assert resp.status_code == 302 and took < 5, took  # no error, no long wait
            assert _unsent(db) == 3  # written, but their tasks could not be queued

            redis = _redis(port, logs / "redis.log")  # empty: the queue did not survive
            Celery(broker=url, set_as_current=False).send_task("tasks.notices.sweep")
            _wait_for(lambda: _unsent(db) == 0, 60, "the sweep after Redis", logs / "worker.log")
            time.sleep(0.5)
        ids = _message_ids(received)
        assert len(received) == 6 and len(ids) == 6  # every notice, each once
    finally:
        _stop(*(p for p in (worker, redis) if p is not None))
