"""The outbox: one row per notice to one person, written with the event that causes it."""

import enum
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.user import User


class NoticeStatus(enum.Enum):
    """pending → sending → sent; or failed after every retry; or cancelled when no longer true."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    NoticeStatus.pending: _l("Venter"),
    NoticeStatus.sending: _l("Sendes"),
    NoticeStatus.sent: _l("Sendt"),
    NoticeStatus.failed: _l("Fejlet"),
    NoticeStatus.cancelled: _l("Annulleret"),
}


class DeliveryMode(enum.Enum):
    """How a person wants a kind of notice by e-mail (in the app it is always shown)."""

    immediate = "immediate"
    daily = "daily"
    weekly = "weekly"
    off = "off"

    @property
    def label(self) -> str:
        return str(MODE_LABELS[self])

    @property
    def is_digest(self) -> bool:
        return self in (DeliveryMode.daily, DeliveryMode.weekly)


MODE_LABELS = {
    DeliveryMode.immediate: _l("Med det samme"),
    DeliveryMode.daily: _l("Daglig samlet e-mail"),
    DeliveryMode.weekly: _l("Ugentlig samlet e-mail"),
    DeliveryMode.off: _l("Ingen e-mail (kun her i systemet)"),
}


@dataclass(frozen=True)
class Addressee:
    """A recipient without an account, shaped like the User fields e-mails use."""

    email: str
    name: str
    locale: str
    active: bool = True
    id: None = None


# Not yet delivered: what the sweep claims from (the partial index's predicate).
UNSENT_SQL = "status IN ('pending', 'sending')"
UNREAD_SQL = "read_at IS NULL"
FAILED_SQL = "status = 'failed'"


class Notice(db.Model):
    """A notice to one recipient; `dedupe_key` makes the same event notify only once."""

    __tablename__ = "notices"
    __table_args__ = (
        # The sweep's query: pending (or stuck sending) notices due now, oldest first.
        Index("ix_notices_status_mode_due", "status", "mode", "due_at"),
        # The outbox's own index: only notices not yet delivered, in due order. It stays small
        # however many notices have been sent, and both SQLite and PostgreSQL use it for the
        # sweep's claim (whose WHERE repeats UNSENT word for word, as SQLite requires).
        Index(
            "ix_notices_unsent_due",
            "due_at",
            sqlite_where=text(UNSENT_SQL),
            postgresql_where=text(UNSENT_SQL),
        ),
        Index("ix_notices_recipient_due", "recipient_id", "due_at"),
        # The header's unread count and the inbox: a person's unread notices only.
        Index(
            "ix_notices_unread",
            "recipient_id",
            "due_at",
            sqlite_where=text(UNREAD_SQL),
            postgresql_where=text(UNREAD_SQL),
        ),
        # The dashboard's failed notices (a few among millions sent).
        Index(
            "ix_notices_failed_due",
            "due_at",
            sqlite_where=text(FAILED_SQL),
            postgresql_where=text(FAILED_SQL),
        ),
        Index("ix_notices_subject", "subject_type", "subject_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # A person with an account, or (recipient_id empty) an address: an applicant has none.
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_email: Mapped[str] = mapped_column(String(254), default="")
    to_name: Mapped[str] = mapped_column(String(200), default="")
    to_locale: Mapped[str] = mapped_column(String(5), default="da")
    kind: Mapped[str] = mapped_column(String(60))
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[NoticeStatus] = mapped_column(
        Enum(NoticeStatus, native_enum=False, length=20), default=NoticeStatus.pending
    )
    mode: Mapped[DeliveryMode] = mapped_column(
        Enum(DeliveryMode, native_enum=False, length=20), default=DeliveryMode.immediate
    )
    needs_action: Mapped[bool] = mapped_column(default=False)
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(40), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[str | None] = mapped_column(String(255))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    action_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    recipient: Mapped[User | None] = relationship()

    @property
    def addressee(self) -> "Addressee":
        """Who the e-mail goes to: the account, or the address the notice was written to."""
        if self.recipient is not None:
            return self.recipient
        return Addressee(self.to_email, self.to_name, self.to_locale)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def is_open_action(self) -> bool:
        """Shown under "kræver handling" until the action is done."""
        return self.needs_action and self.action_done_at is None

    @property
    def state_label(self) -> str:
        return self.status.label

    @property
    def state_tone(self) -> str:
        return {
            NoticeStatus.sent: "success",
            NoticeStatus.failed: "error",
            NoticeStatus.cancelled: "neutral",
        }.get(self.status, "info")


class NoticePreference(db.Model):
    """A person's choice of e-mail delivery for one kind of notice."""

    __tablename__ = "notice_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind", name="user_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(60))
    mode: Mapped[DeliveryMode] = mapped_column(Enum(DeliveryMode, native_enum=False, length=20))


class ReminderPolicy(db.Model):
    """When a reminder of a kind goes out: N working days before/after its anchor date.

    Rows without a committee are the municipality's defaults; a committee's rows override them.
    """

    __tablename__ = "reminder_policies"
    __table_args__ = (
        UniqueConstraint("committee_id", "kind", "offset_days", name="committee_kind_offset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))
    # Negative: working days before the anchor; positive: working days after it.
    offset_days: Mapped[int]
    only_not_acted: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
