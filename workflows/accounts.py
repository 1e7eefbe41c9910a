"""Accounts: passwords (argon2), sessions, invitations and password reset links."""

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired

from committees import mail, signing
from committees.extensions import db
from committees.models import Role, User
from committees.models.base import utcnow
from committees.models.user import new_session_token
from committees.urls import absolute_url
from workflows import audit

INVITE = "invite"
RESET = "reset"
FIRST = "first"  # the link `flask setup` prints: an invitation valid for 24 hours
MAX_AGE_SETTING = {
    INVITE: "INVITATION_MAX_AGE",
    RESET: "RESET_MAX_AGE",
    FIRST: "FIRST_LINK_MAX_AGE",
}


def _hasher() -> PasswordHasher:
    if current_app.config.get("PASSWORD_HASH_FAST"):
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher().hash(password)


_DUMMY_HASH: dict[str, str] = {}


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (timing does not reveal which)."""
    user = User.by_email(email)
    hasher = _hasher()
    if user is None or user.password_hash is None or not user.active:
        dummy = _DUMMY_HASH.setdefault(str(hasher.memory_cost), hasher.hash("dummy-password"))
        with contextlib.suppress(VerificationError):
            hasher.verify(dummy, password)
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def record_login(user: User) -> None:
    """Note the login time."""
    user.last_login_at = utcnow()
    db.session.commit()


def end_sessions(user: User) -> None:
    """Rotate the session token: every cookie issued for this user stops working."""
    user.session_token = new_session_token()
    db.session.commit()


def _fingerprint(user: User, purpose: str) -> str:
    # Bound to the current password (once the link is used the hash changes and it is dead, so
    # links are single use without a table of spent tokens) and to the account's random link
    # secret, which is stored only in the database: the signing key alone cannot make one.
    return signing.bind(user.link_secret, purpose, user.id, user.password_hash or "none")


def make_token(user: User, purpose: str) -> str:
    """A signed, expiring, single-use token for an invitation or a password reset."""
    return signing.serializer(f"account-{purpose}").dumps(
        {"uid": user.id, "fp": _fingerprint(user, purpose)}
    )


def load_token(token: str, purpose: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to, else None."""
    max_age = current_app.config[MAX_AGE_SETTING[purpose]]
    try:
        data = signing.serializer(f"account-{purpose}").loads(
            token, max_age=int(max_age.total_seconds())
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    uid = data.get("uid")
    user = db.session.get(User, uid) if isinstance(uid, int) else None
    if user is None or not user.active:
        return None
    if not signing.same(data.get("fp"), _fingerprint(user, purpose)):
        return None
    if purpose in (INVITE, FIRST) and user.has_password:
        return None
    return user


def set_password(user: User, password: str) -> None:
    """Store a new password and end every other session of the user."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    user.link_secret = signing.new_link_secret()  # every other open link dies with it
    audit.record("user.password_set", user, user, committee_id=None)
    db.session.commit()


def _link(endpoint: str, token: str) -> str:
    return absolute_url(endpoint, token=token)


def send_invitation(user: User, inviter: User | None) -> None:
    """Queue an invitation (through the outbox) and commit; the link is made when it is sent."""
    invite(user, inviter)
    db.session.commit()


def invite(user: User, inviter: User | None) -> None:
    """Write the invitation notice in the caller's transaction; each invitation is new."""
    from workflows import notices  # notices → models only; imported here to keep layers flat

    user.invited_at = utcnow()
    user.link_secret = signing.new_link_secret()  # the new invitation replaces any earlier one
    notices.notify(
        user,
        "invitation",
        key=notices.dedupe_key("invitation", user.id, user.invited_at.isoformat()),
        subject=user,
        committee_id=None,
        context={"inviter": inviter.name if inviter else ""},
    )


def request_password_reset(email: str) -> None:
    """Send a reset link if the address belongs to an active account; say nothing either way."""
    user = User.by_email(email)
    if user is None or not user.active:
        return
    mail.send_email(
        user.email,
        _l("Nulstil din adgangskode"),
        "reset_password",
        user.locale,
        user=user,
        link=_link("auth.reset_password", make_token(user, RESET)),
    )


def create_user(
    email: str,
    name: str,
    role: Role,
    actor: User | None,
    locale: str = "da",
    details: dict | None = None,
) -> User:
    """A new account without a password; the caller sends the invitation after commit.

    `details` say more in the audit entry, e.g. where the account came from."""
    user = User(email=User.normalize_email(email), name=name.strip(), role=role, locale=locale)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.created",
        user,
        actor,
        committee_id=None,
        details={"user": user.name, **(details or {})},
    )
    return user


def set_locale(user: User, locale: str) -> None:
    """Remember the user's language."""
    user.locale = locale
    db.session.commit()
