"""The municipality that runs this installation: its own facts, edited in the app (Opsætning)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow

GENERIC_NAME = "Opgaveudvalg"
LOGO_MAX_BYTES = 512 * 1024


def parse_closing_day(text: str) -> tuple[int, int] | date | None:
    """'MM-DD' is every year, 'YYYY-MM-DD' one day; anything else is None."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 2:
            date(2024, int(parts[0]), int(parts[1]))  # a leap year: 02-29 exists
            return int(parts[0]), int(parts[1])
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
    return None


class FactsMixin:
    """What both the row and its per-request snapshot (committees.site.Facts) can tell, from
    their name, contact, closing_days, logo_type and updated_at."""

    @property
    def display_name(self) -> str:
        """The name, or the product's name before set-up."""
        return self.name or GENERIC_NAME

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.contact_phone or self.web_url)

    @property
    def yearly_closing_days(self) -> tuple[tuple[int, int], ...]:
        return tuple(
            d for d in map(parse_closing_day, self.closing_days or ()) if isinstance(d, tuple)
        )

    @property
    def single_closing_days(self) -> frozenset[date]:
        return frozenset(
            d for d in map(parse_closing_day, self.closing_days or ()) if isinstance(d, date)
        )

    @property
    def logo_version(self) -> int:
        """Changes when the logo does, for the image URL (cached long)."""
        return int(self.updated_at.timestamp() * 1_000_000) if self.updated_at else 0

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_type)


class Municipality(FactsMixin, db.Model):
    """One row: name, contact, logo, accessibility statement, privacy notice, closing days.

    The environment keeps what operations owns (database, broker, relay, keys, public URL);
    what the secretariat owns lives here and is read per request or task, so a change needs no
    restart of web, worker or beat.
    """

    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(120))
    web_url: Mapped[str] = mapped_column(String(300), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    accessibility_url: Mapped[str] = mapped_column(String(300), default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    privacy_notice: Mapped[str] = mapped_column(Text, default="")
    sender_name: Mapped[str] = mapped_column(String(120), default="")
    # "MM-DD" (every year) or "YYYY-MM-DD" (once), besides weekends and public holidays.
    closing_days: Mapped[list] = mapped_column(JSON, default=list)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str] = mapped_column(String(40), default="")
    # Checklist steps that leave no other trace.
    closing_days_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    mail_tested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
