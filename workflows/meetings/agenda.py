"""The agenda: ordered items, the automatic ones, and publishing it to the invited."""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from committees.extensions import db
from committees.models import (
    ActionPoint,
    AgendaItem,
    AutoItem,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    User,
)
from committees.models.base import utcnow
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic


@dataclass
class ItemData:
    """An agenda item as the form delivers it."""

    kind: ItemKind
    title: str
    case_text: str = ""
    proposal: str = ""
    is_closed: bool = False


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The committee's last meeting of the same kind before this one (not cancelled)."""
    return db.session.scalar(
        db.select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.kind == meeting.kind,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status != MeetingStatus.cancelled,
            Meeting.id != meeting.id,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def open_action_points(committee_id: int) -> list[ActionPoint]:
    """Action points of the committee not yet done, oldest first; only those agreed on open
    items, since the automatic item is open (points of closed items stay in the minutes)."""
    return list(
        db.session.scalars(
            db.select(ActionPoint)
            .join(AgendaItem, ActionPoint.agenda_item_id == AgendaItem.id)
            .where(
                ActionPoint.committee_id == committee_id,
                ActionPoint.done_at.is_(None),
                AgendaItem.is_closed.is_(False),
            )
            .order_by(ActionPoint.created_at, ActionPoint.id)
        )
    )


def _action_points_text(points: list[ActionPoint]) -> str:
    lines = []
    for p in points:
        owner = f" ({p.responsible})" if p.responsible else ""
        due = f" – {p.due_on.strftime('%d.%m.%Y')}" if p.due_on else ""
        lines.append(f"- {p.text}{owner}{due}")
    return "\n".join(lines)


def ensure_auto_items(meeting: Meeting) -> None:
    """Committee meetings open with “Godkendelse af referat” (when there was a meeting before)
    and “Opfølgning på aktionspunkter” (when some are open); the texts are in Danish, the
    agenda's language, whoever writes it."""
    if meeting.kind is not MeetingKind.committee_meeting:
        return
    present = {item.auto for item in meeting.items}
    wanted: list[tuple[AutoItem, ItemKind, str, str]] = []
    with force_locale("da"):
        previous = previous_meeting(meeting)
        if previous is not None and AutoItem.minutes_approval not in present:
            wanted.append(
                (
                    AutoItem.minutes_approval,
                    ItemKind.decision,
                    _("Godkendelse af referat"),
                    _(
                        "Referatet fra mødet %(date)s.",
                        date=previous.local_date.strftime("%d.%m.%Y"),
                    ),
                )
            )
        points = open_action_points(meeting.committee_id)
        if points and AutoItem.action_points not in present:
            wanted.append(
                (
                    AutoItem.action_points,
                    ItemKind.information,
                    _("Opfølgning på aktionspunkter"),
                    _action_points_text(points),
                )
            )
    if not wanted:
        return
    # The automatic items go first, in the order above; the others move down.
    for item in sorted(meeting.items, key=lambda i: -i.position):
        item.position += len(wanted)
        db.session.flush()
    for offset, (auto, kind, title, text) in enumerate(wanted, start=1):
        db.session.add(
            AgendaItem(
                meeting=meeting, position=offset, kind=kind, title=title, case_text=text, auto=auto
            )
        )
    db.session.flush()


def refresh_action_points(meeting: Meeting) -> None:
    """At publication the action-point item lists the points open at that moment."""
    item = next((i for i in meeting.items if i.auto is AutoItem.action_points), None)
    if item is not None:
        item.case_text = _action_points_text(open_action_points(meeting.committee_id))


def _check_editable(meeting: Meeting, actor: User) -> None:
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke redigere dagsordenen."))
    if meeting.is_cancelled:
        raise NotAllowed(_("Mødet er aflyst."))
    if meeting.minutes_status.locked or meeting.minutes_sent_at is not None:
        raise NotAllowed(_("Referatet er sendt til godkendelse; dagsordenen kan ikke ændres."))


def _apply(item: AgendaItem, data: ItemData) -> None:
    item.kind = data.kind
    item.title = data.title.strip()
    item.case_text = data.case_text.strip()
    item.proposal = data.proposal.strip()
    item.is_closed = data.is_closed


@atomic
def add_item(meeting: Meeting, data: ItemData, actor: User) -> AgendaItem:
    """Add an item at the end of the agenda."""
    _check_editable(meeting, actor)
    from workflows.meetings import plan

    meeting = plan.lock(meeting)  # two adds at once would take the same position
    db.session.refresh(meeting, ["items"])
    position = max((i.position for i in meeting.items), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, kind=data.kind, title="")
    _apply(item, data)
    db.session.add(item)
    db.session.flush()
    audit.record(
        "agenda.item_added",
        item,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "item": item.id},
    )
    db.session.commit()
    return item


@atomic
def update_item(item: AgendaItem, data: ItemData, actor: User) -> None:
    """Change an item's type, title, case text, proposal or openness."""
    meeting = item.meeting
    _check_editable(meeting, actor)
    _apply(item, data)
    audit.record(
        "agenda.item_edited",
        item,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "item": item.id},
    )
    db.session.commit()


@atomic
def delete_item(item: AgendaItem, actor: User) -> None:
    """Remove an item; the ones after it move up."""
    meeting = item.meeting
    _check_editable(meeting, actor)
    if _has_material(item):
        raise NotAllowed(_("Punktet har bilag. Fjern dem først."))
    position = item.position
    meeting.items.remove(item)
    db.session.flush()
    for other in sorted(meeting.items, key=lambda i: i.position):
        if other.position > position:
            other.position -= 1
            db.session.flush()
    audit.record(
        "agenda.item_deleted",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        details={"meeting": meeting.id, "position": position},
    )
    db.session.commit()


def _has_material(item: AgendaItem) -> bool:
    from committees.models import Material

    return (
        db.session.scalar(
            db.select(db.func.count(Material.id)).where(Material.agenda_item_id == item.id)
        )
        > 0
    )


@atomic
def move_item(item: AgendaItem, direction: int, actor: User) -> None:
    """Swap an item with its neighbour above (-1) or below (+1)."""
    meeting = item.meeting
    _check_editable(meeting, actor)
    ordered = sorted(meeting.items, key=lambda i: i.position)
    index = ordered.index(item) + direction
    if direction not in (-1, 1) or not 0 <= index < len(ordered):
        raise NotAllowed(_("Punktet kan ikke flyttes længere."))
    other = ordered[index]
    a, b = item.position, other.position
    item.position = 0  # the unique (meeting, position) would clash mid-swap
    db.session.flush()
    other.position = a
    db.session.flush()
    item.position = b
    db.session.commit()


@atomic
def publish(meeting: Meeting, actor: User, expected_status: str | None) -> None:
    """Publish the agenda: it becomes visible to the invited (and the public for its open
    parts, if the meeting is public) and everyone invited is told."""
    from workflows.meetings import plan

    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke udsende dagsordenen."))
    meeting = plan.lock(meeting)
    if expected_status is not None and meeting.status.name != expected_status:
        raise StaleState(_("Dagsordenen er allerede udsendt eller mødet aflyst."))
    if meeting.status is not MeetingStatus.planned:
        raise NotAllowed(_("Dagsordenen er allerede udsendt eller mødet aflyst."))
    now = utcnow()
    if meeting.has_ended(now):
        raise NotAllowed(_("Mødet er afholdt."))
    ensure_auto_items(meeting)
    refresh_action_points(meeting)
    if not meeting.items:
        raise NotAllowed(_("Dagsordenen har ingen punkter."))
    meeting.status = MeetingStatus.agenda_published
    meeting.agenda_published_at = now
    audit.record(
        "agenda.published",
        meeting,
        actor,
        committee_id=meeting.committee_id,
        from_state=MeetingStatus.planned.name,
        to_state=meeting.status.name,
        details={"meeting": meeting.id, "items": len(meeting.items)},
    )
    plan.tell_invited(meeting, "agenda_published", plan.context(meeting))
    from workflows import notices

    notices.complete_actions("agenda_due", meeting)
    plan._replan(meeting.committee)
    db.session.commit()
