"""Demo data: the meetings of the committees that have met (the stories in `meeting_texts`).

Held meetings are written straight to the rows, as `builder` writes history (the workflows
refuse past dates), with the audit entries the workflows would have written; the newest of a
working committee waits for one demo login's approval. Upcoming meetings go through the
workflows as the facilitator (plan, agenda, real PDF, PNG and .docx materials, RSVP).
"""

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import escape

from sqlalchemy import event
from werkzeug.datastructures import FileStorage

from committees.demo.meeting_story import File, Plan, Story
from committees.demo.meeting_texts import APOLOGIES, STORIES
from committees.demo.people import CHAIR, CITIZEN
from committees.extensions import db
from committees.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AuditEntry,
    AutoItem,
    Committee,
    ConflictDeclaration,
    InviteScope,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MinutesApproval,
    MinutesStatus,
    Notice,
    NoticeStatus,
    Rsvp,
    RsvpAnswer,
    User,
)
from committees.models.base import LOCAL_TZ, local_today, utcnow
from workflows import audit, notices, workdays
from workflows.meetings import agenda, groups, invitees, materials, minutes, rsvp
from workflows.meetings import plan as meeting_plan

# Local start and end of each kind: after work, so citizens and young members can come.
HOURS = {
    MeetingKind.committee_meeting: (time(17, 0), time(19, 30)),
    MeetingKind.workshop: (time(16, 30), time(20, 0)),
    MeetingKind.dialogue_meeting: (time(19, 0), time(21, 0)),
    MeetingKind.working_group: (time(16, 0), time(17, 30)),
}
NO_DECISION = {"information": "Taget til efterretning.", "discussion": "Drøftet."}
OOXML = "http://schemas.openxmlformats.org"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def load() -> None:
    """Meetings for the demo committees with a story; their notices count as delivered."""
    first_notice = db.session.scalar(db.select(db.func.max(Notice.id))) or 0
    committees = {c.name: c for c in db.session.scalars(db.select(Committee))}
    chosen = [(committees[n], s) for n, s in STORIES.items() if n in committees]
    with _quiet():
        for committee, story in chosen:
            _History(committee, story).write()
        db.session.commit()
        for committee, story in chosen:
            _slides(committee, story)
            if story.ahead:
                _upcoming(committee, story)
    db.session.execute(
        db.update(Notice)
        .where(Notice.id > first_notice, Notice.status == NoticeStatus.pending)
        .where(Notice.due_at <= utcnow())
        .values(status=NoticeStatus.sent, sent_at=utcnow())
    )
    db.session.commit()


def _forget_deliveries(session) -> None:
    session.info.pop("notices_to_deliver", None)


@contextmanager
def _quiet() -> Iterator[None]:
    """The workflows' commits queue no e-mail (notices due now are marked sent at the end)."""
    event.listen(db.session, "before_commit", _forget_deliveries)
    try:
        yield
    finally:
        event.remove(db.session, "before_commit", _forget_deliveries)


def _facilitator(committee: Committee) -> User:
    return next(m.user for m in committee.memberships if m.role is MemberRole.facilitator)


def _member(committee: Committee, name: str) -> User:
    return next(m.user for m in committee.memberships if m.user.name == name)


def _times(kind: MeetingKind, offset: int | None, first: date | None = None) -> list[datetime]:
    """Start and end on the first day, or a Monday–Thursday working day near today + offset."""
    day = first or local_today() + timedelta(days=offset)
    while not first and (not workdays.is_working_day(day) or day.weekday() == 4):
        day += timedelta(days=-1 if offset < 0 else 1)
    return [workdays.local_moment(day, t) for t in HOURS[kind]]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return workdays.local_moment(day, time(hour, minute))


def _entry(action: str, meeting: Meeting, actor: User, at: datetime, **kw) -> None:
    """An audit entry as the workflow writes it, dated when it happened."""
    details = {"meeting": meeting.id, **kw.pop("details", {})}
    entry = audit.record(
        action, meeting, actor, committee_id=meeting.committee_id, details=details, **kw
    )
    entry.at = at


class _History:
    """One committee's held meetings with register, minutes, action points and audit."""

    def __init__(self, committee: Committee, story: Story) -> None:
        self.c, self.story = committee, story
        self.staff = _facilitator(committee)
        self.rng = random.Random(committee.name)  # noqa: S311 (demo data, reproducible)
        self.meetings: list[Meeting] = []
        self.own_items: list[list[AgendaItem]] = []
        self.now = utcnow()

    def write(self) -> None:
        """Every held meeting, oldest first, then the action points and the inhabilitet."""
        for index, held in enumerate(self.story.held):
            self.meeting(index, held)
        for p in self.story.points:
            m = self.meetings[p.meeting]
            done = _at(workdays.working_days_after(m.local_date, 3), 14) if p.done else None
            point = ActionPoint(committee_id=self.c.id, text=p.text, responsible=p.responsible)
            due = m.local_date + timedelta(days=p.due)
            point.due_on, point.done_at, point.created_at = due, done, m.ends_at
            self.own_items[p.meeting][p.item].action_points.append(point)
        if self.story.conflict:
            number, item, name, reason = self.story.conflict
            declared = self.meetings[number].starts_at + timedelta(minutes=20)
            row = ConflictDeclaration(user=_member(self.c, name), reason=reason)
            row.declared_at = declared
            self.own_items[number][item].conflicts.append(row)
        db.session.flush()

    def meeting(self, index: int, held: Plan) -> None:
        kind = MeetingKind[held.kind]
        first = self.c.planned_start if held.day is None else None
        starts, ends = _times(kind, held.day, first)
        day = starts.astimezone(LOCAL_TZ).date()
        out = _at(workdays.working_days_before(day, self.c.agenda_days_before), 11, 30)
        m = Meeting(committee=self.c, kind=kind, title=held.title, place=held.place)
        m.starts_at, m.ends_at, m.is_public = starts, ends, held.public
        m.invite_scope, m.agenda_published_at = InviteScope.committee, out
        m.status = MeetingStatus.agenda_published
        m.created_at, m.updated_at = out - timedelta(days=21), out
        m.attendance_recorded_at = ends + timedelta(minutes=10)
        self.items(m, held)
        db.session.add(m)
        db.session.flush()
        self.meetings.append(m)
        _entry("meeting.created", m, self.staff, m.created_at, details={"kind": kind.name})
        _entry("agenda.published", m, self.staff, out, from_state="planned", to_state=m.status.name)
        present = self.register(index, m)
        last = index == len(self.story.held) - 1
        self.minutes(m, present, self.story.approver if last else "")

    def items(self, m: Meeting, held: Plan) -> None:
        """The automatic item first (a committee meeting after another), then the story's."""
        earlier = [p for p in self.meetings if p.kind is m.kind]
        if m.kind is MeetingKind.committee_meeting and earlier:
            approval = AgendaItem(kind=ItemKind.decision, title="Godkendelse af referat")
            approval.case_text = f"Referatet fra mødet {earlier[-1].local_date:%d.%m.%Y}."
            approval.auto, approval.minutes_decision = AutoItem.minutes_approval, "Godkendt."
            m.items.append(approval)
        own = []
        for i in held.items:
            item = AgendaItem(kind=ItemKind[i.kind], title=i.title, case_text=i.case)
            item.proposal, item.is_closed, item.minutes_notes = i.proposal, i.closed, i.notes
            item.minutes_decision = i.decision or NO_DECISION.get(i.kind, "Godkendt.")
            own.append(item)
        m.items.extend(own)
        for position, item in enumerate(m.items, start=1):
            item.position = position
        self.own_items.append(own)

    def register(self, index: int, m: Meeting) -> list[User]:
        """Mostly present; afbud (with an RSVP) now and then, one absent, one late; the chair
        and the demo logins are always there."""
        people = invitees.attendees(m)
        keep = {self.staff.email, self.story.approver, CHAIR, CITIZEN}
        keep |= {x.user.email for x in self.c.memberships if x.role is MemberRole.chair}
        leave = {x.user_id: x for x in self.c.memberships if x.is_on_leave(m.local_date)}
        others = [u for u in people if u.email not in keep and u.id not in leave]
        self.rng.shuffle(others)
        apologies = [u for u in people if u.id in leave] + others[: 1 + index % 2]
        absent = others[2] if index == 1 else None
        late = others[3] if index == 2 else None
        late_note = f"Kom kl. {m.starts_at.astimezone(LOCAL_TZ):%H}.40"
        present, counts = [], {s.name: 0 for s in AttendanceStatus}
        for user in people:
            row = Attendance(meeting=m, user=user, recorded_at=m.attendance_recorded_at)
            answer, reason = RsvpAnswer.attending, ""
            if user in apologies:
                reason = leave[user.id].leave_periods[0].reason if user.id in leave else ""
                answer, reason = RsvpAnswer.apology, reason or self.rng.choice(APOLOGIES)
                row.status, row.note = AttendanceStatus.apology, reason
            elif user is absent:
                row.status, row.note = AttendanceStatus.absent, "Intet afbud"
            else:
                row.status, row.arrived_late = AttendanceStatus.present, user is late
                row.note = late_note if user is late else ""
                present.append(user)
            if user is not absent and (answer is RsvpAnswer.apology or self.rng.random() < 0.6):
                at = m.starts_at - timedelta(days=self.rng.randint(1, 3), hours=5)
                db.session.add(
                    Rsvp(meeting=m, user=user, answer=answer, reason=reason, answered_at=at)
                )
            counts[row.status.name] += 1
            db.session.add(row)
        _entry("attendance.recorded", m, self.staff, m.attendance_recorded_at, details=counts)
        return present

    def minutes(self, m: Meeting, present: list[User], pending_email: str) -> None:
        """Sent in time, approved by all present and published, or waiting for `pending_email`."""
        sent_day = workdays.working_days_after(m.local_date, self.c.minutes_days_after)
        sent = max(min(_at(sent_day, 10, 15), self.now - timedelta(hours=3)), m.ends_at)
        m.minutes_sent_at = sent
        m.approval_deadline = workdays.working_days_after(sent_day, self.c.approval_days)
        _entry("minutes.sent", m, self.staff, sent, details={"approvers": len(present)})
        approvers = [u for u in present if u.active]
        step = (self.now - sent) / (len(approvers) + 2) if pending_email else timedelta(hours=3)
        for n, user in enumerate(approvers, start=1):
            row = MinutesApproval(meeting=m, user=user, requested_at=sent)
            row.approved_at = None if user.email == pending_email else sent + step * n
            db.session.add(row)
            if row.approved_at is None:  # the request the workflow would have sent
                key = notices.dedupe_key("minutes_approval_requested", m.id, sent, user.id)
                about = {"subject": m, "committee_id": m.committee_id, "due_at": sent}
                ctx = minutes.context(m)
                notices.notify(user, "minutes_approval_requested", key=key, context=ctx, **about)
        if pending_email:
            m.minutes_status = MinutesStatus.in_approval
            return
        m.minutes_status = MinutesStatus.published
        m.minutes_locked_at = sent + step * len(approvers)
        m.minutes_published_at = m.updated_at = m.minutes_locked_at + timedelta(hours=1)
        _entry("minutes.approved", m, approvers[-1], m.minutes_locked_at, details={"rule": "all"})
        _entry("minutes.published", m, self.staff, m.minutes_published_at)


def _slides(committee: Committee, story: Story) -> None:
    """The presentation shown at the public dialogue meeting, put up with its agenda."""
    kind = Meeting.kind == MeetingKind.dialogue_meeting
    dialogue = db.session.scalar(db.select(Meeting).filter_by(committee=committee).where(kind))
    if story.slides and dialogue is not None:
        slides = File(None, "Præsentation fra dialogmødet", "praesentation.pdf", story.slides)
        _upload(dialogue, None, slides, at=dialogue.agenda_published_at)


def _upcoming(committee: Committee, story: Story) -> None:
    """The meetings ahead, planned and (some) published through the workflows; the first
    published committee meeting gets the materials and the RSVPs."""
    staff = _facilitator(committee)
    group = None
    if story.group:
        members = [_member(committee, name).id for name in story.group[1]]
        group = groups.create(committee, story.group[0], members, staff)
    first = True
    for ahead in story.ahead:
        kind = MeetingKind[ahead.kind]
        starts, ends = _times(kind, ahead.day)
        data = meeting_plan.MeetingData(kind, ahead.title, starts, ends, ahead.place)
        data.is_public = ahead.public
        if kind is MeetingKind.working_group and group is not None:
            data.invite_scope, data.working_group_id = InviteScope.working_group, group.id
        meeting = meeting_plan.create(committee, data, staff)
        rows = [(ItemKind[i.kind], i.title, i.case, i.proposal, i.closed) for i in ahead.items]
        own = [agenda.add_item(meeting, agenda.ItemData(*row), staff) for row in rows]
        if ahead.publish:
            agenda.publish(meeting, staff, MeetingStatus.planned.name)
        if ahead.publish and first and kind is MeetingKind.committee_meeting:
            first = False
            for f in story.files:
                _upload(meeting, None if f.item is None else own[f.item], f)
            for name in story.attending:
                rsvp.answer(meeting, _member(committee, name), RsvpAnswer.attending)
            for name, reason in story.apologies:
                rsvp.answer(meeting, _member(committee, name), RsvpAnswer.apology, reason)


def _upload(meeting: Meeting, item: AgendaItem | None, f: File, at: datetime | None = None):
    """A real file of the kind its name says, through the workflow (dated `at` if held)."""
    lines = [" ".join(line.split()) for line in f.text.strip().splitlines()]
    kind = materials.KINDS[f.filename.rsplit(".", 1)[-1]]
    data = {"pdf": _pdf, "png": _png, "docx": _docx}[kind.name](lines)
    upload = FileStorage(io.BytesIO(data), filename=f.filename, content_type=kind.mimetype)
    staff = _facilitator(meeting.committee)
    material = materials.upload(meeting, item, f.title, upload, f.closed, staff)
    if at is not None:
        material.created_at = material.current.uploaded_at = at
        entry = db.select(AuditEntry).filter_by(action="material.uploaded", object_id=material.id)
        db.session.scalar(entry).at = at
        db.session.commit()


# --- small but real files ---------------------------------------------------------------------


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica, WinAnsi for æøå): a title and lines of text."""

    def text(s: str) -> bytes:
        raw = s.encode("cp1252", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    ops = [b"BT /F1 20 Tf 56 770 Td (" + text(lines[0]) + b") Tj /F1 12 Tf 0 -18 TL T*"]
    stream = b"\n".join([*ops, *(b"T* (" + text(line) + b") Tj" for line in lines[1:]), b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref, size = len(out), len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _png(lines: list[str]) -> bytes:
    """A bar chart as an RGB PNG: one blue bar per number (0–100) on white, over an axis."""
    values = [int(v) for v in " ".join(lines).split()]
    bar, gap, axis = 28, 12, 110
    blue, grey, white = b"\x1f\x4e\x79", b"\x60\x60\x60", b"\xff\xff\xff"
    width = gap + (bar + gap) * len(values)

    def row(y: int) -> bytes:
        if y == axis:
            return grey * width
        bars = ((blue if axis - v <= y < axis else white) * bar for v in values)
        return white * gap + b"".join(b + white * gap for b in bars)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    pixels = b"".join(b"\x00" + row(y) for y in range(axis + 10))  # filter "none" per row
    header = struct.pack(">IIBBBBB", width, axis + 10, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = chunk(b"IDAT", zlib.compress(pixels, 9))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


def _docx(lines: list[str]) -> bytes:
    """A Word document (.docx): one paragraph per line."""
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines)
    rels = "application/vnd.openxmlformats-package.relationships+xml"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{OOXML}/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{rels}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        f'Type="{OOXML}/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        "word/document.xml": f'<w:document xmlns:w="{OOXML}/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return buffer.getvalue()
