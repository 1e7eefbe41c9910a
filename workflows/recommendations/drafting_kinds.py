"""Notice kinds of drafting (comment window opened, commented, set endorsed) and the reminder
before the comment deadline, for members who have not commented yet."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    Committee,
    Meeting,
    Notice,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    User,
)
from committees.models.base import local_today
from workflows import reminders
from workflows.notices import NoticeKind, register

S = RecommendationStatus


def current_members(committee: Committee) -> list[User]:
    """Active accounts holding a seat today (any role)."""
    today = local_today()
    return [m.user for m in committee.active_memberships(today) if m.user.active]


# --- notice kinds and the comment-deadline reminder ------------------------------------------


def context(rec: Recommendation) -> dict:
    """What the notices about one recommendation say."""
    ctx = {
        "committee": rec.committee.name,
        "number": rec.number,
        "title": rec.title,
        "link": {"committee_id": rec.committee_id, "number": rec.number},
    }
    if rec.comment_deadline is not None:
        ctx["deadline"] = rec.comment_deadline.isoformat()
    return ctx


def set_context(committee: Committee, meeting: Meeting, count: int) -> dict:
    """What the notice of an endorsed set says."""
    return {
        "committee": committee.name,
        "count": count,
        "meeting": meeting.title,
        "date": meeting.local_date.isoformat(),
        "link": {"committee_id": committee.id},
    }


def _day(ctx: dict, key: str) -> str:
    return format_date(date.fromisoformat(ctx[key]), "long") if ctx.get(key) else ""


def _rec(n: Notice) -> Recommendation | None:
    return db.session.get(Recommendation, n.subject_id) if n.subject_id else None


def has_commented(rec_id: int, user_id: int | None) -> bool:
    """The person has written a comment on this recommendation."""
    return user_id is not None and bool(
        db.session.scalar(
            db.select(RecommendationComment.id)
            .where(
                RecommendationComment.recommendation_id == rec_id,
                RecommendationComment.author_id == user_id,
            )
            .limit(1)
        )
    )


def _window_still_open(n: Notice, key: str = "deadline") -> bool:
    rec = _rec(n)
    return (
        rec is not None
        and rec.status is S.commenting
        and rec.comment_deadline is not None
        and rec.comment_deadline.isoformat() == n.context.get(key)
    )


def _still_not_commented(n: Notice) -> bool:
    return _window_still_open(n, "anchor") and not has_commented(n.subject_id, n.recipient_id)


def _still_draft(n: Notice) -> bool:
    rec = _rec(n)
    return rec is not None and rec.status.editable


SHOW = {"endpoint": "recommendations.show"}

register(
    NoticeKind(
        "recommendation_comments_open",
        _l("Anbefaling til kommentering"),
        title=lambda ctx: _(
            "Kommentér anbefaling %(number)s fra %(committee)s senest %(date)s",
            number=ctx["number"],
            committee=ctx["committee"],
            date=_day(ctx, "deadline"),
        ),
        body=lambda ctx: _(
            "Udkastet »%(title)s« er klar til kommentarer fra udvalgets medlemmer.",
            title=ctx["title"],
        ),
        still_true=_window_still_open,
        **SHOW,
    )
)
register(
    NoticeKind(
        "recommendation_comment_deadline",
        _l("Påmindelse: kommentarfrist for en anbefaling"),
        title=lambda ctx: _(
            "Påmindelse: kommentér anbefaling %(number)s senest %(date)s",
            number=ctx["number"],
            date=_day(ctx, "anchor"),
        ),
        body=lambda ctx: _(
            "%(committee)s har sendt »%(title)s« til kommentering. Du har ikke kommenteret endnu.",
            committee=ctx["committee"],
            title=ctx["title"],
        ),
        still_true=_still_not_commented,
        **SHOW,
    )
)
register(
    NoticeKind(
        "recommendation_commented",
        _l("Kommentar til en anbefaling"),
        title=lambda ctx: _(
            "%(name)s har kommenteret anbefaling %(number)s", name=ctx["name"], number=ctx["number"]
        ),
        body=lambda ctx: _(
            "»%(title)s«, %(committee)s.", title=ctx["title"], committee=ctx["committee"]
        ),
        still_true=_still_draft,
        **SHOW,
    )
)
register(
    NoticeKind(
        "recommendations_endorsed",
        _l("Udvalget har vedtaget sine anbefalinger"),
        title=lambda ctx: _(
            "%(committee)s har vedtaget %(count)s anbefalinger",
            committee=ctx["committee"],
            count=ctx["count"],
        ),
        body=lambda ctx: _(
            "Anbefalingerne blev vedtaget på mødet %(meeting)s den %(date)s.",
            meeting=ctx["meeting"],
            date=_day(ctx, "date"),
        ),
        endpoint="recommendations.index",
    )
)


def in_commenting(committee: Committee) -> list[Recommendation]:
    """The committee's recommendations out for comments (the reminder's subjects)."""
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .where(
                Recommendation.committee_id == committee.id,
                Recommendation.status == S.commenting,
                Recommendation.comment_deadline.is_not(None),
            )
            .order_by(Recommendation.number)
        )
    )


def not_commented(committee: Committee, rec: Recommendation) -> list[User]:
    """Current members who have not commented on the recommendation."""
    done = set(
        db.session.scalars(
            db.select(RecommendationComment.author_id).where(
                RecommendationComment.recommendation_id == rec.id
            )
        )
    )
    return [u for u in current_members(committee) if u.id not in done]


reminders.register(
    reminders.ReminderSpec(
        kind="recommendation_comment_deadline",
        subjects=in_commenting,
        anchor=lambda rec: rec.comment_deadline,
        recipients=not_commented,
        default_offsets=(-1,),
        context=lambda _c, rec: context(rec),
    )
)
