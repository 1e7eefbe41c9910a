"""The councillors' overview: every committee's recommendations awaiting a political decision,
and implementation that is at risk, delayed or overdue. A fixed number of queries, whatever
the number of committees, recommendations or actions."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import joinedload

from committees.extensions import db
from committees.models import (
    ActionStatus,
    BodyKind,
    Committee,
    CouncilMeeting,
    DecisionState,
    FollowUpReview,
    Handover,
    ImplementationAction,
    Recommendation,
    RecommendationStatus,
)
from committees.models.base import local_today

AWAITING = tuple(s for s in DecisionState if s.awaits_decision)
TROUBLED = tuple(s for s in ActionStatus if s.is_troubled)
OPEN = tuple(s for s in ActionStatus if not s.is_closed)
UPCOMING_MEETINGS = 200  # the calendar a year or so ahead; enough to find each next meeting


@dataclass
class Waiting:
    """One recommendation awaiting a decision, with how long it has waited and what is next."""

    rec: Recommendation
    handed_over_on: date | None
    days_waiting: int | None
    next_meeting: CouncilMeeting | None


@dataclass
class CommitteeGroup:
    """A committee's recommendations awaiting a decision."""

    committee: Committee
    items: list[Waiting] = field(default_factory=list)


def _upcoming(today: date) -> list[CouncilMeeting]:
    return list(
        db.session.scalars(
            db.select(CouncilMeeting)
            .where(CouncilMeeting.meets_on >= today)
            .options(joinedload(CouncilMeeting.body))
            .order_by(CouncilMeeting.meets_on, CouncilMeeting.id)
            .limit(UPCOMING_MEETINGS)
        )
    )


def next_meeting(
    rec: Recommendation, upcoming: list[CouncilMeeting], today: date
) -> CouncilMeeting | None:
    """The meeting the handover aims at if still ahead, else the next meeting of one of the
    committee's parent bodies or of the council."""
    aim = rec.handover.council_meeting if rec.handover else None
    if aim is not None and aim.meets_on >= today:
        return aim
    bodies = {b.id for b in rec.committee.parent_bodies}
    return next(
        (m for m in upcoming if m.body_id in bodies or m.body.kind is BodyKind.council), None
    )


def awaiting(page: int = 1, per_page: int = 50):
    """A page of recommendations awaiting a decision, oldest handover first, and the groups."""
    today = local_today()
    stmt = (
        db.select(Recommendation)
        .join(Committee, Recommendation.committee_id == Committee.id)
        .outerjoin(Handover, Recommendation.handover_id == Handover.id)
        .where(
            Recommendation.status == RecommendationStatus.handed_over,
            Recommendation.decision_state.in_(AWAITING),
        )
        .options(
            joinedload(Recommendation.committee).selectinload(Committee.parent_bodies),
            joinedload(Recommendation.handover).joinedload(Handover.council_meeting),
        )
        .order_by(Committee.name, Committee.id, Recommendation.number)
    )
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    upcoming = _upcoming(today)
    groups: dict[int, CommitteeGroup] = {}
    for rec in pagination.items:
        handed = rec.handover.handed_over_on if rec.handover else None
        group = groups.setdefault(rec.committee_id, CommitteeGroup(rec.committee))
        group.items.append(
            Waiting(
                rec,
                handed,
                (today - handed).days if handed else None,
                next_meeting(rec, upcoming, today),
            )
        )
    return pagination, list(groups.values())


def troubled_actions(limit: int = 50, offset: int = 0) -> tuple[list[ImplementationAction], int]:
    """Actions at risk or delayed, or past their due date and not closed, soonest due first
    (`limit` of them from `offset`); and how many there are in all.

    Ids first (from the actions table alone, in order), then only those rows with what they
    show: joining recommendations, committees and users before the LIMIT made the database
    join every troubled action's rows to sort them.
    """
    today = local_today()
    where = ImplementationAction.status.in_(TROUBLED) | (
        (ImplementationAction.due_on < today) & ImplementationAction.status.in_(OPEN)
    )
    total = db.session.scalar(db.select(db.func.count(ImplementationAction.id)).where(where))
    ids = db.session.scalars(
        db.select(ImplementationAction.id)
        .where(where)
        .order_by(ImplementationAction.due_on.is_(None), ImplementationAction.due_on)
        .order_by(ImplementationAction.id)
        .offset(offset)
        .limit(limit)
    ).all()
    rows = db.session.scalars(
        db.select(ImplementationAction)
        .where(ImplementationAction.id.in_(ids))
        .options(
            joinedload(ImplementationAction.recommendation).joinedload(Recommendation.committee),
            joinedload(ImplementationAction.owner_body),
            joinedload(ImplementationAction.contact),
        )
    )
    order = {action_id: i for i, action_id in enumerate(ids)}
    return sorted(rows, key=lambda a: order[a.id]), total or 0


def overdue_reviews(limit: int = 50, offset: int = 0) -> tuple[list[FollowUpReview], int]:
    """Follow-up reviews not done by their due date, oldest due first (`limit` of them from
    `offset`); and how many there are in all."""
    today = local_today()
    where = FollowUpReview.done_at.is_(None) & (FollowUpReview.due_on < today)
    total = db.session.scalar(db.select(db.func.count(FollowUpReview.id)).where(where))
    rows = db.session.scalars(
        db.select(FollowUpReview)
        .where(where)
        .options(
            joinedload(FollowUpReview.recommendation).joinedload(Recommendation.committee),
        )
        .order_by(FollowUpReview.due_on, FollowUpReview.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total or 0


def is_overdue(action: ImplementationAction, today: date | None = None) -> bool:
    """Past its due date and neither done nor dropped."""
    today = today or local_today()
    return action.due_on is not None and action.due_on < today and not action.status.is_closed
