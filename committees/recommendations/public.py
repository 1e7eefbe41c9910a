"""The public trail: one recommendation's timeline, and "what became of the recommendations"
for a committee. Only public recommendations of public committees exist here."""

from flask import abort, current_app, render_template
from flask_login import current_user

from committees.extensions import db
from committees.models import Committee, Recommendation
from committees.paging import page_arg
from committees.recommendations import bp
from committees.recommendations.follow_forms import FollowForm, ToggleForm
from workflows import permissions
from workflows.recommendations import digest, follows, trail
from workflows.recommendations import report as rec_report


def public_committee_or_404(committee_id: int) -> Committee:
    """A committee whose public page exists; others are 404."""
    committee = db.session.get(Committee, committee_id)
    if committee is None or not permissions.can_view_public_committee(committee):
        abort(404)
    return committee


def public_rec_or_404(committee_id: int, number: int) -> Recommendation:
    """A public recommendation of a public committee, loaded for its timeline; else 404."""
    rec = trail.load(committee_id, number)
    if rec is None or not rec.is_public or not permissions.can_view_public_committee(rec.committee):
        abort(404)
    return rec


def follow_form(target) -> FollowForm:
    """The e-mail follow form, aimed at a committee or a recommendation."""
    form = FollowForm(formdata=None)
    form.target_type.data = "c" if isinstance(target, Committee) else "r"
    form.target_id.data = target.id
    return form


def _following(target) -> bool:
    if not current_user.is_authenticated:
        return False
    return follows.user_follow(current_user, target) is not None


@bp.get("/udvalg/<int:committee_id>/anbefalinger/<int:number>")
def public_show(committee_id: int, number: int):
    """One recommendation's trail, from the mandate question to what was done."""
    rec = public_rec_or_404(committee_id, number)
    return render_template(
        "recommendations/public_show.html",
        committee=rec.committee,
        rec=rec,
        status=digest.status_of(rec),
        timeline=trail.timeline(rec, internal=False),
        form=follow_form(rec),
        toggle=ToggleForm(),
        following=_following(rec),
    )


@bp.get("/udvalg/<int:committee_id>/anbefalinger")
def public_index(committee_id: int):
    """ "Hvad blev der af anbefalingerne?": every public recommendation with its state."""
    committee = public_committee_or_404(committee_id)
    page = db.paginate(
        digest.public_recommendations(committee.id),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "recommendations/public_index.html",
        committee=committee,
        page=page,
        statuses=[digest.status_of(r) for r in page.items],
        form=follow_form(committee),
        toggle=ToggleForm(),
        following=_following(committee),
        report_public=rec_report.is_publishable(committee),
    )
