"""The council calendar and the latest handover date counted back from a council meeting.

The path of a case (DOMAIN.md): standing committee(s) → finance committee → council. From the
chosen council meeting C the plan finds, in the calendar the secretariat keeps,
- the finance committee's last meeting on or before C minus HANDOVER_LEAD_FINANCE_DAYS,
- each parent standing committee's last meeting on or before C minus
  HANDOVER_LEAD_STANDING_DAYS (and before the finance committee's meeting),
- and the latest handover date: the earliest of those minus HANDOVER_LEAD_CASE_DAYS,
all in working days (workflows.workdays). When the calendar has no meeting for a body, the
computed date itself stands in and is marked as such. The handover itself is in handover.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from committees.extensions import db
from committees.models import (
    BodyKind,
    Committee,
    CouncilMeeting,
    Handover,
    PoliticalBody,
    User,
)
from committees.models.base import local_today
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, atomic
from workflows.workdays import working_days_before

# A calendar entry further back than this before the target date is not "the" meeting: the
# calendar simply has not been filled in for that period, so the computed date is used.
LOOKBACK_DAYS = 92


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
