"""The volume generator: a realistic data set of any size, written through the models' tables.

`build` runs the steps in dependency order on one connection (one transaction, so a failed
build leaves nothing behind) and returns the writer, which knows how many rows it wrote per
table, and the seconds each step took. See bench/volume.py for the command and
bench/README.md for what the data holds.
"""

import gc
import random
import time
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy.engine import Connection

from bench.volumegen import (
    committees,
    implementation,
    meetings,
    members,
    notices,
    people,
    recommendations,
)
from bench.volumegen.clock import Clock
from bench.volumegen.shape import Shape
from bench.volumegen.world import World
from bench.volumegen.writer import Writer

BULK_SCALE = 5  # from here on, indexes and foreign keys are made after the load, not during it
STEPS: tuple[tuple[str, Callable[[World], None]], ...] = (
    ("people and bodies", people.build),
    ("committees and mandates", committees.build),
    ("memberships and recruitment", members.build),
    ("meetings", meetings.build),
    ("recommendations", recommendations.build),
    ("followers", implementation.follows),
    ("appointment and phase notices", notices.lifecycle),
)


def build(
    conn: Connection,
    scale: float,
    seed: int,
    password_hash: str,
    follow_up_months: tuple[int, ...],
    today: date,
    now: datetime,
) -> tuple[Writer, dict[str, float]]:
    """Write the data set for `scale` on an empty schema; the caller commits."""
    writer = Writer(conn)
    if scale >= BULK_SCALE:
        writer.drop_indexes()
    closing = frozenset(tuple(map(int, d.split("-"))) for d in people.CLOSING_DAYS)
    world = World(
        writer=writer,
        rng=random.Random(seed),
        clock=Clock(today, now, closing),
        shape=Shape.of(scale),
        password_hash=password_hash,
        follow_up_months=follow_up_months,
    )
    timings = _run_steps(world)
    start = time.perf_counter()
    writer.finish()
    timings["indexes and statistics"] = time.perf_counter() - start
    return writer, timings


def _run_steps(world: World) -> dict[str, float]:
    """Each step, its rows flushed, timed and reported as it ends."""
    timings: dict[str, float] = {}
    # Millions of short-lived dicts and no cycles: the cyclic collector would only scan the
    # world over and over.
    gc.disable()
    try:
        for name, step in STEPS:
            start = time.perf_counter()
            step(world)
            world.writer.flush()
            timings[name] = time.perf_counter() - start
            print(f"  {name}: {timings[name]:.1f} s", flush=True)
    finally:
        gc.enable()
    return timings
