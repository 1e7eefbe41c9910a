"""Who is invited to a meeting: the committee (or a working group) and the named guests."""

from datetime import date

from committees.models import (
    Committee,
    InviteScope,
    Meeting,
    MemberRole,
    Membership,
    User,
    WorkingGroup,
)
from committees.models.notice import Addressee

# Alternates are invited too (they step in); a facilitator is invited as the one who runs it.
INVITED_ROLES = (
    MemberRole.chair,
    MemberRole.vice_chair,
    MemberRole.member,
    MemberRole.alternate,
    MemberRole.facilitator,
)


def members_on_the_day(meeting: Meeting) -> list[Membership]:
    """Memberships running on the meeting's day (leave does not un-invite: afbud is theirs)."""
    return _running(meeting.committee, meeting.local_date)


def _running(committee: Committee, day: date) -> list[Membership]:
    return [
        m
        for m in committee.memberships
        if m.role in INVITED_ROLES and m.is_active_on(day) and m.user.active
    ]


def invites(membership: Membership, day: date, scope: InviteScope, in_group: bool) -> bool:
    """The rule for one person: a running membership in an invited role, and, when only a
    working group is invited, a seat in the group (the facilitator runs every meeting)."""
    if membership.role not in INVITED_ROLES or not membership.is_active_on(day):
        return False
    if scope is not InviteScope.working_group:
        return True
    return in_group or membership.role is MemberRole.facilitator


def invited_on(
    committee: Committee, day: date, scope: InviteScope, group: WorkingGroup | None
) -> list[User]:
    """Who a meeting of the committee on that day would invite (also before it is saved)."""
    memberships = _running(committee, day)
    if scope is InviteScope.working_group and group is not None:
        in_group = {u.id for u in group.members}
        memberships = [m for m in memberships if invites(m, day, scope, m.user_id in in_group)]
    return sorted((m.user for m in memberships), key=lambda u: (u.name.lower(), u.id))


def invited_users(meeting: Meeting) -> list[User]:
    """People with an account who are invited, in name order."""
    return invited_on(
        meeting.committee, meeting.local_date, meeting.invite_scope, meeting.working_group
    )


def attendees(meeting: Meeting) -> list[User]:
    """Whom the attendance register lists: the invited members (guests are not registered)."""
    return invited_users(meeting)


def guest_addressees(meeting: Meeting) -> list[Addressee]:
    """Named guests without an account, as e-mail addressees."""
    return [Addressee(email=g.email, name=g.name, locale=g.locale) for g in meeting.guests]


def is_invited(user: User | None, meeting: Meeting) -> bool:
    """True when the user is among the invited members."""
    return user is not None and any(u.id == user.id for u in invited_users(meeting))
