"""People who log in, and their global role."""

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Enum, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.signing import new_link_secret


class Role(enum.Enum):
    """Global role of a user; per-committee roles come from membership."""

    administrator = "administrator"
    secretariat = "secretariat"
    councillor = "councillor"
    citizen = "citizen"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.administrator: _l("Administrator"),
    Role.secretariat: _l("Sekretariat"),
    Role.councillor: _l("Kommunalbestyrelsesmedlem"),
    Role.citizen: _l("Borger"),
}


def new_session_token() -> str:
    """A fresh random token that identifies the user's current sessions."""
    return secrets.token_urlsafe(32)


PENDING_SQL = "password_hash IS NULL"


class User(UserMixin, db.Model):
    """An account; `session_token` is rotated on logout so copied cookies die."""

    __tablename__ = "users"
    __table_args__ = (
        # The dashboard's invitations without an answer (a few among tens of thousands).
        Index(
            "ix_users_pending_invitation",
            "invited_at",
            sqlite_where=text(PENDING_SQL),
            postgresql_where=text(PENDING_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="da")
    active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bound into invitation and reset links (committees.signing.bind); never leaves the server.
    link_secret: Mapped[str] = mapped_column(String(64), default=new_link_secret)
    # The secret in the person's calendar feed URL; a new one revokes the old URL.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    def get_id(self) -> str:
        """Flask-Login stores the session token, not the id, so logout can revoke it."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.administrator, Role.secretariat)

    @property
    def is_councillor(self) -> bool:
        return self.role is Role.councillor

    @property
    def role_label(self) -> str:
        return self.role.label

    @staticmethod
    def normalize_email(email: str) -> str:
        """E-mail addresses are compared case-insensitively."""
        return email.strip().lower()

    @classmethod
    def by_email(cls, email: str) -> "User | None":
        """The user with this e-mail, or None."""
        stmt = db.select(cls).where(func.lower(cls.email) == cls.normalize_email(email))
        return db.session.scalar(stmt)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
