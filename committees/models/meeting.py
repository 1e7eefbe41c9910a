"""Meetings and workshops: the meeting, who is invited, its agenda and the action points."""

import enum
import re
import uuid
from datetime import date, datetime

from flask_babel import format_date, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
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
from committees.models.base import LOCAL_TZ, UTCDateTime, utcnow
from committees.models.committee import Committee
from committees.models.user import User


class MeetingKind(enum.Enum):
    """The kinds of meeting a committee holds (DOMAIN.md)."""

    committee_meeting = "committee_meeting"
    workshop = "workshop"
    dialogue_meeting = "dialogue_meeting"
    working_group = "working_group"

    @property
    def label(self) -> str:
        return str(MEETING_KIND_LABELS[self])

    @property
    def public_by_default(self) -> bool:
        """Dialogue meetings are open to everyone; the others are shown only if chosen."""
        return self is MeetingKind.dialogue_meeting


MEETING_KIND_LABELS = {
    MeetingKind.committee_meeting: _l("Udvalgsmøde"),
    MeetingKind.workshop: _l("Workshop"),
    MeetingKind.dialogue_meeting: _l("Dialogmøde"),
    MeetingKind.working_group: _l("Arbejdsgruppemøde"),
}


class MeetingStatus(enum.Enum):
    """A meeting is planned (its agenda a draft), its agenda published, or cancelled."""

    planned = "planned"
    agenda_published = "agenda_published"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return str(MEETING_STATUS_LABELS[self])

    @property
    def tone(self) -> str:
        return {"agenda_published": "info", "cancelled": "error"}.get(self.name, "neutral")


MEETING_STATUS_LABELS = {
    MeetingStatus.planned: _l("Planlagt, dagsorden i udkast"),
    MeetingStatus.agenda_published: _l("Dagsorden udsendt"),
    MeetingStatus.cancelled: _l("Aflyst"),
}


class MinutesStatus(enum.Enum):
    """draft → in_approval (sent to those present) → approved (locked) → published."""

    draft = "draft"
    in_approval = "in_approval"
    approved = "approved"
    published = "published"

    @property
    def label(self) -> str:
        return str(MINUTES_STATUS_LABELS[self])

    @property
    def tone(self) -> str:
        return {"in_approval": "warning", "approved": "info", "published": "success"}.get(
            self.name, "neutral"
        )

    @property
    def locked(self) -> bool:
        return self in (MinutesStatus.approved, MinutesStatus.published)


MINUTES_STATUS_LABELS = {
    MinutesStatus.draft: _l("Referat i udkast"),
    MinutesStatus.in_approval: _l("Referat til godkendelse"),
    MinutesStatus.approved: _l("Referat godkendt og låst"),
    MinutesStatus.published: _l("Referat offentliggjort"),
}


class InviteScope(enum.Enum):
    """Who is invited besides the named guests."""

    committee = "committee"
    working_group = "working_group"

    @property
    def label(self) -> str:
        return str(INVITE_SCOPE_LABELS[self])


INVITE_SCOPE_LABELS = {
    InviteScope.committee: _l("Hele udvalget"),
    InviteScope.working_group: _l("En arbejdsgruppe"),
}


class ItemKind(enum.Enum):
    """Agenda item types: beslutning / orientering / drøftelse."""

    decision = "decision"
    information = "information"
    discussion = "discussion"

    @property
    def label(self) -> str:
        return str(ITEM_KIND_LABELS[self])


ITEM_KIND_LABELS = {
    ItemKind.decision: _l("Beslutning"),
    ItemKind.information: _l("Orientering"),
    ItemKind.discussion: _l("Drøftelse"),
}


class AutoItem(enum.Enum):
    """Items the system puts on an agenda by itself."""

    minutes_approval = "minutes_approval"
    action_points = "action_points"

    @property
    def title_da(self) -> str:
        """The title as stored (the agenda's language); shown in the reader's when unchanged."""
        return AUTO_TITLES[self]


# Danish, as written on the agenda; each is a msgid too, so a reader sees it in their language.
AUTO_TITLES = {
    AutoItem.minutes_approval: "Godkendelse af referat",
    AutoItem.action_points: "Opfølgning på aktionspunkter",
}
MINUTES_OF = re.compile(r"^Referatet fra mødet (\d{2})\.(\d{2})\.(\d{4})\.$")


working_group_members = Table(
    "working_group_members",
    db.metadata,
    Column("group_id", ForeignKey("working_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class WorkingGroup(db.Model):
    """A working group (arbejdsgruppe) of some of the committee's members."""

    __tablename__ = "working_groups"
    __table_args__ = (UniqueConstraint("committee_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))

    committee: Mapped[Committee] = relationship()
    members: Mapped[list[User]] = relationship(secondary=working_group_members, order_by=User.name)


def new_uid() -> str:
    """A calendar UID that never changes for the meeting (RFC 5545 § 3.8.4.7)."""
    return f"{uuid.uuid4()}@opgaveudvalg"


class Meeting(db.Model):
    """A meeting, workshop, dialogue meeting or working-group meeting of a committee."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(Enum(MeetingKind, native_enum=False, length=30))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    is_public: Mapped[bool] = mapped_column(default=False)
    invite_scope: Mapped[InviteScope] = mapped_column(
        Enum(InviteScope, native_enum=False, length=20), default=InviteScope.committee
    )
    working_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_groups.id", ondelete="SET NULL")
    )
    status: Mapped[MeetingStatus] = mapped_column(
        Enum(MeetingStatus, native_enum=False, length=20), default=MeetingStatus.planned
    )
    agenda_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    # Calendar identity: the UID never changes; SEQUENCE grows with every change a calendar
    # must pick up (moved, place changed, cancelled), so Outlook and Google update the entry.
    uid: Mapped[str] = mapped_column(String(100), unique=True, default=new_uid)
    sequence: Mapped[int] = mapped_column(default=0)
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes_status: Mapped[MinutesStatus] = mapped_column(
        Enum(MinutesStatus, native_enum=False, length=20), default=MinutesStatus.draft
    )
    minutes_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approval_deadline: Mapped[date | None]
    minutes_locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    committee: Mapped[Committee] = relationship()
    working_group: Mapped[WorkingGroup | None] = relationship()
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    guests: Mapped[list["MeetingGuest"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingGuest.name"
    )

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def state_label(self) -> str:
        return self.status.label

    @property
    def state_tone(self) -> str:
        return self.status.tone

    @property
    def is_cancelled(self) -> bool:
        return self.status is MeetingStatus.cancelled

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def local_date(self) -> date:
        """The meeting's day in Copenhagen (anchors deadlines in working days)."""
        return self.starts_at.astimezone(LOCAL_TZ).date()

    def has_started(self, now: datetime) -> bool:
        return self.starts_at <= now

    def has_ended(self, now: datetime) -> bool:
        return self.ends_at <= now

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind.name} {self.starts_at:%Y-%m-%d %H:%M}>"


class MeetingGuest(db.Model):
    """A named guest invited to one meeting (an expert, a citizen at a dialogue meeting)."""

    __tablename__ = "meeting_guests"
    __table_args__ = (UniqueConstraint("meeting_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="da")

    meeting: Mapped[Meeting] = relationship(back_populates="guests")


class AgendaItem(db.Model):
    """An agenda item (dagsordenspunkt); its minutes (decision, notes) are written on it."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[ItemKind] = mapped_column(Enum(ItemKind, native_enum=False, length=20))
    title: Mapped[str] = mapped_column(String(200))
    case_text: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitized on render
    proposal: Mapped[str] = mapped_column(Text, default="")  # indstilling
    is_closed: Mapped[bool] = mapped_column(default=False)
    auto: Mapped[AutoItem | None] = mapped_column(Enum(AutoItem, native_enum=False, length=20))
    minutes_decision: Mapped[str] = mapped_column(Text, default="")
    minutes_notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    conflicts: Mapped[list["ConflictDeclaration"]] = relationship(  # noqa: F821
        back_populates="item", cascade="all, delete-orphan", order_by="ConflictDeclaration.id"
    )
    action_points: Mapped[list["ActionPoint"]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        order_by="ActionPoint.id",
        foreign_keys="ActionPoint.agenda_item_id",
    )

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def number(self) -> int:
        return self.position

    @property
    def label(self) -> str:
        """The title in the reader's language when the system wrote it and nobody renamed it."""
        if self.auto is not None and self.title == self.auto.title_da:
            return gettext(self.title)
        return self.title

    @property
    def shown_case_text(self) -> str:
        """The case text; the minutes-approval item's own sentence in the reader's language."""
        found = MINUTES_OF.match(self.case_text or "") if self.auto else None
        if found is None:
            return self.case_text
        day, month, year = (int(part) for part in found.groups())
        return gettext(
            "Referatet fra mødet %(date)s.", date=format_date(date(year, month, day), "long")
        )


class ActionPoint(db.Model):
    """A follow-up agreed at a meeting; open ones go on the next agenda by themselves."""

    __tablename__ = "action_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    responsible: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    item: Mapped[AgendaItem] = relationship(
        back_populates="action_points", foreign_keys=[agenda_item_id]
    )

    @property
    def is_open(self) -> bool:
        return self.done_at is None
