"""What the secretariat's dashboard shows: committees by phase and what needs action.

Built from columns, not objects: one query per kind of fact (committees, open mandates,
approved mandates, running memberships), so the number of queries stays the same however
many committees there are, and only the rows a page shows are rendered.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, text
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    Heartbeat,
    MandateStatus,
    MandateVersion,
    Membership,
    Notice,
    NoticeStatus,
    User,
)
from committees.models.base import local_today, utcnow
from committees.models.notice import FAILED_SQL, UNSENT_SQL
from workflows import composition

EARLY = (
    CommitteeState.idea,
    CommitteeState.mandate_draft,
    CommitteeState.mandate_approved,
    CommitteeState.recruiting,
)
BEING_FORMED = (CommitteeState.mandate_approved, CommitteeState.recruiting)
SHOWN = 10  # of each list on the dashboard itself; "see all" has the rest
BEATS = ("beat", "sweep")
SILENT_AFTER = 3  # intervals without a heartbeat before the dashboard warns (as /healthz does)


@dataclass
class Todo:
    """One thing that needs the secretariat's action (`committee` has an id and a name)."""

    committee: Row
    text: str


@dataclass
class Board:
    """The dashboard's content: the first of each list, and how many there are in all."""

    counts: list[tuple[CommitteeState, int]]
    todos: list[Todo] = field(default_factory=list)
    todo_total: int = 0
    pending_invitations: list[User] = field(default_factory=list)
    invitation_total: int = 0


def _counts() -> list[tuple[CommitteeState, int]]:
    rows = dict(
        db.session.execute(db.select(Committee.state, func.count()).group_by(Committee.state)).all()
    )
    return [(s, rows.get(s, 0)) for s in CommitteeState]


def _early_committees() -> list[Row]:
    """Committees not yet constituted, with whether a mandate of theirs is with the politicians."""
    awaiting = db.exists().where(
        MandateVersion.committee_id == Committee.id,
        MandateVersion.status == MandateStatus.submitted,
    )
    return list(
        db.session.execute(
            db.select(
                Committee.id,
                Committee.name,
                Committee.state,
                Committee.planned_start,
                awaiting.label("awaiting_decision"),
            )
            .where(Committee.state.in_(EARLY))
            .order_by(Committee.planned_start, Committee.id)
        )
    )


def _approved_mandates() -> dict[int, MandateVersion]:
    """The newest approved mandate of each committee being formed."""
    other = aliased(MandateVersion)
    newest = (
        db.select(func.max(other.number))
        .where(other.committee_id == Committee.id, other.status == MandateStatus.approved)
        .correlate(Committee)
        .scalar_subquery()
    )
    rows = db.session.execute(
        db.select(Committee.id, MandateVersion)
        .join(MandateVersion, MandateVersion.committee_id == Committee.id)
        .where(Committee.state.in_(BEING_FORMED), MandateVersion.number == newest)
    )
    return dict(rows.tuples().all())


def _appointed_seats(mandates: dict[int, MandateVersion], today: date) -> dict[int, list[Row]]:
    """Each committee's memberships appointed for its period (the rule's columns only)."""
    rows = db.session.execute(
        db.select(
            Membership.committee_id,
            Membership.member_type,
            Membership.role,
            Membership.start_date,
            Membership.end_date,
        )
        .join(Committee, Committee.id == Membership.committee_id)
        .where(Committee.state.in_(BEING_FORMED))
    )
    appointed: dict[int, list[Row]] = defaultdict(list)
    for row in rows:  # before constitution, everyone appointed for the period counts
        start, end = composition.forming_window(mandates.get(row.committee_id), today)
        if composition.overlaps(row, start, end):
            appointed[row.committee_id].append(row)
    return appointed


def todos() -> list[Todo]:
    """Everything that waits on the secretariat, committee by committee (planned start first)."""
    today = local_today()
    mandates = _approved_mandates()
    seats = _appointed_seats(mandates, today)
    out = []
    for c in _early_committees():
        if c.awaiting_decision:
            out.append(Todo(c, _("Kommissoriet afventer politisk beslutning")))
        elif c.state in (CommitteeState.idea, CommitteeState.mandate_draft):
            out.append(Todo(c, _("Kommissoriet er i udkast")))
        if c.state in BEING_FORMED:
            out.extend(_forming_todos(c, mandates.get(c.id), seats.get(c.id, []), today))
    return out


def _forming_todos(c: Row, mandate: MandateVersion | None, seats: list[Row], today: date):
    problems = (
        composition.violations_among(seats, mandate)
        if mandate is not None
        else [_("kommissoriet er ikke godkendt, så sammensætningen kan ikke kontrolleres")]
    )
    if problems:
        yield Todo(c, _("Sammensætning: %(p)s", p="; ".join(problems)))
    if c.planned_start and c.planned_start < today:
        yield Todo(c, _("Planlagt start er passeret, men udvalget er ikke konstitueret"))


PENDING = (User.password_hash.is_(None), User.active.is_(True))


def pending_invitations():
    """Accounts invited but without a password yet, oldest invitation first (a statement)."""
    return db.select(User).where(*PENDING).order_by(User.invited_at, User.id)


def _pending_invitations() -> tuple[list[User], int]:
    """The first SHOWN, and how many in all (a window count: one query)."""
    rows = db.session.execute(
        pending_invitations().add_columns(func.count().over().label("total")).limit(SHOWN)
    ).all()
    return [row[0] for row in rows], rows[0].total if rows else 0


@dataclass
class Scheduler:
    """Whether reminders and e-mails are going out: what the secretariat needs to see."""

    last_beat: datetime | None
    last_sweep: datetime | None
    pending: int
    failed: int
    silent: bool  # the beat (or the sweep it starts) has not been heard for several intervals


def scheduler(beat_interval: timedelta, sweep_interval: timedelta) -> Scheduler:
    """The scheduler's heartbeat, the last sweep, and the notices waiting or failed (one query;
    each count reads a partial index that holds only unsent or failed notices)."""
    now = utcnow()

    def beat_at(name: str):
        return db.select(Heartbeat.beat_at).where(Heartbeat.name == name).scalar_subquery()

    def count(*where):
        # count(*), not count(id): an index-only scan, no visit to the table's rows
        return db.select(func.count()).select_from(Notice).where(*where).scalar_subquery()

    beat, sweep, pending, failed = db.session.execute(
        db.select(
            beat_at("beat"),
            beat_at("sweep"),
            count(text(UNSENT_SQL), Notice.status == NoticeStatus.pending, Notice.due_at <= now),
            count(text(FAILED_SQL)),
        )
    ).one()
    silent = (
        beat is None
        or now - beat > SILENT_AFTER * beat_interval
        or sweep is None
        or now - sweep > SILENT_AFTER * sweep_interval
    )
    return Scheduler(beat, sweep, pending or 0, failed or 0, silent)


def build() -> Board:
    """Everything the dashboard shows, in a fixed number of queries."""
    all_todos = todos()
    invitations, invitation_total = _pending_invitations()
    return Board(_counts(), all_todos[:SHOWN], len(all_todos), invitations, invitation_total)
