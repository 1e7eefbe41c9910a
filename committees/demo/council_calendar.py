"""Demo data: the political calendar (CouncilMeeting rows 12 months back and 6 ahead) and the
meeting cycles a demo case travels through (standing committee → finance committee → council).
"""

from calendar import monthrange
from datetime import date, timedelta

from flask import current_app

from committees.demo.people import BODIES, BSU, COUNCIL, EBU, FINANCE, KFU, KMU, PBU, SSU
from committees.extensions import db
from committees.models import BodyKind, CouncilMeeting, PoliticalBody
from workflows import workdays
from workflows.recommendations.council_calendar import HandoverPlan, Leads, compute_plan

TUESDAY, WEDNESDAY = 1, 2
FIXED_RULES = {BSU: 1, PBU: 2, KMU: 3, EBU: 4}  # the n-th Tuesday of the month


def _nth(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _rule(day: date) -> int:
    """Which Tuesday of its month `day` is (-1: the last, when it is a fifth one)."""
    return -1 if day.day > 28 else (day.day - 1) // 7 + 1


def _shift(day: date, step: int) -> date:
    while not workdays.is_working_day(day):
        day += timedelta(days=step)
    return day


class Calendar:
    """Meeting dates 12 months back and 6 ahead: standing committees on a Tuesday each month,
    Økonomiudvalget the week before Kommunalbestyrelsen, which meets the last Wednesday (in
    December the week before Christmas). No meetings in July (the summer break), except that
    Kultur- og Fritidsudvalget met last week and Social- og Sundhedsudvalget meets next week,
    whatever the date, so the handed-over committee's story always has them."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.dates: dict[str, list[CouncilMeeting]] = {}
        recent = today - timedelta(days=13)
        soon = today + timedelta(days=2)
        self.rules = dict(FIXED_RULES)
        self.rules[KFU] = _rule(recent + timedelta(days=(TUESDAY - recent.weekday()) % 7))
        self.rules[SSU] = _rule(soon + timedelta(days=(TUESDAY - soon.weekday()) % 7))

    def write(self) -> None:
        """CouncilMeeting rows for every body of the demo."""
        bodies = {b.name: b for b in db.session.scalars(db.select(PoliticalBody))}
        for offset in range(-12, 7):
            index = self.today.year * 12 + self.today.month - 1 + offset
            year, month = divmod(index, 12)
            for name, kind in BODIES:
                day = self.day(name, kind, year, month + 1)
                if month + 1 == 7 and not -14 <= (day - self.today).days <= 10:
                    continue
                row = CouncilMeeting(body=bodies[name], meets_on=day, note=self.note(kind, day))
                db.session.add(row)
                self.dates.setdefault(name, []).append(row)
        db.session.flush()

    def day(self, name: str, kind: BodyKind, year: int, month: int) -> date:
        council = _nth(year, month, WEDNESDAY, -1)
        while month == 12 and council.day > 18:
            council -= timedelta(days=7)
        if kind is BodyKind.council:
            return _shift(council, -1)
        if kind is BodyKind.finance_committee:
            return _shift(council - timedelta(days=7), -1)
        return _shift(_nth(year, month, TUESDAY, self.rules[name]), 1)

    @staticmethod
    def note(kind: BodyKind, day: date) -> str:
        if kind is BodyKind.council and day.month in (9, 10):
            turn = "1." if day.month == 9 else "2."
            return f"{turn} behandling af budget {day.year + 1}"
        return ""

    def of(self, name: str) -> list[CouncilMeeting]:
        return self.dates[name]

    def plan(self, council: CouncilMeeting, parents: list[PoliticalBody]) -> HandoverPlan:
        """The handover plan the handover page would show for this council meeting."""
        finance = [m.body for m in self.of(FINANCE)[:1]]
        meetings = [m for rows in self.dates.values() for m in rows]
        return compute_plan(council, parents, finance, meetings, Leads.from_config(), self.today)

    def target(self, handed_over: date, parents: list[PoliticalBody]) -> CouncilMeeting:
        """The first council meeting the handover is in time for."""
        return next(
            k for k in self.of(COUNCIL) if self.plan(k, parents).latest_handover_on >= handed_over
        )

    def cycle(self, standing: str, after: date, council: CouncilMeeting) -> tuple:
        """(standing meeting, finance meeting, council meeting) from `council` on, with the
        standing committee meeting after `after` and its lead time before the council."""
        lead = current_app.config["HANDOVER_LEAD_STANDING_DAYS"]
        for k in (k for k in self.of(COUNCIL) if k.meets_on >= council.meets_on):
            limit = workdays.working_days_before(k.meets_on, lead)
            s = [m for m in self.of(standing) if after < m.meets_on <= limit]
            f = [m for m in self.of(FINANCE) if s and s[0].meets_on < m.meets_on < k.meets_on]
            if s and f:
                return s[0], f[-1], k
        raise LookupError(standing)

    def next_cycle(self, previous: tuple) -> tuple:
        """The next finance and council meetings after a postponement."""
        _s, f, k = previous
        k2 = next(m for m in self.of(COUNCIL) if m.meets_on > k.meets_on)
        f2 = [m for m in self.of(FINANCE) if f.meets_on < m.meets_on < k2.meets_on][-1]
        return previous[0], f2, k2
