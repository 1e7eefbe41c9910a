"""Factories for recommendations, written straight to the database (any state, any date)."""

from datetime import UTC, datetime

import pytest

from committees.models import (
    Committee,
    DecisionState,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
)
from committees.models.base import local_today


@pytest.fixture
def make_recommendation(db):
    """make_recommendation(committee, status=draft, decision_state=not_handed_over,
    questions=None (= the approved mandate's first question), public=False, **kw)."""

    def make(
        committee: Committee,
        status: RecommendationStatus = RecommendationStatus.draft,
        decision_state: DecisionState = DecisionState.not_handed_over,
        questions=None,
        public: bool = False,
        **kw,
    ) -> Recommendation:
        number = kw.pop("number", None) or (
            (
                db.session.scalar(
                    db.select(db.func.max(Recommendation.number)).where(
                        Recommendation.committee_id == committee.id
                    )
                )
                or 0
            )
            + 1
        )
        if questions is None:
            mandate = committee.approved_mandate or committee.latest_mandate
            questions = mandate.task_questions[:1] if mandate else []
        rec = Recommendation(
            committee=committee,
            number=number,
            title=kw.pop("title", f"Anbefaling om emne {number}"),
            text=kw.pop("text", "Vi anbefaler, at kommunen **gør noget**."),
            rationale=kw.pop("rationale", "Fordi borgerne har bedt om det."),
            status=status,
            decision_state=decision_state,
            public_since=datetime.now(UTC) if public else None,
            decided_on=kw.pop("decided_on", local_today() if decision_state.is_final else None),
            **kw,
        )
        rec.questions = list(questions)
        rec.versions.append(
            RecommendationVersion(number=1, title=rec.title, text=rec.text, rationale=rec.rationale)
        )
        db.session.add(rec)
        db.session.commit()
        return rec

    return make
