"""Political bodies: the council, the finance committee and the standing committees."""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.user import User


class BodyKind(enum.Enum):
    """What sort of political body this is; decisions go standing → finance → council."""

    standing_committee = "standing_committee"
    finance_committee = "finance_committee"
    council = "council"

    @property
    def label(self) -> str:
        return str(BODY_KIND_LABELS[self])


BODY_KIND_LABELS = {
    BodyKind.standing_committee: _l("Stående udvalg"),
    BodyKind.finance_committee: _l("Økonomiudvalg"),
    BodyKind.council: _l("Kommunalbestyrelse"),
}


body_members = Table(
    "body_members",
    db.metadata,
    Column("body_id", ForeignKey("political_bodies.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class PoliticalBody(db.Model):
    """A standing committee (fagudvalg), the finance committee or the council.

    A body that has decisions or mandates is retired (active = False), never deleted."""

    __tablename__ = "political_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[BodyKind] = mapped_column(Enum(BodyKind, native_enum=False, length=30))
    active: Mapped[bool] = mapped_column(default=True)
    # The order lists show bodies in (the council last, as a decision path reads).
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    # The councillors who sit on this body.
    members: Mapped[list[User]] = relationship(secondary=body_members, order_by=User.name)

    @property
    def can_anchor_committee(self) -> bool:
        """A task committee is anchored in standing committees or the finance committee."""
        return self.kind is not BodyKind.council

    def __repr__(self) -> str:
        return f"<PoliticalBody {self.name}>"
