"""A step of a state table as offered to one user: the button a page shows, and why it is
blocked (drafting recommendations and approving minutes share it)."""

from dataclasses import dataclass
from typing import Protocol


class NamedStep(Protocol):
    """What the table's step gives the button: its name and its (lazily translated) label."""

    name: str
    label: object


@dataclass(frozen=True)
class Action:
    """A step offered to a user, with the reasons it is blocked (empty = allowed)."""

    step: NamedStep
    blockers: list[str]

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def label(self) -> str:
        return str(self.step.label)

    @property
    def enabled(self) -> bool:
        return not self.blockers
