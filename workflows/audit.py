"""Writing audit entries; the caller commits them with the change they describe."""

from committees.extensions import db
from committees.models import AuditEntry, User


def record(
    action: str,
    obj: object,
    actor: User | None,
    *,
    committee_id: int | None,
    from_state: str | None = None,
    to_state: str | None = None,
    comment: str = "",
    details: dict | None = None,
) -> AuditEntry:
    """Add an audit entry to the session (no commit: it belongs to the caller's transaction)."""
    entry = AuditEntry(
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        actor_id=actor.id if actor is not None else None,
        committee_id=committee_id,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        details=details or {},
    )
    db.session.add(entry)
    return entry
