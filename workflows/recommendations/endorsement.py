"""Endorsing the set: the committee adopts all its draft and commenting recommendations
together, at a meeting it held (draft|commenting → endorsed). An unanswered task question of the
mandate is a warning the facilitator must confirm, not a blocker.
"""

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import Committee, Meeting, MeetingStatus, Recommendation, User
from committees.models.base import utcnow
from workflows import notices, reminders
from workflows.errors import NotAllowed, StaleState, atomic
from workflows.recommendations import coverage
from workflows.recommendations.drafting import S, lock, record, require_manager, snapshot
from workflows.recommendations.drafting_kinds import current_members, set_context


def endorsable(committee: Committee) -> list[Recommendation]:
    """The set the committee endorses together: every draft or commenting recommendation."""
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .where(
                Recommendation.committee_id == committee.id,
                Recommendation.status.in_([S.draft, S.commenting]),
            )
            .order_by(Recommendation.number)
        )
    )


def held_meetings(committee: Committee) -> list[Meeting]:
    """The committee's meetings that have started and were not cancelled, newest first."""
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.status != MeetingStatus.cancelled,
                Meeting.starts_at <= utcnow(),
            )
            .order_by(Meeting.starts_at.desc())
        )
    )


def signature(recs: list[Recommendation]) -> str:
    """What the user saw of the set: numbers and versions (the stale check of the set)."""
    return ",".join(f"{r.number}:{r.version}" for r in recs)


def endorse_blockers(committee: Committee, recs: list[Recommendation]) -> list[str]:
    """Why the set cannot be endorsed (an unanswered mandate question is only a warning)."""
    asked = {q.id for q in coverage.mandate_questions(committee)}
    blockers = [] if recs else [_("der er ingen anbefalinger at vedtage")]
    for rec in recs:
        if not any(q.id in asked for q in rec.questions):
            blockers.append(
                _("anbefaling %(n)s besvarer ikke noget spørgsmål fra kommissoriet", n=rec.number)
            )
    return blockers


def _check_meeting(committee: Committee, meeting: Meeting) -> None:
    if meeting.committee_id != committee.id:
        raise NotAllowed(_("Mødet hører ikke til dette udvalg."))
    if meeting.is_cancelled or meeting.starts_at > utcnow():
        raise NotAllowed(_("Sættet vedtages på et møde, udvalget har holdt (ikke aflyst)."))


@atomic
def endorse_set(
    committee: Committee,
    meeting: Meeting,
    actor: User,
    expected_set: str | None,
    confirm_unanswered: bool = False,
) -> list[Recommendation]:
    """The committee endorses the whole set at a meeting it held; returns the set."""
    require_manager(committee, actor)
    _check_meeting(committee, meeting)
    recs = [lock(r) for r in endorsable(committee)]
    if expected_set is not None and signature(recs) != expected_set:
        raise StaleState(_("Anbefalingerne er ændret, siden du åbnede siden."))
    blockers = endorse_blockers(committee, recs)
    if blockers:
        raise NotAllowed(_("Sættet kan ikke vedtages endnu:"), blockers)
    if coverage.unanswered(committee) and not confirm_unanswered:
        raise NotAllowed(_("Bekræft, at I afleverer vidende, at ikke alle spørgsmål er besvaret."))
    for rec in recs:
        before = rec.status
        rec.status, rec.comment_deadline = S.endorsed, None
        rec.endorsed_at_meeting_id, rec.endorsed_on = meeting.id, meeting.local_date
        rec.version += 1
        snapshot(rec, actor, _("Vedtaget af udvalget på mødet %(m)s.", m=meeting.title))
        record("endorsed", rec, actor, before, meeting=meeting.id)
        notices.cancel_pending("recommendation_comment_deadline", rec)
    _notify_endorsed(committee, meeting, len(recs))
    db.session.flush()
    reminders.plan(committee)
    db.session.commit()
    return recs


def _notify_endorsed(committee: Committee, meeting: Meeting, count: int) -> None:
    """Every current member hears that the set was endorsed (one notice each)."""
    ctx, now = set_context(committee, meeting, count), utcnow()
    for user in current_members(committee):
        notices.notify(
            user,
            "recommendations_endorsed",
            key=notices.dedupe_key("recommendations_endorsed", committee.id, now, user.id),
            subject=committee,
            committee_id=committee.id,
            context=ctx,
        )
