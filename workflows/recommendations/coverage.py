"""Coverage: each task question of the approved mandate with the recommendations answering it.

An unanswered question is flagged (on the coverage page and before endorsement); it does not
block the handover by itself, the committee confirms it knowingly. When the council approves a
revised mandate, a recommendation's links move to the new version's questions with the same text
(`carry_links`); a question that was reworded or dropped keeps its old link, so the committee sees
it as unanswered and links it again on purpose.
"""

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import (
    Committee,
    MandateVersion,
    Recommendation,
    RecommendationStatus,
    TaskQuestion,
)
from committees.models.recommendation import recommendation_questions


@dataclass(frozen=True)
class QuestionCoverage:
    """One task question and the (not withdrawn) recommendations that answer it."""

    question: TaskQuestion
    recommendations: list[Recommendation]

    @property
    def answered(self) -> bool:
        return bool(self.recommendations)


def mandate_questions(committee: Committee) -> list[TaskQuestion]:
    """The task questions of the approved mandate, in order (none before approval)."""
    mandate = committee.approved_mandate
    return list(mandate.task_questions) if mandate is not None else []


def coverage(committee: Committee) -> list[QuestionCoverage]:
    """Every question of the approved mandate with its recommendations (one query for these)."""
    questions = mandate_questions(committee)
    if not questions:
        return []
    link = recommendation_questions.c
    rows = db.session.execute(
        db.select(link.task_question_id, Recommendation)
        .join(Recommendation, Recommendation.id == link.recommendation_id)
        .where(
            link.task_question_id.in_([q.id for q in questions]),
            Recommendation.committee_id == committee.id,
            Recommendation.status != RecommendationStatus.withdrawn,
        )
        .order_by(Recommendation.number)
    ).all()
    by_question: dict[int, list[Recommendation]] = {q.id: [] for q in questions}
    for question_id, rec in rows:
        by_question[question_id].append(rec)
    return [QuestionCoverage(q, by_question[q.id]) for q in questions]


def unanswered(committee: Committee) -> list[TaskQuestion]:
    """The approved mandate's questions no (not withdrawn) recommendation answers."""
    return [c.question for c in coverage(committee) if not c.answered]


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def carry_links(old: MandateVersion, new: MandateVersion) -> int:
    """Move recommendations' links from `old`'s questions to `new`'s questions of the same text
    (within the transaction that approves `new`); returns how many recommendations changed."""
    by_text: dict[str, list[TaskQuestion]] = {}
    for q in new.task_questions:
        by_text.setdefault(_same(q.text), []).append(q)
    # A wording asked twice in the new version is ambiguous: left for the committee to link.
    mapping = {
        q.id: by_text[_same(q.text)][0]
        for q in old.task_questions
        if len(by_text.get(_same(q.text), [])) == 1
    }
    if not mapping:
        return 0
    recs = db.session.scalars(
        db.select(Recommendation)
        .where(Recommendation.committee_id == new.committee_id)
        .order_by(Recommendation.id)
        .with_for_update()  # a revision at the same time must not write stale links back
        .options(selectinload(Recommendation.questions))
    )
    moved = 0
    for rec in recs:
        if not any(q.id in mapping for q in rec.questions):
            continue
        moved += 1
        rec.questions = list(dict.fromkeys(mapping.get(q.id, q) for q in rec.questions))
    return moved
