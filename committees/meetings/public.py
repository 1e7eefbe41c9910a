"""The public side of meetings: a public meeting's page and the committee's public meetings."""

from flask import abort, render_template
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.meetings import bp
from committees.models import AgendaItem, Committee, Meeting, Membership, MinutesStatus
from committees.models.base import utcnow
from workflows import permissions
from workflows.meetings import materials

PUBLIC_LIST_LIMIT = 20


def public_meetings(committee: Committee) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming public meetings, and the latest held ones (for the committee's public page)."""
    base = db.select(Meeting).where(Meeting.committee_id == committee.id, Meeting.is_public)
    now = utcnow()
    upcoming = db.session.scalars(
        base.where(Meeting.ends_at > now).order_by(Meeting.starts_at).limit(PUBLIC_LIST_LIMIT)
    )
    held = db.session.scalars(
        base.where(Meeting.ends_at <= now)
        .order_by(Meeting.starts_at.desc())
        .limit(PUBLIC_LIST_LIMIT)
    )
    return list(upcoming), list(held)


@bp.get("/udvalg/<int:committee_id>/moeder/<int:meeting_id>")
def public_show(committee_id: int, meeting_id: int):
    """A public meeting: time and place, the published agenda's open items and materials,
    and the open parts of the published minutes."""
    meeting = db.session.scalar(
        db.select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.committee_id == committee_id)
        .options(
            selectinload(Meeting.items).selectinload(AgendaItem.conflicts),
            selectinload(Meeting.committee)
            .selectinload(Committee.memberships)
            .selectinload(Membership.user),
        )
    )
    if meeting is None or not permissions.can_view_public_meeting(meeting):
        abort(404)
    open_items = [i for i in meeting.items if not i.is_closed]
    return render_template(
        "meetings/public_show.html",
        committee=meeting.committee,
        meeting=meeting,
        items=open_items,
        closed_count=len(meeting.items) - len(open_items),
        minutes_published=meeting.minutes_status is MinutesStatus.published,
        materials_by_item=materials.for_meeting(meeting, None),
        can_manage=False,
        now=utcnow(),
    )
