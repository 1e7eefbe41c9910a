"""The handover: the committee's endorsed set goes to its parent standing committee(s), aimed at
a council meeting, with the latest handover date from the plan (council_calendar.py).
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from committees.extensions import db
from committees.models import (
    BodyKind,
    Committee,
    CouncilMeeting,
    DecisionState,
    Handover,
    Recommendation,
    RecommendationStatus,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, notices, permissions, reminders
from workflows import committee as committee_flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.notices import NoticeKind, register
from workflows.recommendations import deadlines
from workflows.recommendations.council_calendar import handover_plan

HANDED_OVER = register(
    NoticeKind(
        "recommendations_handed_over",
        _l("Udvalgets anbefalinger er afleveret"),
        title=lambda ctx: _(
            "%(committee)s: anbefalingerne er afleveret", committee=ctx["committee"]
        ),
        body=lambda ctx: (
            ngettext(
                "%(num)d anbefaling er afleveret %(date)s til %(bodies)s.",
                "%(num)d anbefalinger er afleveret %(date)s til %(bodies)s.",
                ctx["count"],
                date=ctx["handed_over_on"],
                bodies=ctx["bodies"],
            )
            + " "
            + _(
                "De behandles frem mod kommunalbestyrelsens møde %(council)s.",
                council=ctx["council_on"],
            )
        ),
        endpoint="recommendations.report",
    )
)


# --- the handover ---------------------------------------------------------------------------------


def recommendations_of(committee: Committee, lock: bool = False) -> list[Recommendation]:
    """The committee's recommendations in number order (locked for the handover)."""
    stmt = (
        db.select(Recommendation)
        .where(Recommendation.committee_id == committee.id)
        .order_by(Recommendation.number)
    )
    if lock:
        stmt = stmt.with_for_update()
    return list(db.session.scalars(stmt))


def blockers(committee: Committee, recs: list[Recommendation] | None = None) -> list[str]:
    """Why the set cannot be handed over yet (empty: it can)."""
    recs = recommendations_of(committee) if recs is None else recs
    reasons = []
    if committee.state not in committee_flow.BY_NAME["hand_over"].sources:
        reasons.append(_("udvalget er ikke i arbejdsfasen"))
    if not any(r.status is RecommendationStatus.endorsed for r in recs):
        reasons.append(_("udvalget har ikke vedtaget nogen anbefalinger"))
    for r in recs:
        if r.status.editable:
            reasons.append(
                _(
                    "%(label)s »%(title)s« er stadig %(status)s",
                    label=r.label,
                    title=r.title,
                    status=r.status.label.lower(),
                )
            )
    return reasons


def _guard(committee, council_meeting, handed_over_on, actor, expected_state) -> None:
    if expected_state is not None and committee.state.value != expected_state:
        raise StaleState(_("Udvalget har skiftet fase, siden du åbnede siden. Se den nye status."))
    if not permissions.can_manage_recommendations(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at registrere afleveringen."))
    if council_meeting.body.kind is not BodyKind.council:
        raise NotAllowed(_("Vælg et møde i kommunalbestyrelsen."))
    if handed_over_on > local_today():
        raise NotAllowed(_("Afleveringsdatoen kan ikke ligge i fremtiden."))
    if council_meeting.meets_on < handed_over_on:
        raise NotAllowed(_("Kommunalbestyrelsens møde ligger før afleveringsdatoen."))


@atomic
def hand_over(
    committee: Committee,
    council_meeting: CouncilMeeting,
    handed_over_on: date,
    note: str,
    actor: User,
    expected_state: str | None,
) -> Handover:
    """Hand the endorsed set over: committee → handed_over, each endorsed recommendation →
    handed_over and awaiting a political decision; audit, notices and reminders; one commit.
    A handover after the latest date is allowed; the plan shows it as late."""
    committee = committee_flow.lock(committee)
    _guard(committee, council_meeting, handed_over_on, actor, expected_state)
    recs = recommendations_of(committee, lock=True)
    reasons = blockers(committee, recs)
    if reasons:
        raise NotAllowed(_("Anbefalingerne kan ikke afleveres endnu:"), reasons)
    plan = handover_plan(committee, council_meeting)
    handover = Handover(
        committee=committee,
        handed_over_on=handed_over_on,
        council_meeting=council_meeting,
        latest_handover_on=plan.latest_handover_on,
        note=(note or "").strip(),
        recorded_by=actor,
    )
    db.session.add(handover)
    db.session.flush()
    endorsed = _send_on(recs, handover)
    committee_flow.apply(committee, committee_flow.BY_NAME["hand_over"], actor, handover.note)
    audit.record(
        "recommendations.handed_over",
        handover,
        actor,
        committee_id=committee.id,
        details={
            "recommendations": [r.number for r in endorsed],
            "council_meeting": council_meeting.meets_on.isoformat(),
            "latest_handover_on": plan.latest_handover_on.isoformat(),
            "late": plan.is_late(handed_over_on),
        },
    )
    committee_flow.notify_phase(committee, handover.note)
    _notify_members(committee, handover, len(endorsed))
    deadlines.handed_over(committee)
    reminders.plan(committee)
    db.session.commit()
    return handover


def _send_on(recs: list[Recommendation], handover: Handover) -> list[Recommendation]:
    """The endorsed recommendations go with the handover and await a political decision."""
    endorsed = [r for r in recs if r.status is RecommendationStatus.endorsed]
    for rec in endorsed:
        rec.status = RecommendationStatus.handed_over
        rec.decision_state = DecisionState.awaiting
        rec.handover = handover
        rec.updated_at = utcnow()
    return endorsed


def _notify_members(committee: Committee, handover: Handover, count: int) -> None:
    """Everyone sitting in the committee hears that the set has gone to the politicians."""
    today = local_today()
    bodies = ", ".join(b.name for b in committee.parent_bodies)
    for m in committee.memberships:
        if not (m.is_active_on(today) or m.start_date > today):
            continue
        notices.notify(
            m.user,
            HANDED_OVER.name,
            key=notices.dedupe_key("handed_over", committee.id, handover.id, m.user_id),
            subject=handover,
            committee_id=committee.id,
            context={
                "committee": committee.name,
                "count": count,
                "handed_over_on": handover.handed_over_on.strftime("%d.%m.%Y"),
                "council_on": handover.council_meeting.meets_on.strftime("%d.%m.%Y"),
                "bodies": bodies,
                "link": {"committee_id": committee.id},
            },
        )


def latest_handover(committee: Committee) -> Handover | None:
    """The committee's handover (the newest, should it have been recorded more than once)."""
    return db.session.scalar(
        db.select(Handover)
        .where(Handover.committee_id == committee.id)
        .order_by(Handover.recorded_at.desc(), Handover.id.desc())
        .options(joinedload(Handover.council_meeting).joinedload(CouncilMeeting.body))
        .limit(1)
    )
