"""What the meeting-load pages show: a person's meetings week by week, and for the
secretariat the people with the most meetings and every clash in a period.

Weeks are ISO 8601 weeks, the Danish week numbers: Monday to Sunday in Copenhagen, and a
meeting belongs to the week of the local day it starts on.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from committees.models import User
from committees.models.base import local_today
from workflows.meetings.load import Agenda, Clash, Entry, agenda_of, agendas

WEEKS = 8  # how many weeks a page shows
TOP_PEOPLE = 20  # rows in the secretariat's "most meetings" table
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")


def monday_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def parse_week(text: str | None) -> date | None:
    """The Monday of an ISO week written 2026-W50; None when missing or not a real week."""
    match = _WEEK.match((text or "").strip())
    if not match:
        return None
    year, week = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2100:
        return None
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:  # week 0, or week 53 of a year that has 52
        return None


def week_param(monday: date) -> str:
    """2026-W50: how a week is written in the page's address."""
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class Row:
    """One meeting on a person's week, with the meetings it clashes with."""

    entry: Entry
    clashes_with: list[Entry]


@dataclass
class Week:
    """One ISO week of a person's meetings."""

    monday: date
    rows: list[Row] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.monday.isocalendar()[1]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def clash_count(self) -> int:
        return sum(1 for r in self.rows if r.clashes_with)


@dataclass
class Period:
    """WEEKS weeks from a Monday, and the neighbouring periods for the navigation."""

    first: date
    weeks: int = WEEKS

    @classmethod
    def starting(cls, week: str | None) -> "Period":
        """The period from the asked week, or from this week when none (or nonsense) is asked."""
        return cls(parse_week(week) or monday_of(local_today()))

    @property
    def last(self) -> date:
        return self.first + timedelta(days=7 * self.weeks - 1)

    @property
    def param(self) -> str:
        return week_param(self.first)

    @property
    def previous(self) -> str:
        return week_param(self.first - timedelta(days=7 * self.weeks))

    @property
    def next(self) -> str:
        return week_param(self.first + timedelta(days=7 * self.weeks))

    @property
    def is_current(self) -> bool:
        return self.first == monday_of(local_today())


def weeks_of(agenda: Agenda, period: Period) -> list[Week]:
    """The person's meetings grouped per week of the period; empty weeks included."""
    weeks = [Week(period.first + timedelta(days=7 * n)) for n in range(period.weeks)]
    by_monday = {w.monday: w for w in weeks}
    for entry in agenda.entries:
        week = by_monday.get(monday_of(entry.local_day), weeks[0])
        week.rows.append(Row(entry, agenda.clashing_with(entry)))
    return weeks


def person_load(user: User, period: Period) -> tuple[Agenda, list[Week]]:
    """A person's meetings and clashes in the period, and the same per week."""
    agenda = agenda_of(user, period.first, period.last)
    return agenda, weeks_of(agenda, period)


@dataclass
class ClashPair:
    """Two meetings at overlapping times, and everyone who has both."""

    entry: Entry
    other: Entry
    people: list[User]


@dataclass
class Overview:
    """The secretariat's view of a period: the busiest people and every clash."""

    busiest: list[Agenda]
    pairs: list[ClashPair]
    people_with_meetings: int


def _pairs(clashes: list[Clash]) -> list[ClashPair]:
    grouped: dict[tuple[str, str], ClashPair] = {}
    for clash in clashes:
        key = (clash.entry.key, clash.other.key)
        pair = grouped.setdefault(key, ClashPair(clash.entry, clash.other, []))
        pair.people.append(clash.person)
    return sorted(grouped.values(), key=lambda p: (p.entry.starts_at, p.other.starts_at))


def overview(period: Period, top: int = TOP_PEOPLE) -> Overview:
    """Everyone's meetings in the period: the `top` with the most, and the clashes."""
    everyone = agendas(period.first, period.last)
    busiest = sorted(
        everyone, key=lambda a: (-len(a.entries), -len(a.clashes), a.person.name.lower())
    )[:top]
    clashes = [c for a in everyone for c in a.clashes]
    return Overview(busiest, _pairs(clashes), len(everyone))
