"""Implementation of approved recommendations: actions, dated progress updates, follow-ups.

An approved (with or without changes, or partly approved) recommendation gets implementation
actions owned by a unit and/or a standing committee, with a named contact. The contact (or the
secretariat) writes dated progress updates; each update is told to everyone who was a member
and to the followers (audience.tell).

Which follow-up review an update answers: the earliest review that is not done and falls due
within REVIEW_WINDOW_DAYS after the update's date (or is overdue). The first update that answers
a review marks it done; a review with no single action is closed by the secretariat
(complete_review). The reminders about reviews live in workflows/recommendations/followup.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import (
    ActionStatus,
    FollowUpReview,
    ImplementationAction,
    PoliticalBody,
    ProgressUpdate,
    Recommendation,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, notices, permissions, reminders
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.recommendations import audience, deadlines, followup  # noqa: F401 (reminders)

REVIEW_WINDOW_DAYS = 30
REVIEW_KINDS = ("followup_update_due", "followup_update_overdue")


@dataclass(frozen=True)
class ActionData:
    """What an implementation action says: what, who owns it, who to ask, by when."""

    title: str
    description: str = ""
    owner_unit: str = ""
    owner_body: PoliticalBody | None = None
    contact: User | None = None
    due_on: date | None = None


def version_token(action: ImplementationAction) -> str:
    """The stale check of an edit form: the action's last change, to the microsecond."""
    moment = action.updated_at
    return moment.strftime("%Y%m%d%H%M%S%f") if moment else ""


def panel_options() -> list:
    """Loader options for a recommendation page showing the actions panel (no N+1)."""
    actions = selectinload(Recommendation.actions)
    return [
        actions.selectinload(ImplementationAction.updates).selectinload(ProgressUpdate.author),
        actions.joinedload(ImplementationAction.contact),
        actions.joinedload(ImplementationAction.owner_body),
        selectinload(Recommendation.reviews),
    ]


def _lock(model, obj):
    stmt = db.select(model).where(model.id == obj.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def _check_data(data: ActionData) -> None:
    if not (data.title or "").strip():
        raise NotAllowed(_("Skriv hvad handlingen går ud på."))
    if not (data.owner_unit or "").strip() and data.owner_body is None:
        raise NotAllowed(_("Angiv en ansvarlig enhed eller et udvalg."))
    if data.contact is not None and not data.contact.active:
        raise NotAllowed(_("Kontaktpersonen har ikke længere en aktiv konto."))


def _apply_data(action: ImplementationAction, data: ActionData) -> None:
    action.title = data.title.strip()
    action.description = data.description or ""
    action.owner_unit = (data.owner_unit or "").strip()
    action.owner_body = data.owner_body
    action.contact = data.contact
    action.due_on = data.due_on
    action.updated_at = utcnow()


@atomic
def add_action(rec: Recommendation, data: ActionData, actor: User) -> ImplementationAction:
    """A new action for an approved recommendation (the secretariat)."""
    rec = _lock(Recommendation, rec)
    if not permissions.can_manage_implementation(actor):
        raise PermissionDenied(_("Du har ikke ret til at oprette handlinger."))
    if not rec.decision_state.leads_to_implementation:
        raise NotAllowed(_("Kun godkendte anbefalinger får handlinger."))
    _check_data(data)
    action = ImplementationAction(recommendation=rec)
    _apply_data(action, data)
    db.session.add(action)
    db.session.flush()
    audit.record(
        "recommendation.action_added",
        action,
        actor,
        committee_id=rec.committee_id,
        details={"recommendation_id": rec.id, "title": action.title},
    )
    reminders.plan(rec.committee)  # the contact now gets the review reminders
    db.session.commit()
    return action


@atomic
def edit_action(
    action: ImplementationAction, data: ActionData, actor: User, expected: str | None
) -> ImplementationAction:
    """Change what an action says, if nobody changed it since the form was opened."""
    action = _lock(ImplementationAction, action)
    if not permissions.can_manage_implementation(actor):
        raise PermissionDenied(_("Du har ikke ret til at ændre handlinger."))
    if expected is not None and expected != version_token(action):
        raise StaleState(_("Handlingen er ændret, siden du åbnede siden. Se den nye udgave."))
    _check_data(data)
    contact_id = data.contact.id if data.contact else None
    moved = action.due_on != data.due_on or action.contact_id != contact_id
    _apply_data(action, data)
    deadlines.settle_action(action, moved=moved)
    audit.record(
        "recommendation.action_edited",
        action,
        actor,
        committee_id=action.recommendation.committee_id,
        details={"title": action.title},
    )
    reminders.plan(action.recommendation.committee)
    db.session.commit()
    return action


def review_answered_by(rec: Recommendation, written_on: date) -> FollowUpReview | None:
    """The open review an update written on `written_on` answers (see the module docstring)."""
    horizon = written_on + timedelta(days=REVIEW_WINDOW_DAYS)
    open_reviews = [r for r in rec.reviews if not r.is_done and r.due_on <= horizon]
    return min(open_reviews, key=lambda r: r.due_on, default=None)


@dataclass(frozen=True)
class UpdateData:
    """A progress update as written in the form."""

    written_on: date
    text: str
    status: ActionStatus
    progress: int
    dropped_reason: str = ""


def _check_update(u: UpdateData) -> int:
    """The progress the update leaves (done is always 100 %), or NotAllowed."""
    if not (u.text or "").strip():
        raise NotAllowed(_("Skriv hvad der er sket."))
    if u.written_on is None or u.written_on > local_today():
        raise NotAllowed(_("Datoen for opdateringen kan ikke ligge i fremtiden."))
    if not isinstance(u.progress, int) or not 0 <= u.progress <= 100:
        raise NotAllowed(_("Fremdriften skal være mellem 0 og 100 procent."))
    if u.status is ActionStatus.dropped and not (u.dropped_reason or "").strip():
        raise NotAllowed(_("Skriv hvorfor handlingen er opgivet."))
    return 100 if u.status is ActionStatus.done else u.progress


def _close_review(review: FollowUpReview, note: str) -> None:
    review.done_at = utcnow()
    review.note = note
    for kind in REVIEW_KINDS:
        notices.cancel_pending(kind, review)
        notices.complete_actions(kind, review)


def _pick_review(
    rec: Recommendation, written_on: date, chosen: FollowUpReview | None
) -> FollowUpReview | None:
    """The review the update answers, locked; a chosen one must be open and the rec's own."""
    if chosen is not None and (chosen.recommendation_id != rec.id or chosen.is_done):
        raise NotAllowed(_("Opfølgningen er allerede afsluttet."))
    review = chosen or review_answered_by(rec, written_on)
    if review is None:
        return None
    review = _lock(FollowUpReview, review)  # another update may have answered it just now
    return None if review.is_done else review


@atomic
def write_update(
    action: ImplementationAction,
    update: UpdateData,
    actor: User,
    review: FollowUpReview | None = None,
) -> ProgressUpdate:
    """A dated update on an action: its status and progress, told to members and followers."""
    action = _lock(ImplementationAction, action)
    if not permissions.can_update_action(actor, action):
        raise PermissionDenied(_("Du har ikke ret til at skrive opdateringer på handlingen."))
    rec = action.recommendation
    progress = _check_update(update)
    row = record_update(action, update, progress, actor, review)
    _tell(rec, action, row)
    reminders.plan(rec.committee)
    db.session.commit()
    return row


def record_update(
    action: ImplementationAction,
    update: UpdateData,
    progress: int,
    actor: User,
    review: FollowUpReview | None = None,
    batch: str = "",
) -> ProgressUpdate:
    """The update row, the action's new status, the review it answers and the audit entry;
    the caller (one update, or a bulk update `batch`) locks, checks, tells and commits."""
    rec = action.recommendation
    review = _pick_review(rec, update.written_on, review)
    row = ProgressUpdate(
        action=action,
        written_on=update.written_on,
        text=update.text.strip(),
        status=update.status,
        progress=progress,
        review_id=review.id if review else None,
        author_id=actor.id,
    )
    db.session.add(row)
    old = _apply(action, update, progress)
    if review is not None:
        _close_review(review, _("Besvaret af opdateringen på »%(a)s«.", a=action.title))
    db.session.flush()
    deadlines.settle_action(action)  # done, dropped or answered: its reminders are answered
    details = {"action_id": action.id, "progress": progress, "review_id": row.review_id}
    audit.record(
        "recommendation.progress_update",
        row,
        actor,
        committee_id=rec.committee_id,
        from_state=old.value,
        to_state=update.status.value,
        details={**details, "batch": batch} if batch else details,
    )
    return row


def _apply(action: ImplementationAction, update: UpdateData, progress: int) -> ActionStatus:
    """The action takes the update's status and progress; returns the status it had."""
    old = action.status
    action.status, action.progress, action.updated_at = update.status, progress, utcnow()
    if update.status is ActionStatus.dropped:
        action.dropped_reason = update.dropped_reason.strip()
    return old


def _tell(rec: Recommendation, action: ImplementationAction, row: ProgressUpdate) -> None:
    audience.tell(
        rec,
        "recommendation_progress",
        event=f"update-{row.id}",
        context={
            "committee": rec.committee.name,
            "number": rec.number,
            "action": action.title,
            "status_label": row.status.label,
            "progress": row.progress,
            "text": row.text,
        },
    )


@atomic
def complete_review(review: FollowUpReview, note: str, actor: User) -> FollowUpReview:
    """Close a follow-up review that no single action's update answers (the secretariat)."""
    review = _lock(FollowUpReview, review)
    if not permissions.can_manage_implementation(actor):
        raise PermissionDenied(_("Du har ikke ret til at afslutte opfølgninger."))
    if review.is_done:
        raise StaleState(_("Opfølgningen er allerede afsluttet."))
    record_review_done(review, note, actor)
    reminders.plan(review.recommendation.committee)
    db.session.commit()
    return review


def record_review_done(review: FollowUpReview, note: str, actor: User, batch: str = "") -> None:
    """Close a locked, open review with its note and its audit entry (no check, no commit)."""
    _close_review(review, (note or "").strip())
    rec = review.recommendation
    details = {"recommendation_id": rec.id, "months": review.months}
    audit.record(
        "recommendation.review_completed",
        review,
        actor,
        committee_id=rec.committee_id,
        comment=review.note,
        details={**details, "batch": batch} if batch else details,
    )
