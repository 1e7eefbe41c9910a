"""Bulk work on a committee's implementation: one new status for many actions, and many
follow-up reviews closed with one note.

All or nothing, like the bulk decision (decisions.record_bulk): the chosen rows are locked in id
order (two overlapping bulk steps cannot deadlock); a row that is gone or changed since the page
was opened (stale), or that the person may not change, refuses the whole step with a message
naming every such row, and nothing is saved. The page offers only what the person may change,
so a refusal means the rights or the action's contact changed meanwhile, or a forged form.

Then each item gets what one at a time would give it: its own progress update (which answers a
due review, as a single update does) or closed review, and its own audit entry, all tagged with
the batch id. Everyone who would hear of the updated actions (members past and present,
followers, and the actions' contacts when someone else changed them) gets one notice listing
their actions (batch_notices). Closing reviews sends no notice, as closing one does not: their
reminders are cancelled.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import (
    ActionStatus,
    Committee,
    FollowUpReview,
    ImplementationAction,
    ProgressUpdate,
    Recommendation,
    User,
)
from committees.models.base import local_today
from workflows import permissions, reminders
from workflows.batch_notices import NoticeBatch
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.recommendations import audience, implementation
from workflows.recommendations.implementation import UpdateData, version_token


@dataclass(frozen=True)
class BulkStatus:
    """The step shared by every chosen action: its date, new status, progress and note."""

    written_on: date
    status: ActionStatus
    progress: int | None = None  # None: each action keeps its own (Gennemført: 100)
    note: str = ""

    def progress_of(self, action: ImplementationAction) -> int:
        """The progress the action is left with."""
        if self.status is ActionStatus.done:
            return 100
        return action.progress if self.progress is None else self.progress

    def update(self) -> UpdateData:
        """As one action's update (the note doubles as the reason for giving up)."""
        note = self.note.strip()
        return UpdateData(self.written_on, note, self.status, 0, dropped_reason=note)


def status_problems(data: BulkStatus) -> list[str]:
    """What is wrong with the shared step itself, before any action is touched."""
    problems = []
    if data.written_on is None or data.written_on > local_today():
        problems.append(_("Datoen for opdateringen kan ikke ligge i fremtiden."))
    if data.progress is not None and not 0 <= data.progress <= 100:
        problems.append(_("Fremdriften skal være mellem 0 og 100 procent."))
    if data.status is ActionStatus.dropped and not data.note.strip():
        problems.append(_("Skriv hvorfor handlingerne er opgivet."))
    return problems


def actions_of(committee: Committee) -> list[ImplementationAction]:
    """The committee's actions by recommendation, with what the bulk page shows (3 queries)."""
    return list(
        db.session.scalars(
            db.select(ImplementationAction)
            .join(Recommendation, Recommendation.id == ImplementationAction.recommendation_id)
            .where(Recommendation.committee_id == committee.id)
            .order_by(Recommendation.number, ImplementationAction.id)
            .options(
                selectinload(ImplementationAction.recommendation),
                selectinload(ImplementationAction.contact),
                selectinload(ImplementationAction.owner_body),
            )
        )
    )


def open_reviews_of(committee: Committee) -> list[FollowUpReview]:
    """The committee's reviews not yet done, soonest due first, with their recommendation."""
    return list(
        db.session.scalars(
            db.select(FollowUpReview)
            .join(Recommendation, Recommendation.id == FollowUpReview.recommendation_id)
            .where(Recommendation.committee_id == committee.id, FollowUpReview.done_at.is_(None))
            .order_by(FollowUpReview.due_on, Recommendation.number, FollowUpReview.id)
            .options(selectinload(FollowUpReview.recommendation))
        )
    )


def may_update_any(user: object, actions: Iterable[ImplementationAction]) -> bool:
    """The bulk page: the staff, or the contact of at least one of the actions."""
    return permissions.can_manage_implementation(user) or any(
        permissions.can_update_action(user, a) for a in actions
    )


def _lock_many(
    model: type[ImplementationAction] | type[FollowUpReview],
    committee: Committee,
    ids: Iterable[int],
) -> list:
    """The committee's rows among `ids`, locked in id order; StaleState if any is gone."""
    wanted = sorted(set(ids))
    stmt = (
        db.select(model)
        .join(Recommendation, Recommendation.id == model.recommendation_id)
        .where(model.id.in_(wanted), Recommendation.committee_id == committee.id)
        .order_by(model.id)
        .with_for_update(of=model)
    )
    rows = list(db.session.scalars(stmt.execution_options(populate_existing=True)))
    if len(rows) != len(wanted):
        raise StaleState(_("Noget af det valgte findes ikke længere. Intet er gemt."))
    return rows


def _label(action: ImplementationAction) -> str:
    return f"{action.recommendation.label}: {action.title}"


def _check_actions(
    locked: list[ImplementationAction], actor: User, expected: dict[int, str]
) -> None:
    stale = [a for a in locked if expected.get(a.id) != version_token(a)]
    if stale:
        raise StaleState(
            _(
                "Disse handlinger er ændret, siden du åbnede siden: %(which)s. Intet er gemt.",
                which="; ".join(_label(a) for a in stale),
            )
        )
    refused = [_label(a) for a in locked if not permissions.can_update_action(actor, a)]
    if refused:
        raise NotAllowed(_("Intet er gemt. Du må ikke opdatere disse handlinger:"), refused)


@atomic
def update_actions(
    committee: Committee,
    ids: Iterable[int],
    data: BulkStatus,
    actor: User,
    expected: dict[int, str],
) -> list[ProgressUpdate]:
    """The same status (and progress, note) for several actions, each updated on its own:
    all or none. `expected` maps each action's id to its version as the page showed it."""
    ids = list(ids)
    if not ids:
        raise NotAllowed(_("Vælg mindst én handling."))
    problems = status_problems(data)
    if problems:
        raise NotAllowed(_("Statusopdateringen kan ikke gemmes:"), problems)
    locked = _lock_many(ImplementationAction, committee, ids)
    _check_actions(locked, actor, expected)
    batch = uuid.uuid4().hex
    update = data.update()
    rows = [
        implementation.record_update(a, update, data.progress_of(a), actor, batch=batch)
        for a in locked
    ]
    _tell(committee, rows, data, actor, batch)
    reminders.plan(committee)
    db.session.commit()
    return rows


def _tell(
    committee: Committee, rows: list[ProgressUpdate], data: BulkStatus, actor: User, batch: str
) -> int:
    """One notice per person who would hear of any of the updated actions, listing them."""
    notices = NoticeBatch(
        audience.PROGRESS.name,
        batch,
        {"committee": committee.name, "status": data.status.name, "note": data.note.strip()},
    )
    reached: dict[int, tuple] = {}
    for row in rows:
        action = row.action
        rec = action.recommendation
        if rec.id not in reached:
            reached[rec.id] = audience.reach(rec)
        users, follows = reached[rec.id]
        entry = {
            "number": rec.number,
            "action": action.title,
            "progress": row.progress,
            "link": audience.link_of(rec),
        }
        key = f"action-{action.id}"
        contact = action.contact
        if contact is not None and contact.active and contact.id != actor.id:
            users = [*users, contact]  # someone else changed their action
        for user in users:
            notices.add(user, entry, key=key, subject=rec, committee_id=committee.id)
        for f in follows:
            to = audience.follower_addressee(f)
            notices.add(
                to, entry, key=key, subject=rec, committee_id=None, extra={"follow_id": f.id}
            )
    return notices.write()


def _review_label(review: FollowUpReview) -> str:
    return _(
        "%(rec)s, efter %(months)s måneder",
        rec=review.recommendation.label,
        months=review.months,
    )


@atomic
def complete_reviews(
    committee: Committee, ids: Iterable[int], note: str, actor: User
) -> list[FollowUpReview]:
    """Close several of the committee's open follow-up reviews with one note: all or none."""
    if not permissions.can_manage_implementation(actor):
        raise PermissionDenied(_("Du har ikke ret til at afslutte opfølgninger."))
    ids = list(ids)
    if not ids:
        raise NotAllowed(_("Vælg mindst én opfølgning."))
    locked = _lock_many(FollowUpReview, committee, ids)
    done = [r for r in locked if r.is_done]
    if done:
        which = "; ".join(_review_label(r) for r in done)
        raise StaleState(
            _("Disse opfølgninger er allerede afsluttet: %(which)s. Intet er gemt.", which=which)
        )
    batch = uuid.uuid4().hex
    for review in locked:
        implementation.record_review_done(review, note, actor, batch)
    reminders.plan(committee)
    db.session.commit()
    return locked
