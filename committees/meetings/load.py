"""Meeting load: my meetings across committees and the council calendar, week by week; for
the secretariat everyone's load, any one person's, and every clash."""

from flask import abort, render_template, request
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import require
from committees.meetings import bp
from committees.models import User
from workflows import permissions
from workflows.meetings import load_report
from workflows.paging import ListPagination

CLASHES_PER_PAGE = 25


def _period() -> load_report.Period:
    return load_report.Period.starting(request.args.get("uge"))


def _person_page(person: User, endpoint: str, **url_args):
    period = _period()
    agenda, weeks = load_report.person_load(person, period)
    return render_template(
        "meetings/load_person.html",
        person=person,
        own=person.id == current_user.id,
        agenda=agenda,
        weeks=weeks,
        period=period,
        endpoint=endpoint,
        url_args=url_args,
    )


@bp.get("/mine-moeder")
@login_required
def my_meetings():
    """My meetings in every committee and the political meetings of my bodies, per week."""
    require(permissions.can_view_own_meetings(current_user))
    return _person_page(current_user, "meetings.my_meetings")


@bp.get("/moedebelastning")
@login_required
def load_overview():
    """The secretariat's view: who has the most meetings, and every clash in the period."""
    require(permissions.can_view_meeting_load(current_user))
    period = _period()
    found = load_report.overview(period)
    page = max(request.args.get("page", 1, type=int), 1)
    pairs = ListPagination(found.pairs, page=page, per_page=CLASHES_PER_PAGE)
    return render_template(
        "meetings/load_overview.html", overview=found, pairs=pairs, period=period
    )


@bp.get("/moedebelastning/<int:user_id>")
@login_required
def load_person(user_id: int):
    """One person's meetings and clashes, for the secretariat."""
    require(permissions.can_view_meeting_load(current_user))
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    return _person_page(person, "meetings.load_person", user_id=person.id)
