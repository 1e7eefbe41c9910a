"""The attendance register after a meeting, and its export (the basis for allowances, § 16 a).

The register lists the invited members; until it is kept, each line is pre-filled from the
person's RSVP (afbud → afbud, deltager → til stede). It can be kept once the meeting has begun
and changed while the minutes are a draft: the minutes are approved by those present.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, time, timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import aliased, selectinload

from committees.extensions import db
from committees.models import (
    Attendance,
    AttendanceStatus,
    Committee,
    Meeting,
    MeetingStatus,
    Membership,
    MinutesStatus,
    RsvpAnswer,
    User,
)
from committees.models.base import utcnow
from workflows import audit, permissions, workdays
from workflows.errors import NotAllowed, PermissionDenied, atomic
from workflows.meetings import invitees, rsvp

FROM_RSVP = {
    RsvpAnswer.attending: AttendanceStatus.present,
    RsvpAnswer.apology: AttendanceStatus.apology,
}


@dataclass
class AttendanceRow:
    """One person's line as the form delivers it."""

    user_id: int
    status: AttendanceStatus
    arrived_late: bool = False
    left_early: bool = False
    note: str = ""


@dataclass
class RegisterLine:
    """One line of the register as shown: the recorded values, or the RSVP's pre-fill."""

    user: User
    status: AttendanceStatus | None
    arrived_late: bool
    left_early: bool
    note: str
    rsvp: RsvpAnswer | None
    recorded: bool

    @property
    def status_label(self) -> str:
        return self.status.label if self.status else ""


def recorded(meeting: Meeting) -> dict[int, Attendance]:
    """The register's rows as kept, by user id (one query)."""
    rows = db.session.scalars(
        db.select(Attendance)
        .where(Attendance.meeting_id == meeting.id)
        .options(selectinload(Attendance.user))
    )
    return {a.user_id: a for a in rows}


def register(meeting: Meeting) -> list[RegisterLine]:
    """Everyone invited plus anyone already registered, in name order, with their line."""
    kept = recorded(meeting)
    answers = rsvp.answers(meeting)
    people = {u.id: u for u in invitees.attendees(meeting)}
    for row in kept.values():
        people.setdefault(row.user_id, row.user)
    lines = []
    for user in sorted(people.values(), key=lambda u: (u.name.lower(), u.id)):
        answer = answers[user.id].answer if user.id in answers else None
        row = kept.get(user.id)
        if row is not None:
            line = RegisterLine(
                user, row.status, row.arrived_late, row.left_early, row.note, answer, True
            )
        else:
            line = RegisterLine(user, FROM_RSVP.get(answer), False, False, "", answer, False)
        lines.append(line)
    return lines


def problems(meeting: Meeting) -> list[str]:
    """Why the register cannot be kept now (empty when it can)."""
    if meeting.is_cancelled:
        return [_("mødet er aflyst")]
    if not meeting.has_started(utcnow()):
        return [_("mødet er ikke begyndt endnu")]
    if meeting.minutes_status is not MinutesStatus.draft:
        return [_("referatet er sendt til godkendelse; tag det tilbage til udkast først")]
    return []


def counts(lines: list) -> dict[str, int]:
    """How many lines have each status (for the audit entry and the summary)."""
    result = {s.name: 0 for s in AttendanceStatus}
    for line in lines:
        if line.status is not None:
            result[line.status.name] += 1
    return result


@atomic
def record(meeting: Meeting, rows: list[AttendanceRow], actor: User) -> None:
    """Keep (or correct) the register: one line per person, written over the earlier one."""
    from workflows.meetings import plan

    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke føre fremmøde for dette møde."))
    meeting = plan.lock(meeting)
    blockers = problems(meeting)
    if blockers:
        raise NotAllowed(_("Fremmødet kan ikke registreres:"), blockers)
    known = {line.user.id for line in register(meeting)}
    if not rows or any(r.user_id not in known for r in rows):
        raise NotAllowed(_("Fremmødet skal registreres for de inviterede medlemmer."))
    kept = recorded(meeting)
    now = utcnow()
    for r in rows:
        row = kept.get(r.user_id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, user_id=r.user_id, status=r.status)
            db.session.add(row)
        row.status = r.status
        row.arrived_late = r.arrived_late and r.status is AttendanceStatus.present
        row.left_early = r.left_early and r.status is AttendanceStatus.present
        row.note = r.note.strip()[:300]
        row.recorded_at = now
    meeting.attendance_recorded_at = now
    audit.record(
        "attendance.recorded",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, **counts(rows)},
    )
    db.session.commit()


def present_people(meeting: Meeting) -> list[User]:
    """Those registered as present who have an active account: they approve the minutes."""
    users = db.session.scalars(
        db.select(User)
        .join(Attendance, Attendance.user_id == User.id)
        .where(
            Attendance.meeting_id == meeting.id,
            Attendance.status == AttendanceStatus.present,
            User.active.is_(True),
        )
    )
    return sorted(users, key=lambda u: (u.name.lower(), u.id))


# --- the export ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    """One line of the CSV: one person at one meeting."""

    day: date
    meeting_id: int
    meeting: str
    kind: str
    user_id: int
    name: str
    member_type: str
    role: str
    status: AttendanceStatus
    arrived_late: bool
    left_early: bool
    note: str


def export_rows(committee: Committee, start: date, end: date) -> list[ExportRow]:
    """Every register line of the committee's meetings held on a Copenhagen day in
    [start, end], cancelled meetings left out; one query, however many meetings."""
    member = aliased(Membership)
    stmt = (
        db.select(Attendance, Meeting, User, member)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .join(User, Attendance.user_id == User.id)
        .outerjoin(
            member, (member.committee_id == Meeting.committee_id) & (member.user_id == User.id)
        )
        .where(
            Meeting.committee_id == committee.id,
            Meeting.status != MeetingStatus.cancelled,
            Meeting.starts_at >= workdays.local_moment(start, time(0, 0)),
            Meeting.starts_at < workdays.local_moment(end + timedelta(days=1), time(0, 0)),
        )
        .order_by(Meeting.starts_at, Meeting.id, db.func.lower(User.name), User.id)
    )
    return [
        ExportRow(
            day=m.local_date,
            meeting_id=m.id,
            meeting=m.title,
            kind=m.kind.label,
            user_id=u.id,
            name=u.name,
            member_type=ms.member_type.label if ms else "",
            role=ms.role.label if ms else "",
            status=a.status,
            arrived_late=a.arrived_late,
            left_early=a.left_early,
            note=a.note,
        )
        for a, m, u, ms in db.session.execute(stmt)
    ]


def summary(rows: list[ExportRow]) -> list[dict]:
    """Per person: how many meetings present, absent, afbud, late, left early; by name."""
    people: dict[int, dict] = {}
    for r in rows:
        p = people.setdefault(
            r.user_id,
            {"name": r.name, "member_type": r.member_type, "late": 0, "early": 0}
            | {s.name: 0 for s in AttendanceStatus},
        )
        p[r.status.name] += 1
        p["late"] += r.arrived_late
        p["early"] += r.left_early
    return sorted(people.values(), key=lambda p: p["name"].lower())


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection): ' before = + - @."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: list[ExportRow]) -> str:
    """The export as Excel in Denmark reads it: BOM, semicolons, dd-mm-yyyy dates."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    yes, no = _("ja"), _("nej")
    writer.writerow(
        [
            _("dato"),
            _("møde"),
            _("type"),
            _("navn"),
            _("medlemstype"),
            _("rolle"),
            _("status"),
            _("kom senere"),
            _("gik tidligere"),
            _("bemærkning"),
        ]
    )
    for r in rows:
        cells = [
            r.day.strftime("%d-%m-%Y"),
            r.meeting,
            r.kind,
            r.name,
            r.member_type,
            r.role,
            r.status.label,
            yes if r.arrived_late else no,
            yes if r.left_early else no,
            r.note,
        ]
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()
