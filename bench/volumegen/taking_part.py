"""Taking part in a meeting: RSVP, the attendance register, minutes approvals, action points,
inhabilitet, and every notice the meeting caused (agenda, reminders, minutes, cancellation)."""

from datetime import timedelta

from bench.volumegen.notices import Outbox
from bench.volumegen.world import Plan, World
from committees.models import (
    ActionPoint,
    Attendance,
    AttendanceStatus,
    ConflictDeclaration,
    MeetingKind,
    MinutesApproval,
    MinutesStatus,
    Rsvp,
    RsvpAnswer,
)

A = AttendanceStatus
LOOK_BACK = timedelta(days=60)  # minutes older than this are not reminded of (minutes_kinds)


def record(w: World, plan: Plan, m, outbox: Outbox) -> None:
    """Everything that happened around one meeting (`m` is a meetings.Held)."""
    present = _attendance(w, plan, m) if m.attended else []
    answered = _rsvps(w, plan, m, present) if m.published_at and not m.cancelled else set()
    waiting = _approvals(w, plan, m, present) if m.sent_at else []
    if m.attended and m.kind is MeetingKind.committee_meeting:
        _action_points(w, plan, m)
    _notices(w, plan, m, present, outbox)
    _reminders(w, plan, m, answered, waiting, outbox)


def _attendance(w: World, plan: Plan, m) -> list[int]:
    """The register: the facilitator present, most members present, some apologies."""
    present = []
    for user in m.invited:
        r = w.rng.random()
        status = (
            A.present if user == plan.staff or r < 0.85 else A.apology if r < 0.94 else A.absent
        )
        if status is A.present:
            present.append(user)
        w.writer.add(Attendance, {
            "id": w.writer.new_id(Attendance), "meeting_id": m.id, "user_id": user,
            "status": status, "arrived_late": status is A.present and r < 0.03,
            "left_early": status is A.present and 0.03 <= r < 0.05, "note": "",
            "recorded_at": m.ends + timedelta(minutes=10),
        })  # fmt: skip
    return present


def _rsvps(w: World, plan: Plan, m, present: list[int]) -> set[int]:
    """Half the invited answer the notice to attend (afbud from those who were away)."""
    answered = set()
    here = set(present)
    for user in m.invited:
        if user == plan.staff or not w.chance(0.55):
            continue
        attending = user in here if m.attended else w.chance(0.8)
        at = w.clock.past(m.published_at + timedelta(hours=w.rng.randint(2, 60)))
        w.writer.add(Rsvp, {
            "id": w.writer.new_id(Rsvp), "meeting_id": m.id, "user_id": user,
            "answer": RsvpAnswer.attending if attending else RsvpAnswer.apology,
            "reason": "" if attending else "På arbejde", "answered_at": at,
        })  # fmt: skip
        answered.add(user)
    return answered


def _approvals(w: World, plan: Plan, m, present: list[int]) -> list[int]:
    """Everyone present but the facilitator is asked; locked minutes were approved by all.
    Returns those who have not approved yet."""
    locked = m.minutes in (MinutesStatus.approved, MinutesStatus.published)
    waiting = []
    for user in present:
        if user == plan.staff:
            continue
        approved = None
        if locked or w.chance(0.5):
            approved = w.clock.past(m.sent_at + timedelta(hours=w.rng.randint(1, 70)))
            if m.locked_at:
                approved = min(approved, m.locked_at)
        else:
            waiting.append(user)
        comment = w.chance(0.03)
        w.writer.add(MinutesApproval, {
            "id": w.writer.new_id(MinutesApproval), "meeting_id": m.id, "user_id": user,
            "requested_at": m.sent_at, "approved_at": approved,
            "comment": "Punkt 3 bør nævne arbejdsgruppen." if comment else "",
            "commented_at": m.sent_at + timedelta(hours=3) if comment else None,
        })  # fmt: skip
    return waiting


def _action_points(w: World, plan: Plan, m) -> None:
    """A follow-up or two agreed at a committee meeting; the old ones done; now and then a
    member declares inhabilitet on an item."""
    for _ in range(w.rng.randint(0, 2)):
        due = m.day + timedelta(days=14)
        done = due < w.today - timedelta(days=3) and w.chance(0.9)
        w.writer.add(ActionPoint, {
            "id": w.writer.new_id(ActionPoint), "committee_id": plan.id,
            "agenda_item_id": w.rng.choice(m.items), "text": "Sekretariatet samler input",
            "responsible": w.names[plan.staff], "due_on": due,
            "done_at": w.clock.at(due, 12) if done else None, "created_at": m.ends,
        })  # fmt: skip
    others = [u for u in m.invited if u != plan.staff]
    if others and w.chance(0.01):
        w.writer.add(ConflictDeclaration, {
            "id": w.writer.new_id(ConflictDeclaration), "agenda_item_id": w.rng.choice(m.items),
            "user_id": w.rng.choice(others), "reason": "Bestyrelsesmedlem i foreningen",
            "declared_at": m.starts + timedelta(minutes=20),
        })  # fmt: skip


def _notices(w: World, plan: Plan, m, present: list[int], outbox: Outbox) -> None:
    """The agenda, the reminders (sent, pending or cancelled), the minutes, the cancellation."""
    subject, c = ("Meeting", m.id), w.clock
    send = outbox.notify
    if m.published_at:
        for user in m.invited:
            key = f"agenda_published:{m.id}:0:{user}"
            send("agenda_published", key, user, plan.id, subject, m.context, m.published_at)
    if m.cancelled:
        ctx = {**m.context, "reason": "For få kan deltage."}
        at = c.past(m.starts - timedelta(days=3))
        for user in m.invited:
            send("meeting_cancelled", f"meeting_cancelled:{m.id}:1:{user}", user, plan.id,
                 subject, ctx, at)  # fmt: skip
    if m.sent_at:
        ctx = _minutes_context(m)
        for user in present:
            if user != plan.staff:
                key = f"minutes_approval_requested:{m.id}:{m.sent_at}:{user}"
                send("minutes_approval_requested", key, user, plan.id, subject, ctx, m.sent_at)
        if m.minutes_published_at:
            for user in m.invited:
                send("minutes_published", f"minutes_published:{m.id}:{user}", user, plan.id,
                     subject, ctx, m.minutes_published_at)  # fmt: skip


def _minutes_context(m) -> dict:
    """The meeting's context, with the approval deadline once sent (minutes.context)."""
    if m.sent_at is None:
        return m.context
    return {**m.context, "deadline": m.deadline.isoformat(), "sent_at": m.sent_at.isoformat()}


def _reminders(w: World, plan: Plan, m, answered: set[int], waiting: list[int], outbox) -> None:
    """What `reminders.plan` keeps planned for the meeting (each policy's default offsets):
    before a meeting ahead, while its agenda or its minutes are due, while minutes wait for
    approval. Sent when due, pending when ahead, cancelled with the meeting."""
    c, subject = w.clock, ("Meeting", m.id)
    plans = []
    if m.ends > w.now:
        plans.append(("meeting_reminder", (-1,), m.day, m.invited, m.context))
        not_answered = [u for u in m.invited if u not in answered]
        plans.append(("rsvp_missing", (-3,), m.day, not_answered, m.context))
    if not m.published_at:
        plans.append(("agenda_due", (-2, 0), c.shift(m.day, -4), [plan.staff], m.context))
    if m.minutes is MinutesStatus.draft and m.starts > w.now - LOOK_BACK:
        plans.append(("minutes_due", (0, 1), c.shift(m.day, 2), [plan.staff], m.context))
    if m.minutes is MinutesStatus.in_approval:
        plans.append(("minutes_approval_reminder", (-1,), m.deadline, waiting, _minutes_context(m)))
    for kind, offsets, anchor, people, base in plans:
        ctx = {**base, "anchor": anchor.isoformat(), "only_not_acted": True}
        for offset in offsets:
            due = c.at(c.shift(anchor, offset), 8)
            for user in people:
                key = f"{kind}:Meeting:{m.id}:{anchor.isoformat()}:{offset}:{user}"
                outbox.notify(kind, key, user, plan.id, subject, ctx, due, cancelled=m.cancelled)
