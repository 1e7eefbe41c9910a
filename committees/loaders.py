"""Load an object for a view: 404 when missing or hidden from this user, 403 when not allowed."""

from flask import abort, flash, redirect, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from committees.extensions import db
from committees.models import AgendaItem, Committee, MandateVersion, Meeting, Membership
from workflows import permissions
from workflows.errors import PermissionDenied, StaleState, WorkflowError


def committee_or_404(committee_id: int) -> Committee:
    """A committee the current user may see internally; others get 404, not a hint."""
    # One statement: a committee's members, mandate versions and bodies are few (tens, a
    # handful, one to three), so joining them costs less than a round trip for each.
    committee = (
        db.session.scalars(
            db.select(Committee)
            .where(Committee.id == committee_id)
            .options(
                joinedload(Committee.memberships).joinedload(Membership.user),
                joinedload(Committee.memberships).joinedload(Membership.leave_periods),
                joinedload(Committee.mandate_versions),
                joinedload(Committee.parent_bodies),
            )
        )
        .unique()
        .one_or_none()
    )
    if committee is None or not permissions.can_view_committee(current_user, committee):
        abort(404)
    return committee


def require(allowed: bool) -> None:
    """403 when the user can see the object but may not do this to it."""
    if not allowed:
        abort(403)


def version_or_404(committee: Committee, number: int) -> MandateVersion:
    """A mandate version of this committee by its number."""
    version = next((v for v in committee.mandate_versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def membership_or_404(committee: Committee, membership_id: int) -> Membership:
    """A membership of this committee (ids from another committee are 404)."""
    m = next((m for m in committee.memberships if m.id == membership_id), None)
    if m is None:
        abort(404)
    return m


def refusal(error: WorkflowError, back: str):
    """Turn a workflow's refusal into a response: 409 page, 403, or a message and a redirect."""
    if isinstance(error, StaleState):
        return render_template("errors/409.html", message=error.message, back=back), 409
    if isinstance(error, PermissionDenied):
        abort(403)
    flash(" ".join([error.message, *error.reasons]), "error")
    return redirect(back)


def meeting_or_404(committee: Committee, meeting_id: int) -> Meeting:
    """A meeting of this committee with its items and guests (ids from another committee: 404)."""

    meeting = db.session.scalar(
        db.select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.committee_id == committee.id)
        .options(
            selectinload(Meeting.items).selectinload(AgendaItem.conflicts),
            selectinload(Meeting.items).selectinload(AgendaItem.action_points),
            selectinload(Meeting.guests),
            selectinload(Meeting.working_group),
        )
    )
    if meeting is None:
        abort(404)
    return meeting


def item_or_404(meeting: Meeting, item_id: int) -> AgendaItem:
    """An agenda item of this meeting."""
    item = next((i for i in meeting.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item
