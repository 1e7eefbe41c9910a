"""Working groups: some of the committee's members, invited to working-group meetings."""

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import Committee, User, WorkingGroup
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, atomic


def of(committee: Committee) -> list[WorkingGroup]:
    """The committee's working groups, by name."""
    return list(
        db.session.scalars(
            db.select(WorkingGroup)
            .where(WorkingGroup.committee_id == committee.id)
            .options(selectinload(WorkingGroup.members))
            .order_by(WorkingGroup.name)
        )
    )


@atomic
def create(committee: Committee, name: str, user_ids: list[int], actor: User) -> WorkingGroup:
    """A new working group of current members of the committee."""
    if not permissions.can_manage_meetings(actor, committee):
        raise PermissionDenied(_("Du kan ikke oprette arbejdsgrupper i dette udvalg."))
    name = name.strip()
    if any(g.name.lower() == name.lower() for g in of(committee)):
        raise NotAllowed(_("Der er allerede en arbejdsgruppe med det navn."))
    members = {m.user_id: m.user for m in committee.memberships}
    chosen = [members[i] for i in user_ids if i in members]
    if not chosen:
        raise NotAllowed(_("Vælg mindst ét medlem til arbejdsgruppen."))
    group = WorkingGroup(committee=committee, name=name, members=chosen)
    db.session.add(group)
    db.session.flush()
    audit.record(
        "working_group.created",
        group,
        actor,
        committee_id=committee.id,
        details={"group": group.id, "count": len(chosen)},
    )
    db.session.commit()
    return group
