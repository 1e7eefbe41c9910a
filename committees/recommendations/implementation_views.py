"""Implementation pages: actions, progress updates, follow-up reviews, evaluation, archive."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import committee_or_404, refusal, require
from committees.models import (
    FollowUpReview,
    ImplementationAction,
    Recommendation,
)
from committees.models.base import local_today
from committees.paging import page_arg
from committees.recommendations import bp
from committees.recommendations.implementation_forms import (
    ActionForm,
    EvaluationForm,
    ReviewForm,
    UpdateForm,
)
from workflows import permissions
from workflows.errors import WorkflowError
from workflows.recommendations import evaluation, implementation

PREFIX = "/arbejdsrum/<int:committee_id>/anbefalinger/<int:number>"
ARCHIVE_PER_PAGE = 10


@bp.app_template_global("followup_state")
def followup_state(review: FollowUpReview) -> str:
    """done, overdue or open: how the actions panel shows a review (never colour alone)."""
    if review.is_done:
        return "done"
    return "overdue" if review.due_on < local_today() else "open"


def _rec_or_404(committee_id: int, number: int) -> Recommendation:
    committee = committee_or_404(committee_id)
    rec = db.session.scalar(
        db.select(Recommendation)
        .where(Recommendation.committee_id == committee.id, Recommendation.number == number)
        .options(*implementation.panel_options())
    )
    if rec is None:
        abort(404)
    return rec


def _action_or_404(rec: Recommendation, action_id: int) -> ImplementationAction:
    action = next((a for a in rec.actions if a.id == action_id), None)
    if action is None:
        abort(404)
    return action


def _rec_url(rec: Recommendation) -> str:
    """The recommendation's page, where the actions panel is shown."""
    return url_for("recommendations.show", committee_id=rec.committee_id, number=rec.number)


def _failed(form, error: WorkflowError, back: str):
    """A refusal to show on the form (400), or a stale page / forbidden (409 / 403)."""
    if error.http_status != 400:
        return refusal(error, back)
    form.form_errors.extend([error.message, *error.reasons])
    return None


@bp.route(PREFIX + "/handlinger/ny", methods=["GET", "POST"])
@login_required
def new_action(committee_id: int, number: int):
    """Add an implementation action to an approved recommendation."""
    rec = _rec_or_404(committee_id, number)
    require(permissions.can_manage_implementation(current_user))
    if not rec.decision_state.leads_to_implementation:
        flash(_("Kun godkendte anbefalinger får handlinger."), "error")
        return redirect(_rec_url(rec))
    form = ActionForm()
    if form.validate_on_submit():
        try:
            implementation.add_action(rec, form.data_object(), current_user)
        except WorkflowError as error:
            if (response := _failed(form, error, _rec_url(rec))) is not None:
                return response
        else:
            flash(_("Handlingen er oprettet."), "success")
            return redirect(_rec_url(rec))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/action_form.html", rec=rec, form=form, action=None, back=_rec_url(rec)
    ), status


@bp.route(PREFIX + "/handlinger/<int:action_id>/rediger", methods=["GET", "POST"])
@login_required
def edit_action(committee_id: int, number: int, action_id: int):
    """Change an action's text, owner, contact or due date."""
    rec = _rec_or_404(committee_id, number)
    action = _action_or_404(rec, action_id)
    require(permissions.can_manage_implementation(current_user))
    form = ActionForm()
    if request.method == "GET":
        form.prefill(action, implementation.version_token(action))
    elif form.validate_on_submit():
        try:
            implementation.edit_action(
                action, form.data_object(), current_user, form.expected.data or None
            )
        except WorkflowError as error:
            if (response := _failed(form, error, _rec_url(rec))) is not None:
                return response
        else:
            flash(_("Handlingen er gemt."), "success")
            return redirect(_rec_url(rec))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/action_form.html", rec=rec, form=form, action=action, back=_rec_url(rec)
    ), status


@bp.route(PREFIX + "/handlinger/<int:action_id>/opdatering", methods=["GET", "POST"])
@login_required
def write_update(committee_id: int, number: int, action_id: int):
    """A dated progress update on an action (its contact or the secretariat)."""
    rec = _rec_or_404(committee_id, number)
    action = _action_or_404(rec, action_id)
    require(permissions.can_update_action(current_user, action))
    form = UpdateForm()
    if request.method == "GET":
        form.written_on.data = local_today()
        form.status.data, form.progress.data = action.status.value, action.progress
    elif form.validate_on_submit():
        try:
            implementation.write_update(action, form.data_object(), current_user)
        except WorkflowError as error:
            if (response := _failed(form, error, _rec_url(rec))) is not None:
                return response
        else:
            flash(_("Opdateringen er gemt, og medlemmer og følgere får besked."), "success")
            return redirect(_rec_url(rec))
    status = 400 if request.method == "POST" else 200
    review = implementation.review_answered_by(rec, form.written_on.data or local_today())
    return render_template(
        "recommendations/update_form.html",
        rec=rec,
        action=action,
        form=form,
        review=review,
        back=_rec_url(rec),
    ), status


@bp.post(PREFIX + "/opfoelgning/<int:review_id>")
@login_required
def complete_review(committee_id: int, number: int, review_id: int):
    """Close a follow-up review with a note (the secretariat)."""
    rec = _rec_or_404(committee_id, number)
    review = next((r for r in rec.reviews if r.id == review_id), None)
    if review is None:
        abort(404)
    require(permissions.can_manage_implementation(current_user))
    form = ReviewForm()
    back = _rec_url(rec)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    try:
        implementation.complete_review(review, form.note.data or "", current_user)
    except WorkflowError as error:
        return refusal(error, back)
    flash(_("Opfølgningen er afsluttet."), "success")
    return redirect(back)


@bp.route(
    "/arbejdsrum/<int:committee_id>/evaluering", methods=["GET", "POST"], endpoint="evaluation"
)
@login_required
def evaluation_page(committee_id: int):
    """The committee's lessons learned; the secretariat saves them and closes the committee."""
    committee = committee_or_404(committee_id)
    require(permissions.can_view_recommendations(current_user, committee))
    can_edit = permissions.can_evaluate(current_user, committee)
    form = EvaluationForm()
    if request.method == "GET":
        form.lessons_learned.data = committee.lessons_learned
        form.expected_state.data = committee.state.value
    else:
        require(can_edit)
        if form.validate_on_submit():
            response = _evaluate(committee, form)
            if response is not None:
                return response
    recs = db.session.scalars(
        db.select(Recommendation)
        .where(Recommendation.committee_id == committee.id)
        .order_by(Recommendation.number)
        .options(*implementation.panel_options())
    ).all()
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/evaluation.html",
        committee=committee,
        form=form,
        can_edit=can_edit,
        can_close=can_edit and not evaluation.is_archived(committee),
        recommendations=recs,
    ), status


def _evaluate(committee, form: EvaluationForm):
    """Run the chosen step; a redirect when it worked, None to re-render with the message."""
    back = url_for("recommendations.evaluation", committee_id=committee.id)
    expected = form.expected_state.data or None
    try:
        if form.close.data:
            evaluation.evaluate(committee, form.lessons_learned.data, current_user, expected)
            flash(_("Udvalget er evalueret og flyttet til arkivet."), "success")
        else:
            evaluation.save_lessons(committee, form.lessons_learned.data, current_user, expected)
            flash(_("Erfaringerne er gemt som kladde."), "success")
    except WorkflowError as error:
        return _failed(form, error, back)
    return redirect(back)


@bp.get("/arkiv")
def archive():
    """The public archive: evaluated committees, their lessons and what became of their work."""
    page = evaluation.archive_page(page_arg(), per_page=ARCHIVE_PER_PAGE)
    return render_template(
        "recommendations/archive.html",
        page=page,
        counts=evaluation.archive_counts([c.id for c in page.items]),
    )
