"""Membership of a committee: type, role, period and leave."""

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.user import User


class MemberType(enum.Enum):
    """Which seat a member fills."""

    councillor = "councillor"
    citizen = "citizen"
    stakeholder = "stakeholder"
    staff = "staff"

    @property
    def label(self) -> str:
        return str(MEMBER_TYPE_LABELS[self])

    @property
    def sort_key(self) -> int:
        return list(MemberType).index(self)


MEMBER_TYPE_LABELS = {
    MemberType.councillor: _l("Kommunalbestyrelsesmedlem"),
    MemberType.citizen: _l("Borgermedlem"),
    MemberType.stakeholder: _l("Interessent/sagkyndig"),
    MemberType.staff: _l("Administration"),
}


class MemberRole(enum.Enum):
    """The member's role in this committee."""

    chair = "chair"
    vice_chair = "vice_chair"
    member = "member"
    alternate = "alternate"
    facilitator = "facilitator"

    @property
    def label(self) -> str:
        return str(MEMBER_ROLE_LABELS[self])

    @property
    def sort_key(self) -> int:
        return list(MemberRole).index(self)

    @property
    def holds_seat(self) -> bool:
        """Chair, vice-chair and members fill the seats of the mandate; others do not."""
        return self in (MemberRole.chair, MemberRole.vice_chair, MemberRole.member)


MEMBER_ROLE_LABELS = {
    MemberRole.chair: _l("Formand"),
    MemberRole.vice_chair: _l("Næstformand"),
    MemberRole.member: _l("Medlem"),
    MemberRole.alternate: _l("Suppleant"),
    MemberRole.facilitator: _l("Facilitator/sekretær"),
}


class Membership(db.Model):
    """A person's seat or role in one committee for a period."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("committee_id", "user_id", name="committee_user"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    member_type: Mapped[MemberType] = mapped_column(Enum(MemberType, native_enum=False, length=20))
    role: Mapped[MemberRole] = mapped_column(Enum(MemberRole, native_enum=False, length=20))
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    publish_name: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(String(200), default="")

    committee: Mapped["Committee"] = relationship(back_populates="memberships")  # noqa: F821
    user: Mapped[User] = relationship()
    leave_periods: Mapped[list["LeavePeriod"]] = relationship(
        back_populates="membership", cascade="all, delete-orphan", order_by="LeavePeriod.start_date"
    )

    def is_active_on(self, day: date) -> bool:
        """True when the membership runs on `day` (leave does not end a membership)."""
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def is_on_leave(self, day: date) -> bool:
        """True when a leave period covers `day`."""
        return any(p.start_date <= day <= p.end_date for p in self.leave_periods)

    @property
    def is_public_name(self) -> bool:
        """Citizens' names are public only with consent; others' names are public."""
        if self.member_type is MemberType.citizen:
            return self.publish_name
        return True

    @property
    def type_label(self) -> str:
        return self.member_type.label

    @property
    def role_label(self) -> str:
        return self.role.label


class LeavePeriod(db.Model):
    """A period in which a member is on leave (orlov); an alternate may step in."""

    __tablename__ = "leave_periods"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("memberships.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date]
    end_date: Mapped[date]
    reason: Mapped[str] = mapped_column(String(300), default="")

    membership: Mapped[Membership] = relationship(back_populates="leave_periods")
