"""Follow-up reviews: 3, 6 and 12 months (config FOLLOW_UP_MONTHS) after the final decision."""

from datetime import date

from flask import current_app

from committees.extensions import db
from committees.models import FollowUpReview, Recommendation


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
    """Create (or move) the open reviews of a recommendation approved on `decided_on`."""
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
