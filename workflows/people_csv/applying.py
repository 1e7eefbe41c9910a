"""What an import writes: accounts, their bodies, audit entries and invitations, in one commit;
and the export, which the importer reads back as all unchanged."""

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from committees.extensions import db
from committees.models import PoliticalBody, Role, User
from workflows import accounts, audit, permissions
from workflows import bodies as body_flow
from workflows.errors import PermissionDenied, StaleState, atomic
from workflows.people_csv import dialect
from workflows.people_csv.rows import IMPORTABLE, Preview, Row, Status, digest

SOURCE = {"source": "csv"}
Seats = dict[int, set[int]]  # body id → the ids of its members


@dataclass(frozen=True)
class Summary:
    """What an import did."""

    created: int
    updated: int
    unchanged: int
    refused: int


def _seat(user: User, wanted: set[int] | None, active: list[PoliticalBody], seats: Seats) -> None:
    if wanted is None:
        return
    for body in active:
        inside = user.id in seats[body.id]
        if body.id in wanted and not inside:
            body.members.append(user)
            seats[body.id].add(user.id)
        elif inside and body.id not in wanted:
            body.members.remove(user)
            seats[body.id].discard(user.id)


def _create(row: Row, actor: User, active: list[PoliticalBody], seats: Seats) -> None:
    assert row.role is not None
    user = accounts.create_user(row.email, row.name, row.role, actor, details=dict(SOURCE))
    _seat(user, row.wanted_bodies(), active, seats)
    accounts.invite(user, actor)


def _update(row: Row, actor: User, active: list[PoliticalBody], seats: Seats) -> None:
    user, role = row.user, row.role
    assert user is not None and role is not None
    old_role = user.role.value
    if role is not user.role:
        user.session_token = accounts.new_session_token()  # the old role's sessions end
    user.name, user.role = row.name, role
    _seat(user, row.wanted_bodies(), active, seats)
    audit.record(
        "user.changed",
        user,
        actor,
        committee_id=None,
        from_state=old_role,
        to_state=role.value,
        details={"user": user.name, "changed": row.changes, **SOURCE},
    )


def _audit_bodies(active: list[PoliticalBody], before: Seats, seats: Seats, actor: User) -> None:
    for body in active:
        if seats[body.id] != before[body.id]:
            members = sorted(u.name for u in body.members)
            details = {"body": body.name, "members": members, **SOURCE}
            audit.record("body.members_changed", body, actor, committee_id=None, details=details)


def _summary(rows: list[Row]) -> Summary:
    p = Preview(rows)
    counts = (p.count(Status.new), p.count(Status.updated), p.count(Status.unchanged))
    return Summary(*counts, refused=p.count(Status.refused))


@atomic
def apply(rows: list[Row], actor: User, expected: str | None = None) -> Summary:
    """Create and update the accounts the rows say, with bodies, audit and invitations; commit.

    `expected` is the digest of the preview the administrator confirmed: if the rows would now
    do something else, nothing is written."""
    if not permissions.can_set_up(actor):
        raise PermissionDenied(_("Kun en administrator kan importere personer."))
    stale = _(
        "Personerne eller udvalgene er ændret, siden forhåndsvisningen blev lavet. "
        "Se den nye forhåndsvisning, og bekræft igen."
    )
    if expected is not None and expected != digest(rows):
        raise StaleState(stale)
    active = body_flow.ordered(active_only=True)
    before = {b.id: {u.id for u in b.members} for b in active}
    seats = {body_id: set(ids) for body_id, ids in before.items()}
    try:
        for row in rows:
            if row.status is Status.new:
                _create(row, actor, active, seats)
            elif row.status is Status.updated:
                _update(row, actor, active, seats)
        _audit_bodies(active, before, seats, actor)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # someone made one of the accounts meanwhile
        raise StaleState(stale) from None
    return _summary(rows)


# --- the file out --------------------------------------------------------------------------------


def export_csv() -> str:
    """Every administrator, secretary and councillor, as Excel in Danish reads it (BOM, `;`)."""
    seats: dict[int, list[str]] = defaultdict(list)
    for body in body_flow.ordered(active_only=True):
        for member in body.members:
            seats[member.id].append(body.name)
    people = db.session.scalars(
        db.select(User).where(User.role.in_(IMPORTABLE)).order_by(User.name, User.id)
    )
    with force_locale("da"):  # the same file whoever exports it
        rows = [
            [u.name, u.email, u.role.label, "|".join(seats[u.id] if u.is_councillor else [])]
            for u in people
        ]
    return dialect.write(rows)


def example() -> str:
    """A short example file for the help text, with this installation's bodies if it has any."""
    names = [b.name for b in body_flow.ordered(active_only=True)[:2]]
    bodies = "|".join(names) or _("Kommunalbestyrelsen")
    return "\n".join(
        [
            ";".join(dialect.HEADER),
            f"Anne Sørensen;anne.soerensen@eksempel.dk;{Role.councillor.label};{bodies}",
            f"Bo Jensen;bo.jensen@eksempel.dk;{Role.secretariat.label};",
        ]
    )
