"""Calendar files and feeds: 'Tilføj til kalender', the public and personal feeds, and the
page where a person gets (or turns off) the address of their own feed."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from committees.extensions import db
from committees.loaders import committee_or_404, meeting_or_404, require
from committees.meetings import bp
from committees.meetings.calendar_forms import CREATE, RENEW, REVOKE, CalendarTokenForm
from committees.models import Committee, Meeting
from committees.urls import absolute_url
from workflows import permissions
from workflows.meetings import calendar as cal

PRIVATE = "private, no-store"
PUBLIC_CACHE = "public, max-age=300"


def _ics(body: bytes, cache: str, filename: str | None = None) -> Response:
    response = Response(body, mimetype="text/calendar")  # Flask adds "; charset=utf-8"
    response.headers["Cache-Control"] = cache
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _public_meeting_or_404(committee_id: int, meeting_id: int) -> Meeting:
    meeting = db.session.scalar(
        db.select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.committee_id == committee_id)
        .options(joinedload(Meeting.committee))
    )
    if meeting is None or not permissions.can_view_public_meeting(meeting):
        abort(404)
    return meeting


@bp.get("/arbejdsrum/<int:committee_id>/moeder/<int:meeting_id>/kalender.ics")
@login_required
def ics(committee_id: int, meeting_id: int):
    """One meeting as a .ics file, for someone who may see the meeting."""
    committee = committee_or_404(committee_id)
    require(permissions.can_view_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    body = cal.meeting_ics(meeting, public=False)
    return _ics(body, PRIVATE, f"moede-{meeting.id}.ics")


@bp.get("/udvalg/<int:committee_id>/moeder/<int:meeting_id>.ics")
def public_ics(committee_id: int, meeting_id: int):
    """A public meeting as a .ics file, for anyone."""
    meeting = _public_meeting_or_404(committee_id, meeting_id)
    body = cal.meeting_ics(meeting, public=True)
    return _ics(body, PUBLIC_CACHE, f"moede-{meeting.id}.ics")


@bp.get("/kalender/udvalg/<int:committee_id>.ics")
def committee_feed(committee_id: int):
    """The public feed of a public committee (its public meetings)."""
    committee = db.session.get(Committee, committee_id)
    if committee is None or not permissions.can_view_public_committee(committee):
        abort(404)
    return _ics(cal.committee_feed(committee), PUBLIC_CACHE)


@bp.get("/kalender/<token>.ics")
def personal_feed(token: str):
    """A person's own feed; the secret token is the only key (calendar apps cannot log in)."""
    user = cal.user_for_token(token)
    if user is None:
        abort(404)
    response = _ics(cal.personal_feed(user), PRIVATE)
    # The address is the secret: never pass it on, never let it be indexed.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _apply(action: str) -> None:
    """Run the chosen action on my own token and say what happened."""
    if action == CREATE:
        cal.ensure_token(current_user)
        flash(_("Dit kalenderlink er klar. Kopiér det ind i din kalender."), "success")
    elif action == RENEW:
        cal.new_token(current_user)
        flash(_("Du har fået et nyt kalenderlink. Det gamle virker ikke længere."), "success")
    elif action == REVOKE and cal.revoke(current_user):
        flash(_("Kalenderlinket er slået fra. Din kalender får ikke flere møder herfra."), "info")
    else:
        flash(_("Kalenderlinket var allerede slået fra."), "info")


@bp.route("/konto/kalender", methods=["GET", "POST"])
@login_required
def calendar_settings():
    """The address of my calendar feed: create it, replace it, or turn it off."""
    form = CalendarTokenForm()
    if form.validate_on_submit():
        _apply(form.action.data)
        return redirect(url_for("meetings.calendar_settings"))
    token = current_user.calendar_token
    feed_url = absolute_url("meetings.personal_feed", token=token) if token else None
    committees = [
        (c, absolute_url("meetings.committee_feed", committee_id=c.id))
        for c in cal.public_committees_of(current_user)
    ]
    status = 400 if form.is_submitted() else 200
    response = Response(
        render_template(
            "meetings/calendar_settings.html",
            form=form,
            feed_url=feed_url,
            webcal_url=_webcal(feed_url),
            committees=committees,
        ),
        status=status,
    )
    response.headers["Cache-Control"] = PRIVATE  # the page shows the secret address
    return response


def _webcal(url: str | None) -> str | None:
    """The same address with webcal://, which phones and Outlook open as 'subscribe'."""
    if url is None:
        return None
    return "webcal://" + url.split("://", 1)[1]
