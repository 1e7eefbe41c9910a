"""Demo data: the builder that turns the committee specs into rows and audit entries."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from committees.demo.mandate_history import _MandateHistory
from committees.demo.mandates_early import _ALDERSVENLIGT, _IDRAET
from committees.demo.mandates_handed_over import _FAELLESSKABER
from committees.demo.mandates_late import _BYLIV, _KLIMA, _UNGE
from committees.demo.people import (
    _PARTY,
    ADMIN,
    BODIES,
    COUNCILLORS,
    INVITED,
    MUNICIPALITY,
    SECRETARIAT,
    SECRETARIAT_2,
    _email,
    _Person,
    _Spec,
)
from committees.extensions import db
from committees.models import (
    AuditEntry,
    BodyKind,
    Committee,
    CommitteeState,
    LeavePeriod,
    MemberRole,
    Membership,
    MemberType,
    Municipality,
    PoliticalBody,
    Role,
    User,
    ViceChairMethod,
)
from workflows import committee as committee_flow

_SPECS = (_ALDERSVENLIGT, _FAELLESSKABER, _IDRAET, _UNGE, _KLIMA, _BYLIV)

# The lifecycle as the demo replays it: transition, time key, days after it, UTC hour, minute.
_STEPS = (
    ("start_drafting", "created", 1, 8, 15),
    ("approve_mandate", "approved", 0, 19, 31),
    ("open_recruitment", "recruit", 0, 9, 0),
    ("constitute", "start", 0, 19, 0),
    ("start_work", "start", 1, 8, 30),
    ("hand_over", "end", 0, 15, 0),
    ("dissolve", "dissolve", 0, 19, 40),
    ("start_implementation", "implement", 0, 9, 10),
)


@dataclass
class _Event:
    """An audit entry to write once every object has an id."""

    at: datetime
    action: str
    obj: object
    committee: Committee
    actor: User | None
    from_state: str | None = None
    to_state: str | None = None
    comment: str = ""


class _Builder(_MandateHistory):
    """Builds the demo in the session; `load()` flushes and commits."""

    def __init__(self, today: date, password_hash: str) -> None:
        self.today = today
        self.password_hash = password_hash
        self.users: dict[str, User] = {}
        self.by_name: dict[str, User] = {}
        self.bodies: dict[str, PoliticalBody] = {}
        self.events: list[_Event] = []
        self.actor: User | None = None  # the secretariat user running the current committee
        self._agenda = 0

    # -- time -----------------------------------------------------------------------------

    def day(self, offset: int) -> date:
        """Today plus `offset` days; a weekend moves back to Friday, never into the future."""
        d = self.today + timedelta(days=offset)
        return d - timedelta(days=max(0, d.weekday() - 4))

    @staticmethod
    def next_workday(d: date) -> date:
        d += timedelta(days=1)
        while d.weekday() > 4:
            d += timedelta(days=1)
        return d

    @staticmethod
    def at(d: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute), tzinfo=UTC)

    # -- people and bodies ----------------------------------------------------------------

    def user(self, email: str, name: str, role: Role, created: datetime, **kw) -> User:
        """An account with the demo password (unless password=False)."""
        has_password = kw.pop("password", True)
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=self.password_hash if has_password else None,
            created_at=created,
            invited_at=created,
            **kw,
        )
        db.session.add(user)
        self.users[email] = user
        self.by_name[name] = user
        return user

    def base(self) -> None:
        """The municipality's settings, political bodies, administrator, secretariat and
        councillors (all on the council), as an administrator sets them up in Opsætning."""
        db.session.add(Municipality(**MUNICIPALITY, updated_at=self.at(self.day(-760), 9)))
        for position, (name, kind) in enumerate(BODIES, start=1):
            order = {BodyKind.council: 90, BodyKind.finance_committee: 80}.get(kind, position)
            self.bodies[name] = PoliticalBody(name=name, kind=kind, position=order)
            db.session.add(self.bodies[name])
        long_ago = self.at(self.day(-760), 9)
        self.user(ADMIN, "Henrik Vestergaard", Role.administrator, long_ago)
        self.user(SECRETARIAT, "Mette Skovgaard", Role.secretariat, long_ago)
        self.user(SECRETARIAT_2, "Jonas Kragh", Role.secretariat, long_ago)
        for email, name, _party in COUNCILLORS:
            if email == INVITED:
                continue  # appointed and invited later, with the recruiting committee
            self.user(email or _email(name), name, Role.councillor, long_ago)
        council = next(b for b in self.bodies.values() if b.kind is BodyKind.council)
        council.members = [u for u in self.users.values() if u.role is Role.councillor]

    # -- committees -----------------------------------------------------------------------

    def committee(self, spec: _Spec) -> Committee:
        """One committee with its mandate versions, members and history."""
        t = spec.times
        staff = self.actor = self.users[spec.staff]
        created = self.at(self.day(t["created"]), 9, 20)
        c = Committee(
            name=spec.name,
            summary=spec.summary,
            state=spec.state,
            planned_start=self.day(t["start"]),
            planned_end=self.day(t["end"]),
            created_at=created,
            parent_bodies=[self.bodies[b] for b in spec.bodies],
        )
        db.session.add(c)
        self.event(created, "committee.created", c, c, staff, to_state="idea")
        v1 = self.version(c, spec, 1, spec.mandate, t.get("end_v1", t["end"]), created)
        if spec.state is CommitteeState.mandate_draft:
            self.draft_history(c, v1, spec)
        else:
            self.treat(c, v1, spec, t)
        if spec.revision:
            self.revise(c, v1, spec)
        self.lifecycle(c, spec)
        self.members(c, spec)
        return c

    def lifecycle(self, c: Committee, spec: _Spec) -> None:
        """The committee's transitions up to its demo state, each with its audit entry."""
        state = CommitteeState.idea
        for name, key, days, hour, minute in _STEPS:
            if state is spec.state:
                break
            target = committee_flow.BY_NAME[name].target
            on = self.day(spec.times[key])
            if days:
                on = self.next_workday(on)
            at = self.at(on, hour, minute)
            self.event(
                at,
                f"committee.{name}",
                c,
                c,
                self.users[spec.staff],
                from_state=state.value,
                to_state=target.value,
                comment=self.step_comment(name, spec),
            )
            state = target
            c.state_changed_at = at

    def step_comment(self, name: str, spec: _Spec) -> str:
        elected = spec.mandate["vice"] is ViceChairMethod.elected and spec.vice
        comments = {
            "open_recruitment": "Opslaget er offentliggjort på solbjerg.example med "
            "ansøgningsfrist om fire uger.",
            "constitute": "Konstituerende møde holdt."
            + (f" {spec.vice} blev valgt som næstformand." if elected else ""),
            "start_work": "Møde- og aktivitetsplanen er vedtaget.",
            "hand_over": f"Anbefalingerne er afleveret til {' og '.join(spec.bodies)}.",
            "dissolve": "Kommunalbestyrelsen har behandlet anbefalingerne og nedlagt udvalget.",
            "start_implementation": "Handleplanen er godkendt; administrationen følger op på "
            "de godkendte anbefalinger.",
        }
        return comments.get(name, "")

    # -- members --------------------------------------------------------------------------

    def members(self, c: Committee, spec: _Spec) -> None:
        """Facilitator, councillors and citizens, appointed on the dates the story says."""
        if spec.state is CommitteeState.mandate_draft:
            return
        t = spec.times
        start = self.day(t["start"])
        ends = self.day(t["dissolve"]) if "dissolve" in t else None
        appointed = self.at(self.day(t["approved"]), 19, 45)
        staff = self.users[spec.staff]
        self.seat(
            c,
            staff,
            MemberType.staff,
            MemberRole.facilitator,
            start,
            ends,
            "Borgmestersekretariatet",
            appointed,
        )
        for name in (spec.chair, spec.vice, *spec.councillors):
            if not name:
                continue
            role = MemberRole.chair if name == spec.chair else MemberRole.member
            if name == spec.vice and spec.mandate["vice"] is ViceChairMethod.appointed:
                role = MemberRole.vice_chair
            user, when = self.by_name.get(name), appointed
            if user is None:
                user = self.invited_councillor(name)
                when = user.created_at
            self.seat(c, user, MemberType.councillor, role, start, ends, _PARTY[name], when)
        if spec.vice and spec.mandate["vice"] is ViceChairMethod.elected:
            self.elect_vice(c, spec)
        for person in spec.people:
            self.citizen(c, spec, person, start, ends)

    def invited_councillor(self, name: str) -> User:
        """A councillor new to the council, appointed a week ago, who has not logged in yet."""
        return self.user(
            INVITED, name, Role.councillor, self.at(self.day(-6), 19, 45), password=False
        )

    def seat(self, c, user, member_type, role, start, end, title, when, **kw) -> Membership:
        """A membership and its 'added' audit entry."""
        m = Membership(
            user=user,
            member_type=member_type,
            role=role,
            start_date=start,
            end_date=end,
            title=title,
            publish_name=kw.pop("publish", True),
            **kw,
        )
        c.memberships.append(m)
        self.event(
            when,
            "membership.added",
            m,
            c,
            self.users[SECRETARIAT],
            comment=f"{user.name}: {member_type.label}, {role.label}",
        )
        return m

    def elect_vice(self, c: Committee, spec: _Spec) -> None:
        """The vice-chair elected at the first meeting, recorded the morning after."""
        m = next(m for m in c.memberships if m.user.name == spec.vice)
        m.role = MemberRole.vice_chair
        at = self.at(self.next_workday(self.day(spec.times["start"])), 8, 40)
        self.event(
            at,
            "membership.changed",
            m,
            c,
            self.users[spec.staff],
            comment=f"{spec.vice}: {m.member_type.label}, {m.role.label}",
        )

    def citizen(self, c, spec: _Spec, p: _Person, start: date, ends: date | None) -> None:
        """A citizen (or stakeholder) member, with a late start, an early end or leave."""
        t = spec.times
        joined = self.day(p.start) if p.start is not None else start
        when = self.at(self.day(t["appointed"] if p.start is None else p.start - 10), 19, 45)
        user = self.user(p.email or _email(p.name), p.name, Role.citizen, when, locale=p.locale)
        end = self.day(p.end) if p.end is not None else ends
        m = self.seat(c, user, p.member_type, p.role, joined, end, p.title, when, publish=p.publish)
        staff = self.users[spec.staff]
        if p.end is not None:
            self.event(
                self.at(self.day(p.end), 10, 15),
                "membership.changed",
                m,
                c,
                staff,
                comment=f"{p.name}: fratrådt (udtræder af udvalget)",
            )
        if p.leave:
            first, last, reason = p.leave
            m.leave_periods.append(
                LeavePeriod(start_date=self.day(first), end_date=self.day(last), reason=reason)
            )
            self.event(
                self.at(self.day(first - 14), 11, 0),
                "membership.leave",
                m,
                c,
                staff,
                comment=f"{p.name}: {self.day(first).isoformat()}–{self.day(last).isoformat()}",
            )

    # -- audit ----------------------------------------------------------------------------

    def event(self, at, action, obj, committee, actor, **kw) -> None:
        self.events.append(_Event(at, action, obj, committee, actor, **kw))

    def write_audit(self) -> None:
        """The collected events as audit entries, oldest first (ids follow time)."""
        for e in sorted(self.events, key=lambda e: e.at):
            db.session.add(
                AuditEntry(
                    at=e.at,
                    actor_id=e.actor.id if e.actor else None,
                    committee_id=e.committee.id,
                    action=e.action,
                    object_type=type(e.obj).__name__,
                    object_id=e.obj.id,
                    from_state=e.from_state,
                    to_state=e.to_state,
                    comment=str(e.comment),
                )
            )
