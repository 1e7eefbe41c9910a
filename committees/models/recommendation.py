"""Recommendations (anbefalinger): drafts, versions, comments, handover, council calendar.

A recommendation has two separate states: `status`, the committee's own work on it (drafted,
commented, endorsed, handed over), and `decision_state`, what the political bodies have done
with it since (workflows/recommendations/decisions.py holds that table).
"""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Column,
    Enum,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.body import PoliticalBody
from committees.models.committee import Committee
from committees.models.mandate import TaskQuestion
from committees.models.meeting import Meeting
from committees.models.user import User


class RecommendationStatus(enum.Enum):
    """The committee's side: drafted, out for comments, endorsed by the committee, handed over."""

    draft = "draft"
    commenting = "commenting"
    endorsed = "endorsed"
    handed_over = "handed_over"
    withdrawn = "withdrawn"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])

    @property
    def tone(self) -> str:
        return STATUS_TONES[self]

    @property
    def editable(self) -> bool:
        """The text changes only before the committee endorses it."""
        return self in (RecommendationStatus.draft, RecommendationStatus.commenting)


STATUS_LABELS = {
    RecommendationStatus.draft: _l("Udkast"),
    RecommendationStatus.commenting: _l("Til kommentering"),
    RecommendationStatus.endorsed: _l("Vedtaget af udvalget"),
    RecommendationStatus.handed_over: _l("Afleveret"),
    RecommendationStatus.withdrawn: _l("Trukket tilbage"),
}
STATUS_TONES = {
    RecommendationStatus.draft: "neutral",
    RecommendationStatus.commenting: "info",
    RecommendationStatus.endorsed: "success",
    RecommendationStatus.handed_over: "success",
    RecommendationStatus.withdrawn: "neutral",
}


class DecisionState(enum.Enum):
    """The political side: from handover through treatment to a final decision."""

    not_handed_over = "not_handed_over"
    awaiting = "awaiting"  # handed over, not yet on a body's agenda
    on_agenda = "on_agenda"  # on a body's agenda: public from here on
    in_treatment = "in_treatment"  # a body has treated it, another must still decide
    approved = "approved"
    approved_with_changes = "approved_with_changes"
    partly_approved = "partly_approved"
    noted = "noted"
    rejected = "rejected"

    @property
    def label(self) -> str:
        return str(DECISION_STATE_LABELS[self])

    @property
    def tone(self) -> str:
        return DECISION_STATE_TONES[self]

    @property
    def is_final(self) -> bool:
        return self in FINAL_STATES

    @property
    def leads_to_implementation(self) -> bool:
        """Approved, with or without changes, or partly: the administration carries it out."""
        return self in (
            DecisionState.approved,
            DecisionState.approved_with_changes,
            DecisionState.partly_approved,
        )

    @property
    def awaits_decision(self) -> bool:
        """Handed over and still waiting for a political decision."""
        return self in (DecisionState.awaiting, DecisionState.on_agenda, DecisionState.in_treatment)


FINAL_STATES = frozenset(
    {
        DecisionState.approved,
        DecisionState.approved_with_changes,
        DecisionState.partly_approved,
        DecisionState.noted,
        DecisionState.rejected,
    }
)
DECISION_STATE_LABELS = {
    DecisionState.not_handed_over: _l("Ikke afleveret"),
    DecisionState.awaiting: _l("Afventer politisk behandling"),
    DecisionState.on_agenda: _l("På dagsordenen"),
    DecisionState.in_treatment: _l("Under politisk behandling"),
    DecisionState.approved: _l("Godkendt"),
    DecisionState.approved_with_changes: _l("Godkendt med ændringer"),
    DecisionState.partly_approved: _l("Delvist godkendt"),
    DecisionState.noted: _l("Taget til efterretning"),
    DecisionState.rejected: _l("Afvist"),
}
DECISION_STATE_TONES = {
    DecisionState.not_handed_over: "neutral",
    DecisionState.awaiting: "warning",
    DecisionState.on_agenda: "info",
    DecisionState.in_treatment: "info",
    DecisionState.approved: "success",
    DecisionState.approved_with_changes: "success",
    DecisionState.partly_approved: "success",
    DecisionState.noted: "neutral",
    DecisionState.rejected: "error",
}


recommendation_questions = Table(
    "recommendation_questions",
    db.metadata,
    Column(
        "recommendation_id",
        ForeignKey("recommendations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "task_question_id", ForeignKey("task_questions.id", ondelete="CASCADE"), primary_key=True
    ),
)


class CouncilMeeting(db.Model):
    """A meeting date in the council calendar: a standing committee, the finance committee or
    the council itself. The handover deadline is counted back from these."""

    __tablename__ = "council_meetings"
    __table_args__ = (UniqueConstraint("body_id", "meets_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("political_bodies.id"), index=True)
    meets_on: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(String(200), default="")

    body: Mapped[PoliticalBody] = relationship()


class Handover(db.Model):
    """The committee hands its endorsed set to its parent standing committee(s)."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    handed_over_on: Mapped[date]
    # The council meeting the set is aimed at, and the latest handover date counted back from it.
    council_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("council_meetings.id", ondelete="SET NULL")
    )
    latest_handover_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    committee: Mapped[Committee] = relationship()
    council_meeting: Mapped[CouncilMeeting | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class Recommendation(db.Model):
    """One recommendation of a committee; its text is versioned while it is drafted."""

    __tablename__ = "recommendations"
    __table_args__ = (UniqueConstraint("committee_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # "Anbefaling 3" within the committee; also the order of the set
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")  # Markdown
    rationale: Mapped[str] = mapped_column(Text, default="")  # Markdown
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[RecommendationStatus] = mapped_column(
        Enum(RecommendationStatus, native_enum=False, length=20),
        default=RecommendationStatus.draft,
        index=True,
    )
    decision_state: Mapped[DecisionState] = mapped_column(
        Enum(DecisionState, native_enum=False, length=30),
        default=DecisionState.not_handed_over,
        index=True,
    )
    comment_deadline: Mapped[date | None]
    endorsed_at_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    endorsed_on: Mapped[date | None]
    handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("handovers.id", ondelete="SET NULL"), index=True
    )
    # Set when a political body first has it on its agenda (or decides on it): public from then.
    public_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_on: Mapped[date | None]  # the date of the final decision: follow-ups count from it
    # The agenda that made it public: which body, the meeting date and the agenda item.
    agenda_body_id: Mapped[int | None] = mapped_column(
        ForeignKey("political_bodies.id", ondelete="SET NULL")
    )
    agenda_on: Mapped[date | None]
    agenda_reference: Mapped[str] = mapped_column(String(120), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    committee: Mapped[Committee] = relationship()
    questions: Mapped[list[TaskQuestion]] = relationship(
        secondary=recommendation_questions, order_by=TaskQuestion.position
    )
    endorsed_at_meeting: Mapped[Meeting | None] = relationship()
    handover: Mapped[Handover | None] = relationship()
    agenda_body: Mapped[PoliticalBody | None] = relationship()
    versions: Mapped[list["RecommendationVersion"]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationVersion.number",
    )
    comments: Mapped[list["RecommendationComment"]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationComment.created_at",
    )
    decisions: Mapped[list["Decision"]] = relationship(  # noqa: F821
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="(Decision.decided_on, Decision.id)",
    )
    actions: Mapped[list["ImplementationAction"]] = relationship(  # noqa: F821
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="ImplementationAction.id",
    )
    reviews: Mapped[list["FollowUpReview"]] = relationship(  # noqa: F821
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="FollowUpReview.due_on",
    )

    @property
    def is_public(self) -> bool:
        """Members only until a political body has it on its agenda (DOMAIN.md)."""
        return self.public_since is not None and self.status is not RecommendationStatus.withdrawn

    @property
    def label(self) -> str:
        return str(_l("Anbefaling %(n)s", n=self.number))

    def __repr__(self) -> str:
        return f"<Recommendation {self.id} {self.committee_id}/{self.number}>"


class RecommendationVersion(db.Model):
    """The text as it stood at one version (every revision keeps the one before)."""

    __tablename__ = "recommendation_versions"
    __table_args__ = (UniqueConstraint("recommendation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    change_note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()


class RecommendationComment(db.Model):
    """A member's comment on a draft, within the comment window."""

    __tablename__ = "recommendation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int]  # the version the comment was written on
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
