"""Follow-up reviews: 3, 6 and 12 months (config FOLLOW_UP_MONTHS) after the final decision,
and their reminders (policies in the notices engine).

The reminders are about a committee's open reviews, whatever the committee's phase, so they
keep coming after it is dissolved and evaluated: "followup_update_due" 5 working days before a
review is due, "followup_update_overdue" 3 working days after, to the named contacts of the
recommendation's open actions, else to the committee's staff.
"""

from datetime import date

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    Committee,
    FollowUpReview,
    Notice,
    Recommendation,
    User,
)
from workflows import reminders
from workflows.notice_kinds import _staff_for
from workflows.notices import NoticeKind, register

# The internal recommendation page, which shows the actions panel.
ENDPOINT = "recommendations.show"


def add_months(day: date, months: int) -> date:
    """The same day N months later, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def schedule_reviews(rec: Recommendation, decided_on: date) -> None:
    """Create (or move) the open reviews of a recommendation approved on `decided_on`.

    The caller commits; call plan_reviews(rec) after this so the reminders follow.
    """
    months = tuple(current_app.config["FOLLOW_UP_MONTHS"])
    existing = {r.months: r for r in rec.reviews}
    for m in months:
        due = add_months(decided_on, m)
        review = existing.get(m)
        if review is None:
            rec.reviews.append(FollowUpReview(months=m, due_on=due))
        elif not review.is_done:
            review.due_on = due
    db.session.flush()


def plan_reviews(rec: Recommendation) -> None:
    """Bring the reminders of the recommendation's committee in line (the caller commits)."""
    reminders.plan(rec.committee)


# --- reminders ---------------------------------------------------------------------------------


def open_reviews(committee: Committee) -> list[FollowUpReview]:
    """The committee's reviews not yet done, in any phase of the committee (one query)."""
    return list(
        db.session.scalars(
            db.select(FollowUpReview)
            .join(Recommendation, Recommendation.id == FollowUpReview.recommendation_id)
            .where(Recommendation.committee_id == committee.id, FollowUpReview.done_at.is_(None))
            .order_by(FollowUpReview.due_on, FollowUpReview.id)
        )
    )


def review_recipients(committee: Committee, review: FollowUpReview) -> list[User]:
    """The active named contacts of the open actions, else the committee's staff."""
    seen: dict[int, User] = {}
    for action in review.recommendation.actions:
        contact = action.contact
        if contact is not None and contact.active and not action.status.is_closed:
            seen.setdefault(contact.id, contact)
    return list(seen.values()) or _staff_for(committee)


def _context(committee: Committee, review: FollowUpReview) -> dict:
    rec = review.recommendation
    return {
        "committee": committee.name,
        "number": rec.number,
        "title": rec.title,
        "months": review.months,
        "link": {"committee_id": committee.id, "number": rec.number},
    }


def _review_still_open(n: Notice) -> bool:
    review = db.session.get(FollowUpReview, n.subject_id) if n.subject_type else None
    return (
        review is not None
        and not review.is_done
        and review.due_on.isoformat() == n.context.get("anchor")
    )


def _due(ctx: dict) -> str:
    return format_date(date.fromisoformat(ctx["anchor"]), "long")


register(
    NoticeKind(
        "followup_update_due",
        _l("Påmindelse: status på en anbefaling skal opdateres"),
        title=lambda ctx: _(
            "%(committee)s, anbefaling %(number)s: opfølgning senest %(date)s",
            committee=ctx["committee"],
            number=ctx["number"],
            date=_due(ctx),
        ),
        body=lambda ctx: _(
            "Opfølgningen %(months)s måneder efter beslutningen om »%(title)s« er snart. "
            "Skriv en statusopdatering på handlingerne.",
            months=ctx["months"],
            title=ctx["title"],
        ),
        endpoint=ENDPOINT,
        needs_action=True,
        own_deadline=True,
        still_true=_review_still_open,
    )
)
register(
    NoticeKind(
        "followup_update_overdue",
        _l("Påmindelse: status på en anbefaling mangler"),
        title=lambda ctx: _(
            "%(committee)s, anbefaling %(number)s: opfølgningen fra %(date)s mangler",
            committee=ctx["committee"],
            number=ctx["number"],
            date=_due(ctx),
        ),
        body=lambda ctx: _(
            "Opfølgningen %(months)s måneder efter beslutningen om »%(title)s« er overskredet. "
            "Skriv en statusopdatering på handlingerne.",
            months=ctx["months"],
            title=ctx["title"],
        ),
        endpoint=ENDPOINT,
        needs_action=True,
        own_deadline=True,
        still_true=_review_still_open,
    )
)
for _kind, _offsets in (("followup_update_due", (-5,)), ("followup_update_overdue", (3,))):
    reminders.register(
        reminders.ReminderSpec(
            kind=_kind,
            subjects=open_reviews,
            anchor=lambda r: r.due_on,
            recipients=review_recipients,
            default_offsets=_offsets,
            context=_context,
        )
    )
