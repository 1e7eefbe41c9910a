"""Import a political body's meeting dates from an iCalendar file (RFC 5545), the format the
municipal agenda systems publish, into the council calendar (council_calendar.py).

A meeting's date is the Copenhagen calendar day of its DTSTART: an all-day DATE as it is, a time
with a zone (TZID, a VTIMEZONE in the file, or UTC "Z") converted, a floating time read as
Copenhagen time. Cancelled events, dates already in the calendar and dates in the past are skipped
and counted. A repeating event is expanded up to HORIZON_DAYS ahead when its rule is one of the
plain shapes in SIMPLE_PARTS; any other rule is skipped and counted, because dateutil would search
up to the year 9999 for a rule that never or hardly ever matches, for seconds per event.
The file is trusted by its content, not its name: text, a VCALENDAR, within the limits below.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

from dateutil.rrule import rrulestr
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from icalendar import Calendar, Component, vRecur
from sqlalchemy.exc import IntegrityError

from committees.extensions import db
from committees.models import CouncilMeeting, PoliticalBody, User
from committees.models.base import LOCAL_TZ, local_today
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, atomic

MAX_BYTES = 1024 * 1024
MAX_EVENTS = 1000
MAX_DATES = 5000  # after repeating events are expanded (past occurrences included)
HORIZON_DAYS = 730  # repeating events are expanded two years ahead
NOTE_LENGTH = CouncilMeeting.__table__.c.note.type.length
# What a malformed file makes the parser, a broken property or dateutil raise (icalendar's own
# errors are ValueErrors, but a damaged VTIMEZONE gives an AttributeError).
BAD_DATA = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
)
VEVENT_LINE = re.compile(r"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)
CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
WEEKDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
# The rule parts (besides FREQ, INTERVAL, COUNT, UNTIL, WKST) each frequency may use here. With
# them, and the limits in _simple_rule, every period has an occurrence, so expanding stops soon.
SIMPLE_PARTS = {
    "DAILY": frozenset(),
    "WEEKLY": frozenset({"BYDAY"}),
    "MONTHLY": frozenset({"BYDAY", "BYMONTHDAY"}),
    "YEARLY": frozenset({"BYMONTH", "BYDAY", "BYMONTHDAY"}),
}
ALWAYS_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST"})

REFUSALS = {
    "empty": _l("Filen er tom."),
    "size": _l("Filen er for stor. En iCalendar-fil må højst fylde %(mb)s MB."),
    "type": _l(
        "Filen er ikke en iCalendar-fil. Vælg den .ics-fil, som dagsordenssystemet udgiver."
    ),
    "broken": _l("Filen kunne ikke læses som en iCalendar-fil. Den er måske beskadiget."),
    "no_events": _l("Filen indeholder ingen møder."),
    "events": _l("Filen indeholder mere end %(n)s møder. Hent en kortere periode ad gangen."),
    "dates": _l(
        "De gentagne møder i filen giver mere end %(n)s mødedatoer. "
        "Hent en kortere periode ad gangen."
    ),
}


class FileRefused(NotAllowed):
    """The file cannot be imported: not iCalendar, empty, too large, or without events."""


def refused(reason: str) -> FileRefused:
    """The refusal for a file, in the user's language."""
    values = {"mb": format_decimal(MAX_BYTES / (1024 * 1024)), "n": format_decimal(MAX_EVENTS)}
    if reason == "dates":
        values["n"] = format_decimal(MAX_DATES)
    return FileRefused(str(REFUSALS[reason]) % values)


@dataclass
class ImportResult:
    """What an import did: the dates added and how many were skipped, and why."""

    added: list[date] = field(default_factory=list)
    already: int = 0  # in the calendar already, or twice in the file
    past: int = 0
    cancelled: int = 0
    unsupported: int = 0  # repeating events whose rule is not expanded
    undated: int = 0  # events without a usable DTSTART


@dataclass
class _Found:
    """The dates read from the file (with their notes), before the calendar is consulted."""

    dates: list[tuple[date, str]] = field(default_factory=list)
    cancelled: int = 0
    unsupported: int = 0
    undated: int = 0

    def extend(self, days: list[date], note: str) -> None:
        self.dates.extend((day, note) for day in days)
        if len(self.dates) > MAX_DATES:
            raise refused("dates")


def active_bodies() -> list[PoliticalBody]:
    """The bodies a file can be imported for, by name."""
    stmt = db.select(PoliticalBody).where(PoliticalBody.active.is_(True))
    return list(db.session.scalars(stmt.order_by(PoliticalBody.name)))


# --- reading the file ---------------------------------------------------------------------------


def _text(data: bytes) -> str:
    """The file as text: UTF-8 as RFC 5545 says, Windows-1252 from older Danish systems."""
    if not data:
        raise refused("empty")
    if len(data) > MAX_BYTES:
        raise refused("size")
    if b"\x00" in data:
        raise refused("type")  # NUL bytes: a binary file, whatever its name says
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(data: bytes) -> list[Component]:
    """The VEVENTs of an iCalendar file, or FileRefused with the reason."""
    text = _text(data)
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise refused("type")
    if len(VEVENT_LINE.findall(text)) > MAX_EVENTS:
        raise refused("events")  # counted before parsing: parsing is the slow part
    try:
        calendar = Calendar.from_ical(text)
        events = calendar.walk("VEVENT") if calendar.name == "VCALENDAR" else None
    except BAD_DATA as error:
        raise refused("broken") from error
    if events is None:
        raise refused("broken")
    if not events:
        raise refused("no_events")
    if len(events) > MAX_EVENTS:
        raise refused("events")
    return events


def local_day(value: date) -> date:
    """The Copenhagen calendar day of a DATE or DATE-TIME (a floating time is Copenhagen time)."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        return value.date()
    return value.astimezone(LOCAL_TZ).date()


def _first(event: Component, name: str) -> Any:
    value = event.get(name)
    return value[0] if isinstance(value, list) and value else value


def _start(event: Component) -> date | None:
    """DTSTART as a date or datetime, or None when it is missing or unreadable."""
    prop = _first(event, "DTSTART")
    try:
        value = prop.dt if prop is not None else None
        if isinstance(value, date):
            local_day(value)  # a time at the very edge of the calendar overflows here
            return value
    except BAD_DATA:
        pass
    return None


def _note(event: Component) -> str:
    """The event's SUMMARY as one clean line, trimmed to the length of a calendar note."""
    summary = _first(event, "SUMMARY")
    text = CONTROL.sub(" ", str(summary)) if summary is not None else ""
    return " ".join(text.split())[:NOTE_LENGTH]


def _cancelled(event: Component) -> bool:
    return str(_first(event, "STATUS") or "").strip().upper() == "CANCELLED"


def _moved(events: list[Component]) -> dict[str, set[date]]:
    """Per UID, the original days of occurrences that an event with RECURRENCE-ID replaces."""
    moved: dict[str, set[date]] = {}
    for event in events:
        rid, uid = _first(event, "RECURRENCE-ID"), _first(event, "UID")
        try:
            if rid is not None and uid is not None:
                moved.setdefault(str(uid), set()).add(local_day(rid.dt))
        except BAD_DATA:
            continue
    return moved


# --- repeating events ---------------------------------------------------------------------------


def _simple_rule(rule: vRecur, start: date) -> bool:
    """A rule of a shape that matches in every period (SIMPLE_PARTS), so expanding ends soon."""
    freq = str(rule["FREQ"][0]).upper()
    parts = set(rule) - ALWAYS_PARTS
    if freq not in SIMPLE_PARTS or not parts <= SIMPLE_PARTS[freq]:
        return False
    if {"BYDAY", "BYMONTHDAY"} <= parts or {"COUNT", "UNTIL"} <= set(rule):
        return False
    # INTERVAL=0 makes dateutil search one period for ever, a huge one walks month by month.
    if not 1 <= int(rule.get("INTERVAL", [1])[0]) <= 1000 or int(rule.get("COUNT", [1])[0]) < 1:
        return False
    if freq == "YEARLY" and parts and "BYMONTH" not in parts:
        return False  # BYDAY=20MO counted through the year: not a meeting pattern
    if freq == "YEARLY" and parts == {"BYMONTH"} and start.day > 28:
        return False  # the 30th in February never comes
    ordinals = []
    for day in rule.get("BYDAY", []):
        match = WEEKDAY.fullmatch(str(day).upper())
        if match is None:
            return False
        ordinals.append(int(match.group(1) or 0))
    if freq == "WEEKLY" and any(ordinals):
        return False
    monthdays = [int(d) for d in rule.get("BYMONTHDAY", [])]
    return all(abs(n) <= 4 for n in ordinals) and all(1 <= abs(d) <= 28 for d in monthdays)


def _until(value: date, dtstart: datetime) -> datetime:
    """UNTIL in the form dateutil wants: aware exactly when DTSTART is."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time.max, tzinfo=dtstart.tzinfo)
    if dtstart.tzinfo is None and value.tzinfo is not None:
        return value.astimezone(LOCAL_TZ).replace(tzinfo=None)
    if dtstart.tzinfo is not None and value.tzinfo is None:
        return value.replace(tzinfo=dtstart.tzinfo)
    return value


def _expand(rule: vRecur, start: date, horizon: date) -> list[date]:
    """The days the rule gives from DTSTART up to the horizon (at most MAX_DATES)."""
    dtstart = start if isinstance(start, datetime) else datetime.combine(start, time())
    text = vRecur({k: v for k, v in rule.items() if k != "UNTIL"}).to_ical().decode()
    recurrence = rrulestr(text, dtstart=dtstart)
    if rule.get("UNTIL"):
        recurrence = recurrence.replace(until=_until(rule["UNTIL"][0], dtstart))
    days: list[date] = []
    for occurrence in islice(recurrence, MAX_DATES + 1):
        day = local_day(occurrence)
        if day > horizon:
            return days
        days.append(day)
    if len(days) > MAX_DATES:
        raise refused("dates")
    return days


def _series(event: Component, start: date, horizon: date, moved: set[date]) -> list[date] | None:
    """The days of a repeating event up to the horizon; None when its rule is not expanded."""
    rules = event.rrules
    if len(rules) > 1 or (rules and not _simple_rule(rules[0], start)):
        return None
    days = {local_day(start)} | {local_day(when) for when, _end in event.rdates}
    if rules:
        days.update(_expand(rules[0], start, horizon))
    days -= {local_day(when) for when in event.exdates} | moved
    return sorted(day for day in days if day <= horizon)


def _repeats(event: Component) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def collect(events: list[Component], today: date, keep_summary: bool) -> _Found:
    """Every date the events give (repeating ones expanded), with the counts of the skipped."""
    found, moved = _Found(), _moved(events)
    horizon = today + timedelta(days=HORIZON_DAYS)
    for event in events:
        start = _start(event)
        if _cancelled(event):
            found.cancelled += 1
        elif start is None:
            found.undated += 1
        elif not _repeats(event) or _first(event, "RECURRENCE-ID") is not None:
            found.extend([local_day(start)], _note(event) if keep_summary else "")
        else:
            try:
                days = _series(event, start, horizon, moved.get(str(_first(event, "UID")), set()))
            except BAD_DATA:
                days = None
            if days is None:
                found.unsupported += 1
            else:
                found.extend(days, _note(event) if keep_summary else "")
    return found


# --- the import ---------------------------------------------------------------------------------


def _sort(
    found: _Found, body: PoliticalBody, today: date
) -> tuple[ImportResult, list[CouncilMeeting]]:
    """Split the found dates into new ones and the counts of those in the past or already there."""
    stmt = db.select(CouncilMeeting.meets_on).where(
        CouncilMeeting.body_id == body.id, CouncilMeeting.meets_on >= today
    )
    taken = set(db.session.scalars(stmt))
    result = ImportResult(
        cancelled=found.cancelled, unsupported=found.unsupported, undated=found.undated
    )
    new: list[CouncilMeeting] = []
    for day, note in sorted(found.dates, key=lambda d: d[0]):
        if day < today:
            result.past += 1
        elif day in taken:
            result.already += 1
        else:
            taken.add(day)
            new.append(CouncilMeeting(body=body, meets_on=day, note=note))
            result.added.append(day)
    return result, new


@atomic
def import_ics(
    body: PoliticalBody, data: bytes, actor: User, keep_summary: bool = False
) -> ImportResult:
    """Add a body's meeting dates from an iCalendar file: audited per date, committed once."""
    if not permissions.can_manage_council_calendar(actor):
        raise PermissionDenied(_("Du har ikke ret til at ændre den politiske kalender."))
    if not body.active:
        raise NotAllowed(_("Det politiske organ er ikke længere aktivt."))
    today = local_today()
    result, new = _sort(collect(parse(data), today, keep_summary), body, today)
    db.session.add_all(new)
    try:
        db.session.flush()
    except IntegrityError as error:  # someone added one of the dates at the same moment
        raise NotAllowed(_("Kalenderen blev ændret imens. Prøv at hente filen igen.")) from error
    for meeting in new:
        audit.record(
            "council_calendar.added",
            meeting,
            actor,
            committee_id=None,
            details={"body": body.name, "meets_on": meeting.meets_on.isoformat(), "source": "ics"},
        )
    db.session.commit()
    return result
