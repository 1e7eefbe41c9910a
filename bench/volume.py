"""Build a realistic data set of N times one municipality's volume, for the benchmarks.

    .venv/bin/python bench/volume.py --scale 100 [--database-url URL] [--seed 1] [--reset]
    make bench-volume SCALE=100 BENCH_DATABASE_URL=postgresql://u:p@127.0.0.1/bench_volume

Scale 1 is one municipality of Gentofte's size (40 committees over ten years, ~380 people);
scale 100 is roughly the whole country on one installation (4,000 committees, 38,000 people,
44,000 meetings, 360,000 agenda items, 2 million notices). The schema is made by the app's
migrations on an empty database; a database with data is refused unless --reset, which drops
every table first. Without --database-url (or BENCH_DATABASE_URL) the data goes to a SQLite file,
instance/bench/volume.sqlite. Everyone logs in with the password bench-password-1234; the
four bench logins (one per role) are printed at the end.
"""

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import MetaData, exists, inspect, select  # noqa: E402

from bench import volumegen  # noqa: E402
from bench.volumegen import shape  # noqa: E402
from committees import create_app  # noqa: E402
from committees.extensions import db  # noqa: E402
from config import INSTANCE_DIR, Config  # noqa: E402


def database_url(given: str | None) -> str:
    """The URL given, else BENCH_DATABASE_URL, else a SQLite file in instance/bench/."""
    url = given or os.environ.get("BENCH_DATABASE_URL", "")
    if not url:
        folder = INSTANCE_DIR / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'volume.sqlite'}"
    for old in ("postgres://", "postgresql://"):
        if url.startswith(old):
            url = "postgresql+psycopg://" + url[len(old) :]
    return url


def make_app(url: str, **settings):
    """The app on the bench database (a throwaway installation: any key will do); `settings`
    override the configuration (the tests switch the rate limit and CSRF off)."""

    class VolumeConfig(Config):
        APP_ENV = "development"
        SECRET_KEY = Config.SECRET_KEY or secrets.token_urlsafe(48)
        SQLALCHEMY_DATABASE_URI = url
        CELERY = {**Config.CELERY, "broker_url": "memory://"}

    for name, value in settings.items():
        setattr(VolumeConfig, name, value)
    return create_app(VolumeConfig)


def prepare(reset: bool) -> str | None:
    """An empty schema at the newest migration; a refusal (text) if the database has data."""
    import flask_migrate

    engine = db.engine
    present = set(inspect(engine).get_table_names())
    if present and reset:
        everything = MetaData()
        everything.reflect(engine)
        everything.drop_all(engine)
    elif present:
        known = set(db.metadata.tables) | {"alembic_version"}
        with engine.connect() as conn:
            filled = [
                t.name
                for t in db.metadata.sorted_tables
                if t.name in present and conn.scalar(select(exists().select_from(t)))
            ]
        if filled or present - known:
            names = ", ".join(sorted(filled or present - known)[:5])
            return f"the database is not empty ({names}, ...): give --reset to drop everything"
        if "alembic_version" not in present:
            return "the database has tables but no migration version: give --reset"
    flask_migrate.upgrade()
    return None


def build(scale: float, seed: int) -> tuple[dict[str, int], dict[str, float]]:
    """Generate the data set in one transaction; rows per table and seconds per step."""
    from flask import current_app

    from committees.models.base import local_today, utcnow
    from workflows.accounts import hash_password

    password_hash = hash_password(shape.PASSWORD)
    months = tuple(current_app.config["FOLLOW_UP_MONTHS"])
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        writer, timings = volumegen.build(
            conn, scale, seed, password_hash, months, local_today(), utcnow()
        )
    return dict(writer.counts), timings


def summary(counts: dict[str, int], timings: dict[str, float], seconds: float) -> str:
    """Rows per table, seconds per step, the total and the logins."""
    lines = [f"{'table':<28}{'rows':>12}"]
    lines += [f"{name:<28}{n:>12,}" for name, n in sorted(counts.items())]
    lines.append(f"{'total':<28}{sum(counts.values()):>12,}")
    lines.append("")
    lines += [f"{name:<32}{s:>8.1f} s" for name, s in timings.items()]
    lines.append(f"{'built in':<32}{seconds:>8.1f} s")
    lines.append("")
    lines.append(f"logins (password {shape.PASSWORD}):")
    for email in (shape.SECRETARIAT, shape.COUNCILLOR, shape.MEMBER, shape.ADMIN):
        lines.append(f"  {email}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, prepare the database, build, print the summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, required=True, help="1 = one municipality")
    parser.add_argument("--database-url", help="default: BENCH_DATABASE_URL, else SQLite")
    parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
    parser.add_argument("--reset", action="store_true", help="drop every table first")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be above 0")
    start = time.perf_counter()
    url = database_url(args.database_url)
    app = make_app(url)
    with app.app_context():
        print(f"database: {db.engine.url.render_as_string(hide_password=True)}", flush=True)
        refusal = prepare(args.reset)
        if refusal:
            print(refusal, file=sys.stderr)
            return 2
        counts, timings = build(args.scale, args.seed)
        db.engine.dispose()
    print(summary(counts, timings, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
