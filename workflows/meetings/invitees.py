"""Who is invited to a meeting: the committee (or a working group) and the named guests."""

from committees.models import InviteScope, Meeting, MemberRole, Membership, User
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
    day = meeting.local_date
    return [
        m
        for m in meeting.committee.memberships
        if m.role in INVITED_ROLES and m.is_active_on(day) and m.user.active
    ]


def invited_users(meeting: Meeting) -> list[User]:
    """People with an account who are invited, in name order."""
    memberships = members_on_the_day(meeting)
    if meeting.invite_scope is InviteScope.working_group and meeting.working_group is not None:
        in_group = {u.id for u in meeting.working_group.members}
        memberships = [
            m for m in memberships if m.user_id in in_group or m.role is MemberRole.facilitator
        ]
    return sorted((m.user for m in memberships), key=lambda u: (u.name.lower(), u.id))


def attendees(meeting: Meeting) -> list[User]:
    """Whom the attendance register lists: the invited members (guests are not registered)."""
    return invited_users(meeting)


def guest_addressees(meeting: Meeting) -> list[Addressee]:
    """Named guests without an account, as e-mail addressees."""
    return [Addressee(email=g.email, name=g.name, locale=g.locale) for g in meeting.guests]


def is_invited(user: User | None, meeting: Meeting) -> bool:
    """True when the user is among the invited members."""
    return user is not None and any(u.id == user.id for u in invited_users(meeting))
