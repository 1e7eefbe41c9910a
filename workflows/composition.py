"""The composition rule of a mandate, checked against the committee's members."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from flask_babel import gettext as _
from flask_babel import ngettext

from committees.models import Committee, MandateVersion, MemberRole, MemberType, ViceChairMethod
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
    """Every way the membership breaks the approved mandate's rule, in plain Danish."""
    mandate = committee.approved_mandate
    if mandate is None:
        return [_("kommissoriet er ikke godkendt, så sammensætningen kan ikke kontrolleres")]
    return violations_among(committee.active_memberships(check_day(mandate, today)), mandate)


def violations_among(active: Sequence[Seat], mandate: MandateVersion) -> list[str]:
    """The rule's violations by the memberships running on the check day (no loading here)."""
    return _seat_messages(_counts_among(active, mandate)) + _role_messages(active, mandate)


def preview(committee: Committee, extra_citizens: int, today: date | None = None):
    """The seat counts and violations if `extra_citizens` more citizens joined (recruitment)."""
    from dataclasses import replace

    mandate = committee.approved_mandate
    if mandate is None:
        return [], violations(committee, today)
    on = check_day(mandate, today)
    counts = [
        replace(c, filled=c.filled + extra_citizens) if c.member_type is MemberType.citizen else c
        for c in seat_counts(committee, mandate, on)
    ]
    roles = _role_messages(committee.active_memberships(on), mandate)
    return counts, _seat_messages(counts) + roles
