"""The composition rule judged per phase: appointed for the period before constitution, the
current members during the work, and after handover the composition the committee worked with
(shown, never an alarm)."""

from datetime import timedelta

from committees.models import CommitteeState, MemberRole, MemberType, Role
from committees.models.base import local_today
from workflows import composition

TODAY = local_today()


def _filled(committee) -> dict[MemberType, int]:
    return {s.member_type: s.filled for s in composition.seats(committee)}


def test_before_constitution_everyone_appointed_for_the_period_counts(
    app, db, make_committee, make_member
):
    start = TODAY + timedelta(days=30)
    c = make_committee(state=CommitteeState.recruiting, seats=(1, 2, 0), start_date=start)
    make_member(c, MemberType.councillor, MemberRole.chair, start_date=start)
    make_member(c, MemberType.citizen, start_date=start)
    # Appointed from a later month of the period: part of the composition already.
    make_member(c, MemberType.citizen, start_date=start + timedelta(days=60))
    # Left before the period begins: not part of it.
    make_member(c, MemberType.citizen, start_date=TODAY - timedelta(days=90), end_date=TODAY)
    with app.test_request_context():
        assert composition.violations(c) == []
        assert _filled(c)[MemberType.citizen] == 2


def test_appointed_after_the_period_does_not_count(app, db, make_committee, make_member):
    c = make_committee(state=CommitteeState.mandate_approved, seats=(1, 1, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    make_member(c, MemberType.citizen, start_date=TODAY + timedelta(days=400))  # past the end
    with app.test_request_context():
        assert composition.violations(c) == ["mangler 1 borgermedlem"]


def test_during_the_work_only_current_members_count(app, db, make_committee, make_member):
    c = make_committee(state=CommitteeState.working, seats=(1, 2, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    make_member(c, MemberType.citizen)
    make_member(
        c, MemberType.citizen, start_date=TODAY - timedelta(days=60), end_date=TODAY - timedelta(1)
    )
    make_member(c, MemberType.citizen, start_date=TODAY + timedelta(days=14))  # not yet
    with app.test_request_context():
        assert composition.violations(c) == ["mangler 1 borgermedlem"]
        assert _filled(c)[MemberType.citizen] == 1


def _worked_and_ended(c, make_member, ended_on):
    """Members who held the seats and left when the committee finished."""
    began = TODAY - timedelta(days=300)
    make_member(c, MemberType.councillor, MemberRole.chair, start_date=began, end_date=ended_on)
    make_member(c, MemberType.citizen, start_date=began, end_date=ended_on)
    make_member(c, MemberType.citizen, start_date=began, end_date=ended_on - timedelta(days=90))
    make_member(c, MemberType.citizen, start_date=ended_on - timedelta(days=90), end_date=ended_on)


def test_after_handover_the_composition_worked_with_is_shown_never_judged(
    app, db, make_committee, make_member
):
    for state in composition.FINISHED:
        c = make_committee(state=state, seats=(1, 2, 0))
        _worked_and_ended(c, make_member, ended_on=TODAY - timedelta(days=20))
        with app.test_request_context():
            assert composition.violations(c) == [], state
            # On the last day the seats were held: the chair and two citizens (one replaced).
            assert _filled(c) == {
                MemberType.councillor: 1,
                MemberType.citizen: 2,
                MemberType.stakeholder: 0,
            }, state


def test_a_finished_committee_page_shows_no_alarm(
    client, db, login, make_user, make_committee, make_member
):
    """The issue's case: an implementing committee whose members all ended at dissolution."""
    login(make_user(Role.secretariat))
    c = make_committee(state=CommitteeState.implementing, seats=(5, 10, 0))
    _worked_and_ended(c, make_member, ended_on=TODAY - timedelta(days=100))
    for path in (f"/arbejdsrum/{c.id}", f"/arbejdsrum/{c.id}/medlemmer/"):
        html = client.get(path).get_data(as_text=True)
        assert "opfylder ikke kommissoriet" not in html, path
        assert "Mangler 5 kommunalbestyrelsesmedlemmer" not in html, path
        assert "den sammensætning, det arbejdede med" in html, path


def test_a_working_committee_page_still_warns(
    client, db, login, make_user, make_committee, make_member
):
    login(make_user(Role.secretariat))
    c = make_committee(state=CommitteeState.working, seats=(1, 1, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    html = client.get(f"/arbejdsrum/{c.id}").get_data(as_text=True)
    assert "Sammensætningen opfylder ikke kommissoriet" in html
    assert "Mangler 1 borgermedlem" in html
