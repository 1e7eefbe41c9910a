"""Bulk work on a committee's implementation: one status for many actions, many follow-up
reviews closed at once. Like the bulk decision: all or nothing, each item on its own."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from committees.loaders import committee_or_404, refusal, require
from committees.recommendations import bp
from committees.recommendations.bulk_forms import BulkReviewForm, BulkStatusForm
from workflows import permissions
from workflows.errors import PermissionDenied, StaleState, WorkflowError
from workflows.recommendations import implementation_bulk as bulk

PREFIX = "/arbejdsrum/<int:committee_id>/anbefalinger"


def _shown(error: WorkflowError, form, page):
    """A refusal shown on the form (400); None for stale (409 page) and forbidden (403)."""
    if isinstance(error, (StaleState, PermissionDenied)):
        return None
    form.form_errors.extend([error.message, *error.reasons])
    return page(400)


@bp.route(PREFIX + "/handlinger", methods=["GET", "POST"])
@login_required
def actions_bulk(committee_id: int):
    """One new status for several of the committee's actions; each gets its own update."""
    committee = committee_or_404(committee_id)
    actions = bulk.actions_of(committee)
    require(bulk.may_update_any(current_user, actions))
    mine = [a for a in actions if permissions.can_update_action(current_user, a)]
    form = BulkStatusForm()
    if request.method == "GET":
        form.prefill(actions)
    back = url_for("recommendations.actions_bulk", committee_id=committee.id)

    def page(status: int = 200):
        return render_template(
            "recommendations/actions_bulk.html",
            committee=committee,
            mine=mine,
            others=[a for a in actions if a not in mine],
            form=form,
            can_manage=permissions.can_manage_implementation(current_user),
        ), status

    if request.method == "POST" and form.validate_on_submit():
        try:
            rows = bulk.update_actions(
                committee,
                form.actions.data,
                form.step(),
                current_user,
                form.expected_versions(),
            )
        except WorkflowError as error:
            return _shown(error, form, page) or refusal(error, back)
        n = len(rows)
        flash(
            ngettext("%(num)d handling er opdateret.", "%(num)d handlinger er opdateret.", n),
            "success",
        )
        return redirect(back)
    return page(400 if request.method == "POST" else 200)


@bp.route(PREFIX + "/opfoelgninger", methods=["GET", "POST"])
@login_required
def reviews_bulk(committee_id: int):
    """Close several of the committee's open follow-up reviews with one note (the staff)."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_implementation(current_user))
    reviews = bulk.open_reviews_of(committee)
    form = BulkReviewForm()
    back = url_for("recommendations.reviews_bulk", committee_id=committee.id)

    def page(status: int = 200):
        return render_template(
            "recommendations/reviews_bulk.html", committee=committee, reviews=reviews, form=form
        ), status

    if request.method == "POST" and form.validate_on_submit():
        try:
            done = bulk.complete_reviews(
                committee, form.reviews.data, form.note.data or "", current_user
            )
        except WorkflowError as error:
            return _shown(error, form, page) or refusal(error, back)
        n = len(done)
        flash(
            ngettext("%(num)d opfølgning er afsluttet.", "%(num)d opfølgninger er afsluttet.", n),
            "success",
        )
        return redirect(back)
    return page(400 if request.method == "POST" else 200)
