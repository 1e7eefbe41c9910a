"""The composition rule of a mandate, checked against the committee's members."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import ngettext

from committees.models import (
    Committee,
    CommitteeState,
    MandateVersion,
    MemberRole,
    MemberType,
    ViceChairMethod,
)
from committees.models.base import local_today


@dataclass(frozen=True)
class SeatCount:
    """Seats the mandate gives a member type, and how many are filled."""

    member_type: MemberType
    seats: int
    filled: int

    @property
    def label(self) -> str:
        return self.member_type.label

    @property
    def is_ok(self) -> bool:
        return self.seats == self.filled


_SEAT_TYPES = (
    (MemberType.councillor, "seats_councillors"),
    (MemberType.citizen, "seats_citizens"),
    (MemberType.stakeholder, "seats_stakeholders"),
)


FORMING = frozenset(
    {
        CommitteeState.idea,
        CommitteeState.mandate_draft,
        CommitteeState.mandate_approved,
        CommitteeState.recruiting,
    }
)
FINISHED = frozenset(
    {
        CommitteeState.handed_over,
        CommitteeState.dissolved,
        CommitteeState.implementing,
        CommitteeState.evaluated,
    }
)


class Dated(Protocol):
    """A membership's period (a Membership, or a row of its columns)."""

    start_date: date
    end_date: date | None


def is_historical(committee: Committee) -> bool:
    """After handover the composition is the one the committee worked with: shown, not judged."""
    return committee.state in FINISHED


def forming_window(mandate: MandateVersion | None, today: date | None = None) -> tuple[date, date]:
    """Before constitution, everyone appointed for the period counts: from the check day to the
    mandate's end (a citizen appointed from a later month is part of the composition)."""
    start = check_day(mandate, today)
    end = mandate.end_date if mandate is not None and mandate.end_date else date.max
    return start, max(start, end)


def overlaps(m: Dated, start: date, end: date) -> bool:
    return m.start_date <= end and (m.end_date is None or m.end_date >= start)


def worked_until(committee: Committee, today: date | None = None) -> date:
    """The last day the committee's seats were held (its members end with the work)."""
    today = today or local_today()
    ends = [m.end_date or today for m in committee.memberships if m.role.holds_seat]
    return min(max(ends), today) if ends else today


def judged(committee: Committee, today: date | None = None) -> list:
    """The memberships the rule is held against, by phase: before constitution everyone
    appointed for the period; during the work the current members; after handover the
    members on the last day the seats were held."""
    today = today or local_today()
    if committee.state in FORMING:
        start, end = forming_window(committee.approved_mandate, today)
        return [m for m in committee.memberships if overlaps(m, start, end)]
    if committee.state in FINISHED:
        return committee.active_memberships(worked_until(committee, today))
    return committee.active_memberships(today)


def seats(committee: Committee, today: date | None = None) -> list[SeatCount]:
    """Seats against filled seats, judged as the phase asks (empty without an approved mandate)."""
    mandate = committee.approved_mandate
    return _counts_among(judged(committee, today), mandate) if mandate is not None else []


def check_day(mandate: MandateVersion | None, today: date | None = None) -> date:
    """Members appointed from the planned start count before it: check the later day."""
    today = today or local_today()
    if mandate is not None and mandate.start_date and mandate.start_date > today:
        return mandate.start_date
    return today


class Seat(Protocol):
    """What the rule reads of a running membership (a Membership, or a row of its columns)."""

    member_type: MemberType
    role: MemberRole


def seat_counts(committee: Committee, mandate: MandateVersion, on: date) -> list[SeatCount]:
    """Seats against filled seats per member type (chair, vice-chair and members count)."""
    return _counts_among(committee.active_memberships(on), mandate)


def _counts_among(active: Sequence[Seat], mandate: MandateVersion) -> list[SeatCount]:
    holding = [m for m in active if m.role.holds_seat]
    return [
        SeatCount(t, getattr(mandate, attr), sum(1 for m in holding if m.member_type is t))
        for t, attr in _SEAT_TYPES
    ]


def _seat_messages(counts: list[SeatCount]) -> list[str]:
    missing = {
        MemberType.councillor: lambda n: ngettext(
            "mangler %(num)d kommunalbestyrelsesmedlem",
            "mangler %(num)d kommunalbestyrelsesmedlemmer",
            n,
        ),
        MemberType.citizen: lambda n: ngettext(
            "mangler %(num)d borgermedlem", "mangler %(num)d borgermedlemmer", n
        ),
        MemberType.stakeholder: lambda n: ngettext(
            "mangler %(num)d interessent/sagkyndig", "mangler %(num)d interessenter/sagkyndige", n
        ),
    }
    extra = {
        MemberType.councillor: lambda n: ngettext(
            "%(num)d kommunalbestyrelsesmedlem for meget",
            "%(num)d kommunalbestyrelsesmedlemmer for meget",
            n,
        ),
        MemberType.citizen: lambda n: ngettext(
            "%(num)d borgermedlem for meget", "%(num)d borgermedlemmer for meget", n
        ),
        MemberType.stakeholder: lambda n: ngettext(
            "%(num)d interessent/sagkyndig for meget",
            "%(num)d interessenter/sagkyndige for meget",
            n,
        ),
    }
    out = []
    for c in counts:
        if c.filled < c.seats:
            out.append(missing[c.member_type](c.seats - c.filled))
        elif c.filled > c.seats:
            out.append(extra[c.member_type](c.filled - c.seats))
    return out


def _role_messages(active: Sequence[Seat], mandate: MandateVersion) -> list[str]:
    chairs = [m for m in active if m.role is MemberRole.chair]
    vices = [m for m in active if m.role is MemberRole.vice_chair]
    out = []
    if not chairs:
        out.append(_("udvalget har ingen formand"))
    elif len(chairs) > 1:
        out.append(_("udvalget har mere end én formand"))
    if mandate.chair_must_be_councillor and any(
        m.member_type is not MemberType.councillor for m in chairs
    ):
        out.append(_("formanden skal være kommunalbestyrelsesmedlem"))
    if mandate.vice_chair_method is ViceChairMethod.appointed and not vices:
        out.append(_("næstformanden skal udpeges, men er ikke udpeget"))
    if mandate.vice_chair_method is ViceChairMethod.none and vices:
        out.append(_("kommissoriet giver ikke plads til en næstformand"))
    if len(vices) > 1:
        out.append(_("udvalget har mere end én næstformand"))
    return out


def violations(committee: Committee, today: date | None = None) -> list[str]:
    """Every way the membership breaks the approved mandate's rule, in plain Danish; none
    after handover (the composition then is history, never an alarm)."""
    if committee.state in FINISHED:
        return []
    mandate = committee.approved_mandate
    if mandate is None:
        return [_("kommissoriet er ikke godkendt, så sammensætningen kan ikke kontrolleres")]
    return violations_among(judged(committee, today), mandate)


def violations_among(active: Sequence[Seat], mandate: MandateVersion) -> list[str]:
    """The rule's violations by the memberships running on the check day (no loading here)."""
    return _seat_messages(_counts_among(active, mandate)) + _role_messages(active, mandate)


def preview(committee: Committee, extra_citizens: int, today: date | None = None):
    """The seat counts and violations if `extra_citizens` more citizens joined (recruitment)."""
    from dataclasses import replace

    mandate = committee.approved_mandate
    if mandate is None:
        return [], violations(committee, today)
    members = judged(committee, today)
    counts = [
        replace(c, filled=c.filled + extra_citizens) if c.member_type is MemberType.citizen else c
        for c in _counts_among(members, mandate)
    ]
    return counts, _seat_messages(counts) + _role_messages(members, mandate)
