"""Publishing a meeting's materials in bulk: many bilag made open (everyone who sees the meeting,
the public too when it is public, once the agenda is out) or closed (members and staff) at once.

All or nothing, like the other bulk steps: the chosen bilag are locked in id order; one that is
gone or whose access changed since the page showed it (stale), or that would stay closed because
its agenda item is closed, refuses the whole step with a message naming them, and nothing is
saved. Bilag that already have the chosen access are left alone. Each changed bilag gets its own
audit entry, tagged with the batch id. Once the agenda is out, the members invited to the meeting
(but the person who did it) get one notice listing the bilag: what they may now talk about in
public, or must keep to themselves.
"""

import uuid
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from committees.extensions import db
from committees.models import Material, Meeting, User
from workflows import audit, permissions
from workflows.batch_notices import NoticeBatch
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.meetings import invitees
from workflows.notices import NoticeKind, register


def _title(ctx: dict) -> str:
    n = len(ctx.get("entries") or ())
    if ctx.get("access") == "open":
        return ngettext(
            "%(meeting)s: %(num)d bilag er nu åbent",
            "%(meeting)s: %(num)d bilag er nu åbne",
            n,
            meeting=ctx["meeting"],
        )
    return ngettext(
        "%(meeting)s: %(num)d bilag er nu lukket",
        "%(meeting)s: %(num)d bilag er nu lukkede",
        n,
        meeting=ctx["meeting"],
    )


def _line(entry: dict) -> str:
    if entry.get("item"):
        return _("»%(title)s« (punkt %(item)s)", title=entry["title"], item=entry["item"])
    return _("»%(title)s« (mødet som helhed)", title=entry["title"])


ACCESS_CHANGED = register(
    NoticeKind(
        "materials_access_changed",
        _l("Bilag er gjort åbne eller lukkede"),
        title=_title,
        body=lambda ctx: "\n".join(_line(e) for e in ctx.get("entries") or ()),
        endpoint="meetings.show",
        template="notice_list",
    )
)


def of_meeting(meeting: Meeting) -> list[Material]:
    """Every bilag of the meeting: the meeting's own first, then by agenda item (one query)."""
    positions = {i.id: i.position for i in meeting.items}
    rows = db.session.scalars(
        db.select(Material)
        .where(Material.meeting_id == meeting.id)
        .order_by(Material.created_at, Material.id)
    )
    return sorted(rows, key=lambda m: positions.get(m.agenda_item_id, 0))


def _lock_many(meeting: Meeting, ids: Iterable[int]) -> list[Material]:
    """The meeting's bilag among `ids`, locked in id order; StaleState if any is gone."""
    wanted = sorted(set(ids))
    stmt = (
        db.select(Material)
        .where(Material.id.in_(wanted), Material.meeting_id == meeting.id)
        .order_by(Material.id)
        .with_for_update()
    )
    rows = list(db.session.scalars(stmt.execution_options(populate_existing=True)))
    if len(rows) != len(wanted):
        raise StaleState(_("Et eller flere af de valgte bilag er slettet. Intet er gemt."))
    return rows


def _check(locked: list[Material], closed: bool, expected: dict[int, bool]) -> list[Material]:
    """The bilag whose access changes; StaleState or NotAllowed naming any that cannot."""
    stale = [m.title for m in locked if expected.get(m.id) is not m.is_closed]
    if stale:
        raise StaleState(
            _(
                "Adgangen til disse bilag er ændret, siden du åbnede siden: %(which)s. "
                "Intet er gemt.",
                which="; ".join(stale),
            )
        )
    if not closed:
        shut = [m.title for m in locked if m.item is not None and m.item.is_closed]
        if shut:
            raise NotAllowed(
                _("Intet er gemt. Disse bilag hører til et lukket punkt; åbn punktet først:"),
                shut,
            )
    changed = [m for m in locked if m.is_closed is not closed]
    if not changed:
        raise NotAllowed(_("De valgte bilag har allerede den adgang. Intet er ændret."))
    return changed


@atomic
def set_access(
    meeting: Meeting,
    ids: Iterable[int],
    closed: bool,
    actor: User,
    expected: dict[int, bool],
) -> list[Material]:
    """Make the chosen bilag of a meeting open or closed, each on its own: all or none.
    `expected` maps each bilag's id to whether the page showed it closed."""
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke ændre bilag til dette møde."))
    ids = list(ids)
    if not ids:
        raise NotAllowed(_("Vælg mindst ét bilag."))
    changed = _check(_lock_many(meeting, ids), closed, expected)
    batch = uuid.uuid4().hex
    for material in changed:
        material.is_closed = closed
        audit.record(
            "material.closed" if closed else "material.opened",
            material,
            actor,
            committee_id=meeting.committee_id,
            details={"meeting": meeting.id, "item": material.agenda_item_id, "batch": batch}
            | {"material": material.id, "version": None},
        )
    tell(meeting, changed, closed, actor, batch)
    db.session.commit()
    return changed


def tell(meeting: Meeting, changed: list[Material], closed: bool, actor: User, batch: str) -> int:
    """Once the agenda is out, one notice per invited member (but `actor`) listing the bilag
    whose access changed (the caller commits)."""
    if not meeting.agenda_is_published:
        return 0  # before that nobody but the managers sees the bilag
    notices = NoticeBatch(
        ACCESS_CHANGED.name,
        batch,
        {
            "committee": meeting.committee.name,
            "meeting": meeting.title,
            "access": "closed" if closed else "open",
            "link": {"committee_id": meeting.committee_id, "meeting_id": meeting.id},
        },
    )
    people = [u for u in invitees.invited_users(meeting) if u.id != actor.id]
    for material in changed:
        item = material.item
        entry = {
            "title": material.title,
            "item": f"{item.position}. {item.title}" if item is not None else "",
        }
        for user in people:
            notices.add(
                user,
                entry,
                key=f"material-{material.id}",
                subject=meeting,
                committee_id=meeting.committee_id,
            )
    return notices.write()
