"""The task committee (opgaveudvalg) and its lifecycle state."""

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Enum, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.body import PoliticalBody


class CommitteeState(enum.Enum):
    """The phases of a committee's life, in order (DOMAIN.md's lifecycle)."""

    idea = "idea"
    mandate_draft = "mandate_draft"
    mandate_approved = "mandate_approved"
    recruiting = "recruiting"
    constituted = "constituted"
    working = "working"
    handed_over = "handed_over"
    dissolved = "dissolved"
    implementing = "implementing"
    evaluated = "evaluated"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def tone(self) -> str:
        return STATE_TONES[self]

    @property
    def is_public(self) -> bool:
        """Before the council approves the mandate, a committee is internal."""
        return self not in (CommitteeState.idea, CommitteeState.mandate_draft)

    @property
    def public_phase(self) -> str | None:
        """'upcoming', 'ongoing' or 'finished' for the public overview."""
        return PUBLIC_PHASES.get(self)

    @property
    def mandate_editable(self) -> bool:
        """Changing the mandate makes sense until the committee has handed over."""
        return self in (
            CommitteeState.idea,
            CommitteeState.mandate_draft,
            CommitteeState.mandate_approved,
            CommitteeState.recruiting,
            CommitteeState.constituted,
            CommitteeState.working,
        )


STATE_LABELS = {
    CommitteeState.idea: _l("Idé"),
    CommitteeState.mandate_draft: _l("Kommissorium i udkast"),
    CommitteeState.mandate_approved: _l("Kommissorium godkendt"),
    CommitteeState.recruiting: _l("Rekruttering"),
    CommitteeState.constituted: _l("Konstitueret"),
    CommitteeState.working: _l("I arbejde"),
    CommitteeState.handed_over: _l("Anbefalinger afleveret"),
    CommitteeState.dissolved: _l("Nedlagt"),
    CommitteeState.implementing: _l("Implementering"),
    CommitteeState.evaluated: _l("Evalueret"),
}
STATE_TONES = {
    CommitteeState.idea: "neutral",
    CommitteeState.mandate_draft: "neutral",
    CommitteeState.mandate_approved: "info",
    CommitteeState.recruiting: "info",
    CommitteeState.constituted: "info",
    CommitteeState.working: "success",
    CommitteeState.handed_over: "warning",
    CommitteeState.dissolved: "neutral",
    CommitteeState.implementing: "success",
    CommitteeState.evaluated: "neutral",
}
PUBLIC_PHASES = {
    CommitteeState.mandate_approved: "upcoming",
    CommitteeState.recruiting: "upcoming",
    CommitteeState.constituted: "ongoing",
    CommitteeState.working: "ongoing",
    CommitteeState.handed_over: "finished",
    CommitteeState.dissolved: "finished",
    CommitteeState.implementing: "finished",
    CommitteeState.evaluated: "finished",
}


class MinutesRule(enum.Enum):
    """When minutes sent for approval become approved."""

    all = "all"  # every person present has approved
    deadline = "deadline"  # approved at the deadline unless someone commented

    @property
    def label(self) -> str:
        return str(MINUTES_RULE_LABELS[self])


MINUTES_RULE_LABELS = {
    MinutesRule.all: _l("Når alle tilstedeværende har godkendt"),
    MinutesRule.deadline: _l("Ved fristen, medmindre nogen har bemærkninger"),
}

committee_bodies = Table(
    "committee_bodies",
    db.metadata,
    Column("committee_id", ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("political_bodies.id"), primary_key=True),
)


class Committee(db.Model):
    """A task committee; its state is changed only by `workflows.committee.transition`."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[CommitteeState] = mapped_column(
        Enum(CommitteeState, native_enum=False, length=30),
        default=CommitteeState.idea,
        index=True,
    )
    planned_start: Mapped[date | None]
    planned_end: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Service levels for meetings (DOMAIN.md), in working days; configurable per committee.
    agenda_days_before: Mapped[int] = mapped_column(default=4, server_default="4")
    minutes_days_after: Mapped[int] = mapped_column(default=2, server_default="2")
    approval_days: Mapped[int] = mapped_column(default=5, server_default="5")
    minutes_rule: Mapped[MinutesRule] = mapped_column(
        Enum(MinutesRule, native_enum=False, length=20),
        default=MinutesRule.all,
        server_default="all",
    )
    # Evaluation (phase 9): lessons learned, written when the committee closes for the archive.
    lessons_learned: Mapped[str] = mapped_column(Text, default="", server_default="")
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    parent_bodies: Mapped[list[PoliticalBody]] = relationship(
        secondary=committee_bodies, order_by=PoliticalBody.name
    )
    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="committee", cascade="all, delete-orphan"
    )
    mandate_versions: Mapped[list["MandateVersion"]] = relationship(  # noqa: F821
        back_populates="committee",
        cascade="all, delete-orphan",
        order_by="MandateVersion.number",
    )

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def state_tone(self) -> str:
        return self.state.tone

    @property
    def is_public(self) -> bool:
        return self.state.is_public

    @property
    def approved_mandate(self) -> "MandateVersion | None":  # noqa: F821
        """The version the committee is held to: the newest approved one."""
        approved = [v for v in self.mandate_versions if v.is_approved]
        return approved[-1] if approved else None

    @property
    def draft_mandate(self) -> "MandateVersion | None":  # noqa: F821
        """The open draft (or version in political treatment), if any."""
        open_ = [v for v in self.mandate_versions if v.is_open]
        return open_[-1] if open_ else None

    @property
    def latest_mandate(self) -> "MandateVersion | None":  # noqa: F821
        return self.mandate_versions[-1] if self.mandate_versions else None

    def active_memberships(self, on: date) -> list["Membership"]:  # noqa: F821
        """Memberships running on the given day."""
        return [m for m in self.memberships if m.is_active_on(on)]

    def members_for_display(self, on: date) -> list["Membership"]:  # noqa: F821
        """Current members, or everyone who held a seat once the committee has finished."""
        if self.state.public_phase == "finished":
            shown = list(self.memberships)
        else:
            shown = self.active_memberships(on)
        return sorted(shown, key=lambda m: (m.role.sort_key, m.member_type.sort_key, m.user.name))

    def __repr__(self) -> str:
        return f"<Committee {self.id} {self.name!r} {self.state.name}>"
