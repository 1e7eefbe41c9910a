"""Materials (bilag): files on a meeting or an agenda item, with every version kept."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.meeting import AgendaItem, Meeting
from committees.models.user import User


class Material(db.Model):
    """A bilag; open or closed (closed material is for the committee's members only)."""

    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    is_closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    versions: Mapped[list["MaterialVersion"]] = relationship(
        back_populates="material",
        cascade="all, delete-orphan",
        order_by="MaterialVersion.number",
    )

    @property
    def current(self) -> "MaterialVersion | None":
        """The newest version: the file people get."""
        return self.versions[-1] if self.versions else None


class MaterialVersion(db.Model):
    """One uploaded file; stored outside static/ under a generated name."""

    __tablename__ = "material_versions"
    __table_args__ = (UniqueConstraint("material_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(
        ForeignKey("materials.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    material: Mapped[Material] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()
