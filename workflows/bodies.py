"""Political bodies: created, renamed, ordered and retired by an administrator, with their
councillors. A body that anything refers to is retired, never deleted: the decisions, approvals
and calendars that name it must keep their meaning."""

from flask_babel import gettext as _
from sqlalchemy import Table

from committees.extensions import db
from committees.models import (
    BodyKind,
    CouncilMeeting,
    Decision,
    ImplementationAction,
    MandateApproval,
    PoliticalBody,
    Recommendation,
    Role,
    User,
)
from committees.models.committee import committee_bodies
from workflows import audit
from workflows.errors import NotAllowed, atomic


def ordered(active_only: bool = False) -> list[PoliticalBody]:
    """Bodies in their chosen order, then by name; the retired ones last."""
    stmt = db.select(PoliticalBody).order_by(
        PoliticalBody.active.desc(), PoliticalBody.position, PoliticalBody.name
    )
    if active_only:
        stmt = stmt.where(PoliticalBody.active.is_(True))
    return list(db.session.scalars(stmt))


def create(name: str, kind: BodyKind, position: int, actor: User) -> PoliticalBody:
    """A new body."""
    body = PoliticalBody(name=name.strip(), kind=kind, position=position or 0)
    db.session.add(body)
    db.session.flush()
    audit.record("body.created", body, actor, committee_id=None, details={"body": body.name})
    db.session.commit()
    return body


def update(body: PoliticalBody, name: str, kind: BodyKind, position: int, actor: User) -> None:
    """Rename, change the kind or the place in lists."""
    before = {"name": body.name, "kind": body.kind.value, "position": body.position}
    body.name, body.kind, body.position = name.strip(), kind, position or 0
    after = {"name": body.name, "kind": body.kind.value, "position": body.position}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changed:
        audit.record("body.changed", body, actor, committee_id=None, details=changed)
    db.session.commit()


def _references(body: PoliticalBody) -> int:
    counts = [
        db.select(db.func.count()).select_from(model).where(column == body.id)
        for model, column in (
            (Decision, Decision.body_id),
            (MandateApproval, MandateApproval.body_id),
            (CouncilMeeting, CouncilMeeting.body_id),
            (ImplementationAction, ImplementationAction.owner_body_id),
            (Recommendation, Recommendation.agenda_body_id),
        )
    ]
    table: Table = committee_bodies
    counts.append(db.select(db.func.count()).select_from(table).where(table.c.body_id == body.id))
    return sum(db.session.scalar(stmt) for stmt in counts)


def is_in_use(body: PoliticalBody) -> bool:
    """Anything names this body: it can be retired, not deleted."""
    return _references(body) > 0


def set_active(body: PoliticalBody, active: bool, actor: User) -> None:
    """Retire a body (it is no longer offered) or bring it back."""
    if body.active == active:
        return
    body.active = active
    action = "body.reactivated" if active else "body.retired"
    audit.record(action, body, actor, committee_id=None, details={"body": body.name})
    db.session.commit()


@atomic
def delete(body: PoliticalBody, actor: User) -> None:
    """Delete a body nothing refers to (one made by mistake)."""
    if is_in_use(body):
        raise NotAllowed(
            _(
                "Udvalget er brugt i kommissorier, kalender eller beslutninger: "
                "du kan kun gøre det inaktivt."
            )
        )
    audit.record("body.deleted", body, actor, committee_id=None, details={"body": body.name})
    db.session.delete(body)
    db.session.commit()


def councillors() -> list[User]:
    """Active councillors, the people who can sit on a body."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == Role.councillor, User.active.is_(True))
            .order_by(User.name)
        )
    )


@atomic
def set_members(body: PoliticalBody, user_ids: list[int], actor: User) -> None:
    """The councillors on the body are exactly these."""
    chosen = {u.id: u for u in councillors() if u.id in set(user_ids)}
    if len(chosen) != len(set(user_ids)):
        raise NotAllowed(
            _("Kun aktive kommunalbestyrelsesmedlemmer kan sidde i et politisk udvalg.")
        )
    before = sorted(u.name for u in body.members)
    body.members = list(chosen.values())
    after = sorted(u.name for u in body.members)
    if before != after:
        audit.record(
            "body.members_changed",
            body,
            actor,
            committee_id=None,
            details={"body": body.name, "members": after},
        )
    db.session.commit()
