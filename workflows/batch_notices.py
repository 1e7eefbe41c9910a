"""The notices of a bulk step: one per person, listing every item of the batch they hear of.

A bulk step (twenty actions set to "Gennemført", ten bilag made open) would otherwise send the
same person twenty notices. Each item says who would hear of it; `NoticeBatch.write` then writes
one notice per person (an account, or an e-mail address without one) whose context lists their
items in the order they were added, under a key naming the batch and the person, so a retried
request writes nothing twice. Called inside the bulk step's transaction, like `notices.notify`.
"""

from dataclasses import dataclass, field

from committees.models import User
from committees.models.notice import Addressee
from workflows import notices

Recipient = User | Addressee


@dataclass
class _Person:
    to: Recipient
    subject: object  # what their first item is about (the notice's subject)
    entries: list[dict] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    committees: set[int | None] = field(default_factory=set)
    extra: dict = field(default_factory=dict)


def _who(to: Recipient) -> tuple[str, object]:
    if to.id is not None:
        return ("u", to.id)
    return ("e", to.email.strip().lower())


class NoticeBatch:
    """Collects who hears of which item of one bulk step, then writes one notice each."""

    def __init__(self, kind: str, batch: str, context: dict) -> None:
        self.kind, self.batch, self.context = kind, batch, context
        self._people: dict[tuple[str, object], _Person] = {}

    def add(
        self,
        to: Recipient,
        entry: dict,
        *,
        key: str,
        subject: object,
        committee_id: int | None,
        extra: dict | None = None,
    ) -> None:
        """`to` hears of `entry` (once, however many ways it reaches them; `key` names it)."""
        person = self._people.setdefault(_who(to), _Person(to, subject, extra=dict(extra or {})))
        if key in person.keys:
            return
        person.keys.add(key)
        person.entries.append(entry)
        person.committees.add(committee_id)

    def write(self) -> int:
        """One notice per person with their entries; returns how many were written."""
        written = 0
        for who, person in self._people.items():
            # The committee's history shows it only when every entry is that committee's.
            committee_id = next(iter(person.committees)) if len(person.committees) == 1 else None
            context = {
                **self.context,
                **person.extra,
                "entries": person.entries,
                "link": person.entries[0].get("link", self.context.get("link", {})),
            }
            if notices.notify(
                person.to,
                self.kind,
                key=notices.dedupe_key(self.kind, "batch", self.batch, *who),
                subject=person.subject,
                committee_id=committee_id,
                context=context,
            ):
                written += 1
        return written

    def recipients(self) -> int:
        """How many people hear of the batch."""
        return len(self._people)
