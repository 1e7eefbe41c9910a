"""Reminders of the handover date and of implementation actions' due dates: who and what they
are about (their texts and policies are registered in deadline_kinds.py; the offsets below are
the defaults, in working days, which the reminder policies override).

- "handover_due": 10 and 3 working days before the handover date of the approved mandate, to
  the chair and the committee's staff, while the committee has not handed over.
- "action_due_soon": 5 working days before an open action's due date, to its contact.
- "action_overdue": the first working day after the due date, to its contact, unless someone
  has written a status update on or after the due date (the contact has answered).
- "action_overdue_escalated": 10 working days after the due date, to the committee's staff.

Every key names the anchor date, so a moved date plans new reminders and the old ones are
cancelled; each notice checks again when it is sent that the handover has not happened, or that
the action is still open with the same due date. Who the committee's staff are: its
facilitators and the secretariat's people among its members, serving now or appointed ahead
(once it has finished: those serving at its end). A committee that has not finished and has no
staff falls back to the whole secretariat; a finished one never does (an action with no contact
and no staff left is reminded to nobody rather than to hundreds).
"""

from datetime import date

from sqlalchemy import Select, exists
from sqlalchemy.orm import joinedload

from committees.extensions import db
from committees.models import (
    ActionStatus,
    Committee,
    CommitteeState,
    ImplementationAction,
    MemberRole,
    Membership,
    Notice,
    NoticeStatus,
    ProgressUpdate,
    Recommendation,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import notices, reminders

HANDOVER_DUE = "handover_due"
ACTION_DUE_SOON = "action_due_soon"
ACTION_OVERDUE = "action_overdue"
ACTION_ESCALATED = "action_overdue_escalated"
ACTION_KINDS = (ACTION_DUE_SOON, ACTION_OVERDUE, ACTION_ESCALATED)
KINDS = (HANDOVER_DUE, *ACTION_KINDS)

# The phases in which a committee still has its handover ahead of it.
BEFORE_HANDOVER = (
    CommitteeState.mandate_approved,
    CommitteeState.recruiting,
    CommitteeState.constituted,
    CommitteeState.working,
)
CLOSED = (ActionStatus.done, ActionStatus.dropped)


# --- who is reminded ------------------------------------------------------------------------


def _unique(users) -> list[User]:
    seen: dict[int, User] = {}
    for u in users:
        if u.active:
            seen.setdefault(u.id, u)
    return list(seen.values())


def _is_staff(m: Membership) -> bool:
    return m.role is MemberRole.facilitator or m.user.role is Role.secretariat


def _serving(memberships: list[Membership], finished: bool) -> list[Membership]:
    """Those serving today or appointed ahead; for a finished committee, those at its end."""
    today = local_today()
    current = [m for m in memberships if m.end_date is None or m.end_date >= today]
    if current or not finished or not memberships:
        return current
    last = max(m.end_date for m in memberships)
    return [m for m in memberships if m.end_date == last]


def is_finished(c: Committee) -> bool:
    """Handed over or later: its staff are those who served it, never the whole secretariat."""
    return c.state.public_phase == "finished"


def committee_staff(c: Committee) -> list[User]:
    """The committee's facilitators and secretariat members (see the module docstring)."""
    staff = [m for m in c.memberships if _is_staff(m) and m.user.active]
    users = _unique(m.user for m in _serving(staff, is_finished(c)))
    if users or is_finished(c):
        return users
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == Role.secretariat, User.active.is_(True))
            .order_by(User.id)
        )
    )


def handover_recipients(c: Committee, _subject: object = None) -> list[User]:
    """The chair (serving or appointed ahead) and the committee's staff."""
    chairs = _serving([m for m in c.memberships if m.role is MemberRole.chair], False)
    return _unique([*(m.user for m in chairs), *committee_staff(c)])


def contact_or_staff(c: Committee, action: ImplementationAction) -> list[User]:
    """The action's contact; without an active one, the committee's staff."""
    if action.contact is not None and action.contact.active:
        return [action.contact]
    return committee_staff(c)


def escalation_recipients(c: Committee, action: ImplementationAction) -> list[User]:
    """The committee's staff, leaving out the contact (who had the earlier reminders) unless
    nobody else is left."""
    staff = committee_staff(c)
    others = [u for u in staff if u.id != action.contact_id]
    return others or staff


# --- what is reminded ---------------------------------------------------------------------------


def handover_date(c: Committee) -> date | None:
    """The handover date the approved mandate sets, while the committee has it ahead."""
    mandate = c.approved_mandate
    if c.state not in BEFORE_HANDOVER or mandate is None:
        return None
    return mandate.handover_date


def before_handover(c: Committee) -> list[Committee]:
    """The committee, while it has its handover ahead (the handover reminder's subject)."""
    return [c] if c.state in BEFORE_HANDOVER else []


def committees_before_handover() -> Select:
    """The ids of the committees that have their handover ahead."""
    return db.select(Committee.id).where(Committee.state.in_(BEFORE_HANDOVER))


def is_open(action: ImplementationAction) -> bool:
    """Not done or dropped, and with a due date to remind of."""
    return action.due_on is not None and action.status not in CLOSED


def action_due_on(action: ImplementationAction) -> date | None:
    """The anchor of an action's reminders: its due date while it is open."""
    return action.due_on if is_open(action) else None


def actions_for(kind: str):
    """The subjects of one of the action kinds (each kind cancels only its own reminders)."""

    def subjects(c: Committee) -> list[ImplementationAction]:
        """Open actions with a due date, and any other action that still has a reminder of the
        kind waiting (closed, or its date removed), so that planning cancels it."""
        waiting = exists().where(
            Notice.kind == kind,
            Notice.subject_type == ImplementationAction.__name__,
            Notice.subject_id == ImplementationAction.id,
            Notice.status == NoticeStatus.pending,
        )
        still_open = ImplementationAction.due_on.is_not(None) & (
            ImplementationAction.status.not_in(CLOSED)
        )
        stmt = (
            db.select(ImplementationAction)
            .join(Recommendation, Recommendation.id == ImplementationAction.recommendation_id)
            .where(Recommendation.committee_id == c.id, still_open | waiting)
            .options(
                joinedload(ImplementationAction.recommendation),
                joinedload(ImplementationAction.contact),
            )
            .order_by(ImplementationAction.id)
        )
        return list(db.session.scalars(stmt))

    return subjects


def committees_with_open_actions() -> Select:
    """The ids of the committees with an open action that has a due date."""
    return (
        db.select(Recommendation.committee_id)
        .join(ImplementationAction, ImplementationAction.recommendation_id == Recommendation.id)
        .where(ImplementationAction.due_on.is_not(None), ImplementationAction.status.not_in(CLOSED))
        .distinct()
    )


def handover_context(c: Committee, _subject: object = None) -> dict:
    """What a handover reminder says (its anchor is added by the planner)."""
    return {"committee": c.name, "link": {"committee_id": c.id}}


def action_context(c: Committee, action: ImplementationAction) -> dict:
    """What an action's reminders say, fixed when they are planned."""
    rec = action.recommendation
    return {
        "committee": c.name,
        "number": rec.number,
        "action": action.title,
        "owner": action.owner_label,
        "contact": action.contact.name if action.contact else "",
        "link": {"committee_id": c.id, "number": rec.number},
    }


def answered_since_due(action: ImplementationAction) -> bool:
    """Someone has written a status update on or after the due date."""
    return bool(
        db.session.scalar(
            db.select(
                exists().where(
                    ProgressUpdate.action_id == action.id,
                    ProgressUpdate.written_on >= action.due_on,
                )
            )
        )
    )


# --- after the workflows' own steps ---------------------------------------------------------------


def handed_over(c: Committee) -> None:
    """The handover is done: its reminders leave "needs action", and those not sent go."""
    notices.complete_actions(HANDOVER_DUE, c)
    notices.cancel_pending(HANDOVER_DUE, c)


def settle_action(action: ImplementationAction, moved: bool = False) -> None:
    """After an edit or an update (the caller re-plans and commits): a closed action, or one
    whose due date or contact changed (`moved`), has answered its reminders; an update written
    on or after the due date answers the overdue one."""
    if moved or action.status in CLOSED:
        kinds = ACTION_KINDS
    elif action.due_on is not None and answered_since_due(action):
        kinds = (ACTION_OVERDUE,)
    else:
        return
    db.session.execute(
        db.update(Notice)
        .where(
            Notice.kind.in_(kinds),
            Notice.subject_type == ImplementationAction.__name__,
            Notice.subject_id == action.id,
            # Pending ones are cancelled by the planner; marking them would hide a reminder
            # revived later (the date moved back) from "needs action".
            Notice.status != NoticeStatus.pending,
            Notice.action_done_at.is_(None),
        )
        .values(action_done_at=utcnow())
    )


def plan_all() -> int:
    """Plan the deadline reminders of every committee that can have one (the periodic
    planner: it catches committees no workflow has re-planned since a release or a change of
    the municipality's policy), after turning any reminder of one's own deadline still stored
    as "off" back on. Commits per committee; returns how many were planned."""
    notices.restore_refused_modes()
    db.session.commit()
    ids: set[int] = set()
    for kind in KINDS:
        ids.update(db.session.scalars(reminders.SPECS[kind].holders()))
    for committee_id in sorted(ids):
        committee = db.session.get(Committee, committee_id)
        if committee is not None:
            reminders.plan(committee, kinds=KINDS)
            db.session.commit()
    return len(ids)
