"""The demo's recommendations: the council calendar, drafts in the working committees, the
handed-over set with the standing committees, and the implementing committee's whole trail."""

import pytest
from flask_babel import force_locale

from committees import demo
from committees.demo.people import CITIZEN
from committees.models import (
    ActionStatus,
    AuditEntry,
    BodyKind,
    Committee,
    CommitteeState,
    CouncilMeeting,
    Decision,
    DecisionOutcome,
    DecisionState,
    Follow,
    Handover,
    Recommendation,
    RecommendationStatus,
)
from committees.models.base import local_today, utcnow
from workflows import workdays
from workflows.recommendations import council_calendar

FINAL = {
    DecisionOutcome.approved: DecisionState.approved,
    DecisionOutcome.approved_with_changes: DecisionState.approved_with_changes,
    DecisionOutcome.partly_approved: DecisionState.partly_approved,
    DecisionOutcome.noted: DecisionState.noted,
    DecisionOutcome.rejected: DecisionState.rejected,
}


@pytest.fixture
def loaded(app, db, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    demo.load()
    db.session.remove()
    return db


def _committee(db, state: CommitteeState) -> Committee:
    return db.session.scalar(db.select(Committee).where(Committee.state == state))


def _recs(db, c: Committee) -> list[Recommendation]:
    stmt = db.select(Recommendation).filter_by(committee_id=c.id).order_by(Recommendation.number)
    return list(db.session.scalars(stmt))


def _questions(c: Committee) -> set[int]:
    return {q.id for q in c.approved_mandate.task_questions}


def test_the_council_calendar_has_every_body_on_working_days(loaded):
    db, today = loaded, local_today()
    rows = db.session.scalars(db.select(CouncilMeeting)).all()
    kinds = {r.body.kind for r in rows}
    assert kinds == set(BodyKind)
    assert all(workdays.is_working_day(r.meets_on) for r in rows)
    for kind in BodyKind:
        days = [r.meets_on for r in rows if r.body.kind is kind]
        assert min(days) < today.replace(day=1) and max(days) > today
    council = sorted(r.meets_on for r in rows if r.body.kind is BodyKind.council)
    assert 15 <= len(council) <= 19 and all(d.weekday() <= 2 for d in council)


def test_every_recommendation_answers_an_approved_task_question(loaded):
    db = loaded
    recs = db.session.scalars(db.select(Recommendation)).all()
    assert len(recs) >= 15
    for rec in recs:
        allowed = _questions(rec.committee)
        assert rec.questions and {q.id for q in rec.questions} <= allowed, rec
        assert [v.number for v in rec.versions] == list(range(1, rec.version + 1))
        assert rec.versions[-1].title == rec.title and rec.versions[-1].text == rec.text


def test_working_committees_draft_and_one_question_is_unanswered(loaded):
    db, today = loaded, local_today()
    working = db.session.scalars(
        db.select(Committee).where(Committee.state == CommitteeState.working)
    ).all()
    assert len(working) == 2
    unanswered = 0
    for c in working:
        recs = _recs(db, c)
        assert 3 <= len(recs) <= 4
        assert all(r.status.editable and r.decision_state is DecisionState.not_handed_over
                   for r in recs)  # fmt: skip
        assert all(not r.is_public for r in recs)
        assert any(r.version == 2 and r.versions[1].change_note for r in recs)
        commenting = [r for r in recs if r.status is RecommendationStatus.commenting]
        assert len(commenting) == 1 and commenting[0].comment_deadline > today
        assert commenting[0].comments
        answered = {q.id for r in recs for q in r.questions}
        unanswered += len(_questions(c) - answered)
    assert unanswered == 1
    sara = next(m.user for c in working for m in c.memberships if m.user.email == CITIZEN)
    her = next(c for c in working if any(m.user_id == sara.id for m in c.memberships))
    window = [r for r in _recs(db, her) if r.status is RecommendationStatus.commenting]
    assert window and all(x.author_id != sara.id for x in window[0].comments)


def test_the_handed_over_committee_waits_for_the_political_decisions(loaded):
    db = loaded
    c = _committee(db, CommitteeState.handed_over)
    handover = db.session.scalar(db.select(Handover).filter_by(committee_id=c.id))
    assert handover.handed_over_on <= handover.latest_handover_on
    assert handover.council_meeting.body.kind is BodyKind.council
    # The date the demo stored is the one the handover page computes from the calendar.
    plan = council_calendar.handover_plan(c, handover.council_meeting)
    assert handover.latest_handover_on == plan.latest_handover_on
    assert all(step.from_calendar for step in plan.steps)
    recs = _recs(db, c)
    assert 4 <= len(recs) <= 5
    meeting = recs[0].endorsed_at_meeting
    assert meeting.committee_id == c.id and meeting.starts_at < utcnow()
    for rec in recs:
        assert rec.status is RecommendationStatus.handed_over and rec.handover_id == handover.id
        assert (
            rec.endorsed_at_meeting_id == meeting.id and rec.endorsed_on < handover.handed_over_on
        )
        assert rec.decided_on is None
    states = [r.decision_state for r in recs]
    assert DecisionState.in_treatment in states and DecisionState.awaiting in states
    for rec in recs:
        if rec.decisions:
            assert all(d.body.kind is BodyKind.standing_committee and not d.final
                       for d in rec.decisions)  # fmt: skip
            assert rec.decision_state is DecisionState.in_treatment and rec.is_public


def test_the_implementing_committee_shows_the_whole_trail(loaded):
    db, today = loaded, local_today()
    c = _committee(db, CommitteeState.implementing)
    recs = _recs(db, c)
    assert 5 <= len(recs) <= 6
    handover = recs[0].handover
    assert (today - handover.handed_over_on).days > 250
    outcomes = {d.outcome for r in recs for d in r.decisions}
    assert outcomes >= set(FINAL) | {DecisionOutcome.postponed}
    assert any(d.changed_text for r in recs for d in r.decisions)
    assert all(d.reason for r in recs for d in r.decisions if d.outcome is DecisionOutcome.rejected)
    for rec in recs:
        kinds = [d.body.kind for d in rec.decisions]
        assert kinds[0] is BodyKind.standing_committee and rec.decisions[-1].final
        assert kinds == sorted(kinds, key=list(BodyKind).index)
        assert rec.decided_on == rec.decisions[-1].decided_on and rec.is_public
        assert all(d.agenda_reference.startswith("Punkt ") for d in rec.decisions)
        if rec.decision_state.leads_to_implementation:
            assert 1 <= len(rec.actions) <= 3
            assert [r.months for r in rec.reviews] == [3, 6, 12]
            for action in rec.actions:
                assert action.updates and action.contact.role.name == "secretariat"
                assert action.updates[0].status is action.status
                assert action.updates[0].progress == action.progress
        else:
            assert not rec.actions and not rec.reviews
    actions = [a for r in recs for a in r.actions]
    statuses = {a.status for a in actions}
    assert statuses >= {ActionStatus.on_track, ActionStatus.at_risk, ActionStatus.delayed,
                        ActionStatus.done, ActionStatus.dropped}  # fmt: skip
    assert all(a.progress == 100 for a in actions if a.status is ActionStatus.done)
    assert all(a.dropped_reason for a in actions if a.status is ActionStatus.dropped)
    reviews = [r for rec in recs for r in rec.reviews]
    overdue = [r for r in reviews if not r.is_done and r.due_on < today]
    assert len(overdue) == 1
    assert all(r.is_done for r in reviews if r.due_on < today and r not in overdue)
    assert all(not r.is_done for r in reviews if r.due_on >= today)
    assert any(u.review_id for a in actions for u in a.updates)


def test_decisions_follow_handover_and_the_last_one_sets_the_state(loaded):
    db = loaded
    decisions = db.session.scalars(db.select(Decision)).all()
    assert decisions
    for d in decisions:
        assert d.decided_on > d.recommendation.handover.handed_over_on
        assert d.decided_on < local_today()
    for rec in db.session.scalars(db.select(Recommendation)):
        if not rec.decisions:
            continue
        last = rec.decisions[-1]
        expected = FINAL[last.outcome] if last.final else DecisionState.in_treatment
        assert rec.decision_state is expected
        assert rec.public_since is not None
        assert workdays.local_date(rec.public_since) <= rec.decisions[0].decided_on
        first = rec.decisions[0]
        assert (rec.agenda_body, rec.agenda_on) == (first.body, first.decided_on)
    on_agenda = db.session.scalars(
        db.select(Recommendation).filter_by(decision_state=DecisionState.on_agenda)
    ).all()
    assert on_agenda
    for rec in on_agenda:
        assert rec.agenda_body in rec.committee.parent_bodies and rec.agenda_reference
        assert rec.agenda_on > local_today() and rec.is_public


def test_nothing_awaiting_is_public_and_the_history_shows_the_events(loaded):
    db = loaded
    recs = db.session.scalars(db.select(Recommendation)).all()
    for rec in recs:
        if rec.decision_state in (DecisionState.awaiting, DecisionState.not_handed_over):
            assert not rec.is_public, rec
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert actions >= {
        "recommendation.created",
        "recommendation.revised",
        "recommendation.commented",
        "recommendation.endorsed",
        "recommendations.handed_over",
        "recommendation.decided",
        "recommendation.progress_update",
    }
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(AuditEntry).where(AuditEntry.at > utcnow())
        )
        == 0
    )
    follows = db.session.scalars(db.select(Follow)).all()
    assert any(f.email and f.is_confirmed for f in follows)
    assert any(f.user_id and f.recommendation_id for f in follows)


def test_every_history_entry_reads_as_words_in_both_languages(loaded, app):
    """The committee page's history speaks Danish (or English), never internal codes: every
    action of the demo, and every state an entry moved between, has a label."""
    db = loaded
    entries = db.session.scalars(db.select(AuditEntry)).all()
    assert {e.action.split(".")[0] for e in entries} >= {"recommendation", "recommendations"}
    for e in entries:
        assert e.label != e.action, e.action
        for code, label in ((e.from_state, e.from_label), (e.to_state, e.to_label)):
            assert not code or label != code, (e.action, code)
    revised = next(e for e in entries if e.action == "recommendation.revised")
    with app.test_request_context(), force_locale("en"):
        assert revised.label == "A recommendation was revised"
