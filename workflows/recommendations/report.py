"""The recommendations report of a committee (for the council's agenda): the mandate, the
members, the process (meetings held) and the recommendations with their rationale and the
handover. Gathered in a fixed set of queries, so the page and the PDF do not grow with data.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload, selectinload

from committees.extensions import db
from committees.models import (
    Committee,
    Handover,
    MandateVersion,
    Meeting,
    MeetingStatus,
    Membership,
    Recommendation,
    RecommendationStatus,
    TaskQuestion,
)
from committees.models.base import local_today, utcnow
from workflows.recommendations.handover import latest_handover

IN_REPORT = (
    RecommendationStatus.draft,
    RecommendationStatus.commenting,
    RecommendationStatus.endorsed,
    RecommendationStatus.handed_over,
)


@dataclass(frozen=True)
class ReportMember:
    """A member as the report names them: `name` is None when it may not be shown."""

    name: str | None
    role_label: str
    type_label: str
    title: str


@dataclass
class Report:
    """Everything the report page and the PDF show."""

    committee: Committee
    mandate: MandateVersion | None
    questions: list[TaskQuestion]
    members: list[ReportMember]
    meetings: list[Meeting]
    meeting_counts: list[tuple[str, int]]
    recommendations: list[Recommendation]
    handover: Handover | None
    public: bool
    made_on: date = field(default_factory=local_today)

    @property
    def is_final(self) -> bool:
        """Every recommendation in the report has been endorsed or handed over."""
        return bool(self.recommendations) and all(
            not r.status.editable for r in self.recommendations
        )


def load_committee(committee_id: int) -> Committee | None:
    """The committee with what the report reads from it, in one round of queries."""
    return db.session.scalar(
        db.select(Committee)
        .where(Committee.id == committee_id)
        .options(
            selectinload(Committee.memberships).selectinload(Membership.user),
            selectinload(Committee.mandate_versions).selectinload(MandateVersion.task_questions),
            selectinload(Committee.parent_bodies),
        )
    )


def _recommendations(committee: Committee, public: bool) -> list[Recommendation]:
    statuses = (RecommendationStatus.handed_over,) if public else IN_REPORT
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .where(Recommendation.committee_id == committee.id, Recommendation.status.in_(statuses))
            .order_by(Recommendation.number)
            .options(
                selectinload(Recommendation.questions),
                joinedload(Recommendation.endorsed_at_meeting),
            )
        )
    )


def _meetings_held(committee: Committee) -> list[Meeting]:
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.starts_at <= utcnow(),
                Meeting.status != MeetingStatus.cancelled,
            )
            .order_by(Meeting.starts_at)
        )
    )


def _members(committee: Committee, public: bool) -> list[ReportMember]:
    return [
        ReportMember(
            name=m.user.name if (m.is_public_name or not public) else None,
            role_label=m.role_label,
            type_label=m.type_label,
            title=m.title if (m.is_public_name or not public) else "",
        )
        for m in committee.members_for_display(local_today())
    ]


def build(committee: Committee, public: bool = False) -> Report:
    """The report; `public` keeps to handed-over recommendations and consented names."""
    mandate = committee.approved_mandate
    meetings = _meetings_held(committee)
    counts = Counter(m.kind for m in meetings)
    return Report(
        committee=committee,
        mandate=mandate,
        questions=list(mandate.task_questions) if mandate else [],
        members=_members(committee, public),
        meetings=meetings,
        meeting_counts=[
            (kind.label, n) for kind, n in sorted(counts.items(), key=lambda i: i[0].name)
        ],
        recommendations=_recommendations(committee, public),
        handover=latest_handover(committee),
        public=public,
    )


def is_publishable(committee: Committee) -> bool:
    """The public report exists once the committee is public, has handed over, and every
    handed-over recommendation is public (a political body has it on its agenda)."""
    if not committee.is_public:
        return False
    handed = list(
        db.session.scalars(
            db.select(Recommendation).where(
                Recommendation.committee_id == committee.id,
                Recommendation.status == RecommendationStatus.handed_over,
            )
        )
    )
    return bool(handed) and all(r.is_public for r in handed)
