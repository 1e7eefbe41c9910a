"""Meetings and their agendas: 5–7 committee meetings from the constitution to the handover,
workshops, dialogue meetings and working-group meetings, each with its agenda items and
materials (metadata only: a download answers 404, the app's answer to a missing file).

Held meetings have their agenda sent out 4 working days before and their minutes approved and
published after; the newest held meeting of a working committee has its minutes out for
approval; meetings ahead are planned, the next one with its agenda out. Taking part (RSVP,
attendance, minutes approvals, action points) and the notices are in `taking_part`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench.volumegen import shape, taking_part, texts
from bench.volumegen.notices import Outbox
from bench.volumegen.shape import S
from bench.volumegen.world import Plan, World
from committees.models import (
    AgendaItem,
    AutoItem,
    InviteScope,
    ItemKind,
    Material,
    MaterialVersion,
    Meeting,
    MeetingGuest,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    WorkingGroup,
)
from committees.models.meeting import working_group_members

K = MeetingKind
HOURS = {  # local start and end: after work, so citizens and young members can come
    K.committee_meeting: ((17, 0), (19, 30)),
    K.workshop: ((16, 30), (20, 0)),
    K.dialogue_meeting: ((19, 0), (21, 0)),
    K.working_group: ((16, 0), (17, 30)),
}
TITLES = {
    K.committee_meeting: "Udvalgsmøde",
    K.workshop: "Workshop",
    K.dialogue_meeting: "Dialogmøde",
    K.working_group: "Arbejdsgruppemøde",
}
ITEM_KINDS = (ItemKind.decision, ItemKind.discussion, ItemKind.information)
NO_DECISION = {ItemKind.information: "Taget til efterretning.", ItemKind.discussion: "Drøftet."}
PDF_SHA = "0" * 64
AGENDA_DAYS = 4  # the committees' agenda_days_before (the model's default)


@dataclass(slots=True)
class Held:
    """One meeting as taking part and the notices need it."""

    id: int
    kind: MeetingKind
    starts: datetime
    ends: datetime
    day: date
    status: MeetingStatus
    published_at: datetime | None
    invited: list[int]
    items: list[int] = field(default_factory=list)
    minutes: MinutesStatus = MinutesStatus.draft
    sent_at: datetime | None = None
    deadline: date | None = None
    locked_at: datetime | None = None
    minutes_published_at: datetime | None = None
    attended: bool = False
    title: str = ""
    context: dict = field(default_factory=dict)

    @property
    def cancelled(self) -> bool:
        """The meeting was called off."""
        return self.status is MeetingStatus.cancelled


def build(w: World) -> None:
    """The meetings of every committee that has been constituted."""
    outbox = Outbox(w)
    for plan in w.plans:
        if plan.reached(S.constituted):
            _Committee(w, plan, outbox).write()


def _schedule(w: World, plan: Plan) -> list[tuple[MeetingKind, date]]:
    """Committee meetings spread from the first (at the constitution) to before the handover,
    and the other kinds in between."""
    r, day = w.rng.randint, w.clock.meeting_day
    last = plan.end - timedelta(days=10)
    n = r(5, 7)
    step = max(1, (last - plan.start).days // (n - 1))
    plan_days = [
        (K.committee_meeting, day(plan.start + timedelta(days=i * step))) for i in range(n)
    ]
    inside = max(15, (last - plan.start).days - 14)
    for kind, count in ((K.workshop, r(1, 4)), (K.dialogue_meeting, r(0, 2)),
                        (K.working_group, r(1, 4))):  # fmt: skip
        for _ in range(count):
            plan_days.append((kind, day(plan.start + timedelta(days=r(14, inside)))))
    plan_days[0] = (K.committee_meeting, plan.start)
    return sorted(plan_days, key=lambda kd: kd[1])


class _Committee:
    """One committee's meetings, oldest first."""

    def __init__(self, w: World, plan: Plan, outbox: Outbox) -> None:
        self.w, self.plan, self.outbox = w, plan, outbox
        self.group: tuple[int, list[int]] | None = None
        self.previous: Held | None = None
        self.soon = w.clock.shift(w.today, AGENDA_DAYS)

    def write(self) -> None:
        """Plan every meeting, open the newest minutes of a committee at work, then write."""
        schedule = _schedule(self.w, self.plan)
        if any(kind is K.working_group for kind, _ in schedule):
            self.group = self._working_group()
        meetings = [self._plan(i, kind, d) for i, (kind, d) in enumerate(schedule)]
        held = [m for m in meetings if m.ends <= self.w.now and not m.cancelled]
        if held and self.plan.state in (S.constituted, S.working):
            _newest_minutes_open(self.w, held[-1])
        for m in meetings:
            self._write(m)
            taking_part.record(self.w, self.plan, m, self.outbox)
            _audit(self.w, self.plan, m)

    def _working_group(self) -> tuple[int, list[int]]:
        w, plan = self.w, self.plan
        group_id = w.writer.new_id(WorkingGroup)
        name = f"Arbejdsgruppen om {w.rng.choice(texts.TOPICS)}"
        w.writer.add(WorkingGroup, {"id": group_id, "committee_id": plan.id, "name": name})
        seated = [m.user for m in plan.members if m.role.holds_seat]
        people = w.rng.sample(seated, min(len(seated), w.rng.randint(3, 5)))
        rows = ({"group_id": group_id, "user_id": u} for u in people)
        w.writer.add_all(working_group_members, rows)
        return group_id, people

    def _invited(self, kind: MeetingKind, day: date) -> list[int]:
        members = [m for m in self.plan.members if m.active_on(day)]
        if kind is K.working_group and self.group:
            people = set(self.group[1]) | {self.plan.staff}
            members = [m for m in members if m.user in people]
        return [m.user for m in members]

    def _plan(self, number: int, kind: MeetingKind, day: date) -> Held:
        """The meeting's times, status and minutes, before anything is written."""
        w, c = self.w, self.w.clock
        starts, ends = c.at(day, *HOURS[kind][0]), c.at(day, *HOURS[kind][1])
        cancelled = number > 0 and w.chance(0.02)
        held = ends <= w.now
        published = held or day <= self.soon
        out = c.past(c.at(c.shift(day, -AGENDA_DAYS), 11, 30)) if published else None
        status = MeetingStatus.agenda_published if published else MeetingStatus.planned
        if cancelled:
            status = MeetingStatus.cancelled
        m = Held(w.writer.new_id(Meeting), kind, starts, ends, day, status, out,
                 self._invited(kind, day))  # fmt: skip
        if held and not cancelled:
            _minutes(w, m)
        m.title = f"{TITLES[kind]} {number + 1}"
        m.context = _context(self.plan, m, w.rng.choice(texts.PLACES))
        return m

    def _write(self, m: Held) -> None:
        self.w.writer.add(Meeting, self._row(m))
        self._items(m)
        self._materials(m)
        if m.kind is K.dialogue_meeting:
            self._guests(m)
        if m.kind is K.committee_meeting and not m.cancelled:
            self.previous = m
            if m.attended:
                self.plan.held.append((m.id, m.day))

    def _row(self, m: Held) -> dict:
        w, cancelled = self.w, m.cancelled
        created = w.clock.past((m.published_at or w.now) - timedelta(days=21))
        group = m.kind is K.working_group and self.group
        return {
            "id": m.id, "committee_id": self.plan.id, "kind": m.kind, "title": m.title,
            "starts_at": m.starts, "ends_at": m.ends, "place": m.context["place"],
            "is_public": m.kind is K.dialogue_meeting or w.chance(0.1),
            "invite_scope": InviteScope.working_group if group else InviteScope.committee,
            "working_group_id": self.group[0] if group else None, "status": m.status,
            "agenda_published_at": m.published_at, "uid": f"vol-{m.id}@opgaveudvalg",
            "cancelled_at": w.clock.past(m.starts - timedelta(days=3)) if cancelled else None,
            "cancel_reason": "For få kan deltage." if cancelled else "",
            "sequence": 1 if cancelled else 0,
            "attendance_recorded_at": m.ends + timedelta(minutes=10) if m.attended else None,
            "minutes_status": m.minutes, "minutes_sent_at": m.sent_at,
            "approval_deadline": m.deadline, "minutes_locked_at": m.locked_at,
            "minutes_published_at": m.minutes_published_at,
            "created_at": created, "updated_at": m.published_at or created,
        }  # fmt: skip

    def _items(self, m: Held) -> None:
        """The automatic item (a committee meeting after another), then the meeting's own."""
        w = self.w
        rows = []
        if m.kind is K.committee_meeting and self.previous is not None:
            rows.append((ItemKind.decision, "Godkendelse af referat", AutoItem.minutes_approval))
        counts = {K.committee_meeting: (8, 13), K.workshop: (3, 6), K.dialogue_meeting: (2, 4),
                  K.working_group: (3, 5)}  # fmt: skip
        n = w.rng.randint(*counts[m.kind])
        titles = w.rng.sample(texts.ITEM_TITLES[:-1], min(n - 1, len(texts.ITEM_TITLES) - 1))
        for title in [*titles, "Eventuelt"][:n]:
            kind = ItemKind.information if title == "Eventuelt" else w.rng.choice(ITEM_KINDS)
            rows.append((kind, title, None))
        minutes = m.minutes is not MinutesStatus.draft or m.sent_at is not None
        for position, (kind, title, auto) in enumerate(rows, 1):
            item_id = w.writer.new_id(AgendaItem)
            if auto is None:
                m.items.append(item_id)
            w.writer.add(AgendaItem, _item_row(w, m, item_id, position, kind, title, auto, minutes))

    def _materials(self, m: Held) -> None:
        """One to three bilag on a committee meeting, now and then one on the others."""
        w = self.w
        n = w.rng.randint(1, 3) if m.kind is K.committee_meeting else int(w.chance(0.3))
        at = w.clock.past((m.published_at or w.now) - timedelta(days=1))
        for i in range(n):
            material_id = w.writer.new_id(Material)
            item = m.items[i % len(m.items)] if i and m.items else None
            w.writer.add(Material, {
                "id": material_id, "meeting_id": m.id, "agenda_item_id": item,
                "title": f"Bilag {i + 1}: {w.rng.choice(texts.ITEM_TITLES)}",
                "is_closed": w.chance(0.1), "created_at": at,
            })  # fmt: skip
            for number in range(1, 3 if w.chance(0.1) else 2):
                version_id = w.writer.new_id(MaterialVersion)
                w.writer.add(MaterialVersion, {
                    "id": version_id, "material_id": material_id, "number": number,
                    "stored_name": f"{version_id:012x}{w.rng.getrandbits(80):020x}",
                    "original_name": f"bilag-{i + 1}.pdf", "content_type": "application/pdf",
                    "size": w.rng.randint(40_000, 2_000_000), "sha256": PDF_SHA,
                    "uploaded_by_id": self.plan.staff, "uploaded_at": at,
                })  # fmt: skip

    def _guests(self, m: Held) -> None:
        for _ in range(self.w.rng.randint(0, 3)):
            guest_id = self.w.writer.new_id(MeetingGuest)
            self.w.writer.add(MeetingGuest, {
                "id": guest_id, "meeting_id": m.id, "name": "Gæst fra en forening",
                "email": f"gaest.{guest_id}@{shape.DOMAIN}", "locale": "da",
            })  # fmt: skip


def _item_row(w: World, m: Held, item_id: int, position: int, kind, title, auto, minutes) -> dict:
    decision = "Godkendt." if auto else NO_DECISION.get(kind, texts.DECISION) if minutes else ""
    return {
        "id": item_id, "meeting_id": m.id, "position": position, "kind": kind, "title": title,
        "case_text": texts.CASE if kind is not ItemKind.information else texts.CASE_SHORT,
        "proposal": texts.PROPOSAL if kind is ItemKind.decision else "",
        "is_closed": w.chance(0.02), "auto": auto, "minutes_decision": decision,
        "minutes_notes": texts.NOTES if minutes and w.chance(0.3) else "",
    }  # fmt: skip


def _minutes(w: World, m: Held) -> None:
    """Sent two working days after, approved at the deadline, published the day after."""
    c = w.clock
    m.attended = True
    m.sent_at = c.past(c.at(c.shift(m.day, 2), 15))
    m.deadline = c.shift(c.local_day(m.sent_at), 5)
    m.locked_at = c.past(c.at(m.deadline, 16))
    m.minutes_published_at = c.past(c.at(c.shift(m.deadline, 1), 9))
    m.minutes = MinutesStatus.published
    if w.chance(0.05):
        m.minutes, m.minutes_published_at = MinutesStatus.approved, None


def _newest_minutes_open(w: World, m: Held) -> None:
    """The newest minutes of a committee at work: a draft, or out for approval."""
    if m.deadline is None or m.deadline < w.today:
        return
    fresh = w.clock.shift(m.day, 2) > w.today
    m.minutes = MinutesStatus.draft if fresh else MinutesStatus.in_approval
    m.locked_at = m.minutes_published_at = None
    if fresh:
        m.sent_at = m.deadline = None


def _context(plan: Plan, m: Held, place: str) -> dict:
    """What notices about the meeting say (workflows.meetings.plan.context)."""
    return {
        "committee": plan.name,
        "meeting": m.title,
        "kind": m.kind.name,
        "starts_at": m.starts.isoformat(),
        "ends_at": m.ends.isoformat(),
        "place": place,
        "online_url": "",
        "link": {"committee_id": plan.id, "meeting_id": m.id},
    }


def _audit(w: World, plan: Plan, m: Held) -> None:
    """Planned, agenda out, attendance recorded, minutes sent and published."""
    obj, staff = ("Meeting", m.id), plan.staff
    details = {"meeting": m.id}
    created = w.clock.past((m.published_at or w.now) - timedelta(days=21))
    events = [(created, "meeting.created", None, None)]
    if m.published_at:
        events.append((m.published_at, "agenda.published", "planned", "agenda_published"))
    if m.cancelled:
        events.append((m.starts - timedelta(days=3), "meeting.cancelled", None, "cancelled"))
    if m.attended:
        events.append((m.ends + timedelta(minutes=10), "attendance.recorded", None, None))
    if m.sent_at:
        events.append((m.sent_at, "minutes.sent", "draft", "in_approval"))
    if m.minutes_published_at:
        events.append((m.minutes_published_at, "minutes.published", "approved", "published"))
    for at, action, before, after in events:
        w.audit(at, action, obj, actor=staff, committee=plan.id, from_state=before,
                to_state=after, details=details)  # fmt: skip
