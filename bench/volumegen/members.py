"""Who sits where, and how they got there: memberships, leave, and the recruitment calls with
their applications.

From the approved mandate on, a committee has its facilitator and its councillors; from the
constitution on, its citizens and stakeholders too, exactly as many as the mandate's seats (so
the composition rule holds), with a chair who is a councillor and a vice-chair as the mandate
says. People sit on several committees: a quarter of the citizen seats go to someone who has
sat before. Finished committees' memberships end the day the committee was dissolved.
"""

from datetime import date, timedelta

from bench.volumegen import shape, texts
from bench.volumegen.shape import S
from bench.volumegen.world import Member, Plan, World
from committees.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    CallStatus,
    Gender,
    LeavePeriod,
    MemberRole,
    Membership,
    MemberType,
    RecruitmentCall,
    ViceChairMethod,
)
from committees.models.recruitment import application_profiles, call_profiles

QUESTIONS = ["Hvad vil du bidrage med?"]  # the call's extra question (shared by every row)
ANSWERS = [{"question": QUESTIONS[0], "answer": texts.MOTIVATION}]
RETENTION_DAYS = 90  # declined and reserve applications are erased after this (config default)


class _Citizens:
    """Hands out citizens for seats: mostly new faces, a quarter who have sat before."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.fresh = [u for u in w.citizens if u != w.bench["citizen"]]
        w.rng.shuffle(self.fresh)
        self.used: list[int] = []

    def pick(self, taken: set[int]) -> int:
        """A citizen not yet in `taken` (who is then added to it)."""
        for _ in range(20):
            again = self.used and (self.w.chance(0.25) or not self.fresh)
            user = self.w.rng.choice(self.used) if again else self.fresh.pop()
            if not again:
                self.used.append(user)
            if user not in taken:
                taken.add(user)
                return user
        raise RuntimeError("not enough citizens for the seats")


def build(w: World) -> None:
    """Memberships and recruitment for every committee that has reached them."""
    citizens = _Citizens(w)
    member_of = _bench_member_committees(w)
    for plan in w.plans:
        if not plan.reached(S.mandate_approved):
            continue
        _seat_all(w, plan, citizens, plan.id in member_of)
        if plan.reached(S.recruiting):
            _recruitment(w, plan)


def _bench_member_committees(w: World) -> set[int]:
    """The bench citizen's committees: up to two at work, the rest finished."""
    active = [p.id for p in w.plans if p.state in (S.working, S.constituted)][:2]
    done = [p.id for p in w.plans if p.state in shape.FINISHED]
    return set(active + done[: w.shape.bench_member_committees - len(active)])


def _seat_all(w: World, plan: Plan, citizens: _Citizens, bench_member: bool) -> None:
    appointed = plan.appointed if plan.reached(S.constituted) else plan.approved
    taken = {plan.staff}
    seat = _Seater(w, plan, appointed)
    seat(plan.staff, MemberType.staff, MemberRole.facilitator, "Borgmestersekretariatet")
    for i, user in enumerate(_councillors(w, plan, taken)):
        role = MemberRole.chair if i == 0 else MemberRole.member
        if i == 1 and plan.vice is ViceChairMethod.appointed:
            role = MemberRole.vice_chair
        if i == 1 and plan.vice is ViceChairMethod.elected and plan.reached(S.constituted):
            role = MemberRole.vice_chair
        seat(user, MemberType.councillor, role, w.rng.choice(texts.PARTIES))
    if not plan.reached(S.constituted):
        return
    if bench_member:
        taken.add(w.bench["citizen"])
    first = [w.bench["citizen"]] if bench_member else []
    people = first + [citizens.pick(taken) for _ in range(plan.seats[1] - len(first))]
    leaves = _resignation_day(w, plan) if not bench_member else None
    for i, user in enumerate(people):
        end = leaves if i == 0 else None
        seat(user, MemberType.citizen, MemberRole.member, "", publish=w.chance(0.7), end=end)
    if leaves:
        seat(
            citizens.pick(taken),
            MemberType.citizen,
            MemberRole.member,
            "",
            start=leaves + timedelta(days=1),
        )
    for _ in range(plan.seats[2]):
        seat(
            citizens.pick(taken), MemberType.stakeholder, MemberRole.member, "Interesseorganisation"
        )
    if w.chance(0.1):
        seat(citizens.pick(taken), MemberType.citizen, MemberRole.alternate, "", publish=False)


def _resignation_day(w: World, plan: Plan) -> date | None:
    """Now and then a citizen leaves half-way, and a new citizen takes the seat the day after."""
    if not plan.reached(S.working) or not w.chance(0.05):
        return None
    last = min(plan.start + (plan.end - plan.start) / 2, w.today - timedelta(days=2))
    return last if last > plan.start else None


def _councillors(w: World, plan: Plan, taken: set[int]) -> list[int]:
    """The councillors' seats, the first one the chair's (the bench councillor's is any)."""
    n, bench = plan.seats[0], w.bench["councillor"]
    pool = w.rng.sample(w.councillors, min(n + 2, len(w.councillors)))
    chosen = [u for u in pool if u != bench][:n]
    if plan.bench_councillor:
        chosen[w.rng.randrange(n)] = bench
    taken.update(chosen)
    return chosen


class _Seater:
    """Writes one committee's memberships with their audit entries, and keeps them on the plan."""

    def __init__(self, w: World, plan: Plan, appointed: date) -> None:
        self.w, self.plan, self.appointed = w, plan, appointed

    def __call__(self, user, member_type, role, title, publish=True, start=None, end=None):
        """Seat `user`; from the planned start unless `start`, to the end unless `end`."""
        w, plan = self.w, self.plan
        m = Member(w.writer.new_id(Membership), user, member_type, role, start or plan.start, None)
        m.end = end or plan.dissolve
        w.writer.add(Membership, {
            "id": m.id, "committee_id": plan.id, "user_id": user, "member_type": member_type,
            "role": role, "start_date": m.start, "end_date": m.end, "publish_name": publish,
            "title": title,
        })  # fmt: skip
        plan.members.append(m)
        self._audit(m, start, end)
        if member_type is MemberType.citizen and plan.reached(S.working) and w.chance(0.02):
            _leave(w, plan, m)
        return m

    def _audit(self, m: Member, start: date | None, end: date | None) -> None:
        w, plan = self.w, self.plan
        when = w.clock.at(self.appointed if start is None else start - timedelta(days=7), 20)
        details = {"user": w.names[m.user], "member_type": m.type.name, "role": m.role.name}
        w.audit(when, "membership.added", ("Membership", m.id), actor=plan.staff,
                committee=plan.id, details=details)  # fmt: skip
        if end is not None:
            w.audit(w.clock.at(end, 10, 15), "membership.changed", ("Membership", m.id),
                    actor=plan.staff, committee=plan.id,
                    comment=f"{w.names[m.user]}: fratrådt (udtræder af udvalget)")  # fmt: skip


def _leave(w: World, plan: Plan, m: Member) -> None:
    """A few weeks' leave (orlov) some months into the work."""
    first = plan.start + timedelta(days=w.rng.randint(30, 120))
    if first >= plan.end:
        return
    w.writer.add(
        LeavePeriod,
        {
            "id": w.writer.new_id(LeavePeriod),
            "membership_id": m.id,
            "start_date": first,
            "end_date": min(first + timedelta(days=w.rng.randint(14, 60)), plan.end),
            "reason": "Barsel",
        },
    )


# -- recruitment ------------------------------------------------------------------------------


def _recruitment(w: World, plan: Plan) -> None:
    """The open call, and the applications still kept (old calls keep only the appointed)."""
    c = w.clock
    opens = c.at(plan.recruit, 9)
    closes = c.at(plan.recruit + timedelta(days=28), 23, 59)
    decided = plan.reached(S.constituted)
    status = CallStatus.open if closes > w.now else CallStatus.closed
    status = CallStatus.decided if decided else status
    call_id = w.writer.new_id(RecruitmentCall)
    w.writer.add(RecruitmentCall, {
        "id": call_id, "committee_id": plan.id, "status": status, "seats": plan.seats[1],
        "opens_at": opens, "closes_at": closes, "meetings": 6,
        "period": f"{plan.start:%d.%m.%Y}–{plan.end:%d.%m.%Y}", "place": "Rådhuset",
        "consent_text": texts.CONSENT, "publish_consent_text": texts.PUBLISH_CONSENT,
        "questions": QUESTIONS, "created_at": opens - timedelta(days=1),
        "closed_at": closes if status is not CallStatus.open else None,
        "decided_on": plan.appointed if decided else None,
        "decision_reference": f"Kommunalbestyrelsen, punkt {plan.id % 27 + 3}" if decided else "",
    })  # fmt: skip
    w.writer.add_all(call_profiles, ({"call_id": call_id, "profile_id": p} for p in plan.profiles))
    obj = ("RecruitmentCall", call_id)
    w.audit(opens, "recruitment.call_opened", obj, actor=plan.staff, committee=plan.id)
    for applied, user in _applicants(w, plan, status):
        _application(w, plan, call_id, applied, user)
    if decided:
        w.audit(c.at(plan.appointed, 20), "recruitment.appointment_recorded", obj,
                actor=plan.staff, committee=plan.id)  # fmt: skip


def _applicants(
    w: World, plan: Plan, status: CallStatus
) -> list[tuple[ApplicationStatus, int | None]]:
    A = ApplicationStatus
    if status is CallStatus.decided:
        first = [m for m in plan.members if m.type is MemberType.citizen and m.start == plan.start]
        out = [(A.appointed, m.user) for m in first if m.role is MemberRole.member]
        if plan.appointed >= w.today - timedelta(days=RETENTION_DAYS):
            out += [(A.reserve, None)] * w.rng.randint(2, 4)
            out += [(A.declined, None)] * w.rng.randint(8, 20)
        return out
    weights = (10, 70, 5, 15) if status is CallStatus.open else (2, 55, 5, 38)
    statuses = (A.unconfirmed, A.received, A.withdrawn, A.shortlisted)
    return [(s, None) for s in w.rng.choices(statuses, weights, k=w.rng.randint(10, 40))]


def _application(w: World, plan: Plan, call_id: int, status, user: int | None) -> None:
    app_id = w.writer.new_id(Application)
    created = w.clock.at(plan.recruit + timedelta(days=w.rng.randint(0, 27)), 20)
    created = w.clock.past(created)
    decided = status in (
        ApplicationStatus.appointed,
        ApplicationStatus.reserve,
        ApplicationStatus.declined,
    )
    first, last = w.rng.choice(texts.FIRST_NAMES), w.rng.choice(texts.LAST_NAMES)
    w.writer.add(
        Application,
        {
            "id": app_id,
            "call_id": call_id,
            "status": status,
            "name": w.names[user] if user else f"{first} {last}",
            "email": w.emails[user] if user else f"ansoeger.{app_id}@{shape.DOMAIN}",
            "age_band": w.rng.choice(list(AgeBand)),
            "postal_code": str(w.rng.randint(2800, 2950)),
            "gender": w.rng.choice(list(Gender)),
            "motivation": texts.MOTIVATION,
            "answers": ANSWERS,
            "consent_text": texts.CONSENT,
            "publish_name": w.chance(0.6),
            "publish_consent_text": texts.PUBLISH_CONSENT,
            "created_at": created,
            "confirmed_at": None if status is ApplicationStatus.unconfirmed else created,
            "updated_at": created,
            "user_id": user,
            "decided_at": w.clock.at(plan.appointed, 20) if decided else None,
        },
    )
    for profile in w.rng.sample(plan.profiles, min(len(plan.profiles), w.rng.randint(1, 2))):
        w.writer.add(application_profiles, {"application_id": app_id, "profile_id": profile})
