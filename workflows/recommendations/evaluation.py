"""Evaluation: the committee's lessons learned and its closing for the archive.

Closing runs the committee's "evaluate" transition (implementing → evaluated) in the same
transaction as the lessons learned. The recommendations stay visible and keep being followed:
their reviews and reminders do not depend on the committee's phase.
"""

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import (
    ActionStatus,
    Committee,
    CommitteeState,
    DecisionState,
    ImplementationAction,
    Recommendation,
    RecommendationStatus,
    User,
)
from committees.models.base import utcnow
from workflows import audit, permissions, reminders
from workflows import committee as flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic

MAX_LESSONS = 20000


def _check(committee: Committee, actor: User, lessons: str) -> str:
    if not permissions.can_evaluate(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at evaluere udvalget."))
    text = (lessons or "").strip()
    if len(text) > MAX_LESSONS:
        raise NotAllowed(_("Teksten er for lang."))
    return text


@atomic
def save_lessons(
    committee: Committee, lessons_learned: str, actor: User, expected_state: str | None = None
) -> Committee:
    """Save the lessons learned as a draft (the committee stays in its phase)."""
    committee = flow.lock(committee)
    if expected_state is not None and committee.state.value != expected_state:
        raise StaleState(_("Udvalget har skiftet fase, siden du åbnede siden. Se den nye status."))
    committee.lessons_learned = _check(committee, actor, lessons_learned)
    audit.record("committee.lessons_saved", committee, actor, committee_id=committee.id)
    db.session.commit()
    return committee


@atomic
def evaluate(
    committee: Committee, lessons_learned: str, actor: User, expected_state: str | None
) -> Committee:
    """Close the committee with its lessons learned: it moves to the archive."""
    committee = flow.lock(committee)
    if expected_state is not None and committee.state.value != expected_state:
        raise StaleState(_("Udvalget har skiftet fase, siden du åbnede siden. Se den nye status."))
    t = flow.BY_NAME["evaluate"]
    if committee.state not in t.sources:
        raise NotAllowed(_("Udvalget kan først evalueres, når det er i implementeringsfasen."))
    text = _check(committee, actor, lessons_learned)
    if not text:
        raise NotAllowed(_("Skriv udvalgets erfaringer, før det afsluttes."))
    blockers = t.guard(committee)
    if blockers:
        raise NotAllowed(_("Handlingen kan ikke udføres endnu:"), blockers)
    committee.lessons_learned = text
    committee.evaluated_at = utcnow()
    flow.apply(committee, t, actor)
    flow.notify_phase(committee, "")
    reminders.plan(committee)  # follow-up reminders go on after the evaluation
    db.session.commit()
    return committee


def is_archived(committee: Committee) -> bool:
    """Evaluated committees are in the archive."""
    return committee.state is CommitteeState.evaluated


def archive_page(page: int, per_page: int = 10):
    """Evaluated committees, newest first, paginated (the public archive)."""
    return db.paginate(
        db.select(Committee)
        .where(Committee.state == CommitteeState.evaluated)
        .order_by(Committee.evaluated_at.desc().nulls_last(), Committee.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def archive_counts(committee_ids: list[int]) -> dict[int, dict]:
    """Per committee: its public recommendations by decision state, and its done actions.

    Two grouped queries whatever the number of committees.
    """
    out: dict[int, dict] = {cid: {"states": {}, "done_actions": 0} for cid in committee_ids}
    if not committee_ids:
        return out
    public = (
        Recommendation.committee_id.in_(committee_ids),
        Recommendation.public_since.is_not(None),
        Recommendation.status != RecommendationStatus.withdrawn,
    )
    rows = db.session.execute(
        db.select(Recommendation.committee_id, Recommendation.decision_state, db.func.count())
        .where(*public)
        .group_by(Recommendation.committee_id, Recommendation.decision_state)
    )
    for cid, state, n in rows:
        out[cid]["states"][state] = n
    done = db.session.execute(
        db.select(Recommendation.committee_id, db.func.count(ImplementationAction.id))
        .join(ImplementationAction, ImplementationAction.recommendation_id == Recommendation.id)
        .where(*public, ImplementationAction.status == ActionStatus.done)
        .group_by(Recommendation.committee_id)
    )
    for cid, n in done:
        out[cid]["done_actions"] = n
    for counts in out.values():  # in the order of the decision path
        by_state = counts["states"]
        counts["states"] = [(s, by_state[s]) for s in DecisionState if s in by_state]
    return out
