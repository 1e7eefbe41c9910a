"""Account administration by the secretariat."""

from committees import signing
from committees.extensions import db
from committees.models import Role, User
from workflows import accounts, audit


def create(*, email: str, name: str, role: Role, locale: str, actor: User) -> User:
    """Create an account, commit, then e-mail the invitation."""
    user = accounts.create_user(email, name, role, actor, locale)
    accounts.invite(user, actor)
    db.session.commit()
    return user


def update(
    user: User, *, name: str, email: str, role: Role, locale: str, active: bool, actor: User
) -> None:
    """Change an account; deactivating it or changing its role ends its sessions."""
    if role is not user.role or (user.active and not active):
        user.session_token = accounts.new_session_token()
    if User.normalize_email(email) != user.email or (user.active and not active):
        # A link sent to the old address (a typo, say) or before deactivation must die.
        user.link_secret = signing.new_link_secret()
    old_role = user.role.value
    user.name, user.email = name.strip(), User.normalize_email(email)
    user.role, user.locale, user.active = role, locale, active
    audit.record(
        "user.changed",
        user,
        actor,
        committee_id=None,
        from_state=old_role,
        to_state=role.value,
        details={"user": user.name, "active": active},
    )
    db.session.commit()
