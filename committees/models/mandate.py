"""The mandate (kommissorium): versions, task questions, deliverables, profiles, approvals."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.body import PoliticalBody
from committees.models.user import User


class MandateStatus(enum.Enum):
    """A version is drafted, submitted for political treatment, approved, later superseded."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    superseded = "superseded"

    @property
    def label(self) -> str:
        return str(MANDATE_STATUS_LABELS[self])


MANDATE_STATUS_LABELS = {
    MandateStatus.draft: _l("Udkast"),
    MandateStatus.submitted: _l("Til politisk behandling"),
    MandateStatus.approved: _l("Godkendt"),
    MandateStatus.superseded: _l("Erstattet af nyere version"),
}
MANDATE_STATUS_TONES = {
    MandateStatus.draft: "neutral",
    MandateStatus.submitted: "warning",
    MandateStatus.approved: "success",
    MandateStatus.superseded: "neutral",
}


class ViceChairMethod(enum.Enum):
    """How the vice-chair is found: appointed by the council, elected by the committee, or none."""

    appointed = "appointed"
    elected = "elected"
    none = "none"

    @property
    def label(self) -> str:
        return str(VICE_CHAIR_LABELS[self])


VICE_CHAIR_LABELS = {
    ViceChairMethod.appointed: _l("Udpeges af kommunalbestyrelsen"),
    ViceChairMethod.elected: _l("Vælges af udvalget på første møde"),
    ViceChairMethod.none: _l("Ingen næstformand"),
}


class ApprovalOutcome(enum.Enum):
    """What a political body did with a submitted mandate version."""

    recommended = "recommended"
    approved = "approved"
    returned = "returned"
    postponed = "postponed"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    ApprovalOutcome.recommended: _l("Indstillet til godkendelse"),
    ApprovalOutcome.approved: _l("Godkendt"),
    ApprovalOutcome.returned: _l("Sendt tilbage til revision"),
    ApprovalOutcome.postponed: _l("Udsat"),
}

# The text fields of a mandate, in the order DOMAIN.md lists them; used by forms and compare.
TEXT_FIELDS = (
    ("title", _l("Titel")),
    ("background", _l("Baggrund")),
    ("purpose", _l("Formål")),
    ("working_method", _l("Arbejdsform")),
    ("decision_path", _l("Beslutningsvej")),
    ("frame", _l("Rammer og økonomi")),
    ("involvement", _l("Inddragelse af andre end medlemmerne")),
    ("composition_note", _l("Sammensætning (beskrivelse)")),
    ("secretariat_contact", _l("Sekretariat")),
    ("facilitator_contact", _l("Facilitator")),
)


class MandateVersion(db.Model):
    """One version of a committee's mandate; only drafts are edited."""

    __tablename__ = "mandate_versions"
    __table_args__ = (
        UniqueConstraint("committee_id", "number", name="committee_number"),
        CheckConstraint("seats_councillors >= 0", name="seats_councillors_nonneg"),
        CheckConstraint("seats_citizens >= 0", name="seats_citizens_nonneg"),
        CheckConstraint("seats_stakeholders >= 0", name="seats_stakeholders_nonneg"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="end_after_start",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[MandateStatus] = mapped_column(
        Enum(MandateStatus, native_enum=False, length=20), default=MandateStatus.draft
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_on: Mapped[date | None]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    change_note: Mapped[str] = mapped_column(Text, default="")

    title: Mapped[str] = mapped_column(String(200), default="")
    background: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    working_method: Mapped[str] = mapped_column(Text, default="")
    decision_path: Mapped[str] = mapped_column(Text, default="")
    frame: Mapped[str] = mapped_column(Text, default="")
    involvement: Mapped[str] = mapped_column(Text, default="")
    composition_note: Mapped[str] = mapped_column(Text, default="")
    secretariat_contact: Mapped[str] = mapped_column(Text, default="")
    facilitator_contact: Mapped[str] = mapped_column(Text, default="")

    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    handover_date: Mapped[date | None]

    seats_councillors: Mapped[int] = mapped_column(default=5)
    seats_citizens: Mapped[int] = mapped_column(default=10)
    seats_stakeholders: Mapped[int] = mapped_column(default=0)
    chair_must_be_councillor: Mapped[bool] = mapped_column(default=True)
    vice_chair_method: Mapped[ViceChairMethod] = mapped_column(
        Enum(ViceChairMethod, native_enum=False, length=20), default=ViceChairMethod.elected
    )

    committee: Mapped["Committee"] = relationship(back_populates="mandate_versions")  # noqa: F821
    created_by: Mapped[User | None] = relationship()
    task_questions: Mapped[list["TaskQuestion"]] = relationship(
        cascade="all, delete-orphan", order_by="TaskQuestion.position"
    )
    deliverables: Mapped[list["Deliverable"]] = relationship(
        cascade="all, delete-orphan", order_by="Deliverable.position"
    )
    competence_profiles: Mapped[list["CompetenceProfile"]] = relationship(
        cascade="all, delete-orphan", order_by="CompetenceProfile.position"
    )
    approvals: Mapped[list["MandateApproval"]] = relationship(
        cascade="all, delete-orphan",
        order_by="(MandateApproval.decided_on, MandateApproval.id)",
    )

    @property
    def is_draft(self) -> bool:
        return self.status is MandateStatus.draft

    @property
    def is_open(self) -> bool:
        """Not yet approved: a draft or a version in political treatment."""
        return self.status in (MandateStatus.draft, MandateStatus.submitted)

    @property
    def is_approved(self) -> bool:
        return self.status is MandateStatus.approved

    @property
    def state_label(self) -> str:
        return self.status.label

    @property
    def state_tone(self) -> str:
        return MANDATE_STATUS_TONES[self.status]

    @property
    def total_seats(self) -> int:
        return self.seats_councillors + self.seats_citizens + self.seats_stakeholders

    def missing_for_submission(self) -> list[str]:
        """Fields a mandate must have before the politicians can treat it."""
        missing = [
            str(label)
            for name, label in TEXT_FIELDS
            if name in ("title", "background", "purpose") and not getattr(self, name).strip()
        ]
        if not self.task_questions:
            missing.append(str(_l("Opgave (mindst ét spørgsmål)")))
        if self.start_date is None or self.end_date is None:
            missing.append(str(_l("Tidsramme (start og slut)")))
        return missing


class TaskQuestion(db.Model):
    """A question the committee is asked to answer (the mandate's task, *opgave*)."""

    __tablename__ = "task_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_version_id: Mapped[int] = mapped_column(
        ForeignKey("mandate_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


class Deliverable(db.Model):
    """Something the committee must hand over (*leverance*)."""

    __tablename__ = "deliverables"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_version_id: Mapped[int] = mapped_column(
        ForeignKey("mandate_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


class CompetenceProfile(db.Model):
    """A competence profile sought among citizen members (*kompetenceprofil*)."""

    __tablename__ = "competence_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_version_id: Mapped[int] = mapped_column(
        ForeignKey("mandate_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class MandateApproval(db.Model):
    """A political body's treatment of a mandate version (the approval trail)."""

    __tablename__ = "mandate_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_version_id: Mapped[int] = mapped_column(
        ForeignKey("mandate_versions.id", ondelete="CASCADE"), index=True
    )
    body_id: Mapped[int] = mapped_column(ForeignKey("political_bodies.id"))
    decided_on: Mapped[date]
    agenda_reference: Mapped[str] = mapped_column(String(120), default="")
    outcome: Mapped[ApprovalOutcome] = mapped_column(
        Enum(ApprovalOutcome, native_enum=False, length=20)
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    body: Mapped[PoliticalBody] = relationship()
    recorded_by: Mapped[User | None] = relationship()
