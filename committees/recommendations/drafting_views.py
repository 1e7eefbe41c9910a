"""Drafting pages: the committee's recommendations, one recommendation with its comments, the
text form, versions, the steps (comment window, reopen, withdraw), coverage and endorsement."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.loaders import committee_or_404, refusal, require
from committees.models import Committee, Meeting, Recommendation, RecommendationComment
from committees.paging import page_arg
from committees.recommendations import bp
from committees.recommendations.drafting_forms import (
    ActForm,
    CommentForm,
    EndorseForm,
    RecommendationForm,
)
from workflows import permissions
from workflows.errors import StaleState, WorkflowError
from workflows.mandate import _diff as text_diff
from workflows.recommendations import coverage, drafting, endorsement, implementation, trail

PREFIX = "/arbejdsrum/<int:committee_id>/anbefalinger"
ONE = PREFIX + "/<int:number>"
PER_PAGE = 50

DONE = {
    "open_comments": _l("Anbefalingen er sendt til kommentering hos udvalgets medlemmer."),
    "close_comments": _l("Der er lukket for kommentarer. Anbefalingen er et udkast igen."),
    "reopen": _l("Anbefalingen er et udkast igen."),
    "withdraw": _l("Anbefalingen er trukket tilbage."),
}


def _committee(committee_id: int) -> Committee:
    """The committee, 404 for whoever may not see its recommendations."""
    c = committee_or_404(committee_id)
    if not permissions.can_view_recommendations(current_user, c):
        abort(404)
    return c


def _rec_or_404(c: Committee, number: int) -> Recommendation:
    rec = db.session.scalar(
        db.select(Recommendation)
        .where(Recommendation.committee_id == c.id, Recommendation.number == number)
        .options(
            selectinload(Recommendation.comments).selectinload(RecommendationComment.author),
            *trail.load_options(internal=True),
            *implementation.panel_options(),
        )
    )
    if rec is None:
        abort(404)
    return rec


def _show_url(rec: Recommendation) -> str:
    return url_for("recommendations.show", committee_id=rec.committee_id, number=rec.number)


@bp.get(PREFIX, endpoint="index")
@login_required
def index(committee_id: int):
    """The committee's recommendations with both states, coverage warnings and the steps."""
    c = _committee(committee_id)
    page = db.paginate(
        db.select(Recommendation)
        .where(Recommendation.committee_id == c.id)
        .options(selectinload(Recommendation.questions))
        .order_by(Recommendation.number),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    manage = permissions.can_manage_recommendations(current_user, c)
    return render_template(
        "recommendations/list.html",
        committee=c,
        page=page,
        unanswered=coverage.unanswered(c),
        actions={r.id: drafting.allowed_actions(r, current_user) for r in page.items},
        can_manage=manage,
        can_endorse=manage and any(r.status.editable for r in page.items),
    )


def _form_page(c: Committee, form, rec=None, status: int = 200):
    return render_template(
        "recommendations/form.html",
        committee=c,
        form=form,
        rec=rec,
        has_questions=bool(coverage.mandate_questions(c)),
    ), status


@bp.route(PREFIX + "/ny", methods=["GET", "POST"], endpoint="new")
@login_required
def new(committee_id: int):
    """Write a new recommendation (a draft, version 1)."""
    c = _committee(committee_id)
    require(permissions.can_manage_recommendations(current_user, c))
    form = RecommendationForm(questions=coverage.mandate_questions(c))
    if form.validate_on_submit():
        try:
            rec = drafting.create(
                c,
                form.title.data,
                form.text.data,
                form.rationale.data or "",
                form.questions.data or [],
                current_user,
            )
        except WorkflowError as error:
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Anbefalingen er oprettet som udkast."), "success")
            return redirect(_show_url(rec))
    return _form_page(c, form, status=400 if request.method == "POST" else 200)


@bp.get(ONE, endpoint="show")
@login_required
def show(committee_id: int, number: int):
    """One recommendation: text, rationale, questions, comments, steps, the later trail."""
    c = _committee(committee_id)
    rec = _rec_or_404(c, number)
    return _show_page(c, rec)


def _show_page(c: Committee, rec: Recommendation, comment_form=None, status: int = 200):
    may_comment = permissions.can_comment_recommendation(current_user, rec)
    return render_template(
        "recommendations/show.html",
        committee=c,
        rec=rec,
        actions=drafting.allowed_actions(rec, current_user),
        may_edit=drafting.may_edit(rec, current_user),
        may_comment=may_comment,
        window_open=drafting.comment_window_open(rec),
        comment_form=comment_form or (CommentForm(formdata=None) if may_comment else None),
        timeline=trail.timeline(rec, internal=True),
    ), status


@bp.route(ONE + "/rediger", methods=["GET", "POST"], endpoint="edit")
@login_required
def edit(committee_id: int, number: int):
    """Revise the text: a new version (stale → 409 with the input kept)."""
    c = _committee(committee_id)
    require(permissions.can_manage_recommendations(current_user, c))
    rec = _rec_or_404(c, number)
    if not rec.status.editable:
        flash(_("Teksten kan kun ændres, før udvalget har vedtaget anbefalingen."), "error")
        return redirect(_show_url(rec))
    form = RecommendationForm(questions=coverage.mandate_questions(c))
    if request.method == "GET":
        form.prefill(rec)
    elif form.validate_on_submit():
        try:
            drafting.revise(
                rec,
                form.title.data,
                form.text.data,
                form.rationale.data or "",
                form.questions.data or [],
                form.change_note.data or "",
                current_user,
                form.version_seen(),
            )
        except StaleState as error:
            form.form_errors.append(error.message)
            return _form_page(c, form, rec, 409)
        except WorkflowError as error:
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Anbefalingen er gemt som version %(n)s.", n=rec.version), "success")
            return redirect(_show_url(rec))
    return _form_page(c, form, rec, 400 if request.method == "POST" else 200)


@bp.get(ONE + "/versioner", endpoint="versions")
@login_required
def versions(committee_id: int, number: int):
    """Every version, newest first, with what changed from the one before."""
    c = _committee(committee_id)
    rec = _rec_or_404(c, number)
    rows, before = [], None
    for v in rec.versions:
        changes = []
        if before is not None:
            for label, old, new in (
                (_("Titel"), before.title, v.title),
                (_("Anbefaling"), before.text, v.text),
                (_("Begrundelse"), before.rationale, v.rationale),
            ):
                if old != new:
                    changes.append((label, text_diff(old or "", new or "")))
        rows.append((v, changes))
        before = v
    return render_template(
        "recommendations/versions.html", committee=c, rec=rec, rows=list(reversed(rows))
    )


@bp.post(ONE + "/kommentar", endpoint="comment")
@login_required
def comment(committee_id: int, number: int):
    """A current member comments while the window is open."""
    c = _committee(committee_id)
    rec = _rec_or_404(c, number)
    require(permissions.can_comment_recommendation(current_user, rec))
    form = CommentForm()
    if not form.validate():
        return _show_page(c, rec, form, 400)
    try:
        drafting.add_comment(rec, form.text.data, current_user)
    except WorkflowError as error:
        return refusal(error, _show_url(rec))
    flash(_("Tak. Din kommentar er sendt til facilitator."), "success")
    return redirect(_show_url(rec) + "#kommentarer")


@bp.post(ONE + "/handling", endpoint="act")
@login_required
def act(committee_id: int, number: int):
    """A step on one recommendation: open or close the window, reopen, withdraw."""
    c = _committee(committee_id)
    require(permissions.can_manage_recommendations(current_user, c))
    rec = _rec_or_404(c, number)
    form = ActForm()
    if not form.validate():
        abort(400)
    try:
        drafting.run(form.action.data, rec, current_user, form.expected_state.data or None)
    except WorkflowError as error:
        return refusal(error, _show_url(rec))
    flash(str(DONE[form.action.data]), "success")
    return redirect(_show_url(rec))


@bp.get(PREFIX + "/daekning", endpoint="coverage")
@login_required
def coverage_page(committee_id: int):
    """Each task question of the mandate with the recommendations answering it."""
    c = _committee(committee_id)
    rows = coverage.coverage(c)
    return render_template(
        "recommendations/coverage.html",
        committee=c,
        rows=rows,
        unanswered=[r.question for r in rows if not r.answered],
    )


@bp.route(PREFIX + "/vedtag", methods=["GET", "POST"], endpoint="endorse")
@login_required
def endorse(committee_id: int):
    """Record that the committee endorsed the whole set at a meeting it held."""
    c = _committee(committee_id)
    require(permissions.can_manage_recommendations(current_user, c))
    recs = endorsement.endorsable(c)
    unanswered = coverage.unanswered(c)
    form = EndorseForm(meetings=endorsement.held_meetings(c), unanswered=unanswered)
    if request.method == "GET":
        form.expected_set.data = endorsement.signature(recs)
    elif form.validate_on_submit():
        meeting = db.session.get(Meeting, form.meeting.data)
        if meeting is None:
            abort(404)
        try:
            done = endorsement.endorse_set(
                c, meeting, current_user, form.expected_set.data, bool(form.confirm_unanswered.data)
            )
        except WorkflowError as error:
            if isinstance(error, StaleState):
                return refusal(error, url_for("recommendations.endorse", committee_id=c.id))
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Udvalget har vedtaget %(n)s anbefalinger.", n=len(done)), "success")
            return redirect(url_for("recommendations.index", committee_id=c.id))
    return render_template(
        "recommendations/endorse.html",
        committee=c,
        recs=recs,
        form=form,
        unanswered=unanswered,
        blockers=endorsement.endorse_blockers(c, recs),
    ), 400 if request.method == "POST" else 200
