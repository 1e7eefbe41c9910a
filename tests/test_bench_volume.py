"""The volume generator (bench/volume.py) at a small scale: its proportions, its consistency, and
the main pages answering for each bench login.

The data set is built once for the module, on a SQLite file (or, with TEST_DATABASE_URL on
PostgreSQL, a throwaway database of its own: the generator runs the migrations on an empty one).
"""

import os
from collections import Counter

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench import volume
from bench.volumegen.shape import ADMIN, COUNCILLOR, MEMBER, PASSWORD, SECRETARIAT, Shape
from committees.extensions import db
from committees.models import (
    AgendaItem,
    Committee,
    CommitteeState,
    Meeting,
    MemberRole,
    Membership,
    Notice,
    NoticeStatus,
    Recommendation,
    User,
)
from workflows import composition

SCALE = 0.25  # ten committees: one in every phase
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _throwaway_postgresql(url: str) -> tuple[str, callable]:
    """A new database beside the test database, and how to drop it."""
    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    mine = base.set(database=f"{base.database}_volume_{WORKER}")
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def run(sql: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(sql))

    run(f'DROP DATABASE IF EXISTS "{mine.database}" WITH (FORCE)')
    run(f'CREATE DATABASE "{mine.database}"')

    def drop() -> None:
        run(f'DROP DATABASE IF EXISTS "{mine.database}" WITH (FORCE)')
        admin.dispose()

    return mine.render_as_string(hide_password=False), drop


@pytest.fixture(scope="module")
def volume_url(tmp_path_factory):
    """The database the generator filled at SCALE (built once for the module)."""
    given = os.environ.get("TEST_DATABASE_URL", "")
    drop = None
    if given.startswith("postgresql"):
        url, drop = _throwaway_postgresql(given)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('volume') / 'volume.sqlite'}"
    assert volume.main(["--scale", str(SCALE), "--database-url", url, "--seed", "7"]) == 0
    yield url
    if drop:
        drop()


@pytest.fixture
def bench_app(volume_url):
    app = volume.make_app(
        volume.database_url(volume_url),
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        RATELIMIT_STORAGE_URI="memory://",
    )
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_rows_come_in_the_proportions_of_the_shape(bench_app):
    shape = Shape.of(SCALE)
    states = Counter(db.session.scalars(select(Committee.state)))
    assert states == Counter(shape.states())
    assert set(states) == set(CommitteeState)  # every phase
    people = shape.admins + shape.secretariat + shape.councillors + shape.citizens
    assert _count(User) == people + 4  # and the four bench logins
    met = sum(n for s, n in states.items() if s.public_phase in ("ongoing", "finished"))
    meetings, items, notices = _count(Meeting), _count(AgendaItem), _count(Notice)
    assert 8 * met <= meetings <= 16 * met  # 5-7 committee meetings, workshops, groups, ...
    assert 6 * meetings <= items <= 11 * meetings
    assert 9 * met <= _count(Membership) <= 18 * met
    assert 25 * meetings <= notices <= 80 * meetings
    statuses = Counter(db.session.scalars(select(Notice.status)))
    assert statuses[NoticeStatus.sent] > 0.8 * notices
    assert statuses[NoticeStatus.pending] > 0  # reminders of the meetings ahead
    finished = sum(n for s, n in states.items() if s.public_phase == "finished")
    assert 4 * finished <= _count(Recommendation) <= 10 * (finished + 1)


def test_committees_at_work_meet_their_mandate(bench_app):
    """Seats filled as the approved mandate says, a councillor chairing: nothing to fix."""
    at_work = db.session.scalars(
        select(Committee).where(
            Committee.state.in_([CommitteeState.constituted, CommitteeState.working])
        )
    ).all()
    assert at_work
    for c in at_work:
        assert composition.violations(c) == [], c.name


def test_the_bench_logins_are_busy(bench_app):
    def committees_of(email: str, role: MemberRole | None = None) -> list[Committee]:
        stmt = select(Committee).join(Membership).join(User).where(User.email == email)
        if role is not None:
            stmt = stmt.where(Membership.role == role)
        return db.session.scalars(stmt).all()

    facilitated = committees_of(SECRETARIAT, MemberRole.facilitator)
    assert len(facilitated) >= 2
    assert any(c.state is CommitteeState.working for c in facilitated)
    assert any(c.state is CommitteeState.working for c in committees_of(COUNCILLOR))
    member_of = committees_of(MEMBER)
    assert len(member_of) >= 3
    assert any(c.state is CommitteeState.working for c in member_of)
    assert db.session.scalar(select(User).where(User.email == ADMIN)).is_staff


@pytest.mark.parametrize(
    ("email", "answers"),
    [
        (SECRETARIAT, {"/overblik": 200, "/politisk-overblik": 200}),
        (COUNCILLOR, {"/overblik": 403, "/politisk-overblik": 200}),
        (MEMBER, {"/overblik": 403, "/politisk-overblik": 403}),
        (ADMIN, {"/overblik": 200, "/politisk-overblik": 200}),
    ],
)
def test_the_main_pages_answer_for_each_login(bench_app, email, answers):
    client = bench_app.test_client()
    resp = client.post("/konto/log-ind", data={"email": email, "password": PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    works_with = SECRETARIAT if email == ADMIN else email
    working = db.session.scalar(
        select(Committee.id)
        .join(Membership)
        .join(User)
        .where(User.email == works_with, Committee.state == CommitteeState.working)
        .limit(1)
    )
    assert working is not None
    pages = {
        "/": 200,
        "/arkiv": 200,
        "/arbejdsrum/": 200,
        f"/arbejdsrum/{working}": 200,
        f"/arbejdsrum/{working}/moeder": 200,
        "/varsler/": 200,
        **answers,
    }
    for path, status in pages.items():
        assert client.get(path).status_code == status, path


def test_a_database_with_data_is_refused_without_reset(volume_url, capsys):
    assert volume.main(["--scale", str(SCALE), "--database-url", volume_url]) == 2
    assert "--reset" in capsys.readouterr().err


def test_every_notice_reads_as_the_app_writes_it(bench_app):
    """Each notice's context holds what its kind's title, body and link need (the generator
    writes the workflows' contexts by hand: this catches a kind that changed its fields)."""
    from workflows import notices

    with bench_app.test_request_context():
        for n in db.session.scalars(select(Notice)):
            title, _body = notices.text(n)
            assert title and title != n.kind, n.kind
            notices.link(n)


# --- every page type: the same statements at two sizes, and at most twelve -------------------

LARGER = 0.75  # three times the committees, people, meetings and notices of SCALE
MAX_STATEMENTS = 12


@pytest.fixture(scope="module")
def larger_url(tmp_path_factory):
    """A second data set, LARGER times a municipality (SQLite: the sizes differ, not the plans)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('volume') / 'larger.sqlite'}"
    assert volume.main(["--scale", str(LARGER), "--database-url", url, "--seed", "8"]) == 0
    return url


def _statements_per_page(url: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(page type, role) -> (SQL statements, status), each page asked as its role would."""
    from sqlalchemy import event

    from bench.page_types import choose
    from bench.pages import ROLES

    app = volume.make_app(
        volume.database_url(url),
        TESTING=True,
        WTF_CSRF_ENABLED=False,
        RATELIMIT_ENABLED=False,
        RATELIMIT_STORAGE_URI="memory://",
    )
    out, clients, count = {}, {}, {"n": 0}
    with app.app_context():
        pages = choose()
        engine = db.engine
    event.listen(
        engine, "before_cursor_execute", lambda *_a: count.__setitem__("n", count["n"] + 1)
    )
    for name, role, path in pages:
        if role not in clients:
            clients[role] = app.test_client()
            if ROLES[role]:
                clients[role].post(
                    "/konto/log-ind", data={"email": ROLES[role], "password": PASSWORD}
                )
        clients[role].get(path)  # warm: what a first request caches is not the page's cost
        count["n"] = 0
        status = clients[role].get(path).status_code
        out[(name, role)] = (count["n"], status)
    return out


def test_every_page_type_asks_the_same_few_statements_at_two_sizes(volume_url, larger_url):
    small, large = _statements_per_page(volume_url), _statements_per_page(larger_url)
    assert small.keys() == large.keys()
    assert {page: s for page, (_n, s) in large.items() if s != 200} == {}
    grew = {page: (small[page][0], n) for page, (n, _s) in large.items() if n != small[page][0]}
    assert grew == {}, "statements per page grew with the data"
    too_many = {page: n for page, (n, _s) in large.items() if n > MAX_STATEMENTS}
    assert too_many == {}, f"more than {MAX_STATEMENTS} statements"
