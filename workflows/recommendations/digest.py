""" "Hvad blev der af vores anbefalinger?": the status of a committee's recommendations, for the
public page and the periodic digest to former members and followers.

Time is cut into periods of RECOMMENDATIONS_DIGEST_DAYS days counted from EPOCH. In period p
a committee's digest tells what happened in period p-1 (a recommendation put on an agenda,
decisions recorded, progress updates written), and only if something did. The notices' keys
name the committee, the period and the person, so running the task twice in a period sends
nothing twice; a committee that has been dissolved or evaluated keeps getting digests as long
as something happens.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import (
    ActionStatus,
    Committee,
    Decision,
    DecisionState,
    Follow,
    ImplementationAction,
    Notice,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
    User,
)
from committees.models.base import local_today
from committees.models.notice import Addressee
from workflows import notices
from workflows.notices import NoticeKind, register
from workflows.recommendations import follows
from workflows.recommendations.audience import members_ever

EPOCH = date(2024, 1, 1)
KIND = "recommendations_digest"


@dataclass
class Status:
    """Where one recommendation stands: its decision state, latest decision and progress."""

    rec: Recommendation
    latest: Decision | None
    done: int
    total: int
    progress: int | None  # average progress of the actions not dropped, None without actions

    def as_context(self) -> dict:
        return {
            "number": self.rec.number,
            "title": self.rec.title,
            "state": self.rec.decision_state.name,
            "done": self.done,
            "total": self.total,
            "progress": self.progress,
        }


def status_of(rec: Recommendation) -> Status:
    """The status of a recommendation whose decisions and actions are loaded."""
    latest = rec.decisions[-1] if rec.decisions else None
    live = [a for a in rec.actions if a.status is not ActionStatus.dropped]
    done = sum(1 for a in live if a.status is ActionStatus.done)
    progress = round(sum(a.progress for a in live) / len(live)) if live else None
    return Status(rec, latest, done, len(live), progress)


def public_recommendations(committee_id: int):
    """The select of a committee's public recommendations, in number order, eagerly loaded."""
    return (
        db.select(Recommendation)
        .where(
            Recommendation.committee_id == committee_id,
            Recommendation.public_since.is_not(None),
            Recommendation.status != RecommendationStatus.withdrawn,
        )
        .options(
            selectinload(Recommendation.decisions).selectinload(Decision.body),
            selectinload(Recommendation.actions),
        )
        .order_by(Recommendation.number)
    )


# --- periods ----------------------------------------------------------------------------------


def period_of(day: date) -> int:
    """The number of the digest period a day falls in."""
    return (day - EPOCH).days // current_app.config["RECOMMENDATIONS_DIGEST_DAYS"]


def period_start(period: int) -> datetime:
    """The first moment of a period (midnight UTC)."""
    days = period * current_app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    return datetime.combine(EPOCH + timedelta(days=days), time(), tzinfo=UTC)


def _something_happened(committee_id: int, since: datetime, until: datetime) -> bool:
    decided = (
        db.select(Decision.id)
        .join(Recommendation)
        .where(
            Recommendation.committee_id == committee_id,
            Decision.recorded_at >= since,
            Decision.recorded_at < until,
        )
    )
    updated = (
        db.select(ProgressUpdate.id)
        .join(ImplementationAction)
        .join(Recommendation)
        .where(
            Recommendation.committee_id == committee_id,
            ProgressUpdate.created_at >= since,
            ProgressUpdate.created_at < until,
        )
    )
    listed = db.select(Recommendation.id).where(  # put on an agenda (it became public)
        Recommendation.committee_id == committee_id,
        Recommendation.public_since >= since,
        Recommendation.public_since < until,
    )
    happened = decided.exists() | updated.exists() | listed.exists()
    return bool(db.session.scalar(db.select(happened)))


def _handed_over_committees() -> list[Committee]:
    ids = db.select(Recommendation.committee_id).where(
        (Recommendation.status == RecommendationStatus.handed_over)
        | (Recommendation.decision_state != DecisionState.not_handed_over)
    )
    return list(
        db.session.scalars(db.select(Committee).where(Committee.id.in_(ids)).order_by(Committee.id))
    )


# --- the notice -------------------------------------------------------------------------------


def _summary(ctx: dict) -> str:
    items = ctx.get("items", [])
    decided = sum(1 for i in items if DecisionState[i["state"]].is_final)
    return ngettext(
        "%(num)d anbefaling, heraf %(decided)s afgjort politisk.",
        "%(num)d anbefalinger, heraf %(decided)s afgjort politisk.",
        len(items),
        decided=decided,
    )


def _lines(n: Notice) -> dict:
    """Labels in the recipient's language, and the unsubscribe link for an e-mail follower."""
    extra = {}
    follow_id = n.context.get("follow_id")
    if follow_id:
        extra.update(follows.unsubscribe_context(db.session.get(Follow, follow_id)))
    with force_locale(n.addressee.locale):
        extra["lines"] = [
            {**item, "state_label": DecisionState[item["state"]].label}
            for item in n.context.get("items", [])
        ]
    return extra


register(
    NoticeKind(
        KIND,
        _l("Hvad blev der af udvalgets anbefalinger (periodisk overblik)"),
        title=lambda ctx: _(
            "Hvad blev der af vores anbefalinger? %(committee)s", committee=ctx["committee"]
        ),
        body=_summary,
        endpoint="recommendations.public_index",
        template="recommendations_digest",
        late_context=_lines,
    )
)


def _items(committee: Committee) -> list[dict]:
    recs = db.session.scalars(public_recommendations(committee.id))
    return [status_of(r).as_context() for r in recs]


def send_committee_digest(committee: Committee, period: int) -> int:
    """Write the digest notices of one committee for one period (none if nothing happened)."""
    if not _something_happened(committee.id, period_start(period - 1), period_start(period)):
        return 0
    items = _items(committee)
    if not items:
        return 0
    ctx = {
        "committee": committee.name,
        "period": period,
        "items": items,
        "link": {"committee_id": committee.id},
    }
    sent = 0
    users, addresses = _audience(committee.id)
    for user in users:
        key = notices.dedupe_key(KIND, committee.id, period, "u", user.id)
        sent += bool(
            notices.notify(
                user, KIND, key=key, subject=committee, committee_id=committee.id, context=ctx
            )
        )
    for f in addresses:
        to = Addressee(email=f.email, name=f.email, locale=f.locale)
        key = notices.dedupe_key(KIND, committee.id, period, "e", f.id)
        sent += bool(
            notices.notify(
                to,
                KIND,
                key=key,
                subject=committee,
                committee_id=None,
                context={**ctx, "follow_id": f.id},
            )
        )
    return sent


def _audience(committee_id: int) -> tuple[list[User], list[Follow]]:
    """Members past and present and followers with an account (once each), and e-mail follows."""
    users: dict[int, User] = {u.id: u for u in members_ever(committee_id)}
    addresses: list[Follow] = []
    for f in _committee_followers(committee_id):
        if f.user_id is not None and f.user is not None and f.user.active:
            users.setdefault(f.user_id, f.user)
        elif f.email:
            addresses.append(f)
    return list(users.values()), addresses


def _committee_followers(committee_id: int) -> list[Follow]:
    return list(
        db.session.scalars(
            db.select(Follow)
            .where(Follow.committee_id == committee_id, Follow.confirmed_at.is_not(None))
            .options(selectinload(Follow.user))
            .order_by(Follow.id)
        )
    )


def send_digests(today: date | None = None) -> int:
    """Every committee with handed-over recommendations: its digest for the current period.

    One commit per committee; the keys make a second run in the same period a no-op.
    """
    period = period_of(today or local_today())
    sent = 0
    for committee in _handed_over_committees():
        sent += send_committee_digest(committee, period)
        db.session.commit()
    return sent
