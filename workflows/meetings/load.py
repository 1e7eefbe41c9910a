"""Meeting load and clashes: a person's meetings across every committee and the council
calendar, and who a meeting being planned would clash for.

What counts as a person's meeting:
- a committee meeting they are invited to (workflows.meetings.invitees' rule: a membership in an
  invited role running on the meeting's day, and a seat in the working group when only a group
  is invited), unless it is cancelled; named guests are not counted (they have no membership);
- a date in the council calendar (CouncilMeeting) of a political body they sit on. The calendar
  holds a date and no time, so a political meeting counts as the whole day in Copenhagen:
  any committee meeting that day clashes with it.

Two meetings clash when their times overlap; one that ends when the other begins does not. Two
political meetings are never reported as a clash: the council calendar is the municipality's
own plan, not the task committees'.

Every function loads with a fixed number of queries (at most six), however many people,
committees or meetings there are.
"""

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import joinedload

from committees.extensions import db
from committees.models import (
    Committee,
    CouncilMeeting,
    InviteScope,
    Meeting,
    MeetingStatus,
    Membership,
    User,
    WorkingGroup,
)
from committees.models.base import utcnow
from committees.models.body import body_members
from committees.models.meeting import working_group_members
from workflows import workdays
from workflows.meetings import invitees
from workflows.meetings.plan import MeetingData


@dataclass(frozen=True, eq=False)
class Entry:
    """One meeting in a person's calendar: a committee meeting or a political meeting."""

    key: str  # "m<id>" for a committee meeting, "p<id>" for a date in the council calendar
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    meeting: Meeting | None = None
    council: CouncilMeeting | None = None

    @property
    def is_political(self) -> bool:
        return self.council is not None

    @property
    def all_day(self) -> bool:
        """A council calendar date: no time is known, so it takes the whole day."""
        return self.council is not None

    @property
    def local_day(self) -> date:
        return workdays.local_date(self.starts_at)

    def overlaps(self, other: "Entry") -> bool:
        """Times overlap; touching intervals (one ends as the other begins) do not."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


@dataclass(frozen=True, eq=False)
class Clash:
    """`person` has `entry` and `other` at overlapping times."""

    person: User
    entry: Entry
    other: Entry


@dataclass
class Agenda:
    """One person's meetings in a period (sorted by start) and the clashes among them."""

    person: User
    entries: list[Entry] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)

    def clashing_with(self, entry: Entry) -> list[Entry]:
        """The entries that clash with this one."""
        out = [c.other for c in self.clashes if c.entry is entry]
        return out + [c.entry for c in self.clashes if c.other is entry]

    @property
    def committee_count(self) -> int:
        return sum(1 for e in self.entries if not e.is_political)

    @property
    def political_count(self) -> int:
        return sum(1 for e in self.entries if e.is_political)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From local midnight at the start of `first` to local midnight after `last`, in UTC."""
    return (
        workdays.local_moment(first, time(0)),
        workdays.local_moment(last + timedelta(days=1), time(0)),
    )


def political_entry(council: CouncilMeeting) -> Entry:
    """A council calendar date as the whole local day (23 or 25 hours when the clocks change)."""
    starts, ends = day_bounds(council.meets_on, council.meets_on)
    return Entry(f"p{council.id}", starts, ends, council=council)


def meeting_entry(meeting: Meeting) -> Entry:
    """A committee meeting as an entry."""
    return Entry(f"m{meeting.id}", meeting.starts_at, meeting.ends_at, meeting=meeting)


# --- loading ----------------------------------------------------------------------------------


def _meetings(start: datetime, end: datetime, user_ids: Collection[int] | None) -> list[Meeting]:
    stmt = (
        db.select(Meeting)
        .where(
            Meeting.status != MeetingStatus.cancelled,
            Meeting.starts_at < end,
            Meeting.ends_at > start,
        )
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    if user_ids is not None:
        theirs = db.select(Membership.committee_id).where(
            Membership.user_id.in_(user_ids), Membership.role.in_(invitees.INVITED_ROLES)
        )
        stmt = stmt.where(Meeting.committee_id.in_(theirs))
    return list(db.session.scalars(stmt))


def _memberships(committee_ids: set[int], user_ids: Collection[int] | None) -> list[Membership]:
    if not committee_ids:
        return []
    stmt = db.select(Membership).where(
        Membership.committee_id.in_(committee_ids), Membership.role.in_(invitees.INVITED_ROLES)
    )
    if user_ids is not None:
        stmt = stmt.where(Membership.user_id.in_(user_ids))
    return list(db.session.scalars(stmt))


def _group_seats(meetings: list[Meeting]) -> set[tuple[int, int]]:
    """(group id, user id) for the working groups invited to any of the meetings."""
    group_ids = {m.working_group_id for m in meetings if m.working_group_id}
    if not group_ids:
        return set()
    rows = db.session.execute(
        db.select(working_group_members.c.group_id, working_group_members.c.user_id).where(
            working_group_members.c.group_id.in_(group_ids)
        )
    )
    return {(g, u) for g, u in rows}


def _council(first: date, last: date, user_ids: Collection[int] | None) -> list[CouncilMeeting]:
    stmt = (
        db.select(CouncilMeeting)
        .where(CouncilMeeting.meets_on >= first, CouncilMeeting.meets_on <= last)
        .options(joinedload(CouncilMeeting.body))
        .order_by(CouncilMeeting.meets_on, CouncilMeeting.id)
    )
    if user_ids is not None:
        seats = db.select(body_members.c.body_id).where(body_members.c.user_id.in_(user_ids))
        stmt = stmt.where(CouncilMeeting.body_id.in_(seats))
    return list(db.session.scalars(stmt))


def _body_seats(councils: list[CouncilMeeting], user_ids: Collection[int] | None) -> list:
    body_ids = {c.body_id for c in councils}
    if not body_ids:
        return []
    stmt = db.select(body_members.c.body_id, body_members.c.user_id).where(
        body_members.c.body_id.in_(body_ids)
    )
    if user_ids is not None:
        stmt = stmt.where(body_members.c.user_id.in_(user_ids))
    return list(db.session.execute(stmt))


def _people(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    stmt = db.select(User).where(User.id.in_(ids), User.active.is_(True))
    return {u.id: u for u in db.session.scalars(stmt)}


def _invited_to(meeting: Meeting, memberships: list[Membership], seats: set) -> list[int]:
    """The user ids among the committee's memberships that the meeting invites."""
    day = meeting.local_date
    group = meeting.working_group_id
    # A working group that was deleted leaves the meeting with the whole committee invited.
    scope = meeting.invite_scope if group else InviteScope.committee
    return [
        m.user_id
        for m in memberships
        if invitees.invites(m, day, scope, (group, m.user_id) in seats)
    ]


def _entries_by_person(first: date, last: date, user_ids: Collection[int] | None) -> dict:
    """{user id: [Entry]} for the people (everyone when None), before the clash check."""
    start, end = day_bounds(first, last)
    meetings = _meetings(start, end, user_ids)
    memberships = _memberships({m.committee_id for m in meetings}, user_ids)
    seats = _group_seats(meetings)
    councils = _council(first, last, user_ids)
    body_seats = _body_seats(councils, user_ids)
    by_committee: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_committee.setdefault(membership.committee_id, []).append(membership)
    found: dict[int, list[Entry]] = {}
    for meeting in meetings:
        entry = meeting_entry(meeting)
        for user_id in _invited_to(meeting, by_committee.get(meeting.committee_id, []), seats):
            found.setdefault(user_id, []).append(entry)
    political = {c.body_id: [] for c in councils}
    for council in councils:
        political[council.body_id].append(political_entry(council))
    for body_id, user_id in body_seats:
        found.setdefault(user_id, []).extend(political[body_id])
    return found


def agendas(first: date, last: date, user_ids: Collection[int] | None = None) -> list[Agenda]:
    """Each person's meetings on the local days first..last with their clashes; everyone
    with a meeting when `user_ids` is None. Inactive accounts are left out."""
    found = _entries_by_person(first, last, user_ids)
    people = _people(set(found))
    out = []
    for user_id, entries in found.items():
        if user_id not in people:
            continue
        agenda = Agenda(people[user_id], sorted(entries, key=_order))
        agenda.clashes = find_clashes(agenda.person, agenda.entries)
        out.append(agenda)
    return sorted(out, key=lambda a: (a.person.name.lower(), a.person.id))


def agenda_of(user: User, first: date, last: date) -> Agenda:
    """One person's meetings and clashes on the local days first..last."""
    found = agendas(first, last, [user.id])
    return found[0] if found else Agenda(user)


def _order(entry: Entry) -> tuple:
    return (entry.starts_at, entry.ends_at, entry.key)


def find_clashes(person: User, entries: Iterable[Entry]) -> list[Clash]:
    """Every pair of the person's entries that overlap, except two political meetings."""
    ordered = sorted(entries, key=_order)
    found = []
    for index, entry in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other.starts_at >= entry.ends_at:
                break  # sorted by start: nothing later can overlap this one
            if entry.overlaps(other) and not (entry.is_political and other.is_political):
                found.append(Clash(person, entry, other))
    return found


# --- planning a meeting -----------------------------------------------------------------------


def clashes_for(
    starts_at: datetime,
    ends_at: datetime,
    invited: Iterable[User],
    exclude_meeting_id: int | None = None,
) -> list[Clash]:
    """Who among the invited already has a meeting at that time, and which: one Clash per
    (person, other meeting), the candidate (not saved yet) as `entry`, in name and time order.
    `exclude_meeting_id` is the meeting being moved, which cannot clash with itself."""
    people = {u.id: u for u in invited}
    if not people or ends_at <= starts_at:
        return []
    candidate = Entry("new", starts_at, ends_at)
    first, last = workdays.local_date(starts_at), workdays.local_date(ends_at)
    found = []
    for agenda in agendas(first, last, list(people)):
        for other in agenda.entries:
            if other.key == f"m{exclude_meeting_id}" or not candidate.overlaps(other):
                continue
            found.append(Clash(agenda.person, candidate, other))
    return found


def planned_clashes(
    committee: Committee,
    starts_at: datetime,
    ends_at: datetime,
    scope: InviteScope,
    group_id: int | None,
    meeting: Meeting | None = None,
) -> list[Clash]:
    """The clashes a new meeting, or a change of an existing one, would make. An existing
    meeting is checked only when its time or who is invited changes: what was saved stays."""
    now = utcnow()
    if starts_at <= now or (
        meeting is not None and (meeting.is_cancelled or meeting.has_ended(now))
    ):
        return []  # the plan workflow refuses these with its own message
    group_id = group_id if scope is InviteScope.working_group else None
    if meeting is not None and (meeting.starts_at, meeting.ends_at, meeting.working_group_id) == (
        starts_at,
        ends_at,
        group_id,
    ):
        return []
    group = db.session.get(WorkingGroup, group_id) if group_id else None
    if scope is InviteScope.working_group and (group is None or group.committee_id != committee.id):
        return []  # refused too: "choose one of the committee's working groups"
    day = workdays.local_date(starts_at)
    invited = invitees.invited_on(committee, day, scope, group)
    return clashes_for(starts_at, ends_at, invited, meeting.id if meeting else None)


@dataclass
class RowClashes:
    """The clashes of one meeting being planned (`number` counts the plan's rows from 1)."""

    number: int
    clashes: list[Clash]

    @property
    def by_other(self) -> list[tuple[Entry, list[User]]]:
        """Grouped by the other meeting, in time order, with everyone who has it."""
        grouped: dict[str, tuple[Entry, list[User]]] = {}
        for clash in self.clashes:
            grouped.setdefault(clash.other.key, (clash.other, []))[1].append(clash.person)
        return sorted(grouped.values(), key=lambda pair: _order(pair[0]))


def unconfirmed(
    committee: Committee,
    rows: list[MeetingData],
    seen: str | None,
    meeting: Meeting | None = None,
) -> list[RowClashes]:
    """What to warn about before saving: the clashes of each planned meeting that has any;
    [] when none has, or when `seen` is the digest of exactly these clashes (the person saw
    the warning and chose "save anyway")."""
    found = [
        RowClashes(number, planned_clashes(committee, *_when_and_who(data), meeting=meeting))
        for number, data in enumerate(rows, start=1)
    ]
    found = [row for row in found if row.clashes]
    return [] if confirmed(flatten(found), seen) else found


def _when_and_who(data: MeetingData) -> tuple:
    return data.starts_at, data.ends_at, data.invite_scope, data.working_group_id


def flatten(rows: list[RowClashes]) -> list[Clash]:
    """All the clashes of the rows, in one list."""
    return [clash for row in rows for clash in row.clashes]


def digest(clashes: Iterable[Clash]) -> str:
    """A short fingerprint of the clashes a person was warned about."""
    keys = sorted({f"{c.person.id}:{c.other.key}" for c in clashes})
    return hashlib.sha256(",".join(keys).encode()).hexdigest()[:32]


def confirmed(clashes: list[Clash], seen: str | None) -> bool:
    """True when there is nothing to warn about, or the person saw exactly these clashes and
    chose to save anyway (a changed time with other clashes warns again)."""
    return not clashes or (bool(seen) and seen == digest(clashes))
