"""The proportions of the data set: scale 1 is one municipality of Gentofte's size.

Gentofte had 43 task committees and about 400 citizen members after eight years (DOMAIN.md);
scale 1 is 40 committees over ten years, 380 people, 19 councillors' worth of council and six
standing committees. Scale 100 is roughly the whole country on one installation.
"""

import math
from dataclasses import dataclass

from committees.models import CommitteeState

S = CommitteeState
# Per thousand committees: most finished, a few per cent at work (recruiting to working).
STATE_WEIGHTS = {
    S.idea: 10,
    S.mandate_draft: 15,
    S.mandate_approved: 10,
    S.recruiting: 15,
    S.constituted: 10,
    S.working: 30,
    S.handed_over: 20,
    S.dissolved: 40,
    S.implementing: 150,
    S.evaluated: 700,
}
ORDER = list(CommitteeState)
FINISHED = (S.handed_over, S.dissolved, S.implementing, S.evaluated)

# The well-known logins of a benchmark (one per role), all with the same password.
PASSWORD = "bench-password-1234"  # noqa: S105 (a published benchmark password, by design)
SECRETARIAT = "bench-secretariat@volume.example"
COUNCILLOR = "bench-councillor@volume.example"
MEMBER = "bench-member@volume.example"
ADMIN = "bench-admin@volume.example"
DOMAIN = "volume.example"


def at_least(state: CommitteeState, other: CommitteeState) -> bool:
    """True when `state` is `other` or a later phase."""
    return ORDER.index(state) >= ORDER.index(other)


@dataclass(frozen=True)
class Shape:
    """How many of each thing a scale asks for."""

    scale: float
    committees: int
    admins: int
    secretariat: int
    councillors: int
    citizens: int
    standing_bodies: int
    bench_facilitates_every: int = 10  # the bench secretariat user runs every 10th committee
    bench_councillor_every: int = 40  # and the bench councillor sits on every 40th
    bench_member_committees: int = 6

    @classmethod
    def of(cls, scale: float) -> "Shape":
        """The counts for a scale (at least a few of everything, however small)."""

        def n(per_unit: float, least: int = 1) -> int:
            return max(least, round(per_unit * scale))

        return cls(
            scale=scale,
            committees=n(40, 2),
            admins=n(1),
            secretariat=n(6, 2),
            councillors=n(20, 8),
            citizens=n(353, 30),
            standing_bodies=max(6, round(6 * math.sqrt(scale))),
        )

    def states(self) -> list[CommitteeState]:
        """One state per committee: every phase present (from ten committees on), in the
        proportions of STATE_WEIGHTS, the rest evaluated."""
        total = sum(STATE_WEIGHTS.values())
        least = 1 if self.committees >= len(STATE_WEIGHTS) else 0
        counts = {
            s: max(least, self.committees * w // total)
            for s, w in STATE_WEIGHTS.items()
            if s is not S.evaluated
        }
        counts[S.evaluated] = max(0, self.committees - sum(counts.values()))
        return [s for s in ORDER for _ in range(counts.get(s, 0))]
