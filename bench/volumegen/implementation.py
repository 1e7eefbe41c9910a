"""Carrying out approved recommendations: follow-up reviews, actions with dated updates, and
the people who follow a committee or a recommendation."""

from datetime import date, timedelta

from bench.volumegen import shape, texts
from bench.volumegen.shape import S
from bench.volumegen.world import Plan, World
from committees.models import (
    ActionStatus,
    DeliveryMode,
    Follow,
    FollowUpReview,
    ImplementationAction,
    ProgressUpdate,
)
from workflows.recommendations.followup import add_months

A = ActionStatus
STATUS_WEIGHTS = {  # where actions stand, by the committee's phase
    S.implementing: ((A.not_started, 8), (A.on_track, 40), (A.at_risk, 12), (A.delayed, 10),
                     (A.done, 25), (A.dropped, 5)),
    S.evaluated: ((A.done, 75), (A.dropped, 10), (A.on_track, 5), (A.delayed, 5),
                  (A.at_risk, 5)),
}  # fmt: skip
EARLY = ((A.not_started, 50), (A.on_track, 50))


def carry_out(w: World, plan: Plan, rec: tuple[int, int, str], decided: date, outbox) -> None:
    """The reviews after the final decision (`rec` is id, number, title) with their
    reminders, and none, one or two actions."""
    for months in w.follow_up_months:
        due = add_months(decided, months)
        done = due < w.today and not w.chance(0.03)
        review_id = w.writer.new_id(FollowUpReview)
        w.writer.add(FollowUpReview, {
            "id": review_id, "recommendation_id": rec[0], "months": months, "due_on": due,
            "done_at": w.clock.past(w.clock.at(w.clock.shift(due, 3), 10)) if done else None,
            "note": "Status gennemgået med det stående udvalg." if done else "",
        })  # fmt: skip
        _review_reminders(w, plan, rec, review_id, months, due, done, outbox)
    for _ in range(w.rng.choices((0, 1, 2), (40, 45, 15))[0]):
        _action(w, plan, rec[0], decided)


def _review_reminders(w, plan, rec, review_id, months, due, done, outbox) -> None:
    """Five working days before a review is due, and three after while it is not done
    (workflows.recommendations.followup), to the actions' contact: the facilitator here."""
    ctx = {"committee": plan.name, "number": rec[1], "title": rec[2], "months": months,
           "link": {"committee_id": plan.id, "number": rec[1]}, "anchor": due.isoformat(),
           "only_not_acted": True}  # fmt: skip
    for kind, offset in (("followup_update_due", -5), ("followup_update_overdue", 3)):
        at = w.clock.at(w.clock.shift(due, offset), 8)
        if done and offset > 0:
            continue
        key = f"{kind}:FollowUpReview:{review_id}:{due.isoformat()}:{offset}:{plan.staff}"
        outbox.notify(kind, key, plan.staff, plan.id, ("FollowUpReview", review_id), ctx, at)


def _action(w: World, plan: Plan, rec_id: int, decided: date) -> None:
    weights = STATUS_WEIGHTS.get(plan.state, EARLY)
    status = w.rng.choices([s for s, _ in weights], [p for _, p in weights])[0]
    progress = 100 if status is A.done else 0 if status is A.not_started else w.rng.randint(5, 90)
    due = decided + timedelta(days=w.rng.randint(180, 720))
    action_id = w.writer.new_id(ImplementationAction)
    created = w.clock.past(w.clock.at(decided + timedelta(days=14), 9, 40))
    title = f"Handling: {w.rng.choice(texts.REC_TITLES).lower()}"
    updates = _updates(w, plan, action_id, status, progress, decided, due)
    w.writer.add(ImplementationAction, {
        "id": action_id, "recommendation_id": rec_id, "title": title,
        "description": texts.RATIONALE, "owner_unit": w.rng.choice(texts.UNITS),
        "owner_body_id": plan.bodies[0], "contact_id": plan.staff, "due_on": due,
        "status": status, "progress": progress,
        "dropped_reason": "Indgår i en anden indsats." if status is A.dropped else "",
        "created_at": created, "updated_at": updates[-1][0] if updates else created,
    })  # fmt: skip
    w.audit(created, "recommendation.action_added", ("ImplementationAction", action_id),
            actor=plan.staff, committee=plan.id, comment=title)  # fmt: skip
    for at, row in updates:
        w.writer.add(ProgressUpdate, row)
        w.audit(
            at,
            "recommendation.progress_update",
            ("ImplementationAction", action_id),
            actor=plan.staff,
            committee=plan.id,
            details={"progress": row["progress"]},
        )


def _updates(w, plan, action_id, status, progress, decided, due) -> list[tuple]:
    """Two to five dated updates from the start to a week ago (or the due date when done)."""
    if status is A.not_started:
        return []
    start = decided + timedelta(days=30)
    end = w.today - timedelta(days=6)
    if status is A.done:
        end = min(end, due)
    if end <= start:
        return []
    n = w.rng.randint(2, 5)
    out = []
    for i in range(1, n + 1):
        written = w.clock.on_or_before(start + (end - start) * i / n)
        last = i == n
        at = w.clock.past(w.clock.at(written, 14))
        out.append((at, {
            "id": w.writer.new_id(ProgressUpdate), "action_id": action_id, "written_on": written,
            "text": texts.UPDATE_TEXT, "status": status if last else A.on_track,
            "progress": progress if last else progress * i // (n + 1),
            "author_id": plan.staff, "created_at": at,
        }))  # fmt: skip
    return out


def follows(w: World) -> None:
    """A quarter of the public committees have followers: people with an account (a citizen
    who is not a member) and addresses without one, of the committee or one recommendation."""
    for plan in w.plans:
        if not plan.reached(S.mandate_approved) or not w.chance(0.25):
            continue
        members = {m.user for m in plan.members}
        for i in range(w.rng.randint(1, 5)):
            _follow(w, plan, i, members)


def _follow(w: World, plan: Plan, i: int, taken: set[int]) -> None:
    """One follow; an account holder follows a committee once (members need not follow)."""
    follow_id = w.writer.new_id(Follow)
    rec = w.rng.choice(plan.recs) if plan.recs and w.chance(0.3) else None
    target = f"r:{rec}" if rec else f"c:{plan.id}"
    user = w.rng.choice(w.citizens) if w.chance(0.5) else None
    if user in taken:
        user = None
    taken.add(user)
    email = None if user else f"foelger.{follow_id}@{shape.DOMAIN}"
    created = w.clock.past(w.clock.at(max(plan.start, plan.created) + timedelta(days=10 + i), 20))
    w.writer.add(Follow, {
        "id": follow_id, "committee_id": None if rec else plan.id, "recommendation_id": rec,
        "user_id": user, "email": email, "locale": "da", "target": target,
        "who": f"u:{user}" if user else f"e:{email}",
        "mode": DeliveryMode.weekly if w.chance(0.3) else DeliveryMode.immediate,
        "token": f"{follow_id:08x}{w.rng.getrandbits(96):024x}",
        "confirmed_at": created + timedelta(minutes=5) if w.chance(0.9) else None,
        "created_at": created,
    })  # fmt: skip
