"""Political bodies: the council, the finance committee and the standing committees."""

import enum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from committees.extensions import db


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


class PoliticalBody(db.Model):
    """A standing committee (fagudvalg), the finance committee or the council."""

    __tablename__ = "political_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[BodyKind] = mapped_column(Enum(BodyKind, native_enum=False, length=30))
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def can_anchor_committee(self) -> bool:
        """A task committee is anchored in standing committees or the finance committee."""
        return self.kind is not BodyKind.council

    def __repr__(self) -> str:
        return f"<PoliticalBody {self.name}>"
