"""The public side of meetings: a public meeting's page and the committee's public meetings."""

from datetime import datetime

from flask import abort, current_app, render_template
from sqlalchemy import Select
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.meetings import bp
from committees.models import AgendaItem, Committee, Meeting, Membership, MinutesStatus
from committees.models.base import utcnow
from committees.paging import page_arg
from workflows import permissions
from workflows.meetings import materials

SHOWN = 10  # of each list on the committee's public page; its meetings page has the rest
UPCOMING_PAGE = "upcoming_page"  # the query argument of the upcoming list ("page": held ones)


def _public(committee: Committee) -> Select:
    return db.select(Meeting).where(Meeting.committee_id == committee.id, Meeting.is_public)


def _upcoming(committee: Committee, now: datetime) -> Select:
    return _public(committee).where(Meeting.ends_at > now).order_by(Meeting.starts_at, Meeting.id)


def _held(committee: Committee, now: datetime) -> Select:
    return (
        _public(committee)
        .where(Meeting.ends_at <= now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )


def public_meetings(committee: Committee) -> tuple[list[Meeting], list[Meeting], int]:
    """The next public meetings and the latest held ones (for the committee's public page),
    and how many public meetings there are in all."""
    now = utcnow()
    upcoming = db.session.scalars(_upcoming(committee, now).limit(SHOWN))
    held = db.session.scalars(_held(committee, now).limit(SHOWN))
    total = db.session.scalar(
        db.select(db.func.count())
        .select_from(Meeting)
        .where(Meeting.committee_id == committee.id, Meeting.is_public)
    )
    return list(upcoming), list(held), total


@bp.get("/udvalg/<int:committee_id>/moeder")
def public_list(committee_id: int):
    """All of a public committee's public meetings: upcoming and held, a page at a time each."""
    committee = db.session.get(Committee, committee_id)
    if committee is None or not permissions.can_view_public_committee(committee):
        abort(404)
    now, per_page = utcnow(), current_app.config["PER_PAGE"]
    upcoming = db.paginate(
        _upcoming(committee, now),
        page=page_arg(UPCOMING_PAGE),
        per_page=per_page,
        error_out=False,
    )
    held = db.paginate(_held(committee, now), page=page_arg(), per_page=per_page, error_out=False)
    return render_template(
        "meetings/public_list.html",
        committee=committee,
        upcoming=upcoming,
        held=held,
        upcoming_param=UPCOMING_PAGE,
    )


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
