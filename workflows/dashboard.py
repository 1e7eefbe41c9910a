"""What the secretariat's dashboard shows: committees by phase and what needs action."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    MandateStatus,
    Membership,
    User,
)
from committees.models.base import local_today
from workflows import composition


@dataclass
class Todo:
    """One thing that needs the secretariat's action."""

    committee: Committee
    text: str


@dataclass
class Board:
    """The dashboard's content."""

    counts: list[tuple[CommitteeState, int]]
    todos: list[Todo] = field(default_factory=list)
    pending_invitations: list[User] = field(default_factory=list)


def _counts() -> list[tuple[CommitteeState, int]]:
    rows = dict(
        db.session.execute(db.select(Committee.state, func.count()).group_by(Committee.state)).all()
    )
    return [(s, rows.get(s, 0)) for s in CommitteeState]


def _committees_needing_action() -> list[Todo]:
    early = (
        CommitteeState.idea,
        CommitteeState.mandate_draft,
        CommitteeState.mandate_approved,
        CommitteeState.recruiting,
    )
    committees = db.session.scalars(
        db.select(Committee)
        .where(Committee.state.in_(early))
        .options(
            selectinload(Committee.memberships).selectinload(Membership.user),
            selectinload(Committee.mandate_versions),
        )
        .order_by(Committee.planned_start)
    ).all()
    today = local_today()
    todos = []
    for c in committees:
        if any(v.status is MandateStatus.submitted for v in c.mandate_versions):
            todos.append(Todo(c, _("Kommissoriet afventer politisk beslutning")))
        elif c.state in (CommitteeState.idea, CommitteeState.mandate_draft):
            todos.append(Todo(c, _("Kommissoriet er i udkast")))
        if c.state in (CommitteeState.mandate_approved, CommitteeState.recruiting):
            problems = composition.violations(c)
            if problems:
                todos.append(Todo(c, _("Sammensætning: %(p)s", p="; ".join(problems))))
            if c.planned_start and c.planned_start < today:
                todos.append(
                    Todo(c, _("Planlagt start er passeret, men udvalget er ikke konstitueret"))
                )
    return todos


def build() -> Board:
    """Everything the dashboard shows, in a fixed number of queries."""
    invitations = db.session.scalars(
        db.select(User)
        .where(User.password_hash.is_(None), User.active.is_(True))
        .order_by(User.invited_at)
        .limit(20)
    ).all()
    return Board(_counts(), _committees_needing_action(), list(invitations))
