"""Taking part in a meeting: RSVP, the attendance register, minutes approval, inhabilitet."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.meeting import AgendaItem, Meeting
from committees.models.user import User


class RsvpAnswer(enum.Enum):
    """A member's answer before the meeting: deltager or afbud."""

    attending = "attending"
    apology = "apology"

    @property
    def label(self) -> str:
        return str(RSVP_LABELS[self])


RSVP_LABELS = {RsvpAnswer.attending: _l("Deltager"), RsvpAnswer.apology: _l("Afbud")}


class Rsvp(db.Model):
    """One person's answer to one meeting; a later answer overwrites the earlier one."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer: Mapped[RsvpAnswer] = mapped_column(Enum(RsvpAnswer, native_enum=False, length=20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()

    @property
    def answer_label(self) -> str:
        return self.answer.label


class AttendanceStatus(enum.Enum):
    """The register after the meeting: til stede / fraværende / afbud."""

    present = "present"
    absent = "absent"
    apology = "apology"

    @property
    def label(self) -> str:
        return str(ATTENDANCE_LABELS[self])


ATTENDANCE_LABELS = {
    AttendanceStatus.present: _l("Til stede"),
    AttendanceStatus.absent: _l("Fraværende"),
    AttendanceStatus.apology: _l("Afbud"),
}


class Attendance(db.Model):
    """One line of the attendance register; the basis for attendance allowances (§ 16 a)."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=20)
    )
    arrived_late: Mapped[bool] = mapped_column(default=False)
    left_early: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()

    @property
    def status_label(self) -> str:
        return self.status.label


class MinutesApproval(db.Model):
    """A request to one person present to approve the minutes, and their answer."""

    __tablename__ = "minutes_approvals"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    comment: Mapped[str] = mapped_column(Text, default="")
    commented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class ConflictDeclaration(db.Model):
    """A member declares inhabilitet on an agenda item; it is recorded in the minutes."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("agenda_item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="conflicts")
    user: Mapped[User] = relationship()
