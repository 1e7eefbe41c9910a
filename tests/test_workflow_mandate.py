"""Mandate versions: edit the draft, submit, decisions per body, new versions, compare."""

from datetime import date

import pytest

from committees.models import (
    ApprovalOutcome,
    AuditEntry,
    BodyKind,
    CommitteeState,
    MandateStatus,
    Role,
)
from committees.models.base import local_today
from workflows import mandate as flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState


def _content(**fields):
    base = {
        "title": "Opgaveudvalg for byliv",
        "background": "Bymidten mangler liv.",
        "purpose": "At skabe byliv.",
        "start_date": date(2027, 1, 1),
        "end_date": date(2027, 12, 1),
    }
    base.update(fields)
    return flow.MandateContent(
        base,
        ["Hvad skaber liv i byen?", "Hvem skal være med?"],
        ["Anbefalinger"],
        [("Erhvervsdrivende", "Driver butik i bymidten")],
    )


@pytest.fixture
def draft(make_committee):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    return c.latest_mandate


@pytest.fixture
def staff(make_user):
    return make_user(Role.secretariat)


def _submitted(draft, staff):
    flow.save_draft(draft, _content(), staff, "draft")
    flow.submit(draft, staff, "draft")
    return draft


def test_save_draft_replaces_rows_and_audits(draft, staff, db):
    flow.save_draft(draft, _content(), staff, "draft")
    assert [q.text for q in draft.task_questions] == [
        "Hvad skaber liv i byen?",
        "Hvem skal være med?",
    ]
    assert [p.name for p in draft.competence_profiles] == ["Erhvervsdrivende"]
    assert db.session.scalar(db.select(AuditEntry.action)) == "mandate.edited"


def test_citizen_may_not_edit(draft, make_user):
    with pytest.raises(PermissionDenied):
        flow.save_draft(draft, _content(), make_user(Role.citizen), "draft")


def test_incomplete_draft_cannot_be_submitted(draft, staff):
    draft.task_questions = []
    with pytest.raises(NotAllowed) as err:
        flow.submit(draft, staff, "draft")
    assert any("Opgave" in r for r in err.value.reasons)
    assert draft.status is MandateStatus.draft


def test_submitted_version_is_locked(draft, staff):
    _submitted(draft, staff)
    assert draft.status is MandateStatus.submitted
    with pytest.raises(NotAllowed):
        flow.save_draft(draft, _content(), staff, "submitted")


def test_stale_status_is_refused(draft, staff):
    _submitted(draft, staff)
    with pytest.raises(StaleState):
        flow.withdraw(draft, staff, "draft")


def test_only_the_council_approves(draft, staff, make_body):
    _submitted(draft, staff)
    standing = make_body()
    with pytest.raises(NotAllowed):
        flow.record_decision(
            draft,
            body=standing,
            decided_on=local_today(),
            agenda_reference="",
            outcome=ApprovalOutcome.approved,
            note="",
            actor=staff,
            expected_status="submitted",
        )


def test_decision_trail_and_approval_move_the_committee(draft, staff, make_body, make_user):
    _submitted(draft, staff)
    councillor = make_user(Role.councillor)
    for body, outcome in (
        (make_body(), ApprovalOutcome.recommended),
        (make_body("Kommunalbestyrelsen", BodyKind.council), ApprovalOutcome.approved),
    ):
        flow.record_decision(
            draft,
            body=body,
            decided_on=date(2026, 11, 2),
            agenda_reference="Punkt 4",
            outcome=outcome,
            note="",
            actor=councillor,
            expected_status="submitted",
        )
    assert draft.status is MandateStatus.approved and draft.approved_on == date(2026, 11, 2)
    assert [a.outcome for a in draft.approvals] == [
        ApprovalOutcome.recommended,
        ApprovalOutcome.approved,
    ]
    assert draft.committee.state is CommitteeState.mandate_approved


def test_returned_goes_back_to_draft(draft, staff, make_body):
    _submitted(draft, staff)
    flow.record_decision(
        draft,
        body=make_body(),
        decided_on=local_today(),
        agenda_reference="",
        outcome=ApprovalOutcome.returned,
        note="Mere om økonomi",
        actor=staff,
        expected_status="submitted",
    )
    assert draft.status is MandateStatus.draft


def test_citizen_may_not_record_decisions(draft, staff, make_body, make_user):
    _submitted(draft, staff)
    with pytest.raises(PermissionDenied):
        flow.record_decision(
            draft,
            body=make_body(),
            decided_on=local_today(),
            agenda_reference="",
            outcome=ApprovalOutcome.recommended,
            note="",
            actor=make_user(Role.citizen),
            expected_status="submitted",
        )


def test_new_version_keeps_the_approved_one_in_force(make_committee, staff, make_body):
    c = make_committee(state=CommitteeState.working, approved=True)
    v1 = c.approved_mandate
    v2 = flow.new_version(c, staff)
    assert v2.number == 2 and v2.is_draft and c.approved_mandate is v1
    assert [q.text for q in v2.task_questions] == [q.text for q in v1.task_questions]
    with pytest.raises(NotAllowed):
        flow.new_version(c, staff)
    content = _content(purpose="Et nyt formål")
    flow.save_draft(v2, content, staff, "draft")
    flow.submit(v2, staff, "draft")
    flow.record_decision(
        v2,
        body=make_body("Kommunalbestyrelsen", BodyKind.council),
        decided_on=local_today(),
        agenda_reference="Punkt 9",
        outcome=ApprovalOutcome.approved,
        note="",
        actor=staff,
        expected_status="submitted",
    )
    assert c.approved_mandate is v2 and v1.status is MandateStatus.superseded
    assert c.state is CommitteeState.working


def test_compare_marks_changed_words(make_committee, staff):
    c = make_committee(state=CommitteeState.working, approved=True)
    v1 = c.approved_mandate
    v2 = flow.new_version(c, staff)
    flow.save_draft(v2, _content(purpose="Formål <script>"), staff, "draft")
    diffs = {d.label: d for d in flow.compare(v1, v2)}
    assert diffs["Formål"].changed
    assert "<ins>&lt;script&gt;</ins>" in str(diffs["Formål"].html)
    assert not diffs["Arbejdsform"].changed
