"""Fixtures: app, client, db (fresh schema per test) and factories that return callables."""

import asyncio
import copy
import os
import secrets
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from committees import create_app
from committees.extensions import db as _db
from committees.extensions import limiter
from committees.models import (
    ApprovalOutcome,
    BodyKind,
    Committee,
    CommitteeState,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    MemberRole,
    Membership,
    MemberType,
    PoliticalBody,
    Role,
    TaskQuestion,
    User,
)
from committees.models.base import local_today
from config import TestConfig
from workflows import accounts

pytest_plugins = ["tests.rec_factories"]

PASSWORD = "korrekt-hest-batteri"
ROOT = Path(__file__).resolve().parent.parent
# Subprocesses (Celery workers and beat, `flask` commands) start as a real installation does,
# which refuses any key from the repository: they get a random one, and so does the app under
# test, so a link signed on one side opens on the other.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))


# Under `pytest -n N` (pytest-xdist) each worker process is "gw0", "gw1", …: it gets a database
# and Redis databases of its own, so workers never see each other's rows, queues or locks.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(WORKER[2:]) if WORKER.startswith("gw") and WORKER[2:].isdigit() else 0
_CREATED: set[str] = set()


def _own_database(url: str) -> str:
    """TEST_DATABASE_URL with this worker's suffix, made anew on first use in each run (one
    left by an earlier run may hold an old schema or a migration's version row)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    mine = base.set(database=f"{base.database}_{WORKER}")
    if str(mine) not in _CREATED:
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{mine.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{mine.database}"'))
        engine.dispose()
        _CREATED.add(str(mine))
    return mine.render_as_string(hide_password=False)


def _test_database_url(tmp_path: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return _own_database(url) if WORKER else url


def redis_url(number: int) -> str | None:
    """REDIS_URL pointed at database `number` plus this worker's index (None without Redis)."""
    from urllib.parse import urlsplit, urlunsplit

    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    return urlunsplit(urlsplit(url)._replace(path=f"/{number + WORKER_INDEX}"))


def _build_app(folder: Path):
    class Cfg(TestConfig):
        SECRET_KEY = os.environ["SECRET_KEY"]
        SQLALCHEMY_DATABASE_URI = _test_database_url(folder)
        CELERY = {**TestConfig.CELERY, "broker_url": "memory://"}

    application = create_app(Cfg)
    if Cfg.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
        with application.app_context():
            _db.create_all()  # the template each test's database is copied from
            _db.engine.dispose()
        Path(folder / "test.sqlite").rename(folder / "template.sqlite")
    return application


@pytest.fixture(scope="session")
def _shared_app(tmp_path_factory):
    """One app per test process (building one compiles ~150 URL rules: 0.1 s, per test).

    Each test gets it back as it was made: the configuration is restored after the test, the
    rate limits are emptied, and the database is fresh (see `app`).
    """
    return _build_app(tmp_path_factory.mktemp("app"))


@pytest.fixture
def app(request, tmp_path):
    """The app on a throwaway database: a SQLite file, or TEST_DATABASE_URL (PostgreSQL in CI).

    The integration tests get an app of their own, as before: they point its Celery at real
    brokers, and Celery keeps its connection pools for the broker it first used.
    """
    if request.node.get_closest_marker("integration"):
        application = _build_app(tmp_path)
    else:
        application = request.getfixturevalue("_shared_app")
    config = {k: copy.copy(v) for k, v in application.config.items()}
    broker = application.extensions["celery"].conf.broker_url
    application.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    application.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    limiter.reset()
    # A test that built an app of its own made that app's Celery the current one; tasks run
    # with .apply() must find this test's app (and its database) again.
    application.extensions["celery"].set_current()
    application.extensions["celery"].set_default()
    with application.app_context():
        _fresh_schema(application.config["SQLALCHEMY_DATABASE_URI"])
        try:
            yield application
        finally:
            _db.session.remove()
            _db.engine.dispose()
            application.config.clear()
            application.config.update(config)
            application.extensions["celery"].conf.broker_url = broker


_SCHEMA_BUILT: dict[str, list[str]] = {}


def _fresh_schema(url: str) -> None:
    """An empty schema: a SQLite file is copied from the template; a server database is built
    once, then emptied.

    Dropping and creating ~40 tables per test took most of the suite's time on PostgreSQL, and
    TRUNCATE of them all still took 0.2 s; deleting the few rows a test leaves and restarting
    the sequences (so ids start at 1 again) takes a few milliseconds. A test that removes
    tables (the migration test) makes the DELETE fail, and the schema is built again.
    """
    if url.startswith("sqlite"):
        _db.engine.dispose()  # no connection may keep the old file open
        path = Path(url.removeprefix("sqlite:///"))
        shutil.copyfile(path.with_name("template.sqlite"), path)
        return
    if url in _SCHEMA_BUILT:
        tables = reversed(_db.metadata.sorted_tables)
        try:
            with _db.engine.begin() as conn:
                conn.execute(_db.text("; ".join(f'DELETE FROM "{t.name}"' for t in tables)))  # noqa: S608
                restart = [f"setval('\"{s}\"', 1, false)" for s in _SCHEMA_BUILT[url]]
                conn.execute(_db.text("SELECT " + ", ".join(restart)))
            return
        except _db.exc.ProgrammingError:
            del _SCHEMA_BUILT[url]
    _db.drop_all()
    _db.create_all()
    sequences = "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
    with _db.engine.connect() as conn:
        _SCHEMA_BUILT[url] = list(conn.execute(_db.text(sequences)).scalars())


@pytest.fixture(scope="session")
def chromium():
    """One Chromium per test process, launched by the first browser test, closed at the end."""
    from tests.test_browser import launched_chromium

    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def db(app):
    """The database session of a fresh schema."""
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The .eml files written so far (the no-SMTP fallback), as a callable."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])

    def read() -> list[str]:
        if not folder.exists():
            return []
        return [p.read_text() for p in sorted(folder.glob("*.eml"))]

    return read


def free_port() -> int:
    """A loopback TCP port nobody listens on (for a server to start on, or a refused connection)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collect:
    """An aiosmtpd handler that keeps every message; `delay` makes each DATA slow on purpose.

    With `together` = n, each message waits until n SMTP sessions have been in DATA at the same
    moment (at most `hold` seconds, below the sender's MAIL_TIMEOUT_SECONDS): a test that needs
    n senders to overlap gets that overlap however late one of them starts."""

    def __init__(
        self, received: list[EmailMessage], delay: float, together: int = 0, hold: float = 12.0
    ) -> None:
        self.received = received
        self.delay = delay
        self.together = together
        self.hold = hold
        self.waiting: set[int] = set()
        self.overlapped = 0  # the most sessions seen in DATA at once
        self.met: asyncio.Event | None = None

    async def _meet(self, session) -> None:
        self.met = self.met or asyncio.Event()
        self.waiting.add(id(session))
        self.overlapped = max(self.overlapped, len(self.waiting))
        if len(self.waiting) >= self.together:
            self.met.set()
        try:
            await asyncio.wait_for(self.met.wait(), self.hold)
        except TimeoutError:
            self.met.set()  # hold nobody else: the test's own assertion says what went wrong
        finally:
            self.waiting.discard(id(session))

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.together:
            await self._meet(session)
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def running_smtp_sink(
    delay: float = 0.0, together: int = 0, hold: float = 12.0
) -> Iterator[tuple[int, list[EmailMessage]]]:
    """A real SMTP server on loopback (aiosmtpd): yields (port, messages received so far)."""
    received: list[EmailMessage] = []
    port = free_port()
    handler = _Collect(received, delay, together, hold)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@pytest.fixture
def smtp_sink(app):
    """The app sends through a real SMTP server on loopback; returns the messages it received."""
    with running_smtp_sink() as (port, received):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield received


@pytest.fixture
def make_user(db):
    """make_user(role=Role.citizen, email=None, name=None, password=PASSWORD) -> User."""
    counter = {"n": 0}

    def make(role: Role = Role.citizen, email=None, name=None, password=PASSWORD, **kw) -> User:
        counter["n"] += 1
        n = counter["n"]
        user = User(
            email=email or f"{role.value}{n}@test.example",
            name=name or f"{role.label} {n}",
            role=role,
            password_hash=accounts.hash_password(password) if password else None,
            **kw,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_body(db):
    """make_body(name, kind) -> PoliticalBody."""

    def make(name: str = "Kultur- og Fritidsudvalget", kind=BodyKind.standing_committee):
        body = db.session.scalar(db.select(PoliticalBody).where(PoliticalBody.name == name))
        if body is None:
            body = PoliticalBody(name=name, kind=kind)
            db.session.add(body)
            db.session.commit()
        return body

    return make


@pytest.fixture
def make_committee(db, make_body, make_user):
    """make_committee(state=..., approved=True, seats=(c, b, s)) -> Committee with a mandate."""
    counter = {"n": 0}

    def make(
        state: CommitteeState = CommitteeState.working,
        approved: bool | None = None,
        seats: tuple[int, int, int] = (1, 2, 0),
        **kw,
    ) -> Committee:
        counter["n"] += 1
        approved = state.is_public if approved is None else approved
        start = kw.pop("start_date", local_today() - timedelta(days=30))
        c = Committee(name=kw.pop("name", f"Opgaveudvalg {counter['n']}"), state=state, **kw)
        c.parent_bodies = [make_body()]
        v = MandateVersion(
            number=1,
            title=c.name,
            background="Baggrund",
            purpose="Formål",
            start_date=start,
            end_date=start + timedelta(days=300),
            seats_councillors=seats[0],
            seats_citizens=seats[1],
            seats_stakeholders=seats[2],
            status=MandateStatus.approved if approved else MandateStatus.draft,
            approved_on=start - timedelta(days=60) if approved else None,
        )
        v.task_questions = [TaskQuestion(position=1, text="Hvordan gør vi det bedre?")]
        if approved:
            council = make_body("Kommunalbestyrelsen", BodyKind.council)
            v.approvals = [
                MandateApproval(
                    body=council,
                    decided_on=start - timedelta(days=60),
                    outcome=ApprovalOutcome.approved,
                    agenda_reference="Punkt 3",
                )
            ]
        c.mandate_versions = [v]
        db.session.add(c)
        db.session.commit()
        return c

    return make


@pytest.fixture
def make_member(db, make_user):
    """make_member(committee, member_type, role, user=None) -> Membership."""

    def make(
        committee: Committee,
        member_type: MemberType = MemberType.citizen,
        role: MemberRole = MemberRole.member,
        user: User | None = None,
        **kw,
    ) -> Membership:
        role_for = {
            MemberType.councillor: Role.councillor,
            MemberType.citizen: Role.citizen,
            MemberType.stakeholder: Role.citizen,
            MemberType.staff: Role.secretariat,
        }
        user = user or make_user(role_for[member_type])
        m = Membership(
            committee=committee,
            user=user,
            member_type=member_type,
            role=role,
            start_date=kw.pop("start_date", local_today() - timedelta(days=30)),
            **kw,
        )
        db.session.add(m)
        db.session.commit()
        return m

    return make


@pytest.fixture
def full_committee(make_committee, make_member):
    """full_committee(state) -> a committee whose members satisfy its mandate (1 + 2 seats)."""

    def make(state: CommitteeState = CommitteeState.recruiting, **kw) -> Committee:
        c = make_committee(state=state, **kw)
        make_member(c, MemberType.councillor, MemberRole.chair)
        make_member(c, MemberType.citizen, MemberRole.member, publish_name=True)
        make_member(c, MemberType.citizen, MemberRole.member, publish_name=False)
        return c

    return make


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real login form."""

    def do(user: User, password: str = PASSWORD):
        client.post("/konto/log-ud")
        resp = client.post("/konto/log-ind", data={"email": user.email, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return resp

    return do


@pytest.fixture
def people(make_user, make_committee, make_member):
    """One user of each kind the permission tests need, plus the committee they are tested on.

    Returns a dict: anonymous (None), citizen (not a member), councillor, secretariat, admin,
    member (a citizen member of `committee`), facilitator (of `committee`), outsider (a member
    of another committee), and the two committees.
    """
    committee = make_committee(state=CommitteeState.working)
    other = make_committee(state=CommitteeState.working)
    member = make_member(committee, MemberType.citizen).user
    # An external facilitator (not staff), so facilitator rights are tested on their own.
    facilitator = make_member(committee, MemberType.stakeholder, MemberRole.facilitator).user
    outsider = make_member(other, MemberType.citizen).user
    return {
        "anonymous": None,
        "citizen": make_user(Role.citizen),
        "councillor": make_user(Role.councillor),
        "secretariat": make_user(Role.secretariat),
        "admin": make_user(Role.administrator),
        "member": member,
        "facilitator": facilitator,
        "outsider": outsider,
        "committee": committee,
        "other": other,
    }


@pytest.fixture
def make_meeting(db):
    """make_meeting(committee, days=7, kind=committee_meeting, items=2, **kw) -> Meeting.

    Written straight to the database, so a meeting can lie in the past (days < 0) for the
    register and the minutes. `items` plain agenda items are added (kind decision, open).
    """
    from datetime import UTC, datetime

    from committees.models import AgendaItem, ItemKind, Meeting, MeetingKind

    def make(committee, days: float = 7, kind=MeetingKind.committee_meeting, items: int = 2, **kw):
        start = kw.pop("starts_at", None) or (
            datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=days)
        )
        meeting = Meeting(
            committee=committee,
            kind=kind,
            title=kw.pop("title", f"{kind.label} {start:%d.%m}"),
            starts_at=start,
            ends_at=kw.pop("ends_at", start + timedelta(hours=2)),
            place=kw.pop("place", "Rådhuset, mødelokale 2"),
            **kw,
        )
        for n in range(1, items + 1):
            meeting.items.append(
                AgendaItem(
                    position=n, kind=ItemKind.decision, title=f"Punkt {n}", case_text="Tekst"
                )
            )
        db.session.add(meeting)
        db.session.commit()
        return meeting

    return make


def pytest_sessionfinish(session, exitstatus):
    """With FORBID_SKIPS set (CI), any skipped test fails the run: CI has every service."""
    if not os.environ.get("FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"FORBID_SKIPS: {len(skipped)} test(s) skipped in CI", red=True)
        session.exitstatus = 1
