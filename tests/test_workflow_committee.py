"""The committee lifecycle as a table: action × state × role (allowed, forbidden, stale)."""

import pytest

from committees.models import AuditEntry, CommitteeState, MemberRole, MemberType, Role
from workflows import committee as flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState

S = CommitteeState
HAPPY = [(t.name, src, t.target) for t in flow.TRANSITIONS for src in t.sources if not t.page]
WRONG = [(t.name, s) for t in flow.TRANSITIONS for s in S if s not in t.sources]


@pytest.mark.parametrize(("action", "source", "target"), HAPPY)
def test_staff_runs_every_transition_from_its_sources(
    action, source, target, full_committee, make_user, db
):
    c = full_committee(state=source, approved=True)
    actor = make_user(Role.secretariat)
    flow.transition(c, action, actor, source.value, "ok")
    assert c.state is target
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.committee_id == c.id)).one()
    assert (entry.action, entry.from_state, entry.to_state) == (
        f"committee.{action}",
        source.value,
        target.value,
    )
    assert entry.actor_id == actor.id and entry.comment == "ok"


@pytest.mark.parametrize(("action", "state"), WRONG)
def test_transition_from_wrong_state_is_refused(action, state, full_committee, make_user):
    c = full_committee(state=state, approved=True)
    with pytest.raises(NotAllowed):
        flow.transition(c, action, make_user(Role.secretariat), state.value)
    assert c.state is state


@pytest.mark.parametrize("role", [Role.citizen, Role.councillor])
def test_non_staff_may_not_move_a_committee(role, full_committee, make_user):
    c = full_committee(state=S.recruiting)
    with pytest.raises(PermissionDenied):
        flow.transition(c, "constitute", make_user(role), "recruiting")
    assert c.state is S.recruiting


def test_facilitator_may_start_work_and_hand_over_only(full_committee, make_member):
    c = full_committee(state=S.constituted)
    facilitator = make_member(c, MemberType.stakeholder, MemberRole.facilitator).user
    flow.transition(c, "start_work", facilitator, "constituted")
    assert "hand_over" in [a.name for a in flow.allowed_actions(c, facilitator)]
    c.state = S.handed_over  # the handover itself runs on the recommendations' page
    with pytest.raises(PermissionDenied):
        flow.transition(c, "dissolve", facilitator, "handed_over")


def test_handover_and_evaluation_run_only_on_their_own_pages(full_committee, make_user):
    staff = make_user(Role.secretariat)
    c = full_committee(state=S.working)
    with pytest.raises(NotAllowed):
        flow.transition(c, "hand_over", staff, "working")
    c.state = S.implementing
    with pytest.raises(NotAllowed):
        flow.transition(c, "evaluate", staff, "implementing")


def test_stale_expected_state_is_refused(full_committee, make_user, db):
    c = full_committee(state=S.recruiting)
    with pytest.raises(StaleState):
        flow.transition(c, "constitute", make_user(Role.secretariat), "mandate_approved")
    assert c.state is S.recruiting
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_constitute_is_blocked_by_composition(make_committee, make_member, make_user):
    c = make_committee(state=S.recruiting, seats=(1, 2, 0))
    make_member(c, MemberType.citizen, MemberRole.chair)
    with pytest.raises(NotAllowed) as err:
        flow.transition(c, "constitute", make_user(Role.secretariat), "recruiting")
    assert "mangler 1 kommunalbestyrelsesmedlem" in err.value.reasons
    assert "formanden skal være kommunalbestyrelsesmedlem" in err.value.reasons
    assert c.state is S.recruiting


def test_allowed_actions_drive_the_buttons(make_committee, make_user):
    c = make_committee(state=S.recruiting, seats=(1, 0, 0))
    actions = flow.allowed_actions(c, make_user(Role.secretariat))
    assert [a.name for a in actions] == ["constitute"]
    assert not actions[0].enabled and actions[0].blockers
    assert flow.allowed_actions(c, make_user(Role.citizen)) == []


def test_create_starts_at_idea_with_a_draft_mandate(make_body, make_user, db):
    actor = make_user(Role.secretariat)
    c = flow.create(
        name="Opgaveudvalg for byliv",
        summary="",
        planned_start=None,
        planned_end=None,
        bodies=[make_body()],
        actor=actor,
    )
    assert c.state is S.idea and c.draft_mandate.number == 1 and c.approved_mandate is None
    assert db.session.scalar(db.select(AuditEntry.action)) == "committee.created"
