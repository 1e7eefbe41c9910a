"""Demo data: the shapes of a demo recommendation, its political path and its action plan (the
texts are in recommendation_texts.py, which describes the fields)."""

from typing import NamedTuple


class Step(NamedTuple):
    """One body's decision on a recommendation."""

    body: str  # "standing", "finance" or "council"
    outcome: str  # a DecisionOutcome name
    final: bool = False
    reason: str = ""
    changed: str = ""
    cycle: int = 0


class Action(NamedTuple):
    """An implementation action and its dated updates (oldest first)."""

    title: str
    description: str
    unit: str
    due: int
    status: str  # an ActionStatus name
    progress: int
    updates: tuple[str, ...]
    dropped: str = ""
    late: int = 0  # working days past its due date when the demo is loaded (then `due` is unused)


class Rec(NamedTuple):
    """One recommendation; `earlier` is a first version (title, text, change note) if revised."""

    title: str
    text: str
    rationale: str
    questions: tuple[int, ...]
    earlier: tuple[str, str, str] | None = None
    comments: tuple[tuple[str, str], ...] = ()  # (member's name, comment) in a comment window
    commenting: bool = False
    body: str = ""  # the standing committee that treats it
    steps: tuple[Step, ...] = ()
    actions: tuple[Action, ...] = ()
