"""Recommendations and what the political bodies did with them.

A committee at work has drafts (some out for comments, some endorsed). A committee that has
handed over endorsed its set at its last committee meeting and handed it to its standing
committee; each recommendation then goes standing committee → (finance committee) → council
on the council calendar, a decision per body, the council's final. Whatever falls after today
has not happened yet: the recommendation waits, is on an agenda, or is in treatment. A few old
ones were never put on an agenda (the hand-off is weak, DOMAIN.md says): they still wait.
"""

import bisect
from datetime import date, timedelta

from bench.volumegen import implementation, texts
from bench.volumegen.notices import Outbox
from bench.volumegen.shape import FINISHED, S
from bench.volumegen.world import Plan, World
from committees.models import (
    Decision,
    DecisionOutcome,
    DecisionState,
    Handover,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    RecommendationVersion,
)
from committees.models.recommendation import recommendation_questions

DO = DecisionOutcome
FINAL = ((DO.approved, 55), (DO.approved_with_changes, 15), (DO.partly_approved, 10),
         (DO.noted, 12), (DO.rejected, 8))  # fmt: skip
R = RecommendationStatus
DRAFT_STATUSES = (R.draft, R.commenting, R.endorsed, R.withdrawn)
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december")  # fmt: skip


def long_date(d: date) -> str:
    """A date as the notices write it in Danish ("3. marts 2025")."""
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


def build(w: World) -> None:
    """Drafts for committees at work; handed-over sets with their decisions for the rest."""
    outbox = Outbox(w)
    for plan in w.plans:
        if plan.state is S.working:
            for number in range(1, w.rng.randint(3, 7) + 1):
                _draft(w, plan, number, outbox)
        elif plan.state in FINISHED:
            _handed_over(w, plan, outbox)


def _new(w: World, plan: Plan, number: int, created: date, title: str, **fields) -> int:
    """The row with its versions and the task questions it answers."""
    rec_id = w.writer.new_id(Recommendation)
    plan.recs.append(rec_id)
    versions = 2 if w.chance(0.25) else 1
    at = w.clock.at(created, 10, 30)
    w.writer.add(Recommendation, {
        "id": rec_id, "committee_id": plan.id, "number": number, "title": title,
        "text": texts.REC_TEXT, "rationale": texts.RATIONALE, "version": versions,
        "created_at": at, "updated_at": at + timedelta(days=18 * (versions - 1)), **fields,
    })  # fmt: skip
    for n in range(1, versions + 1):
        written = at + timedelta(days=18 * (n - 1))
        w.writer.add(RecommendationVersion, {
            "id": w.writer.new_id(RecommendationVersion), "recommendation_id": rec_id,
            "number": n, "title": title, "text": texts.REC_TEXT, "rationale": texts.RATIONALE,
            "change_note": "Skærpet efter kommentarerne." if n > 1 else "",
            "created_by_id": plan.staff, "created_at": written,
        })  # fmt: skip
        action = "recommendation.created" if n == 1 else "recommendation.revised"
        w.audit(written, action, ("Recommendation", rec_id), actor=plan.staff,
                committee=plan.id, comment=title, details={"number": number})  # fmt: skip
    for question in w.rng.sample(plan.questions, min(len(plan.questions), w.rng.randint(1, 2))):
        w.writer.add(recommendation_questions,
                     {"recommendation_id": rec_id, "task_question_id": question})  # fmt: skip
    return rec_id


def _draft(w: World, plan: Plan, number: int, outbox: Outbox) -> None:
    """A draft; some out for comments until a few working days from now, some endorsed."""
    status = w.rng.choices(DRAFT_STATUSES, (60, 25, 10, 5))[0]
    created = max(plan.start, w.clock.day(-w.rng.randint(20, 80)))
    fields = {"status": status, "decision_state": DecisionState.not_handed_over}
    if status is RecommendationStatus.commenting:
        fields["comment_deadline"] = w.clock.shift(w.today, 3)
    if status is RecommendationStatus.endorsed and plan.held:
        meeting_id, day = plan.held[-1]
        fields.update(endorsed_at_meeting_id=meeting_id, endorsed_on=day)
    title = w.rng.choice(texts.REC_TITLES)
    rec_id = _new(w, plan, number, created, title, **fields)
    if status is RecommendationStatus.commenting:
        _comments(w, plan, (rec_id, number, title), fields["comment_deadline"], outbox)


def _comments(w: World, plan: Plan, rec: tuple, deadline: date, outbox: Outbox) -> None:
    """Out for comments: the members were told, some have commented, the others will be
    reminded the day before the deadline (workflows.recommendations.drafting)."""
    rec_id, number, title = rec
    seated = [m.user for m in plan.members if m.active_on(w.today)]
    authors = w.rng.sample(seated, min(len(seated), w.rng.randint(1, 4)))
    for author in authors:
        w.writer.add(RecommendationComment, {
            "id": w.writer.new_id(RecommendationComment), "recommendation_id": rec_id,
            "version_number": 1, "author_id": author, "text": "Godt forslag, men tilføj tal.",
            "created_at": w.clock.past(w.clock.at(w.clock.day(-1), 16)),
        })  # fmt: skip
    link = {"committee_id": plan.id, "number": number}
    ctx = {"committee": plan.name, "number": number, "title": title, "link": link,
           "deadline": deadline.isoformat()}  # fmt: skip
    opened = w.clock.past(w.clock.at(w.clock.shift(deadline, -5), 9, 15))
    reminder = {**ctx, "anchor": deadline.isoformat(), "only_not_acted": True}
    due = w.clock.at(w.clock.shift(deadline, -1), 8)
    subject, kind = ("Recommendation", rec_id), "recommendation_comment_deadline"
    for user in seated:
        key = f"recommendation_comments_open:{rec_id}:{opened}:{user}"
        outbox.notify("recommendation_comments_open", key, user, plan.id, subject, ctx, opened)
        if user not in authors:
            key = f"{kind}:Recommendation:{rec_id}:{deadline.isoformat()}:-1:{user}"
            outbox.notify(kind, key, user, plan.id, subject, reminder, due)


def _handed_over(w: World, plan: Plan, outbox: Outbox) -> None:
    """Endorsed at the last committee meeting before the handover, then decided on."""
    held = [(mid, d) for mid, d in plan.held if d <= plan.end] or plan.held
    meeting_id, endorsed = held[-1] if held else (None, plan.end)
    council = _next(w, w.council, plan.end + timedelta(days=40))
    handover_id = w.writer.new_id(Handover)
    w.writer.add(Handover, {
        "id": handover_id, "committee_id": plan.id, "handed_over_on": plan.end,
        "council_meeting_id": w.calendar_ids.get((w.council, council)),
        "latest_handover_on": w.clock.shift(council, -25) if council else None,
        "note": "Anbefalingerne er afleveret til det stående udvalg.",
        "recorded_by_id": plan.staff, "recorded_at": w.clock.at(plan.end, 14, 10),
    })  # fmt: skip
    n = w.rng.randint(4, 9)
    w.audit(w.clock.at(plan.end, 14, 10), "recommendations.handed_over", ("Handover", handover_id),
            actor=plan.staff, committee=plan.id, details={"count": n})  # fmt: skip
    for number in range(1, n + 1):
        created = endorsed - timedelta(days=w.rng.randint(40, 90))
        title = w.rng.choice(texts.REC_TITLES)
        if w.chance(0.03):
            _new(w, plan, number, created, title, status=RecommendationStatus.withdrawn,
                 decision_state=DecisionState.not_handed_over)  # fmt: skip
            continue
        _Path(w, plan, outbox, title).decide(number, created, meeting_id, endorsed, handover_id)


def _next(w: World, body: int, after: date) -> date | None:
    """The body's first meeting on or after a day (None beyond the calendar)."""
    days = w.calendar[body]
    i = bisect.bisect_left(days, after)
    return days[i] if i < len(days) else None


class _Path:
    """One handed-over recommendation's way through the political bodies."""

    def __init__(self, w: World, plan: Plan, outbox: Outbox, title: str) -> None:
        self.w, self.plan, self.outbox, self.title = w, plan, outbox, title

    def steps(self) -> list[tuple[int, date, DecisionOutcome, bool]]:
        """(body, day, outcome, final) in order, including those still ahead."""
        w, plan = self.w, self.plan
        final = w.rng.choices([o for o, _ in FINAL], [p for _, p in FINAL])[0]
        standing = plan.bodies[0]
        day = _next(w, standing, plan.end + timedelta(days=15))
        out = []
        if day and w.chance(0.05):
            out.append((standing, day, DO.postponed, False))
            day = _next(w, standing, day + timedelta(days=1))
        if day:
            out.append((standing, day, final, False))
        if day and w.chance(0.4):
            day = _next(w, w.finance, day + timedelta(days=1))
            out += [(w.finance, day, final, False)] if day else []
        council = _next(w, w.council, day + timedelta(days=1)) if day else None
        out += [(w.council, council, final, True)] if council else []
        return out

    def decide(self, number: int, created: date, meeting_id, endorsed: date, handover) -> None:
        """The row with its state from the decisions so far; their rows, audit and notices."""
        w, plan = self.w, self.plan
        stuck = plan.state in (S.implementing, S.evaluated) and w.chance(0.01)
        steps = [] if stuck else self.steps()
        done = [s for s in steps if s[1] < w.today]
        fields = {
            "status": RecommendationStatus.handed_over, "endorsed_at_meeting_id": meeting_id,
            "endorsed_on": endorsed, "handover_id": handover,
            "decision_state": DecisionState.awaiting,
        }  # fmt: skip
        first = steps[0] if steps else None
        if first and (done or w.clock.shift(first[1], -5) <= w.today):
            fields.update(
                decision_state=DecisionState.on_agenda,
                public_since=w.clock.past(w.clock.at(w.clock.shift(first[1], -5), 12)),
                agenda_body_id=first[0], agenda_on=first[1],
                agenda_reference=f"Punkt {w.rng.randint(3, 24)}",
            )  # fmt: skip
        if done:
            last = done[-1]
            fields["decision_state"] = DecisionState[last[2].name] if last[3] else (
                DecisionState.in_treatment)  # fmt: skip
            fields["decided_on"] = last[1] if last[3] else None
        rec_id = _new(w, plan, number, created, self.title, **fields)
        self._events(rec_id, number, endorsed, fields, done)
        if fields["decision_state"].leads_to_implementation:
            rec = (rec_id, number, self.title)
            implementation.carry_out(w, plan, rec, fields["decided_on"], self.outbox)

    def _events(self, rec_id: int, number: int, endorsed: date, fields: dict, done) -> None:
        """Endorsement, agenda and decisions: their audit entries and their notices."""
        w, plan = self.w, self.plan
        obj = ("Recommendation", rec_id)
        w.audit(w.clock.at(endorsed, 19, 50), "recommendation.endorsed", obj, actor=plan.staff,
                committee=plan.id, details={"number": number})  # fmt: skip
        base = {"committee": plan.name, "number": number, "title": self.title,
                "link": {"committee_id": plan.id, "number": number}}  # fmt: skip
        if fields.get("public_since"):
            body, on = fields["agenda_body_id"], fields["agenda_on"]
            ctx = {**base, "body": w.body_names[body], "meets_on": on.isoformat(),
                   "reference": fields["agenda_reference"]}  # fmt: skip
            self._tell(rec_id, "recommendation_on_agenda", f"agenda-{body}-{on}", ctx,
                       fields["public_since"])  # fmt: skip
        for body, day, outcome, final in done:
            self._decision(rec_id, obj, base, body, day, outcome, final)

    def _decision(self, rec_id, obj, base, body, day, outcome, final) -> None:
        w, plan = self.w, self.plan
        decision_id = w.writer.new_id(Decision)
        at = w.clock.past(w.clock.at(day, 21 if final else 16, 30))
        changed = outcome in (DO.approved_with_changes, DO.partly_approved)
        w.writer.add(Decision, {
            "id": decision_id, "recommendation_id": rec_id, "body_id": body, "decided_on": day,
            "agenda_reference": f"Punkt {w.rng.randint(3, 24)}", "outcome": outcome,
            "final": final, "reason": "", "changed_text": "Med en mindre ramme." if changed else "",
            "batch": f"vol-{plan.id}-{body}-{day}" if final else "",
            "recorded_by_id": plan.staff, "recorded_at": at,
        })  # fmt: skip
        w.audit(at, "recommendation.decided", obj, actor=plan.staff, committee=plan.id,
                details={"decision": decision_id, "body": w.body_names[body],
                         "outcome": outcome.name, "final": final})  # fmt: skip
        if final:  # (the app tells every decision; the final ones keep the outbox near 2 M)
            ctx = {**base, "body": w.body_names[body], "outcome": outcome.name,
                   "decided_on": long_date(day), "reason": ""}  # fmt: skip
            self._tell(rec_id, "recommendation_decided", f"decision-{decision_id}", ctx, at)

    def _tell(self, rec_id: int, kind: str, event: str, ctx: dict, at) -> None:
        """Everyone who has held a seat hears it (workflows.recommendations.audience.tell)."""
        subject = ("Recommendation", rec_id)
        for user in self.plan.members_ever():
            key = f"{kind}:{rec_id}:{event}:u:{user}"
            self.outbox.notify(kind, key, user, self.plan.id, subject, ctx, at)
