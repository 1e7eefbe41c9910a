"""The outbox's history: one notice per person per event, in every status.

Each event of the other steps (an agenda sent out, minutes published, a phase change, a
decision) writes its notices here with the key and context the workflows would have written,
so the app reads them back as its own and a later `reminders.plan` finds its keys taken. What
lies in the past was delivered (a few failed after every retry; a few are due and not yet
swept); what lies ahead is pending; reminders of cancelled meetings were cancelled.
"""

from datetime import UTC, datetime, time, timedelta

from bench.volumegen import shape
from bench.volumegen.people import DIGEST_KINDS
from bench.volumegen.shape import S
from bench.volumegen.world import World
from committees.models import DeliveryMode, Notice, NoticeStatus
from committees.models.base import LOCAL_TZ
from workflows.notices import REGISTRY

FAILED = 0.003  # delivered history that failed after every retry
DUE = 0.0005  # due and not yet swept (the sweep's next batch)
SENDING = 0.00002  # claimed by a sweeper that died (reclaimed once stuck)
READ = 0.65
ERROR = "SMTPRecipientsRefused: 550 5.1.1 <recipient>: mailbox unavailable"
DIGEST_AT = time(7, 0)
SWEPT = timedelta(seconds=20)  # from due to sent
READ_AFTER = [timedelta(hours=1 + 3 * i) for i in range(20)]
DONE_AFTER = timedelta(hours=20)


class Outbox:
    """Writes notices for the generator's events."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.kinds = {name: (k.mandatory, k.needs_action) for name, k in REGISTRY.items()}
        self.now = w.now

    def notify(
        self,
        kind: str,
        key: str,
        user: int | None,
        committee: int | None,
        subject: tuple[str, int | None],
        context: dict,
        at: datetime,
        cancelled: bool = False,
        address: tuple[str, str] | None = None,
    ) -> None:
        """One notice to a user (or an address), for an event at `at`."""
        mandatory, needs_action = self.kinds[kind]
        mode = DeliveryMode.immediate
        if user is not None and not mandatory and kind in DIGEST_KINDS:
            mode = self.w.digest.get(user, DeliveryMode.immediate)
        due = at if mode is DeliveryMode.immediate else _digest_time(mode, at)
        notice_id = self.w.writer.new_id(Notice)
        row = {
            "id": notice_id,
            "recipient_id": user,
            "to_email": address[0] if address else "",
            "to_name": address[1] if address else "",
            "kind": kind,
            "committee_id": committee,
            "subject_type": subject[0],
            "subject_id": subject[1],
            "dedupe_key": key,
            "mode": mode,
            "needs_action": needs_action,
            "context": context,
            "created_at": min(at, self.now),
            "due_at": due,
        }
        self._status(row, cancelled, due, user is not None)
        self.w.writer.add(Notice, row)

    def _status(self, row: dict, cancelled: bool, due: datetime, has_account: bool) -> None:
        if cancelled:
            row["status"] = NoticeStatus.cancelled
            return
        if due > self.now:
            row["status"] = NoticeStatus.pending
            return
        r = self.w.rng.random()
        if r < FAILED:
            row.update(status=NoticeStatus.failed, attempts=5, last_error=ERROR)
        elif r < FAILED + DUE:
            row["status"] = NoticeStatus.pending
        elif r < FAILED + DUE + SENDING:
            claimed = self.now - timedelta(minutes=20)
            row.update(status=NoticeStatus.sending, claim_token=f"bench-{row['id']}",
                       claimed_at=claimed, attempts=1)  # fmt: skip
        else:
            sent = due + SWEPT
            row["status"], row["attempts"] = NoticeStatus.sent, 1
            row["sent_at"] = row["emailed_at"] = sent
            row["message_id"] = f"<{row['id']}.{row['kind']}@{shape.DOMAIN}>"
            if has_account and r < READ:
                row["read_at"] = min(sent + READ_AFTER[int(r * 20)], self.now)
            if row["needs_action"] and r < 0.9:
                row["action_done_at"] = min(sent + DONE_AFTER, self.now)


def _digest_time(mode: DeliveryMode, after: datetime) -> datetime:
    """The next digest moment (07:00 in Copenhagen; Mondays for the weekly one), as the app
    plans it (workflows.notices.next_digest_at)."""
    local = after.astimezone(LOCAL_TZ)
    day = local.date() + timedelta(days=1 if local.time() >= DIGEST_AT else 0)
    if mode is DeliveryMode.weekly:
        day += timedelta(days=(7 - day.weekday()) % 7)
    return datetime.combine(day, DIGEST_AT, tzinfo=LOCAL_TZ).astimezone(UTC)


def lifecycle(w: World) -> None:
    """Appointments, phase changes, the composition reminders of committees still to start,
    and the invitations still open, as the workflows notify."""
    outbox = Outbox(w)
    for plan in w.plans:
        _appointments(w, plan, outbox)
        _phases(w, plan, outbox)
        if plan.state in (S.mandate_approved, S.recruiting):
            _composition(w, plan, outbox)
    for user, invited in w.invited.items():
        outbox.notify("invitation", f"invitation:{user}:{invited.isoformat()}", user, None,
                      ("User", user), {"inviter": "Sekretariatet"}, invited)  # fmt: skip


def _appointments(w: World, plan, outbox: Outbox) -> None:
    for m in plan.members:
        appointed = plan.appointed if plan.reached(S.constituted) else plan.approved
        at = w.clock.past(w.clock.at(appointed if m.start == plan.start else m.start, 20))
        ctx = {"committee": plan.name, "role": m.role.name, "member_type": m.type.name,
               "start": m.start.isoformat(), "link": {"committee_id": plan.id}}  # fmt: skip
        outbox.notify("appointment", f"appointment:{m.id}", m.user, plan.id,
                      ("Membership", m.id), ctx, at)  # fmt: skip


def _phases(w: World, plan, outbox: Outbox) -> None:
    """From the constitution on, everyone sitting hears of each new phase."""
    from bench.volumegen.committees import STEPS

    for _name, key, target in STEPS[3:]:
        if not plan.reached(target):
            break
        day = getattr(plan, key)
        ctx = {"committee": plan.name, "state": target.name, "comment": "",
               "link": {"committee_id": plan.id}}  # fmt: skip
        at = w.clock.at(day, 15, 5)
        for m in plan.members:
            if m.active_on(day) or m.start > day:
                key_ = f"phase:{plan.id}:{target.name}:{m.user}"
                outbox.notify("committee_phase", key_, m.user, plan.id, ("Committee", plan.id),
                              ctx, at)  # fmt: skip


def _composition(w: World, plan, outbox: Outbox) -> None:
    """Ten and three working days before the planned start, while seats are empty."""
    anchor = plan.start.isoformat()
    ctx = {"committee": plan.name, "link": {"committee_id": plan.id}, "anchor": anchor,
           "only_not_acted": True}  # fmt: skip
    for offset in (-10, -3):
        at = w.clock.at(w.clock.shift(plan.start, offset), 8)
        key = f"composition_incomplete:Committee:{plan.id}:{anchor}:{offset}:{plan.staff}"
        outbox.notify("composition_incomplete", key, plan.staff, plan.id,
                      ("Committee", plan.id), ctx, at)  # fmt: skip
