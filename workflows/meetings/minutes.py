"""The minutes (referat): written item by item, approved by those present, locked, published.

draft → in_approval (sent to everyone registered as present) → approved (locked) → published,
and in_approval → draft when the facilitator takes them back to change them. Under the rule
"all" the minutes are approved when every person asked has approved; under "deadline" they are
approved when the deadline has passed, unless someone has an unanswered comment. The table
STEPS drives both the buttons a page shows (`allowed_actions`) and the checks on POST.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.expression import Exists

from committees.extensions import db
from committees.models import (
    Committee,
    Meeting,
    MinutesApproval,
    MinutesRule,
    MinutesStatus,
    Notice,
    User,
)
from committees.models.base import utcnow
from workflows import audit, notices, permissions, reminders, workdays
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.meetings import attendance, invitees, plan
from workflows.offered import Action

M = MinutesStatus
MANAGER, APPROVER = "manager", "approver"
Guard = Callable[[Meeting], list[str]]
Viewer = User | AnonymousUserMixin  # whoever is looking at the page


def _no_guard(_meeting: Meeting) -> list[str]:
    return []


def _send_blockers(meeting: Meeting) -> list[str]:
    blockers = []
    if not meeting.has_ended(utcnow()):
        blockers.append(_("mødet er ikke slut endnu"))
    if meeting.attendance_recorded_at is None:
        blockers.append(_("fremmødet er ikke registreret"))
    elif not attendance.present_people(meeting):
        blockers.append(_("ingen med en konto er registreret som til stede"))
    return blockers


@dataclass(frozen=True)
class Step:
    """One thing that can be done to the minutes: from which states, to which, by whom."""

    name: str
    sources: tuple[MinutesStatus, ...]
    target: MinutesStatus | None  # None: an answer to the request; the state stays
    label: object
    by: str
    guard: Guard = field(default=_no_guard)


STEPS: tuple[Step, ...] = (
    Step("send", (M.draft,), M.in_approval, _l("Send til godkendelse"), MANAGER, _send_blockers),
    Step("reopen", (M.in_approval,), M.draft, _l("Tag tilbage til udkast"), MANAGER),
    Step("publish", (M.approved,), M.published, _l("Offentliggør referatet"), MANAGER),
    Step("approve", (M.in_approval,), None, _l("Godkend referatet"), APPROVER),
    Step("comment", (M.in_approval,), None, _l("Kommentér"), APPROVER),
)
BY_NAME = {s.name: s for s in STEPS}


def approvals(meeting: Meeting) -> list[MinutesApproval]:
    """The requests to approve, with their answers, in name order (one query)."""
    rows = db.session.scalars(
        db.select(MinutesApproval)
        .where(MinutesApproval.meeting_id == meeting.id)
        .options(selectinload(MinutesApproval.user))
    )
    return sorted(rows, key=lambda a: (a.user.name.lower(), a.user_id))


def approval_of(meeting: Meeting, user: Viewer) -> MinutesApproval | None:
    """The user's request to approve these minutes, if they were asked."""
    if not isinstance(user, User):
        return None
    return db.session.scalar(
        db.select(MinutesApproval).where(
            MinutesApproval.meeting_id == meeting.id, MinutesApproval.user_id == user.id
        )
    )


def _may(step: Step, meeting: Meeting, user: Viewer, mine: MinutesApproval | None) -> bool:
    if meeting.is_cancelled:
        return False
    if step.by == MANAGER:
        return permissions.can_manage_meetings(user, meeting.committee)
    return mine is not None and (step.name != "approve" or not mine.is_approved)


def allowed_actions(meeting: Meeting, user: Viewer) -> list[Action]:
    """The steps from the current state this user may take, each with its blockers."""
    mine = approval_of(meeting, user)
    return [
        Action(s, s.guard(meeting))
        for s in STEPS
        if meeting.minutes_status in s.sources and _may(s, meeting, user, mine)
    ]


def _begin(
    name: str, meeting: Meeting, actor: User, expected_status: str | None
) -> tuple[Meeting, Step, MinutesApproval | None]:
    """Permission, row lock, the state the user saw, the state table, the guard."""
    step = BY_NAME[name]
    mine = None
    if step.by == MANAGER and not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke styre referatet for dette møde."))
    if step.by == APPROVER:
        mine = approval_of(meeting, actor)
        if mine is None:
            raise PermissionDenied(_("Du er ikke blandt dem, der skal godkende referatet."))
    meeting = plan.lock(meeting)
    if mine is not None:
        db.session.refresh(mine)  # a double click waited for the lock: see the first one
    if expected_status is not None and meeting.minutes_status.name != expected_status:
        raise StaleState(
            _("Referatets status er ændret, siden du åbnede siden. Se den nye status.")
        )
    if meeting.is_cancelled or meeting.minutes_status not in step.sources:
        raise NotAllowed(_("Det kan ikke gøres med referatet, som det står nu."))
    blockers = step.guard(meeting)
    if blockers:
        raise NotAllowed(_("Det kan ikke gøres endnu:"), blockers)
    return meeting, step, mine


# The state a step leaves the minutes in, for the audit entry's from → to.
MOVES = {
    "sent": (M.draft, M.in_approval),
    "reopened": (M.in_approval, M.draft),
    "approved": (M.in_approval, M.approved),
    "published": (M.approved, M.published),
}


def _record(action: str, meeting: Meeting, actor: User | None, **details) -> None:
    before, after = MOVES.get(action, (None, None))
    audit.record(
        f"minutes.{action}",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        from_state=before.name if before else None,
        to_state=after.name if after else None,
        details={"meeting": meeting.id, **details},
    )


def _complete_request(meeting: Meeting, user: User) -> None:
    """This person's “godkend referatet” no longer asks for anything."""
    db.session.execute(
        db.update(Notice)
        .where(
            Notice.kind == "minutes_approval_requested",
            Notice.subject_type == "Meeting",
            Notice.subject_id == meeting.id,
            Notice.recipient_id == user.id,
            Notice.action_done_at.is_(None),
        )
        .values(action_done_at=utcnow())
    )


def _close_requests(meeting: Meeting) -> None:
    """The approval round is over: requests are done, pending reminders dropped."""
    notices.complete_actions("minutes_approval_requested", meeting)
    notices.cancel_pending("minutes_approval_reminder", meeting)


def context(meeting: Meeting) -> dict:
    """What the minutes' notices say (the meeting's own context, plus the deadline)."""
    ctx = plan.context(meeting)
    if meeting.approval_deadline is not None:
        ctx["deadline"] = meeting.approval_deadline.isoformat()
    if meeting.minutes_sent_at is not None:
        ctx["sent_at"] = meeting.minutes_sent_at.isoformat()
    return ctx


# --- the steps -------------------------------------------------------------------------------


@atomic
def send_for_approval(meeting: Meeting, actor: User, expected_status: str | None) -> int:
    """Ask everyone present to approve by a deadline; returns how many were asked."""
    meeting, step, _mine = _begin("send", meeting, actor, expected_status)
    now = utcnow()
    people = attendance.present_people(meeting)
    wanted = {u.id for u in people}
    existing = {a.user_id: a for a in approvals(meeting)}
    for user_id, row in existing.items():
        if user_id not in wanted:
            db.session.delete(row)
    for user in people:
        row = existing.get(user.id) or MinutesApproval(meeting_id=meeting.id, user_id=user.id)
        db.session.add(row)
        row.requested_at, row.approved_at = now, None
        row.comment, row.commented_at = "", None
    meeting.minutes_status = step.target
    meeting.minutes_sent_at = now
    days = meeting.committee.approval_days
    meeting.approval_deadline = workdays.working_days_after(workdays.local_date(now), days)
    _record("sent", meeting, actor, approvers=len(people))
    ctx = context(meeting)
    for user in people:
        notices.notify(
            user,
            "minutes_approval_requested",
            key=notices.dedupe_key("minutes_approval_requested", meeting.id, now, user.id),
            subject=meeting,
            committee_id=meeting.committee_id,
            context=ctx,
        )
    notices.complete_actions("minutes_due", meeting)
    notices.cancel_pending("minutes_due", meeting)
    db.session.flush()
    reminders.plan(meeting.committee)
    db.session.commit()
    return len(people)


def _lock_minutes(meeting: Meeting, actor: User | None, rule: MinutesRule, now: datetime) -> None:
    meeting.minutes_status = M.approved
    meeting.minutes_locked_at = now
    _record("approved", meeting, actor, rule=rule.name)
    _close_requests(meeting)


@atomic
def approve(
    meeting: Meeting, user: User, comment: str = "", expected_status: str | None = None
) -> bool:
    """The person approves (with an optional remark); True when that locked the minutes."""
    meeting, _step, mine = _begin("approve", meeting, user, expected_status)
    if mine.is_approved:
        raise NotAllowed(_("Du har allerede godkendt referatet."))
    now = utcnow()
    mine.approved_at = now
    if comment.strip():
        mine.comment, mine.commented_at = comment.strip(), now
    _record("approval_given", meeting, user)
    _complete_request(meeting, user)
    db.session.flush()
    locked = all(a.is_approved for a in approvals(meeting))
    if locked:
        _lock_minutes(meeting, user, MinutesRule.all, now)
    db.session.commit()
    return locked


@atomic
def comment(meeting: Meeting, user: User, text: str, expected_status: str | None = None) -> None:
    """The person has a remark: they have not approved, and the facilitator is told."""
    text = text.strip()
    if not text:
        raise NotAllowed(_("Skriv din kommentar."))
    meeting, _step, mine = _begin("comment", meeting, user, expected_status)
    now = utcnow()
    mine.approved_at = None
    mine.comment, mine.commented_at = text, now
    _record("commented", meeting, user)
    _complete_request(meeting, user)
    from workflows.notice_kinds import _staff_for

    ctx = {**context(meeting), "name": user.name}
    for person in [p for p in _staff_for(meeting.committee) if p.id != user.id]:
        notices.notify(
            person,
            "minutes_commented",
            key=notices.dedupe_key("minutes_commented", meeting.id, mine.id, now, person.id),
            subject=meeting,
            committee_id=meeting.committee_id,
            context=ctx,
        )
    db.session.commit()


@atomic
def reopen(meeting: Meeting, actor: User, expected_status: str | None) -> None:
    """Take the minutes back to a draft: the answers are cleared (comments stay to be read)."""
    meeting, step, _mine = _begin("reopen", meeting, actor, expected_status)
    for row in approvals(meeting):
        row.approved_at = None
    meeting.minutes_status = step.target
    meeting.minutes_sent_at = None
    meeting.approval_deadline = None
    _record("reopened", meeting, actor)
    _close_requests(meeting)
    db.session.flush()
    reminders.plan(meeting.committee)
    db.session.commit()


@atomic
def publish(meeting: Meeting, actor: User, expected_status: str | None) -> None:
    """Publish approved minutes: the invited are told; the public sees the open items."""
    meeting, step, _mine = _begin("publish", meeting, actor, expected_status)
    meeting.minutes_status = step.target
    meeting.minutes_published_at = utcnow()
    _record("published", meeting, actor)
    ctx = context(meeting)
    for user in invitees.invited_users(meeting):
        notices.notify(
            user,
            "minutes_published",
            key=notices.dedupe_key("minutes_published", meeting.id, user.id),
            subject=meeting,
            committee_id=meeting.committee_id,
            context=ctx,
        )
    db.session.commit()


def _open_comment() -> Exists:
    return (
        db.select(MinutesApproval.id)
        .where(
            MinutesApproval.meeting_id == Meeting.id,
            MinutesApproval.commented_at.is_not(None),
            MinutesApproval.approved_at.is_(None),
        )
        .exists()
    )


def close_due_approvals(now: datetime | None = None) -> int:
    """Approve and lock minutes whose deadline has passed under the rule "deadline", unless
    someone has an unanswered comment. Conditional updates: a second run changes nothing."""
    now = now or utcnow()
    today = workdays.local_date(now)
    due = db.select(Meeting.id).join(Committee, Meeting.committee_id == Committee.id)
    due = due.where(
        Meeting.minutes_status == M.in_approval,
        Meeting.approval_deadline < today,
        Committee.minutes_rule == MinutesRule.deadline,
        ~_open_comment(),
    )
    closed = 0
    for meeting_id in list(db.session.scalars(due)):
        done = db.session.execute(
            db.update(Meeting)
            .where(Meeting.id == meeting_id, Meeting.minutes_status == M.in_approval)
            .where(~_open_comment())
            .values(minutes_status=M.approved, minutes_locked_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not done:
            db.session.rollback()
            continue
        meeting = db.session.get(Meeting, meeting_id)
        db.session.refresh(meeting)
        _record("approved", meeting, None, rule=MinutesRule.deadline.name)
        _close_requests(meeting)
        db.session.commit()
        closed += 1
    return closed
