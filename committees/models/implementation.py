"""The political decisions on recommendations, implementation actions, follow-up reviews and
followers (people who want to hear what became of a committee's work)."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.body import PoliticalBody
from committees.models.committee import Committee
from committees.models.notice import DeliveryMode
from committees.models.recommendation import Recommendation
from committees.models.user import User


class DecisionOutcome(enum.Enum):
    """What a political body decided on a recommendation (DOMAIN.md)."""

    approved = "approved"
    approved_with_changes = "approved_with_changes"
    partly_approved = "partly_approved"
    noted = "noted"
    rejected = "rejected"
    postponed = "postponed"
    referred = "referred"
    consultation = "consultation"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])

    @property
    def tone(self) -> str:
        return OUTCOME_TONES[self]

    @property
    def needs_text(self) -> bool:
        """A changed or partial approval must say what was changed or left out."""
        return self in (DecisionOutcome.approved_with_changes, DecisionOutcome.partly_approved)

    @property
    def defers(self) -> bool:
        """Postponed, referred or sent to consultation: the treatment goes on."""
        return self in (
            DecisionOutcome.postponed,
            DecisionOutcome.referred,
            DecisionOutcome.consultation,
        )


OUTCOME_LABELS = {
    DecisionOutcome.approved: _l("Godkendt"),
    DecisionOutcome.approved_with_changes: _l("Godkendt med ændringer"),
    DecisionOutcome.partly_approved: _l("Delvist godkendt"),
    DecisionOutcome.noted: _l("Taget til efterretning"),
    DecisionOutcome.rejected: _l("Afvist"),
    DecisionOutcome.postponed: _l("Udsat"),
    DecisionOutcome.referred: _l("Oversendt"),
    DecisionOutcome.consultation: _l("Sendt i høring"),
}
OUTCOME_TONES = {
    DecisionOutcome.approved: "success",
    DecisionOutcome.approved_with_changes: "success",
    DecisionOutcome.partly_approved: "success",
    DecisionOutcome.noted: "neutral",
    DecisionOutcome.rejected: "error",
    DecisionOutcome.postponed: "warning",
    DecisionOutcome.referred: "info",
    DecisionOutcome.consultation: "info",
}


class Decision(db.Model):
    """One body's decision on one recommendation; a bulk decision writes one row each."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("recommendation_id", "body_id", "decided_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("political_bodies.id"), index=True)
    decided_on: Mapped[date]
    agenda_reference: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[DecisionOutcome] = mapped_column(
        Enum(DecisionOutcome, native_enum=False, length=30)
    )
    # Final: this body's decision settles the recommendation (always so for the council).
    final: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_text: Mapped[str] = mapped_column(Text, default="")
    batch: Mapped[str] = mapped_column(String(40), default="", index=True)  # bulk decisions
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="decisions")
    body: Mapped[PoliticalBody] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class ActionStatus(enum.Enum):
    """Where an implementation action stands."""

    not_started = "not_started"
    on_track = "on_track"
    at_risk = "at_risk"
    delayed = "delayed"
    done = "done"
    dropped = "dropped"

    @property
    def label(self) -> str:
        return str(ACTION_STATUS_LABELS[self])

    @property
    def tone(self) -> str:
        return ACTION_STATUS_TONES[self]

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.done, ActionStatus.dropped)

    @property
    def is_troubled(self) -> bool:
        """At risk or delayed: the councillors' overview lists these."""
        return self in (ActionStatus.at_risk, ActionStatus.delayed)


ACTION_STATUS_LABELS = {
    ActionStatus.not_started: _l("Ikke startet"),
    ActionStatus.on_track: _l("I gang som planlagt"),
    ActionStatus.at_risk: _l("I risiko"),
    ActionStatus.delayed: _l("Forsinket"),
    ActionStatus.done: _l("Gennemført"),
    ActionStatus.dropped: _l("Opgivet"),
}
ACTION_STATUS_TONES = {
    ActionStatus.not_started: "neutral",
    ActionStatus.on_track: "success",
    ActionStatus.at_risk: "warning",
    ActionStatus.delayed: "error",
    ActionStatus.done: "success",
    ActionStatus.dropped: "neutral",
}


class ImplementationAction(db.Model):
    """Something the administration does to carry out an approved recommendation."""

    __tablename__ = "implementation_actions"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        CheckConstraint("owner_body_id IS NOT NULL OR owner_unit <> ''", name="has_owner"),
        # The political overview: actions at risk, delayed or overdue, by due date.
        Index("ix_implementation_actions_status_due", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The owner is a unit of the administration and/or a standing committee, with a named contact.
    owner_unit: Mapped[str] = mapped_column(String(200), default="")
    owner_body_id: Mapped[int | None] = mapped_column(ForeignKey("political_bodies.id"))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(
        Enum(ActionStatus, native_enum=False, length=20), default=ActionStatus.not_started
    )
    progress: Mapped[int] = mapped_column(default=0)
    dropped_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    owner_body: Mapped[PoliticalBody | None] = relationship()
    contact: Mapped[User | None] = relationship()
    updates: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="action",
        cascade="all, delete-orphan",
        order_by="(ProgressUpdate.written_on.desc(), ProgressUpdate.id.desc())",
    )

    @property
    def owner_label(self) -> str:
        parts = [self.owner_unit, self.owner_body.name if self.owner_body else ""]
        return " / ".join(p for p in parts if p)


class ProgressUpdate(db.Model):
    """A dated status update on an action (what happened, the status and progress it left)."""

    __tablename__ = "progress_updates"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="update_progress_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("implementation_actions.id", ondelete="CASCADE"), index=True
    )
    written_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[ActionStatus] = mapped_column(Enum(ActionStatus, native_enum=False, length=20))
    progress: Mapped[int]
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up_reviews.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    action: Mapped[ImplementationAction] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()


class FollowUpReview(db.Model):
    """A follow-up due N months after the final decision (3, 6 and 12 by default)."""

    __tablename__ = "follow_up_reviews"
    __table_args__ = (
        UniqueConstraint("recommendation_id", "months"),
        # The political overview's overdue reviews: the open ones only.
        Index(
            "ix_follow_up_reviews_open_due",
            "due_on",
            sqlite_where=text("done_at IS NULL"),
            postgresql_where=text("done_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    months: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")

    recommendation: Mapped[Recommendation] = relationship(back_populates="reviews")

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Follow(db.Model):
    """Someone who follows a committee or one recommendation: an account holder, or an e-mail
    address without an account (confirmed by a link, ended by a one-click unsubscribe)."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("target", "who"),
        CheckConstraint("(committee_id IS NULL) <> (recommendation_id IS NULL)", name="one_target"),
        CheckConstraint("(user_id IS NULL) <> (email IS NULL)", name="one_follower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="da")
    # "c:<id>" or "r:<id>", and "u:<id>" or "e:<address>": one follow per person and target.
    target: Mapped[str] = mapped_column(String(30))
    who: Mapped[str] = mapped_column(String(260))
    # Immediate or a digest, for followers without an account (account holders use their
    # notice preferences).
    mode: Mapped[DeliveryMode] = mapped_column(
        Enum(DeliveryMode, native_enum=False, length=20), default=DeliveryMode.immediate
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)  # for confirm and unsubscribe
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    committee: Mapped[Committee | None] = relationship()
    recommendation: Mapped[Recommendation | None] = relationship()
    user: Mapped[User | None] = relationship()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
