"""Changing notice preferences and reminder policies, and reading a person's notices."""

from flask_babel import gettext as _
from sqlalchemy import Select
from sqlalchemy.orm import joinedload, selectinload

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    DeliveryMode,
    Notice,
    NoticePreference,
    NoticeStatus,
    ReminderPolicy,
    User,
)
from committees.models.base import utcnow
from workflows import audit, notices, reminders
from workflows.errors import NotAllowed


def preferences(user: User) -> dict[str, DeliveryMode]:
    """The person's chosen modes by kind."""
    rows = db.session.scalars(
        db.select(NoticePreference).where(NoticePreference.user_id == user.id)
    )
    return {r.kind: r.mode for r in rows}


def optional_kinds() -> list[notices.NoticeKind]:
    """Kinds a person may choose for (mandatory ones cannot be switched off or gathered)."""
    return [k for k in notices.REGISTRY.values() if not k.mandatory]


def mandatory_kinds() -> list[notices.NoticeKind]:
    """Kinds always e-mailed at once, whatever the person chose."""
    return [k for k in notices.REGISTRY.values() if k.mandatory]


def own_deadline_kinds() -> list[notices.NoticeKind]:
    """Reminders of the person's own deadlines: at once or in a digest, never switched off."""
    return [k for k in optional_kinds() if k.own_deadline]


def save_preferences(user: User, chosen: dict[str, DeliveryMode]) -> None:
    """Store the person's choices; mandatory kinds are ignored if sent anyway, and a choice a
    kind does not allow ("off" for a reminder of one's own deadline) saves nothing."""
    refused = [
        str(k.label)
        for k in optional_kinds()
        if chosen.get(k.name) is not None and chosen[k.name] not in k.allowed_modes()
    ]
    if refused:
        raise NotAllowed(_("Påmindelser om dine egne frister kan ikke slås fra."), refused)
    existing = {
        r.kind: r
        for r in db.session.scalars(
            db.select(NoticePreference).where(NoticePreference.user_id == user.id)
        )
    }
    for kind in optional_kinds():
        mode = chosen.get(kind.name)
        if mode is None:
            continue
        row = existing.get(kind.name)
        if row is None:
            db.session.add(NoticePreference(user_id=user.id, kind=kind.name, mode=mode))
        else:
            row.mode = mode
    db.session.commit()


# Shown under "kræver handling" until the action is done (Notice.is_open_action, in SQL).
OPEN_ACTION = Notice.needs_action.is_(True) & Notice.action_done_at.is_(None)


def _inbox(user: User, *where) -> Select:
    return (
        db.select(Notice)
        .where(
            Notice.recipient_id == user.id,
            Notice.due_at <= utcnow(),
            Notice.status != NoticeStatus.cancelled,
            *where,
        )
        .order_by(Notice.due_at.desc(), Notice.id.desc())
    )


def inbox_actions(user: User) -> Select:
    """The person's due notices that need their action, newest first (a statement, for paging)."""
    return _inbox(user, OPEN_ACTION)


def inbox_info(user: User) -> Select:
    """The person's other due notices, newest first; cancelled ones left out (for paging)."""
    return _inbox(user, ~OPEN_ACTION)


def inbox(user: User, limit: int = 50) -> tuple[list[Notice], list[Notice]]:
    """(needs action, for information): the newest `limit` due notices of each."""
    return (
        list(db.session.scalars(inbox_actions(user).limit(limit))),
        list(db.session.scalars(inbox_info(user).limit(limit))),
    )


UNREAD_SHOWN = 99  # the header says "99+" beyond this, so counting stops there


def unread_count(user: User) -> int:
    """The number in the header, counted up to UNREAD_SHOWN + 1 (a person with thousands of
    unread notices costs no more than one with a hundred)."""
    unread = (
        db.select(Notice.id)
        .where(
            Notice.recipient_id == user.id,
            Notice.read_at.is_(None),
            Notice.due_at <= utcnow(),
            Notice.status != NoticeStatus.cancelled,
        )
        .limit(UNREAD_SHOWN + 1)
        .subquery()
    )
    return db.session.scalar(db.select(db.func.count()).select_from(unread))


def mark_read(user: User, notice_id: int | None = None) -> None:
    """Mark one of the person's notices read, or all of them."""
    stmt = db.update(Notice).where(Notice.recipient_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notice.id == notice_id)
    db.session.execute(stmt.values(read_at=utcnow()))
    db.session.commit()


def failed():
    """Notices that failed after every retry, newest first (a statement, for paging)."""
    return (
        db.select(Notice)
        .where(Notice.status == NoticeStatus.failed)
        .options(joinedload(Notice.recipient))
        .order_by(Notice.due_at.desc(), Notice.id.desc())
    )


QUEUE_AT_ONCE = 1000  # more than this are left to the periodic sweep, not one task each


def resend_all_failed() -> int:
    """Put every failed notice back in the queue (the dashboard's retry); returns how many."""
    ids = list(db.session.scalars(db.select(Notice.id).where(Notice.status == NoticeStatus.failed)))
    if not ids:
        return 0
    db.session.execute(
        db.update(Notice)
        .where(Notice.id.in_(ids), Notice.status == NoticeStatus.failed)
        .values(status=NoticeStatus.pending, attempts=0, due_at=utcnow(), last_error="")
        .execution_options(synchronize_session=False)
    )
    if len(ids) <= QUEUE_AT_ONCE:
        db.session.info.setdefault("notices_to_deliver", []).extend(ids)
    db.session.commit()
    return len(ids)


def failed_notices(limit: int = 50) -> list[Notice]:
    """The newest notices that failed after every retry, for the secretariat's dashboard."""
    return list(db.session.scalars(failed().limit(limit)))


def _sent_about(committee: Committee) -> tuple:
    return (
        Notice.committee_id == committee.id,
        Notice.status == NoticeStatus.sent,
        # Notices to applicants (no account) are theirs: applications are not for members.
        Notice.recipient_id.is_not(None),
    )


def committee_notices(committee: Committee) -> Select:
    """Notices sent about a committee, newest first: who was told what (for paging)."""
    return (
        db.select(Notice)
        .where(*_sent_about(committee))
        .options(selectinload(Notice.recipient))
        .order_by(Notice.sent_at.desc(), Notice.id.desc())
    )


def committee_history(committee: Committee, limit: int = 50) -> list[Notice]:
    """The newest `limit` notices sent about a committee."""
    return list(db.session.scalars(committee_notices(committee).limit(limit)))


def committee_notice_count(committee: Committee) -> int:
    """How many notices have been sent about a committee (the same WHERE as the list)."""
    return db.session.scalar(
        db.select(db.func.count()).select_from(Notice).where(*_sent_about(committee))
    )


def save_policies(
    committee: Committee | None, kind: str, offsets: list[tuple[int, bool, bool]], actor: User
) -> None:
    """Replace the policy rows of a kind (for one committee, or the municipality's defaults)."""
    committee_id = committee.id if committee else None
    db.session.execute(
        db.delete(ReminderPolicy).where(
            ReminderPolicy.kind == kind,
            ReminderPolicy.committee_id.is_(None)
            if committee_id is None
            else ReminderPolicy.committee_id == committee_id,
        )
    )
    for offset, only_not_acted, active in offsets:
        db.session.add(
            ReminderPolicy(
                committee_id=committee_id,
                kind=kind,
                offset_days=offset,
                only_not_acted=only_not_acted,
                active=active,
            )
        )
    audit.record(
        "reminders.changed",
        committee or actor,
        actor,
        committee_id=committee_id,
        details={"kind": kind, "offsets": [o for o, _n, _a in offsets]},
    )
    db.session.flush()
    _replan(committee, kind)
    db.session.commit()


def _replan(committee: Committee | None, kind: str) -> None:
    if committee is not None:
        reminders.plan(committee)
        return
    holding = reminders.committees_holding(kind)
    if holding is not None:  # the kind names its committees (e.g. those with open actions)
        for c in holding:
            reminders.plan(c, kinds=(kind,))
        return
    early = (
        CommitteeState.mandate_draft,
        CommitteeState.mandate_approved,
        CommitteeState.recruiting,
    )
    for c in db.session.scalars(db.select(Committee).where(Committee.state.in_(early))):
        reminders.plan(c)
