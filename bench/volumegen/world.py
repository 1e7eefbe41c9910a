"""What the generator's steps share: the writer, the seeded random source, the clock, the
people and political bodies made so far, and one plan per committee."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from bench.volumegen.clock import Clock
from bench.volumegen.shape import Shape, at_least
from bench.volumegen.writer import Writer
from committees.models import (
    AuditEntry,
    CommitteeState,
    DeliveryMode,
    MemberRole,
    MemberType,
    ViceChairMethod,
)

NO_DETAILS: dict = {}  # shared by every entry without details (serialized once)


@dataclass(slots=True)
class Member:
    """One membership as the later steps need it."""

    id: int
    user: int
    type: MemberType
    role: MemberRole
    start: date
    end: date | None

    def active_on(self, day: date) -> bool:
        """The membership runs on `day` (Membership.is_active_on)."""
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(slots=True)
class Plan:
    """One committee: its phase, the dates of its life and what the later steps hang on it."""

    id: int
    name: str
    state: CommitteeState
    created: date
    start: date  # constituted (planned start until then)
    end: date  # handed over (planned end until then)
    approved: date | None = None  # the council approved the mandate
    recruit: date | None = None  # the call opened
    appointed: date | None = None  # the council appointed the members
    dissolve: date | None = None
    implement: date | None = None
    evaluated: date | None = None
    bodies: list[int] = field(default_factory=list)
    staff: int = 0  # the facilitator (or the secretariat user who drafts)
    bench_councillor: bool = False  # the bench councillor has a seat
    seats: tuple[int, int, int] = (5, 10, 0)
    vice: ViceChairMethod = ViceChairMethod.elected
    mandate_number: int = 1  # the approved (or only) version's number
    questions: list[int] = field(default_factory=list)  # the approved mandate's questions
    profiles: list[int] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    held: list[tuple[int, date]] = field(default_factory=list)  # held committee meetings
    recs: list[int] = field(default_factory=list)  # recommendation ids

    def reached(self, state: CommitteeState) -> bool:
        """The committee is in `state` or a later phase."""
        return at_least(self.state, state)

    def members_ever(self) -> list[int]:
        """Every person who has held a membership (the recommendations' audience)."""
        return list(dict.fromkeys(m.user for m in self.members))


@dataclass
class World:
    """The state shared by the steps of one build."""

    writer: Writer
    rng: random.Random
    clock: Clock
    shape: Shape
    password_hash: str
    follow_up_months: tuple[int, ...]
    names: dict[int, str] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)
    admins: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)
    councillors: list[int] = field(default_factory=list)
    citizens: list[int] = field(default_factory=list)
    bench: dict[str, int] = field(default_factory=dict)  # role -> the bench login's user id
    digest: dict[int, DeliveryMode] = field(default_factory=dict)  # users who chose digests
    invited: dict[int, datetime] = field(default_factory=dict)  # invited, no password yet
    council: int = 0
    finance: int = 0
    standing: list[int] = field(default_factory=list)
    body_names: dict[int, str] = field(default_factory=dict)
    calendar: dict[int, list[date]] = field(default_factory=dict)  # body -> meeting days
    calendar_ids: dict[tuple[int, date], int] = field(default_factory=dict)  # CouncilMeeting ids
    plans: list[Plan] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        """The moment the build started (history lies before it)."""
        return self.clock.now

    @property
    def today(self) -> date:
        """Today in Copenhagen."""
        return self.clock.today

    def chance(self, p: float) -> bool:
        """True with probability `p` (from the seeded source)."""
        return self.rng.random() < p

    def audit(self, at: datetime, action: str, obj: tuple[str, int | None], **kw) -> None:
        """An audit entry as `workflows.audit.record` writes it; `obj` is (type, id)."""
        self.writer.add(
            AuditEntry,
            {
                "id": self.writer.new_id(AuditEntry),
                "at": self.clock.past(at),
                "actor_id": kw.get("actor"),
                "committee_id": kw.get("committee"),
                "action": action,
                "object_type": obj[0],
                "object_id": obj[1],
                "from_state": kw.get("from_state"),
                "to_state": kw.get("to_state"),
                "comment": kw.get("comment", ""),
                "details": kw.get("details", NO_DETAILS),
            },
        )
