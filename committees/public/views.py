"""Public overview of committees and each committee's approved mandate and members."""

from flask import abort, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from committees.extensions import db
from committees.meetings.public import public_meetings
from committees.models import (
    Committee,
    CommitteeState,
    MandateVersion,
    Membership,
    Municipality,
)
from committees.models.base import local_today, utcnow
from committees.paging import page_arg
from committees.public import bp
from workflows import permissions, recruitment

PHASES = (
    ("ongoing", _l("I gang")),
    ("upcoming", _l("Kommende")),
    ("finished", _l("Afsluttede")),
)
PHASE_STATES = {
    phase: [s for s in CommitteeState if s.public_phase == phase] for phase, _label in PHASES
}


@bp.get("/")
def index():
    """Committees the public can see, one phase at a time, paginated."""
    phase = request.args.get("fase", "ongoing")
    if phase not in PHASE_STATES:
        phase = "ongoing"
    page = db.paginate(
        db.select(Committee)
        .where(Committee.state.in_(PHASE_STATES[phase]))
        .options(
            selectinload(Committee.mandate_versions).selectinload(MandateVersion.task_questions),
            selectinload(Committee.parent_bodies),
        )
        .order_by(Committee.planned_start.desc(), Committee.name),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template("public/index.html", page=page, phase=phase, phases=PHASES)


@bp.get("/udvalg/<int:committee_id>")
def committee(committee_id: int):
    """A committee's public page: the approved mandate and the members who may be named."""
    # The members with their accounts and the bodies joined (tens of rows and a few: cheaper
    # than a round trip each); the mandate versions' own lists each by one statement.
    c = (
        db.session.scalars(
            db.select(Committee)
            .where(Committee.id == committee_id)
            .options(
                joinedload(Committee.memberships).joinedload(Membership.user),
                joinedload(Committee.parent_bodies),
                selectinload(Committee.mandate_versions).selectinload(
                    MandateVersion.task_questions
                ),
                selectinload(Committee.mandate_versions).selectinload(MandateVersion.deliverables),
                selectinload(Committee.mandate_versions).selectinload(
                    MandateVersion.competence_profiles
                ),
            )
        )
        .unique()
        .one_or_none()
    )
    if c is None or not permissions.can_view_public_committee(c):
        abort(404)
    mandate = c.approved_mandate
    members = c.members_for_display(local_today())
    call = recruitment.current_call(c)
    upcoming, held, meetings_total = public_meetings(c)
    return render_template(
        "public/committee.html",
        committee=c,
        mandate=mandate,
        members=members,
        call=call if call is not None and call.is_open_at(utcnow()) else None,
        upcoming_meetings=upcoming,
        held_meetings=held,
        meetings_total=meetings_total,
    )


@bp.get("/logo")
def logo():
    """The municipality's logo, as uploaded in Opsætning (checked then; served as stored)."""
    m = db.session.get(Municipality, 1)
    if m is None or not m.logo:
        abort(404)
    resp = make_response(m.logo)
    resp.headers["Content-Type"] = m.logo_type
    # The URL carries ?v=<version>: a new logo is a new URL, so the old one may be kept long.
    versioned = "v" in request.args
    resp.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if versioned else "public, max-age=300"
    )
    # An SVG opened on its own must not run anything.
    resp.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    return resp


@bp.get("/privatliv")
def privacy():
    """How the municipality treats personal data here: its notice and its DPO's contact."""
    return render_template("public/privacy.html")
