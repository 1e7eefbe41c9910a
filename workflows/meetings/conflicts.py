"""Inhabilitet: a member declares a conflict of interest on an agenda item.

The declaration is part of the minutes (the member does not take part in that item), so it can
be made and withdrawn until the minutes are locked.
"""

from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import IntegrityError

from committees.extensions import db
from committees.models import AgendaItem, ConflictDeclaration, User
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, atomic

REASON_MAX = 500


def declaration_of(item: AgendaItem, user: User | AnonymousUserMixin) -> ConflictDeclaration | None:
    """The user's declaration on the item, if any."""
    if not isinstance(user, User):
        return None
    return next((d for d in item.conflicts if d.user_id == user.id), None)


def _check(item: AgendaItem, user: User) -> None:
    if not permissions.can_declare_conflict(user, item.meeting):
        raise PermissionDenied(_("Du kan ikke erklære dig inhabil på dette punkt."))


@atomic
def declare(item: AgendaItem, user: User, reason: str = "") -> ConflictDeclaration:
    """Record that the user is inhabil on the item, with an optional reason."""
    _check(item, user)
    if declaration_of(item, user) is not None:
        raise NotAllowed(_("Du har allerede erklæret dig inhabil på dette punkt."))
    declaration = ConflictDeclaration(
        item=item, user_id=user.id, reason=reason.strip()[:REASON_MAX]
    )
    db.session.add(declaration)
    try:
        db.session.flush()
    except IntegrityError:  # the same person declared twice at once: the first one counts
        db.session.rollback()
        raise NotAllowed(_("Du har allerede erklæret dig inhabil på dette punkt.")) from None
    audit.record(
        "conflict.declared",
        item,
        user,
        committee_id=item.meeting.committee_id,
        details={"meeting": item.meeting_id, "item": item.id},
    )
    db.session.commit()
    return declaration


@atomic
def withdraw(item: AgendaItem, user: User) -> None:
    """Take one's own declaration back (e.g. made on the wrong item)."""
    _check(item, user)
    declaration = declaration_of(item, user)
    if declaration is None:
        raise NotAllowed(_("Du har ikke erklæret dig inhabil på dette punkt."))
    item.conflicts.remove(declaration)
    audit.record(
        "conflict.withdrawn",
        item,
        user,
        committee_id=item.meeting.committee_id,
        details={"meeting": item.meeting_id, "item": item.id},
    )
    db.session.commit()
