"""Benchmark the notices sweep: 10,000 due notices through a real SMTP server on loopback.

    .venv/bin/python bench/notices_bench.py                 # a SQLite file in a temp folder
    BENCH_DATABASE_URL=postgresql://u:p@127.0.0.1/db .venv/bin/python bench/notices_bench.py

BENCH_DATABASE_URL's tables are dropped and created again: give it a throwaway database.
Prints the EXPLAIN of the sweep's claim query (the UPDATE … WHERE id IN (SELECT …) that
`workflows.delivery.claim` runs) and notices per second; `--profile FILE` writes cProfile data.
"""

import argparse
import cProfile
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert  # noqa: E402

from committees import create_app  # noqa: E402
from committees.extensions import db  # noqa: E402
from committees.models import Committee, Notice, NoticeStatus, Role, User  # noqa: E402
from committees.models.base import utcnow  # noqa: E402
from config import Config  # noqa: E402
from workflows import delivery  # noqa: E402


def _sink(port: int, ready, done, conn) -> None:
    """An aiosmtpd server in its own process (as a real relay would be); sends back Message-IDs."""
    from aiosmtpd.controller import Controller

    ids: list[str] = []

    class Collect:
        async def handle_DATA(self, server, session, envelope):
            for line in envelope.content.split(b"\r\n"):
                if line.lower().startswith(b"message-id:"):
                    ids.append(line.split(b":", 1)[1].strip().decode())
                    break
            return "250 OK"

    # uvloop makes the Python sink about 1.5x faster, so it is less of the bottleneck measured.
    import uvloop

    controller = Controller(
        Collect(), hostname="127.0.0.1", port=port, loop=uvloop.new_event_loop()
    )
    controller.start()
    ready.set()
    done.wait()
    controller.stop()
    conn.send(ids)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _seed(count: int) -> None:
    """`count` people and one due committee_phase notice each, written in bulk."""
    c = Committee(name="Benchmarkudvalget")
    db.session.add(c)
    db.session.commit()
    rows = [
        {"email": f"p{i}@bench.example", "name": f"Person {i}", "role": Role.citizen}
        for i in range(count)
    ]
    db.session.execute(insert(User), rows)
    ids = db.session.scalars(db.select(User.id).order_by(User.id)).all()
    now = utcnow()
    ctx = {"committee": c.name, "state": "working", "comment": "", "link": {"committee_id": c.id}}
    notices = [
        {
            "recipient_id": uid,
            "kind": "committee_phase",
            "committee_id": c.id,
            "subject_type": "Committee",
            "subject_id": c.id,
            "dedupe_key": f"bench:{uid}",
            "context": ctx,
            "created_at": now,
            "due_at": now,
        }
        for uid in ids
    ]
    db.session.execute(insert(Notice), notices)
    db.session.commit()
    _analyze()


def _plan_ahead(count: int) -> None:
    """Reminders due later, as a running system always has a few of."""
    uid = db.session.scalar(db.select(User.id).limit(1))
    cid = db.session.scalar(db.select(Committee.id).limit(1))
    later = utcnow() + timedelta(days=5)
    ctx = {"committee": "Benchmarkudvalget", "state": "working", "link": {"committee_id": cid}}
    db.session.execute(
        insert(Notice),
        [
            {
                "recipient_id": uid,
                "kind": "committee_phase",
                "committee_id": cid,
                "subject_type": "Committee",
                "subject_id": cid,
                "dedupe_key": f"bench-later:{i}",
                "context": ctx,
                "created_at": utcnow(),
                "due_at": later + timedelta(hours=i),
            }
            for i in range(count)
        ],
    )
    db.session.commit()


def _analyze() -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def _claim_statement(batch_size: int) -> tuple[str, object]:
    """The SQL and parameters `claim` sends (captured, then rolled back)."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE NOTICES"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        original, db.session.commit = db.session.commit, db.session.rollback
        try:
            delivery.claim(batch_size)
        finally:
            db.session.commit = original
            db.session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    return seen[0]


def explain(batch_size: int) -> str:
    """EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of the claim query."""
    sql, params = _claim_statement(batch_size)
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + sql, params).all()
    plan = "\n".join("  " + " | ".join(str(v) for v in row) for row in rows)
    return f"{sql.strip()}\n{plan}"


def _sweeper(config, batch_size: int, workers: int, conn) -> None:
    """One sweeper process (as one Celery worker process running the sweep task would be)."""
    app = create_app(config)
    with app.app_context():
        result = delivery.sweep(batch_size=batch_size, workers=workers)
        conn.send((result.claimed, result.sent, result.failed, result.retried))


def _sweep_in_processes(config, args) -> delivery.SweepResult:
    db.session.remove()
    db.engine.dispose()  # no shared connections across fork
    pipes, procs = [], []
    for _ in range(args.processes):
        ours, theirs = multiprocessing.Pipe()
        proc = multiprocessing.Process(
            target=_sweeper, args=(config, args.batch_size, args.threads, theirs)
        )
        proc.start()
        pipes.append(ours)
        procs.append(proc)
    total = delivery.SweepResult()
    for ours, proc in zip(pipes, procs, strict=True):
        claimed, sent, failed, retried = ours.recv()
        proc.join()
        total.claimed += claimed
        total.sent += sent
        total.failed += failed
        total.retried += retried
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--profile", help="write cProfile data of the sweep to this file")
    parser.add_argument(
        "--processes", type=int, default=2, help="sweeper processes side by side (default 2)"
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="sweep threads per process (NOTICE_SWEEP_WORKERS)"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    port = _free_port()
    ready, done = multiprocessing.Event(), multiprocessing.Event()
    ours, theirs = multiprocessing.Pipe()
    sink = multiprocessing.Process(target=_sink, args=(port, ready, done, theirs), daemon=True)
    sink.start()
    ready.wait(10)

    class BenchConfig(Config):
        APP_ENV = "development"  # a throwaway installation: its generated key will do
        SECRET_KEY = Config.SECRET_KEY or secrets.token_urlsafe(48)
        SQLALCHEMY_DATABASE_URI = _database_url(tmp)
        MAIL_SERVER = "127.0.0.1"
        MAIL_PORT = port
        MAIL_OUTBOX_DIR = str(tmp / "outbox")
        CELERY = {**Config.CELERY, "broker_url": "memory://"}

    app = create_app(BenchConfig)
    with app.app_context():
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
        db.drop_all()
        db.create_all()
        t = time.perf_counter()
        _seed(args.count)
        print(f"seeded {args.count} due notices in {time.perf_counter() - t:.1f} s")
        print("\nclaim query with every notice due:\n" + explain(args.batch_size))

        profiler = cProfile.Profile() if args.profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        if args.processes > 1 and not profiler:
            result = _sweep_in_processes(BenchConfig, args)
        else:
            result = delivery.sweep(batch_size=args.batch_size, workers=args.threads)
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        took = time.perf_counter() - started

        done.set()
        ids = ours.recv()
        sink.join(10)
        sent = db.session.scalar(
            db.select(db.func.count(Notice.id)).where(Notice.status == NoticeStatus.sent)
        )
        _plan_ahead(100)
        _analyze()
        print(
            "\nclaim query in the steady state (all of that sent, 100 reminders planned ahead):\n"
            + explain(500)
        )
        db.drop_all()

    print(
        f"\nsweep: claimed {result.claimed}, sent {result.sent}, failed {result.failed}, "
        f"retried {result.retried}; SMTP server received {len(ids)} "
        f"({len(set(ids))} distinct Message-IDs); {sent} marked sent"
    )
    print(f"sweep took {took:.2f} s: {result.sent / took:,.0f} notices/s")
    ok = len(ids) == len(set(ids)) == sent == args.count
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
