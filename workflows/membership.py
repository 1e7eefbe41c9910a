"""Membership: add people to a committee, change their role, end it, record leave."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import (
    Committee,
    LeavePeriod,
    MemberRole,
    Membership,
    MemberType,
    Role,
    User,
)
from workflows import accounts, audit, notice_kinds, notices, permissions, reminders
from workflows.errors import NotAllowed, PermissionDenied, atomic

ROLE_FOR_TYPE = {
    MemberType.councillor: Role.councillor,
    MemberType.citizen: Role.citizen,
    MemberType.stakeholder: Role.citizen,
    MemberType.staff: Role.secretariat,
}


def type_fits_user(member_type: MemberType, user: User) -> bool:
    """A councillor seat needs a councillor; a councillor can't take a citizen seat."""
    if member_type is MemberType.councillor:
        return user.role is Role.councillor
    if member_type is MemberType.citizen:
        return user.role is Role.citizen
    if member_type is MemberType.staff:
        return user.is_staff
    return True


def other_holder(committee: Committee, role: MemberRole, on: date, exclude: int | None):
    """Another active member already holding a one-person role (chair, vice-chair)."""
    if role not in (MemberRole.chair, MemberRole.vice_chair):
        return None
    return next(
        (m for m in committee.active_memberships(on) if m.role is role and m.id != exclude),
        None,
    )


@dataclass
class MemberData:
    """What the membership form carries."""

    member_type: MemberType
    role: MemberRole
    start_date: date
    end_date: date | None
    publish_name: bool
    title: str


def _check(committee: Committee, actor: User) -> None:
    if not permissions.can_manage_members(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at ændre udvalgets medlemmer."))


@atomic
def add(
    committee: Committee, *, email: str, name: str, data: MemberData, actor: User
) -> tuple[Membership, bool]:
    """Add a person (creating an account if needed); returns (membership, invited)."""
    _check(committee, actor)
    user = User.by_email(email)
    created = user is None
    if created:
        user = accounts.create_user(email, name, ROLE_FOR_TYPE[data.member_type], actor)
    elif not type_fits_user(data.member_type, user):
        raise NotAllowed(_("Personens brugerrolle passer ikke til medlemstypen."))
    if any(m.user_id == user.id for m in committee.memberships):
        raise NotAllowed(_("Personen er allerede medlem af udvalget."))
    membership = Membership(committee=committee, user=user, **data.__dict__)
    db.session.add(membership)
    db.session.flush()
    if created:
        accounts.invite(user, actor)
    notices.notify(
        user,
        "appointment",
        key=notices.dedupe_key("appointment", membership.id),
        subject=membership,
        committee_id=committee.id,
        context=notice_kinds.membership_context(membership),
    )
    audit.record(
        "membership.added",
        membership,
        actor,
        committee_id=committee.id,
        details={"user": user.name, "member_type": data.member_type.name, "role": data.role.name},
    )
    reminders.plan(committee)
    db.session.commit()
    return membership, created


@atomic
def update(membership: Membership, data: MemberData, actor: User) -> None:
    """Change type, role, period or consent of a membership."""
    _check(membership.committee, actor)
    if not type_fits_user(data.member_type, membership.user):
        raise NotAllowed(_("Personens brugerrolle passer ikke til medlemstypen."))
    for key, value in data.__dict__.items():
        setattr(membership, key, value)
    audit.record(
        "membership.changed",
        membership,
        actor,
        committee_id=membership.committee_id,
        details={
            "user": membership.user.name,
            "member_type": data.member_type.name,
            "role": data.role.name,
        },
    )
    reminders.plan(membership.committee)
    db.session.commit()


@atomic
def add_leave(membership: Membership, start: date, end: date, reason: str, actor: User) -> None:
    """Record a leave period (orlov)."""
    _check(membership.committee, actor)
    overlapping = any(p.start_date <= end and start <= p.end_date for p in membership.leave_periods)
    if overlapping:
        raise NotAllowed(_("Orloven overlapper en anden orlov."))
    membership.leave_periods.append(LeavePeriod(start_date=start, end_date=end, reason=reason))
    audit.record(
        "membership.leave",
        membership,
        actor,
        committee_id=membership.committee_id,
        details={"user": membership.user.name, "from": start.isoformat(), "to": end.isoformat()},
    )
    db.session.commit()
