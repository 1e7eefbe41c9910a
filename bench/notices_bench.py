"""Benchmark the notices sweep: 10,000 due notices through a real SMTP server on loopback.

    .venv/bin/python bench/notices_bench.py                 # a SQLite file in a temp folder
    BENCH_DATABASE_URL=postgresql://u:p@127.0.0.1/db .venv/bin/python bench/notices_bench.py

BENCH_DATABASE_URL's tables are dropped and created again: give it a throwaway database.
Runs the sweep twice, on an otherwise empty outbox and with `--history` notices already sent,
failed or cancelled (2,000,000 by default; 0 leaves that run out), `--repeat` times each, and
prints one row per run and the median; with the EXPLAIN of the sweep's claim query and where the
CPU went (sweeper processes, SMTP server, PostgreSQL backends). `--profile FILE` runs one sweep
in this process under cProfile instead.
"""

import argparse
import cProfile
import multiprocessing
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench import notices_seed as seed  # noqa: E402
from bench.smtp_sink import start_sink  # noqa: E402
from committees import create_app  # noqa: E402
from committees.extensions import db  # noqa: E402
from committees.models import Notice, NoticeStatus  # noqa: E402
from config import Config  # noqa: E402
from workflows import delivery  # noqa: E402


def _database_url(tmp: Path) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


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


# --- CPU accounting (Linux /proc; elsewhere the CPU columns stay empty) -----------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 if it is gone or /proc is missing)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _backends_cpu(database: str | None) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving `database` on this machine."""
    if not database or not Path("/proc").is_dir():
        return {}
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found[int(entry.name)] = _cpu_of(int(entry.name))
    return found


# --- one sweep --------------------------------------------------------------------------------


@dataclass
class Run:
    """One timed sweep and what it cost."""

    label: str
    history: int
    seconds: float
    sent: int
    exactly_once: bool
    cpu_sweepers: float = 0.0
    cpu_sink: float = 0.0
    cpu_database: float = 0.0


def _sweeper(config, batch_size: int, threads: int, conn, go, release) -> None:
    """One sweeper process, as a running Celery worker process: the app is made before `go`."""
    app = create_app(config)
    with app.app_context():
        db.session.execute(db.select(1))  # connected, as a worker that has run tasks before
        db.session.commit()
        conn.send("ready")
        go.wait()
        cpu = time.process_time()
        result = delivery.sweep(batch_size=batch_size, workers=threads)
        conn.send((result.sent, result.failed + result.retried, time.process_time() - cpu))
        release.wait(60)  # its database connections stay until their CPU time has been read


def _start_sweepers(config, args, go, release) -> list[tuple[object, multiprocessing.Process]]:
    """Sweeper processes, made and connected, waiting for `go`."""
    db.session.remove()
    db.engine.dispose()  # no shared connections across fork
    sweepers = []
    for _ in range(args.processes):
        ours, theirs = multiprocessing.Pipe(duplex=False)
        proc = multiprocessing.Process(
            target=_sweeper, args=(config, args.batch_size, args.threads, theirs, go, release)
        )
        proc.start()
        theirs.close()  # so a sweeper that dies is an EOFError here, not a wait for ever
        sweepers.append((ours, proc))
    for ours, proc in sweepers:
        _receive(ours, proc)
    return sweepers


def _receive(ours, proc: multiprocessing.Process):
    try:
        return ours.recv()
    except EOFError:
        proc.join(5)
        raise SystemExit(f"a sweeper died (exit code {proc.exitcode})") from None


def _sweep_in_processes(config, args, database: str | None) -> tuple[float, int, float, float]:
    """Sweep in `args.processes` processes: seconds, sent, their CPU, the database's CPU."""
    go, release = multiprocessing.Event(), multiprocessing.Event()
    sweepers = _start_sweepers(config, args, go, release)
    before = _backends_cpu(database)
    sent = problems = cpu = 0
    try:
        started = time.perf_counter()
        go.set()
        for ours, proc in sweepers:
            s, p, c = _receive(ours, proc)
            sent, problems, cpu = sent + s, problems + p, cpu + c
        took = time.perf_counter() - started
        after = _backends_cpu(database)
    finally:
        go.set()
        release.set()
        for _, proc in sweepers:
            proc.join(30)
    if problems:
        print(f"  {problems} notices failed or were put back for a retry")
    return took, sent, cpu, sum(v - before.get(pid, 0.0) for pid, v in after.items())


def _timed_sweep(config, args, sink, label: str, history: int) -> Run:
    database = db.engine.url.database if db.engine.dialect.name == "postgresql" else None
    sink_cpu = _cpu_of(sink.pid)
    if args.profile:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(delivery.sweep, batch_size=args.batch_size, workers=args.threads)
        took = time.perf_counter() - started
        profiler.dump_stats(args.profile)
        sent, cpu, database_cpu = args.count, 0.0, 0.0
    else:
        took, sent, cpu, database_cpu = _sweep_in_processes(config, args, database)
    ids = sink.take_ids()
    marked = set(
        db.session.scalars(
            db.select(Notice.message_id).where(
                Notice.status == NoticeStatus.sent, Notice.dedupe_key.like("bench:%")
            )
        )
    )
    # Every notice marked sent, each received once, and the Message-IDs are the notices' own.
    once = len(ids) == len(set(ids)) == len(marked) == args.count and set(ids) == marked
    print(
        f"  {label}: {took:.2f} s, {args.count / took:,.0f} notices/s; SMTP server received "
        f"{len(ids)} ({len(set(ids))} distinct Message-IDs), {len(marked)} marked sent"
    )
    run = Run(label, history, took, sent, once, cpu, _cpu_of(sink.pid) - sink_cpu, database_cpu)
    return run


# --- the runs ---------------------------------------------------------------------------------


def _runs_of(config, args, sink, history: int) -> list[Run]:
    label = f"{history:,} in history" if history else "empty outbox"
    print(f"\n== {label} ==")
    db.drop_all()
    db.create_all()
    t = time.perf_counter()
    people = seed.people(args.count)
    if history:
        seed.history(history, people)
        print(f"wrote {history:,} notices of history in {time.perf_counter() - t:.1f} s")
    runs = []
    for i in range(args.repeat):
        seed.due(args.count, people)
        seed.analyze()
        if i == 0:
            print("claim query with every due notice due:\n" + explain(args.batch_size))
        runs.append(_timed_sweep(config, args, sink, label, history))
        if i + 1 < args.repeat:
            seed.forget_due()
    seed.plan_ahead(people, 100)
    seed.analyze()
    print("claim query in the steady state (all sent, 100 reminders ahead):\n" + explain(500))
    return runs


def _report(runs: list[Run], args) -> None:
    print(
        f"\n{args.count:,} notices, {args.processes} processes x {args.threads} threads, "
        f"batches of {args.batch_size}, sink: {args.sink}"
    )
    print("| Outbox | Sweep (median) | Notices/s | Runs | CPU ms/notice: sweepers, sink, DB |")
    print("|---|---|---|---|---|")
    for label in dict.fromkeys(r.label for r in runs):
        mine = [r for r in runs if r.label == label]
        took = statistics.median(r.seconds for r in mine)
        cpu = [
            statistics.median(getattr(r, f) for r in mine) * 1000 / args.count
            for f in ("cpu_sweepers", "cpu_sink", "cpu_database")
        ]
        each = ", ".join(f"{r.seconds:.1f}" for r in mine)
        print(
            f"| {label} | {took:.1f} s | {args.count / took:,.0f} | {each} s | "
            f"{cpu[0]:.2f}, {cpu[1]:.2f}, {cpu[2]:.2f} |"
        )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="due notices (default 10,000)")
    parser.add_argument(
        "--history", type=int, default=2_000_000, help="notices already sent (0: no such run)"
    )
    parser.add_argument("--empty", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--repeat", type=int, default=1, help="sweeps per outbox (median shown)")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2, help="sweeper processes (default 2)")
    parser.add_argument(
        "--threads", type=int, default=2, help="sweep threads per process (NOTICE_SWEEP_WORKERS)"
    )
    parser.add_argument(
        "--sink",
        choices=("lean", "aiosmtpd"),
        default="lean",
        help="the SMTP server: a lean asyncio one (default) or aiosmtpd (see bench/README.md)",
    )
    parser.add_argument(
        "--profile", help="only the first sweep, in this process under cProfile, to FILE"
    )
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    tmp = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    sink = start_sink(args.sink)

    class BenchConfig(Config):
        APP_ENV = "development"  # a throwaway installation: its generated key will do
        SECRET_KEY = Config.SECRET_KEY or secrets.token_urlsafe(48)
        SQLALCHEMY_DATABASE_URI = _database_url(tmp)
        MAIL_SERVER = "127.0.0.1"
        MAIL_PORT = sink.port
        MAIL_OUTBOX_DIR = str(tmp / "outbox")
        CELERY = {**Config.CELERY, "broker_url": "memory://"}

    app = create_app(BenchConfig)
    runs: list[Run] = []
    try:
        with app.app_context():
            print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
            sizes = ([0] if args.empty else []) + ([args.history] if args.history else [])
            if args.profile:  # one sweep, the first asked for
                sizes, args.repeat = sizes[:1], 1
            for history in sizes:
                runs += _runs_of(BenchConfig, args, sink, history)
            db.drop_all()
    finally:
        sink.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # the SQLite file: 1 GB with 2 M notices
    _report(runs, args)
    return 0 if runs and all(r.exactly_once for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
