"""The composition rule: every violation listed in plain Danish."""

from datetime import timedelta

from committees.models import CommitteeState, MemberRole, MemberType, ViceChairMethod
from committees.models.base import local_today
from workflows import composition


def test_a_full_committee_has_no_violations(full_committee):
    assert composition.violations(full_committee()) == []


def test_missing_and_extra_seats_are_counted(make_committee, make_member):
    c = make_committee(seats=(2, 3, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    for _ in range(4):
        make_member(c, MemberType.citizen)
    make_member(c, MemberType.stakeholder)
    assert composition.violations(c) == [
        "mangler 1 kommunalbestyrelsesmedlem",
        "1 borgermedlem for meget",
        "1 interessent/sagkyndig for meget",
    ]


def test_plural_messages(make_committee, make_member):
    c = make_committee(seats=(5, 10, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    assert composition.violations(c)[:2] == [
        "mangler 4 kommunalbestyrelsesmedlemmer",
        "mangler 10 borgermedlemmer",
    ]


def test_chair_rules(make_committee, make_member):
    c = make_committee(seats=(0, 1, 0))
    assert "udvalget har ingen formand" in composition.violations(c)
    make_member(c, MemberType.citizen, MemberRole.chair)
    assert "formanden skal være kommunalbestyrelsesmedlem" in composition.violations(c)
    c.approved_mandate.chair_must_be_councillor = False
    assert composition.violations(c) == []


def test_vice_chair_rules(full_committee, make_member):
    c = full_committee()
    c.approved_mandate.vice_chair_method = ViceChairMethod.appointed
    assert "næstformanden skal udpeges, men er ikke udpeget" in composition.violations(c)
    c.approved_mandate.vice_chair_method = ViceChairMethod.none
    make_member(c, MemberType.councillor, MemberRole.vice_chair)
    problems = composition.violations(c)
    assert "kommissoriet giver ikke plads til en næstformand" in problems


def test_alternates_and_facilitators_hold_no_seat(full_committee, make_member):
    c = full_committee()
    make_member(c, MemberType.citizen, MemberRole.alternate)
    make_member(c, MemberType.staff, MemberRole.facilitator)
    assert composition.violations(c) == []


def test_ended_memberships_do_not_count(full_committee, make_member):
    c = full_committee()
    m = next(m for m in c.memberships if m.member_type is MemberType.citizen)
    m.end_date = local_today() - timedelta(days=1)
    assert composition.violations(c) == ["mangler 1 borgermedlem"]


def test_members_appointed_from_a_future_start_count(make_committee, make_member):
    start = local_today() + timedelta(days=40)
    c = make_committee(state=CommitteeState.recruiting, seats=(1, 0, 0), start_date=start)
    make_member(c, MemberType.councillor, MemberRole.chair, start_date=start)
    assert composition.violations(c) == []


def test_no_approved_mandate_is_a_violation(make_committee):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    assert composition.violations(c) == [
        "kommissoriet er ikke godkendt, så sammensætningen kan ikke kontrolleres"
    ]
