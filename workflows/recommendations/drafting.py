"""Drafting recommendations: written and revised in versions, commented on by the members within
a comment window, endorsed as a set by the committee at a meeting it held.

draft → commenting (open the comment window: a deadline in working days) → draft (close it);
draft|commenting → endorsed (the whole set, at a held meeting) → draft (reopen, before the
handover); draft → withdrawn. The table STEPS drives both the buttons a page shows
(`allowed_actions`) and the checks on POST. Endorsing the set is in endorsement.py,
endorsed → handed_over in handover.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    Committee,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    RecommendationVersion,
    TaskQuestion,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, notices, permissions, reminders, workdays
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.offered import Action
from workflows.recommendations import coverage
from workflows.recommendations.drafting_kinds import context, current_members

S = RecommendationStatus
Guard = Callable[[Recommendation], list[str]]
COMMENT_MAX = 2000


def _no_guard(_rec: Recommendation) -> list[str]:
    return []


def _not_handed_over(rec: Recommendation) -> list[str]:
    return [_("anbefalingen er afleveret")] if rec.handover_id is not None else []


@dataclass(frozen=True)
class Step:
    """One thing that can be done to a recommendation: from which states, to which."""

    name: str
    sources: tuple[RecommendationStatus, ...]
    target: RecommendationStatus
    label: object
    guard: Guard = field(default=_no_guard)


STEPS: tuple[Step, ...] = (
    Step("open_comments", (S.draft,), S.commenting, _l("Send til kommentering")),
    Step("close_comments", (S.commenting,), S.draft, _l("Luk for kommentarer")),
    Step("endorse", (S.draft, S.commenting), S.endorsed, _l("Vedtag sættet")),
    Step("reopen", (S.endorsed,), S.draft, _l("Genåbn som udkast"), _not_handed_over),
    Step("withdraw", (S.draft,), S.withdrawn, _l("Træk tilbage")),
)
BY_NAME = {s.name: s for s in STEPS}
# The steps taken on one recommendation at a time (endorsement takes the whole set).
SINGLE = ("open_comments", "close_comments", "reopen", "withdraw")


def comment_window_open(rec: Recommendation) -> bool:
    """Out for comments and the deadline (a working day, inclusive) has not passed."""
    return (
        rec.status is S.commenting
        and rec.comment_deadline is not None
        and local_today() <= rec.comment_deadline
    )


def allowed_actions(rec: Recommendation, user) -> list[Action]:
    """The single-recommendation steps from the current state this user may take."""
    if not permissions.can_manage_recommendations(user, rec.committee):
        return []
    return [
        Action(BY_NAME[n], BY_NAME[n].guard(rec))
        for n in SINGLE
        if rec.status in BY_NAME[n].sources
    ]


def may_edit(rec: Recommendation, user) -> bool:
    """The text can be revised by the facilitator or staff until the committee endorses it."""
    return rec.status.editable and permissions.can_manage_recommendations(user, rec.committee)


def lock(rec: Recommendation) -> Recommendation:
    """Re-read the recommendation with a row lock (FOR UPDATE on PostgreSQL)."""
    stmt = db.select(Recommendation).where(Recommendation.id == rec.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def require_manager(committee: Committee, actor: User) -> None:
    """Only the committee's facilitator or the secretariat edit its recommendations."""
    if not permissions.can_manage_recommendations(actor, committee):
        raise PermissionDenied(_("Du kan ikke redigere udvalgets anbefalinger."))


def _check_state(rec: Recommendation, step: Step, expected_state: str | None) -> None:
    if expected_state is not None and rec.status.name != expected_state:
        raise StaleState(_("Anbefalingens status er ændret, siden du åbnede siden."))
    if rec.status not in step.sources:
        raise NotAllowed(_("Det kan ikke gøres med anbefalingen, som den står nu."))
    blockers = step.guard(rec)
    if blockers:
        raise NotAllowed(_("Det kan ikke gøres endnu:"), blockers)


def record(action: str, rec: Recommendation, actor: User | None, before, **details) -> None:
    """The audit entry of a drafting step (number, version and the move between states)."""
    audit.record(
        f"recommendation.{action}",
        rec,
        actor,
        committee_id=rec.committee_id,
        from_state=before.name if before else None,
        to_state=rec.status.name,
        details={"number": rec.number, "version": rec.version, **details},
    )


def _questions(committee: Committee, ids: list[int]) -> list[TaskQuestion]:
    """Only the approved mandate's task questions may be answered."""
    allowed = {q.id: q for q in coverage.mandate_questions(committee)}
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise NotAllowed(_("Vælg blandt spørgsmålene i det godkendte kommissorium."))
    return [allowed[i] for i in dict.fromkeys(ids)]


def snapshot(rec: Recommendation, actor: User | None, note: str = "") -> RecommendationVersion:
    """Keep the recommendation's current text as a version."""
    version = RecommendationVersion(
        number=rec.version,
        title=rec.title,
        text=rec.text,
        rationale=rec.rationale,
        change_note=note,
        created_by_id=actor.id if actor else None,
    )
    rec.versions.append(version)
    return version


# --- writing ---------------------------------------------------------------------------------


@atomic
def create(
    committee: Committee,
    title: str,
    text: str,
    rationale: str,
    questions: list[int],
    actor: User,
) -> Recommendation:
    """A new draft with the next number; its text is version 1."""
    require_manager(committee, actor)
    db.session.execute(  # numbers are handed out one at a time per committee
        db.select(Committee.id).where(Committee.id == committee.id).with_for_update()
    )
    number = (
        db.session.scalar(
            db.select(db.func.max(Recommendation.number)).where(
                Recommendation.committee_id == committee.id
            )
        )
        or 0
    ) + 1
    rec = Recommendation(
        committee=committee,
        number=number,
        title=title.strip(),
        text=text,
        rationale=rationale or "",
        version=1,
        status=S.draft,
    )
    rec.questions = _questions(committee, questions)
    snapshot(rec, actor)
    db.session.add(rec)
    db.session.flush()
    record("created", rec, actor, None)
    db.session.commit()
    return rec


@atomic
def revise(
    rec: Recommendation,
    title: str,
    text: str,
    rationale: str,
    questions: list[int],
    change_note: str,
    actor: User,
    expected_version: int | None,
) -> RecommendationVersion:
    """A new version of the text (while it is a draft or out for comments)."""
    require_manager(rec.committee, actor)
    rec = lock(rec)
    if expected_version is not None and rec.version != expected_version:
        raise StaleState(
            _(
                "Anbefalingen er ændret af en anden, siden du åbnede den (nu version %(n)s).",
                n=rec.version,
            )
        )
    if not rec.status.editable:
        raise NotAllowed(_("Teksten kan kun ændres, før udvalget har vedtaget anbefalingen."))
    rec.questions = _questions(rec.committee, questions)
    rec.title, rec.text, rec.rationale = title.strip(), text, rationale or ""
    rec.version += 1
    rec.updated_at = utcnow()
    version = snapshot(rec, actor, change_note.strip())
    record("revised", rec, actor, rec.status)
    db.session.commit()
    return version


@atomic
def add_comment(rec: Recommendation, text: str, actor: User) -> RecommendationComment:
    """A current member comments while the window is open; the facilitator is told."""
    text = (text or "").strip()
    if not text:
        raise NotAllowed(_("Skriv din kommentar."))
    if len(text) > COMMENT_MAX:
        raise NotAllowed(_("Kommentaren er for lang."))
    if not permissions.is_committee_member(actor, rec.committee):
        raise PermissionDenied(_("Kun udvalgets medlemmer kan kommentere."))
    rec = lock(rec)
    if not comment_window_open(rec):
        raise NotAllowed(_("Der er ikke åbent for kommentarer til anbefalingen."))
    comment = RecommendationComment(
        recommendation_id=rec.id, version_number=rec.version, author_id=actor.id, text=text
    )
    db.session.add(comment)
    db.session.flush()
    record("commented", rec, actor, None, comment=comment.id)
    ctx = {**context(rec), "name": actor.name}
    from workflows.notice_kinds import _staff_for

    for person in [p for p in _staff_for(rec.committee) if p.id != actor.id]:
        notices.notify(
            person,
            "recommendation_commented",
            key=notices.dedupe_key("recommendation_commented", rec.id, comment.id, person.id),
            subject=rec,
            committee_id=rec.committee_id,
            context=ctx,
        )
    db.session.flush()
    reminders.plan(rec.committee)  # who has commented is no longer reminded
    db.session.commit()
    return comment


# --- the steps on one recommendation ---------------------------------------------------------


def _begin(name: str, rec: Recommendation, actor: User, expected: str | None) -> Recommendation:
    require_manager(rec.committee, actor)
    rec = lock(rec)
    _check_state(rec, BY_NAME[name], expected)
    return rec


@atomic
def open_comments(rec: Recommendation, actor: User, expected_state: str | None) -> None:
    """Send the draft to the members for comments, with a deadline in working days."""
    rec = _begin("open_comments", rec, actor, expected_state)
    before, now = rec.status, utcnow()
    days = current_app.config["COMMENT_WINDOW_DAYS"]
    rec.comment_deadline = workdays.working_days_after(workdays.local_date(now), days)
    rec.status = S.commenting
    record("comments_opened", rec, actor, before, deadline=rec.comment_deadline.isoformat())
    ctx = context(rec)
    for user in current_members(rec.committee):
        notices.notify(
            user,
            "recommendation_comments_open",
            key=notices.dedupe_key("recommendation_comments_open", rec.id, now, user.id),
            subject=rec,
            committee_id=rec.committee_id,
            context=ctx,
        )
    db.session.flush()
    reminders.plan(rec.committee)
    db.session.commit()


def _simple(name: str, rec: Recommendation, actor: User, expected: str | None, action: str):
    rec = _begin(name, rec, actor, expected)
    before = rec.status
    rec.status = BY_NAME[name].target
    rec.comment_deadline = None
    if name == "reopen":
        rec.endorsed_at_meeting_id, rec.endorsed_on = None, None
    rec.updated_at = utcnow()
    notices.cancel_pending("recommendation_comment_deadline", rec)  # the window is closed
    record(action, rec, actor, before)
    db.session.flush()
    reminders.plan(rec.committee)
    db.session.commit()


@atomic
def close_comments(rec: Recommendation, actor: User, expected_state: str | None) -> None:
    """Close the comment window: the recommendation is a draft again."""
    _simple("close_comments", rec, actor, expected_state, "comments_closed")


@atomic
def reopen(rec: Recommendation, actor: User, expected_state: str | None) -> None:
    """Take an endorsed recommendation back to a draft (only before the handover)."""
    _simple("reopen", rec, actor, expected_state, "reopened")


@atomic
def withdraw(rec: Recommendation, actor: User, expected_state: str | None) -> None:
    """Drop a draft: it stays in the history but is no longer part of the set."""
    _simple("withdraw", rec, actor, expected_state, "withdrawn")


RUN = {
    "open_comments": open_comments,
    "close_comments": close_comments,
    "reopen": reopen,
    "withdraw": withdraw,
}


def run(name: str, rec: Recommendation, actor: User, expected_state: str | None) -> None:
    """Apply a single-recommendation step by its name (the view's one call)."""
    if name not in RUN:
        raise NotAllowed(_("Ukendt handling."))
    RUN[name](rec, actor, expected_state)
