"""Writing the minutes: the decision and notes of each item, and the action points agreed.

The minutes can be written while they are a draft; action points can be marked done at any
later time (they go on the next agendas until they are).
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from committees.extensions import db
from committees.models import ActionPoint, AgendaItem, Meeting, User
from committees.models.base import utcnow
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.meetings import plan


@dataclass
class ItemMinutes:
    """What the minutes say about one item."""

    decision: str = ""
    notes: str = ""


def _check_writable(meeting: Meeting, actor: User) -> None:
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke skrive referatet for dette møde."))
    if not permissions.can_edit_minutes(actor, meeting):
        raise NotAllowed(_("Referatet kan kun skrives, mens det er et udkast."))


@atomic
def write(
    meeting: Meeting, entries: dict[int, ItemMinutes], actor: User, expected_status: str | None
) -> int:
    """Save the decision and notes of the items given (by item id); returns how many changed."""
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke skrive referatet for dette møde."))
    meeting = plan.lock(meeting)
    if expected_status is not None and meeting.minutes_status.name != expected_status:
        raise StaleState(_("Referatet er sendt til godkendelse, siden du åbnede siden."))
    _check_writable(meeting, actor)
    items = {i.id: i for i in meeting.items}
    if any(item_id not in items for item_id in entries):
        raise NotAllowed(_("Et af punkterne hører ikke til mødet."))
    changed = 0
    for item_id, entry in entries.items():
        item = items[item_id]
        new = (entry.decision.strip(), entry.notes.strip())
        if new != (item.minutes_decision, item.minutes_notes):
            item.minutes_decision, item.minutes_notes = new
            changed += 1
    audit.record(
        "minutes.written",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "items": changed},
    )
    db.session.commit()
    return changed


@atomic
def add_action_point(
    item: AgendaItem, text: str, responsible: str, due_on: date | None, actor: User
) -> ActionPoint:
    """Agree a follow-up on an item; open ones go on the next agendas by themselves."""
    meeting = item.meeting
    _check_writable(meeting, actor)
    if not text.strip():
        raise NotAllowed(_("Skriv, hvad aktionspunktet går ud på."))
    if due_on is not None and due_on < meeting.local_date:
        raise NotAllowed(_("Fristen kan ikke ligge før mødet."))
    point = ActionPoint(
        committee_id=meeting.committee_id,
        item=item,
        text=text.strip()[:500],
        responsible=responsible.strip()[:200],
        due_on=due_on,
    )
    db.session.add(point)
    db.session.flush()
    audit.record(
        "action_point.added",
        point,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "item": item.id},
    )
    db.session.commit()
    return point


@atomic
def complete_action_point(point: ActionPoint, actor: User) -> None:
    """Mark a follow-up done (at any later time); it leaves the next agendas."""
    committee = point.item.meeting.committee
    if not permissions.can_manage_meetings(actor, committee):
        raise PermissionDenied(_("Du kan ikke ændre aktionspunkter i dette udvalg."))
    if point.done_at is not None:
        raise NotAllowed(_("Aktionspunktet er allerede markeret som udført."))
    point.done_at = utcnow()
    audit.record(
        "action_point.done",
        point,
        actor,
        committee_id=committee.id,
        details={"meeting": point.item.meeting_id, "item": point.agenda_item_id},
    )
    db.session.commit()
