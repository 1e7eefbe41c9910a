"""Writing audit entries (the caller commits them with the change they describe), and reading
a committee's history."""

from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import AuditEntry, Committee, User


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


def committee_entries(committee: Committee) -> Select:
    """The committee's history, newest first (a statement, for paging)."""
    return (
        db.select(AuditEntry)
        .where(AuditEntry.committee_id == committee.id)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )


def committee_entry_count(committee: Committee) -> int:
    """How many entries the committee's history has; count(*), so that PostgreSQL can answer
    from ix_audit_entries_committee_at alone."""
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.committee_id == committee.id)
    )
