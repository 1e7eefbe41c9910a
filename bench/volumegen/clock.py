"""Dates for the generator: today, now, Danish working days and local times stored in UTC.

The working days of the whole window are computed once (the app's own rule, with the
municipality's closing days), so counting N working days is an index lookup.
"""

import bisect
from datetime import UTC, date, datetime, time, timedelta

from committees.models.base import LOCAL_TZ
from workflows import workdays

YEARS_BACK = 12
YEARS_AHEAD = 3


class Clock:
    """Working-day arithmetic over a fixed window around today."""

    def __init__(self, today: date, now: datetime, closing: frozenset) -> None:
        self.today = today
        self.now = now
        first = today - timedelta(days=365 * YEARS_BACK)
        last = today + timedelta(days=365 * YEARS_AHEAD)
        span = (last - first).days
        days = (first + timedelta(days=i) for i in range(span))
        self.workdays = [d for d in days if workdays.is_working_day(d, closing)]
        self.index = {d: i for i, d in enumerate(self.workdays)}

    def day(self, offset: int) -> date:
        """Today plus `offset` calendar days."""
        return self.today + timedelta(days=offset)

    def on_or_after(self, d: date) -> date:
        """The first working day on or after `d`."""
        return self.workdays[bisect.bisect_left(self.workdays, d)]

    def on_or_before(self, d: date) -> date:
        """The last working day on or before `d`."""
        return self.workdays[bisect.bisect_right(self.workdays, d) - 1]

    def shift(self, d: date, n: int) -> date:
        """`n` working days after `d` (before it when negative), as workflows.workdays counts."""
        if n >= 0:
            base = bisect.bisect_right(self.workdays, d) - 1
            return self.workdays[base + n] if n else self.on_or_after(d)
        return self.workdays[bisect.bisect_left(self.workdays, d) + n]

    def meeting_day(self, d: date) -> date:
        """A working day Monday to Thursday on or after `d` (meetings are not on Fridays)."""
        d = self.on_or_after(d)
        while d.weekday() == 4:
            d = self.on_or_after(d + timedelta(days=1))
        return d

    @staticmethod
    def at(d: date, hour: int, minute: int = 0) -> datetime:
        """`d` at a local Copenhagen time, as an aware UTC datetime."""
        return datetime.combine(d, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)

    @staticmethod
    def local_day(moment: datetime) -> date:
        """The Copenhagen calendar day of a UTC moment."""
        return moment.astimezone(LOCAL_TZ).date()

    def past(self, moment: datetime) -> datetime:
        """`moment`, or a little before now if it lies ahead (history never happens later)."""
        return min(moment, self.now - timedelta(minutes=5))
