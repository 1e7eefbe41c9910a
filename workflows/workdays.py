"""Danish working days (hverdage): weekends, public holidays and the municipality's closing days.

Deadlines are counted in working days in Copenhagen local time, then stored in UTC.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays
from flask import has_app_context

from committees.models.base import LOCAL_TZ
from committees.site import municipality

DEFAULT_CLOSING_DAYS = frozenset({(12, 24), (12, 31)})
Closing = frozenset  # of (month, day) every year and of single dates


def _closing_days() -> Closing:
    """The municipality's closing days, from its settings row (Opsætning)."""
    if not has_app_context():
        return DEFAULT_CLOSING_DAYS
    m = municipality()
    return frozenset(m.yearly_closing_days) | m.single_closing_days


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    # The holidays package knows that Store Bededag stopped being a holiday from 2024.
    return frozenset(holidays.Denmark(years=year))


def is_working_day(day: date, closing: Closing | None = None) -> bool:
    """Monday–Friday, not a Danish public holiday, not a municipal closing day."""
    closing = _closing_days() if closing is None else closing
    return (
        day.weekday() < 5
        and day not in _public_holidays(day.year)
        and (day.month, day.day) not in closing
        and day not in closing
    )


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start` (before it when n < 0); n == 0 rolls forward."""
    closing = _closing_days()
    step = 1 if n >= 0 else -1
    day = start
    remaining = abs(n)
    limit = start + timedelta(days=step * (abs(n) * 7 + 3660))  # never loop forever
    if remaining == 0:
        while not is_working_day(day, closing) and day != limit:
            day += timedelta(days=1)
        return day
    while remaining and day != limit:
        day += timedelta(days=step)
        if is_working_day(day, closing):
            remaining -= 1
    return day


def working_days_before(anchor: date, n: int) -> date:
    """'At the latest N working days before': always a working day, never after the anchor."""
    return add_working_days(anchor, -n)


def working_days_after(anchor: date, n: int) -> date:
    """'Within N working days after': always a working day, never before the anchor."""
    return add_working_days(anchor, n)


def local_moment(day: date, at: time) -> datetime:
    """`day` at local Copenhagen time `at`, as an aware UTC datetime (DST-correct)."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


def local_date(moment: datetime) -> date:
    """The Copenhagen calendar day of a UTC moment."""
    return moment.astimezone(LOCAL_TZ).date()
