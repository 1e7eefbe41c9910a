"""The council calendar, the latest handover date counted back from a council meeting, and the
handover itself (the committee's endorsed set goes to its parent standing committee(s)).

The path of a case (DOMAIN.md): standing committee(s) → finance committee → council. From the
chosen council meeting C the plan finds, in the calendar the secretariat keeps,
- the finance committee's last meeting on or before C minus HANDOVER_LEAD_FINANCE_DAYS,
- each parent standing committee's last meeting on or before C minus
  HANDOVER_LEAD_STANDING_DAYS (and before the finance committee's meeting),
- and the latest handover date: the earliest of those minus HANDOVER_LEAD_CASE_DAYS,
all in working days (workflows.workdays). When the calendar has no meeting for a body, the
computed date itself stands in and is marked as such.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from committees.extensions import db
from committees.models import (
    BodyKind,
    Committee,
    CouncilMeeting,
    DecisionState,
    Handover,
    PoliticalBody,
    Recommendation,
    RecommendationStatus,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, notices, permissions, reminders
from workflows import committee as committee_flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.notices import NoticeKind, register
from workflows.workdays import working_days_before

# A calendar entry further back than this before the target date is not "the" meeting: the
# calendar simply has not been filled in for that period, so the computed date is used.
LOOKBACK_DAYS = 92

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


# --- the council calendar ----------------------------------------------------------------------


@atomic
def add_council_meeting(
    body: PoliticalBody, meets_on: date, note: str, actor: User
) -> CouncilMeeting:
    """Enter a meeting date of a standing committee, the finance committee or the council."""
    if not permissions.can_manage_council_calendar(actor):
        raise PermissionDenied(_("Du har ikke ret til at ændre den politiske kalender."))
    if not body.active:
        raise NotAllowed(_("Det politiske organ er ikke længere aktivt."))
    exists = db.session.scalar(
        db.select(CouncilMeeting.id).where(
            CouncilMeeting.body_id == body.id, CouncilMeeting.meets_on == meets_on
        )
    )
    if exists is not None:
        raise NotAllowed(_("%(body)s har allerede et møde den dag i kalenderen.", body=body.name))
    meeting = CouncilMeeting(body=body, meets_on=meets_on, note=(note or "").strip())
    db.session.add(meeting)
    try:
        db.session.flush()
    except IntegrityError as error:  # the same date entered twice at once
        raise NotAllowed(_("Mødet findes allerede i kalenderen.")) from error
    audit.record(
        "council_calendar.added",
        meeting,
        actor,
        committee_id=None,
        details={"body": body.name, "meets_on": meets_on.isoformat()},
    )
    db.session.commit()
    return meeting


def used_meeting_ids(meetings: list[CouncilMeeting]) -> set[int]:
    """Which of these meetings a handover points to (one query)."""
    ids = [m.id for m in meetings]
    if not ids:
        return set()
    stmt = db.select(Handover.council_meeting_id).where(Handover.council_meeting_id.in_(ids))
    return set(db.session.scalars(stmt))


@atomic
def delete_council_meeting(meeting: CouncilMeeting, actor: User) -> None:
    """Remove a date from the calendar, unless a handover is aimed at it."""
    if not permissions.can_manage_council_calendar(actor):
        raise PermissionDenied(_("Du har ikke ret til at ændre den politiske kalender."))
    if used_meeting_ids([meeting]):
        raise NotAllowed(_("Mødet kan ikke slettes: en aflevering er rettet mod det."))
    audit.record(
        "council_calendar.deleted",
        meeting,
        actor,
        committee_id=None,
        details={"body": meeting.body.name, "meets_on": meeting.meets_on.isoformat()},
    )
    db.session.delete(meeting)
    db.session.commit()


def upcoming_by_body(today: date | None = None) -> list[tuple[PoliticalBody, list[CouncilMeeting]]]:
    """Meetings from today on, grouped by body: council first, then finance, then standing."""
    today = today or local_today()
    rows = db.session.scalars(
        db.select(CouncilMeeting)
        .join(PoliticalBody, CouncilMeeting.body_id == PoliticalBody.id)
        .where(CouncilMeeting.meets_on >= today)
        .order_by(PoliticalBody.name, CouncilMeeting.meets_on)
        .options(contains_eager(CouncilMeeting.body))
    )
    groups: dict[int, tuple[PoliticalBody, list[CouncilMeeting]]] = {}
    for m in rows:
        groups.setdefault(m.body_id, (m.body, []))[1].append(m)
    order = {BodyKind.council: 0, BodyKind.finance_committee: 1, BodyKind.standing_committee: 2}
    return sorted(groups.values(), key=lambda g: (order[g[0].kind], g[0].name))


def council_meetings_from(today: date | None = None) -> list[CouncilMeeting]:
    """The council's meetings today or later: the ones a handover can aim at."""
    today = today or local_today()
    return list(
        db.session.scalars(
            db.select(CouncilMeeting)
            .join(PoliticalBody, CouncilMeeting.body_id == PoliticalBody.id)
            .where(PoliticalBody.kind == BodyKind.council, CouncilMeeting.meets_on >= today)
            .order_by(CouncilMeeting.meets_on, PoliticalBody.name)
            .options(contains_eager(CouncilMeeting.body))
        )
    )


# --- the plan: the latest handover date ----------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One body's meeting on the way to the council: from the calendar or computed."""

    body: PoliticalBody | None  # None: no finance committee is known at all
    on: date
    meeting: CouncilMeeting | None  # None: no meeting in the calendar, the computed date

    @property
    def from_calendar(self) -> bool:
        return self.meeting is not None


@dataclass(frozen=True)
class HandoverPlan:
    """The steps (standing committees, finance committee, council) and the latest handover."""

    council: Step
    finance: Step
    standing: list[Step]
    latest_handover_on: date
    today: date

    @property
    def steps(self) -> list[Step]:
        """In the order the case travels: standing committee(s), finance committee, council."""
        seen: set[int] = set()
        ordered = []
        for step in [*sorted(self.standing, key=lambda s: s.on), self.finance, self.council]:
            key = id(step.meeting) if step.meeting is not None else id(step)
            if key not in seen:
                seen.add(key)
                ordered.append(step)
        return ordered

    @property
    def late(self) -> bool:
        """Today is already past the latest handover date."""
        return self.today > self.latest_handover_on

    def is_late(self, handed_over_on: date) -> bool:
        """A handover on that day comes after the latest date."""
        return handed_over_on > self.latest_handover_on


@dataclass(frozen=True)
class Leads:
    """Lead times in working days (config HANDOVER_LEAD_*)."""

    standing: int
    finance: int
    case: int

    @classmethod
    def from_config(cls) -> "Leads":
        cfg = current_app.config
        return cls(
            standing=int(cfg["HANDOVER_LEAD_STANDING_DAYS"]),
            finance=int(cfg["HANDOVER_LEAD_FINANCE_DAYS"]),
            case=int(cfg["HANDOVER_LEAD_CASE_DAYS"]),
        )


def _latest(
    meetings: list[CouncilMeeting], body_ids: set[int], target: date
) -> CouncilMeeting | None:
    """The last meeting of one of these bodies on or before `target`, within the lookback."""
    floor = target - timedelta(days=LOOKBACK_DAYS)
    found = [m for m in meetings if m.body_id in body_ids and floor <= m.meets_on <= target]
    return max(found, key=lambda m: (m.meets_on, m.id)) if found else None


def _step(meetings, bodies: list[PoliticalBody], target: date) -> Step:
    hit = _latest(meetings, {b.id for b in bodies}, target)
    if hit is not None:
        return Step(body=hit.body, on=hit.meets_on, meeting=hit)
    return Step(body=bodies[0] if bodies else None, on=target, meeting=None)


def compute_plan(
    council_meeting: CouncilMeeting,
    parents: list[PoliticalBody],
    finance_bodies: list[PoliticalBody],
    meetings: list[CouncilMeeting],
    leads: Leads,
    today: date,
) -> HandoverPlan:
    """The pure computation: no database, every input given (see the module docstring)."""
    c_day = council_meeting.meets_on
    finance = _step(meetings, finance_bodies, working_days_before(c_day, leads.finance))
    finance_ids = {b.id for b in finance_bodies}
    standing: list[Step] = []
    for body in parents:
        if body.kind is BodyKind.council:
            continue  # the council is the end of the path, not a step on it
        if body.id in finance_ids:
            standing.append(finance)  # anchored in the finance committee: it is the first step
            continue
        # The standing committee treats the case before the finance committee does.
        target = min(working_days_before(c_day, leads.standing), working_days_before(finance.on, 1))
        standing.append(_step(meetings, [body], target))
    first = min((s.on for s in standing), default=finance.on)
    return HandoverPlan(
        council=Step(body=council_meeting.body, on=c_day, meeting=council_meeting),
        finance=finance,
        standing=standing,
        latest_handover_on=working_days_before(first, leads.case),
        today=today,
    )


def handover_plan(
    committee: Committee, council_meeting: CouncilMeeting, today: date | None = None
) -> HandoverPlan:
    """The plan for handing this committee's set over in time for `council_meeting`."""
    finance_bodies = list(
        db.session.scalars(
            db.select(PoliticalBody)
            .where(PoliticalBody.kind == BodyKind.finance_committee)
            .order_by(PoliticalBody.active.desc(), PoliticalBody.name)
        )
    )
    body_ids = {b.id for b in finance_bodies} | {b.id for b in committee.parent_bodies}
    c_day = council_meeting.meets_on
    meetings = list(
        db.session.scalars(
            db.select(CouncilMeeting)
            .where(
                CouncilMeeting.body_id.in_(body_ids),
                CouncilMeeting.meets_on <= c_day,
                CouncilMeeting.meets_on >= c_day - timedelta(days=LOOKBACK_DAYS + 60),
            )
            .options(joinedload(CouncilMeeting.body))
        )
    )
    return compute_plan(
        council_meeting,
        list(committee.parent_bodies),
        finance_bodies,
        meetings,
        Leads.from_config(),
        today or local_today(),
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
    endorsed = [r for r in recs if r.status is RecommendationStatus.endorsed]
    for rec in endorsed:
        rec.status = RecommendationStatus.handed_over
        rec.decision_state = DecisionState.awaiting
        rec.handover = handover
        rec.updated_at = utcnow()
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
    committee_flow._notify_phase(committee, handover.note)
    _notify_members(committee, handover, len(endorsed))
    reminders.plan(committee)
    db.session.commit()
    return handover


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
