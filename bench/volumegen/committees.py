"""Committees in every phase over ten years: their dates, mandates and lifecycle history.

Each committee gets a plan first (its phase and the dates of its life, counted from today so a
working committee always ends ahead and a finished one lies behind), then its row, its
mandate versions with the approval trail, and the audit entries the workflows would have
written at each transition.
"""

import bisect
from datetime import date, timedelta

from bench.volumegen import texts
from bench.volumegen.shape import S
from bench.volumegen.world import Plan, World
from committees.models import (
    ApprovalOutcome,
    Committee,
    CompetenceProfile,
    Deliverable,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    MinutesRule,
    TaskQuestion,
    ViceChairMethod,
)
from committees.models.committee import committee_bodies

# The lifecycle as history: transition, the date it happened, and its target state.
STEPS = (
    ("start_drafting", "created", S.mandate_draft),
    ("approve_mandate", "approved", S.mandate_approved),
    ("open_recruitment", "recruit", S.recruiting),
    ("constitute", "start", S.constituted),
    ("start_work", "start", S.working),
    ("hand_over", "end", S.handed_over),
    ("dissolve", "dissolve", S.dissolved),
    ("start_implementation", "implement", S.implementing),
    ("evaluate", "evaluated", S.evaluated),
)


def build(w: World) -> None:
    """A plan and rows for every committee the shape asks for."""
    states = w.shape.states()
    w.rng.shuffle(states)
    first_at_work = states.index(S.working) if S.working in states else -1
    for i, state in enumerate(states):
        plan = _plan(w, state)
        # The bench logins' committees: every 10th is the secretariat user's, every 40th has
        # the councillor, and both work with the first committee at work (at any scale).
        if i % w.shape.bench_facilitates_every == 0 or i == first_at_work:
            plan.staff = w.bench["secretariat"]
        plan.bench_councillor = i % w.shape.bench_councillor_every == 0 or i == first_at_work
        w.plans.append(plan)
        _row(w, plan)
        _mandates(w, plan)
        _history(w, plan)


def _span(w: World) -> int:
    """Days from constitution to handover: mostly 9–12 months, seen from 3 to 18."""
    r = w.rng.random()
    if r < 0.1:
        return w.rng.randint(90, 240)
    if r < 0.95:
        return w.rng.randint(270, 365)
    return w.rng.randint(400, 540)


def _start_and_end(w: World, state) -> tuple[date, date]:
    day, r, span = w.clock.day, w.rng.randint, _span(w)
    ends = {
        S.handed_over: (5, 60),
        S.dissolved: (45, 180),
        S.implementing: (130, 3 * 365),
        S.evaluated: (2 * 365 + 30, 9 * 365),
    }
    if state in ends:
        end = day(-r(*ends[state]))
        return end - timedelta(days=span), end
    starts = {
        S.working: (-270, -30),
        S.constituted: (-28, -2),
        S.recruiting: (35, 80),
        S.mandate_approved: (60, 120),
        S.mandate_draft: (100, 220),
        S.idea: (150, 330),
    }
    start = day(r(*starts[state]))
    return start, max(start + timedelta(days=span), day(r(20, 90)))


def _council_day(w: World, on_or_before: date) -> date:
    """The council's last meeting on or before a day (mandates are approved there)."""
    days = w.calendar[w.council]
    return days[max(0, bisect.bisect_right(days, on_or_before) - 1)]


def _plan(w: World, state) -> Plan:
    c, r = w.clock, w.rng.randint
    start, end = _start_and_end(w, state)
    start, end = c.meeting_day(start), c.on_or_after(end)
    plan = Plan(
        id=w.writer.new_id(Committee), name="", state=state, created=start, start=start, end=end
    )
    plan.name = (
        f"Opgaveudvalget for {w.rng.choice(texts.TOPICS)} {start.year} "
        f"({w.rng.choice(texts.AREAS)}, nr. {plan.id})"
    )
    if plan.reached(S.mandate_approved):
        latest = {S.mandate_approved: c.day(-2), S.recruiting: c.day(-15)}.get(state, start)
        plan.approved = _council_day(w, min(start - timedelta(days=r(50, 80)), latest))
        plan.created = c.on_or_before(plan.approved - timedelta(days=r(60, 150)))
        plan.recruit = c.on_or_after(plan.approved + timedelta(days=r(1, 6)))
        plan.appointed = min(plan.recruit + timedelta(days=r(36, 44)), start - timedelta(days=3))
    else:
        back = r(20, 120) if state is S.mandate_draft else r(1, 40)
        plan.created = c.on_or_before(c.day(-back))
    _late_dates(w, plan)
    _people_and_seats(w, plan)
    return plan


def _late_dates(w: World, plan: Plan) -> None:
    """Dissolved a month or so after the handover, implementing soon after, evaluated after
    a year or two; never later than yesterday."""
    c, r = w.clock, w.rng.randint
    yesterday = c.on_or_before(c.day(-1))
    if plan.reached(S.dissolved):
        plan.dissolve = min(c.on_or_after(plan.end + timedelta(days=r(14, 40))), yesterday)
    if plan.reached(S.implementing):
        plan.implement = min(c.on_or_after(plan.dissolve + timedelta(days=r(3, 30))), yesterday)
    if plan.reached(S.evaluated):
        plan.evaluated = min(c.on_or_after(plan.implement + timedelta(days=r(300, 700))), yesterday)


def _people_and_seats(w: World, plan: Plan) -> None:
    bench = w.bench["secretariat"]
    plan.staff = w.rng.choice([s for s in w.staff if s != bench] or [bench])
    citizens = w.rng.randint(5, 10)
    stakeholders = w.rng.choices((0, 1, 2), (60, 25, 15))[0]
    plan.seats = (w.rng.randint(3, 5), citizens, stakeholders)
    plan.vice = w.rng.choices(list(ViceChairMethod), (30, 55, 15))[0]
    plan.bodies = [w.rng.choice(w.standing)]
    if w.chance(0.2):
        second = w.rng.choice([*w.standing, w.finance])
        if second not in plan.bodies:
            plan.bodies.append(second)


def _row(w: World, plan: Plan) -> None:
    lessons = plan.state is S.evaluated
    w.writer.add(
        Committee,
        {
            "id": plan.id,
            "name": plan.name,
            "summary": f"Udvalget kommer med anbefalinger om {plan.name.split(' for ')[1]}.",
            "state": plan.state,
            "planned_start": plan.start,
            "planned_end": plan.end,
            "created_at": w.clock.at(plan.created, 9, 20),
            "state_changed_at": w.clock.at(_state_day(plan), 10),
            "minutes_rule": MinutesRule.deadline if w.chance(0.1) else MinutesRule.all,
            "lessons_learned": texts.LESSONS if lessons else "",
            "evaluated_at": w.clock.at(plan.evaluated, 14) if lessons else None,
        },
    )
    w.writer.add_all(
        committee_bodies, ({"committee_id": plan.id, "body_id": b} for b in plan.bodies)
    )


def _state_day(plan: Plan) -> date:
    """The day the committee entered its current phase."""
    last = plan.created
    for _name, key, target in STEPS:
        if not plan.reached(target):
            break
        last = getattr(plan, key) or last
    return last


def _history(w: World, plan: Plan) -> None:
    """The audit entries of the lifecycle, as the workflows write them."""
    obj = ("Committee", plan.id)
    w.audit(
        w.clock.at(plan.created, 9, 20),
        "committee.created",
        obj,
        actor=plan.staff,
        committee=plan.id,
        to_state="idea",
    )
    state = S.idea
    for name, key, target in STEPS:
        if not plan.reached(target):
            break
        on = getattr(plan, key)
        hour = 8 if name == "start_work" else 15
        at = w.clock.at(w.clock.shift(on, 1) if name == "start_work" else on, hour, 5)
        w.audit(
            at,
            f"committee.{name}",
            obj,
            actor=plan.staff,
            committee=plan.id,
            from_state=state.value,
            to_state=target.value,
        )
        state = target


# -- mandates ---------------------------------------------------------------------------------


def _mandates(w: World, plan: Plan) -> None:
    """Version 1 (a draft, submitted, or approved by the council), sometimes revised into an
    approved version 2, sometimes with a newer draft open while the committee works."""
    if not plan.reached(S.mandate_approved):
        status = MandateStatus.draft
        if plan.state is S.mandate_draft and w.chance(0.4):
            status = MandateStatus.submitted
        _version(w, plan, 1, status, filled=plan.state is not S.idea)
        return
    revised = plan.reached(S.working) and w.chance(0.15)
    second = _council_day(w, min(plan.start + timedelta(days=90), w.clock.day(-1)))
    revised = revised and second > plan.approved
    _version(w, plan, 1, MandateStatus.superseded if revised else MandateStatus.approved)
    if revised:
        _version(w, plan, 2, MandateStatus.approved, approved=second)
    if plan.state is S.working and w.chance(0.1):
        _version(w, plan, plan.mandate_number + 1, MandateStatus.draft)


def _version(w: World, plan: Plan, number: int, status, filled=True, approved=None) -> None:
    version_id = w.writer.new_id(MandateVersion)
    approved = approved or plan.approved
    decided = status in (MandateStatus.approved, MandateStatus.superseded)
    created = plan.created if number == 1 else (approved or w.clock.day(-20)) - timedelta(days=40)
    submitted = _submitted(w, plan, status, approved)
    w.writer.add(
        MandateVersion,
        _version_row(plan, version_id, number, status, filled)
        | {
            "created_at": w.clock.at(created, 10),
            "created_by_id": plan.staff,
            "approved_on": approved if decided else None,
            "submitted_at": w.clock.at(submitted, 11) if submitted else None,
            "change_note": "Tidsplanen og sammensætningen er justeret." if number > 1 else "",
        },
    )
    if not filled:
        return
    questions = _children(w, plan, version_id)
    if status is MandateStatus.approved:
        plan.mandate_number, plan.questions, plan.profiles = number, *questions
    if submitted:
        w.audit(
            w.clock.at(submitted, 11),
            "mandate.submitted",
            ("MandateVersion", version_id),
            actor=plan.staff,
            committee=plan.id,
            details={"number": number},
        )
        _approvals(w, plan, version_id, number, submitted, approved if decided else None)


def _version_row(plan: Plan, version_id: int, number: int, status, filled: bool) -> dict:
    councillors, citizens, stakeholders = plan.seats
    text = (lambda t: t) if filled else (lambda t: "")
    return {
        "id": version_id,
        "committee_id": plan.id,
        "number": number,
        "status": status,
        "title": plan.name,
        "background": text(texts.BACKGROUND),
        "purpose": text(texts.PURPOSE),
        "working_method": text("Møder, workshops og et dialogmøde med borgerne."),
        "decision_path": text("Det stående udvalg, Økonomiudvalget og Kommunalbestyrelsen."),
        "frame": text("Udvalget arbejder inden for den afsatte ramme på 150.000 kr."),
        "secretariat_contact": text("Borgmestersekretariatet"),
        "start_date": plan.start,
        "end_date": plan.end,
        "handover_date": plan.end if filled else None,
        "seats_councillors": councillors,
        "seats_citizens": citizens,
        "seats_stakeholders": stakeholders,
        "chair_must_be_councillor": True,
        "vice_chair_method": plan.vice,
    }


def _submitted(w: World, plan: Plan, status, approved: date | None) -> date | None:
    if status is MandateStatus.submitted:
        return w.clock.on_or_before(w.clock.day(-w.rng.randint(3, 25)))
    if status in (MandateStatus.approved, MandateStatus.superseded):
        return w.clock.on_or_before(approved - timedelta(days=w.rng.randint(25, 40)))
    return None


def _children(w: World, plan: Plan, version_id: int) -> tuple[list[int], list[int]]:
    """Task questions, deliverables and competence profiles of one version."""
    questions = w.rng.sample(texts.QUESTIONS, w.rng.randint(3, 5))
    ids = w.writer.ids(TaskQuestion, len(questions))
    for i, (qid, text) in enumerate(zip(ids, questions, strict=True), 1):
        w.writer.add(
            TaskQuestion, {"id": qid, "mandate_version_id": version_id, "position": i, "text": text}
        )
    for i, text in enumerate(texts.DELIVERABLES[: w.rng.randint(1, 3)], 1):
        w.writer.add(
            Deliverable,
            {
                "id": w.writer.new_id(Deliverable),
                "mandate_version_id": version_id,
                "position": i,
                "text": text,
            },
        )
    profiles = w.rng.sample(texts.PROFILES, 3)
    pids = w.writer.ids(CompetenceProfile, len(profiles))
    for i, (pid, (name, description)) in enumerate(zip(pids, profiles, strict=True), 1):
        w.writer.add(
            CompetenceProfile,
            {
                "id": pid,
                "mandate_version_id": version_id,
                "position": i,
                "name": name,
                "description": description,
            },
        )
    return list(ids), list(pids)


def _approvals(w: World, plan, version_id: int, number: int, submitted: date, approved) -> None:
    """The standing committee recommends at its next meeting; the council approves."""
    standing = plan.bodies[0]
    days = w.calendar[standing]
    treated = days[min(bisect.bisect_right(days, submitted), len(days) - 1)]
    trail = []
    if treated < (approved or w.today):
        trail.append((standing, treated, ApprovalOutcome.recommended))
    if approved:
        trail.append((w.council, approved, ApprovalOutcome.approved))
    for body, on, outcome in trail:
        approval_id = w.writer.new_id(MandateApproval)
        w.writer.add(
            MandateApproval,
            {
                "id": approval_id,
                "mandate_version_id": version_id,
                "body_id": body,
                "decided_on": on,
                "agenda_reference": f"Punkt {w.rng.randint(3, 24)}",
                "outcome": outcome,
                "note": "",
                "recorded_by_id": plan.staff,
                "recorded_at": w.clock.past(w.clock.at(on, 20, 30)),
            },
        )
        w.audit(
            w.clock.at(on, 20, 30),
            "mandate.decision",
            ("MandateVersion", version_id),
            actor=plan.staff,
            committee=plan.id,
            details={"number": number, "body": w.body_names[body], "outcome": outcome.name},
        )
