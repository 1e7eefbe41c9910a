"""Political decisions on recommendations: one at a time, on the agenda, in bulk; and the
councillors' overview of what awaits a decision and what is at risk."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.loaders import committee_or_404, refusal, require
from committees.models import Committee, Decision, Recommendation, RecommendationStatus
from committees.paging import page_arg
from committees.recommendations import bp
from committees.recommendations.decision_forms import AgendaForm, BulkDecisionForm, DecisionForm
from workflows import permissions
from workflows.errors import PermissionDenied, StaleState, WorkflowError
from workflows.paging import FetchedPagination
from workflows.recommendations import decisions, overview

PREFIX = "/arbejdsrum/<int:committee_id>/anbefalinger"
SHOW_ENDPOINT = "recommendations.show"  # the recommendation's own page (drafting views)


def rec_or_404(committee: Committee, number: int) -> Recommendation:
    """A recommendation of this committee by its number, with its decisions."""
    rec = db.session.scalar(
        db.select(Recommendation)
        .where(Recommendation.committee_id == committee.id, Recommendation.number == number)
        .options(selectinload(Recommendation.decisions).selectinload(Decision.body))
    )
    if rec is None:
        abort(404)
    return rec


def rec_url(rec: Recommendation) -> str:
    """The recommendation's page; the decision page until that page exists."""
    endpoint = (
        SHOW_ENDPOINT if SHOW_ENDPOINT in current_app.view_functions else "recommendations.decide"
    )
    return url_for(endpoint, committee_id=rec.committee_id, number=rec.number)


def _decide_page(committee, rec, form, agenda_form, status: int = 200):
    return render_template(
        "recommendations/decide.html",
        committee=committee,
        rec=rec,
        form=form,
        agenda_form=agenda_form,
        can_decide=decisions.can(rec, current_user, "decide"),
        can_put_on_agenda=decisions.can(rec, current_user, "put_on_agenda"),
        back=rec_url(rec),
    ), status


def _form_refusal(error: WorkflowError, form, render):
    """Stale: 409 page; not permitted: 403; otherwise the form again with the message."""
    if isinstance(error, (StaleState, PermissionDenied)):
        return None
    form.form_errors.extend([error.message, *error.reasons])
    return render(400)


@bp.route(PREFIX + "/<int:number>/beslutning", methods=["GET", "POST"])
@login_required
def decide(committee_id: int, number: int):
    """Record a political body's decision on one recommendation."""
    committee = committee_or_404(committee_id)
    require(permissions.can_record_decision(current_user))
    rec = rec_or_404(committee, number)
    form = DecisionForm()
    agenda_form = AgendaForm(formdata=None, expected_state=rec.decision_state.name)
    if request.method == "GET":
        form.expected_state.data = rec.decision_state.name
    elif form.validate_on_submit():
        try:
            decisions.record_decision(
                rec,
                **form.decision_kwargs(),
                actor=current_user,
                expected_state=form.expected_state.data or None,
            )
        except WorkflowError as error:
            shown = _form_refusal(
                error, form, lambda s: _decide_page(committee, rec, form, agenda_form, s)
            )
            return shown or refusal(error, rec_url(rec))
        flash(_("Beslutningen er registreret."), "success")
        return redirect(rec_url(rec))
    status = 400 if request.method == "POST" else 200
    return _decide_page(committee, rec, form, agenda_form, status)


@bp.post(PREFIX + "/<int:number>/dagsorden")
@login_required
def put_on_agenda(committee_id: int, number: int):
    """A political body has the recommendation on its agenda: it becomes public."""
    committee = committee_or_404(committee_id)
    require(permissions.can_record_decision(current_user))
    rec = rec_or_404(committee, number)
    agenda_form = AgendaForm()
    form = DecisionForm(formdata=None, expected_state=rec.decision_state.name)
    if agenda_form.validate_on_submit():
        try:
            decisions.put_on_agenda(
                rec,
                body=agenda_form.selected_body,
                on=agenda_form.meets_on.data,
                agenda_reference=agenda_form.agenda_reference.data or "",
                actor=current_user,
                expected_state=agenda_form.expected_state.data or None,
            )
        except WorkflowError as error:
            shown = _form_refusal(
                error, agenda_form, lambda s: _decide_page(committee, rec, form, agenda_form, s)
            )
            return shown or refusal(error, rec_url(rec))
        flash(_("Anbefalingen er sat på dagsordenen og er nu offentlig."), "success")
        return redirect(rec_url(rec))
    return _decide_page(committee, rec, form, agenda_form, 400)


def _handed_over(committee: Committee) -> list[Recommendation]:
    """The committee's handed-over recommendations, in their order."""
    return list(
        db.session.scalars(
            db.select(Recommendation)
            .where(
                Recommendation.committee_id == committee.id,
                Recommendation.status == RecommendationStatus.handed_over,
            )
            .order_by(Recommendation.number)
        )
    )


@bp.route(PREFIX + "/beslutninger", methods=["GET", "POST"])
@login_required
def decide_bulk(committee_id: int):
    """One decision for several recommendations at once; each is recorded on its own."""
    committee = committee_or_404(committee_id)
    require(permissions.can_record_decision(current_user))
    recs = _handed_over(committee)
    decidable = [r for r in recs if decisions.can(r, current_user, "decide")]
    # Every handed-over one is a valid choice, so one decided meanwhile is named by the
    # workflow (stale or not allowed) instead of failing as an unknown choice.
    form = BulkDecisionForm(recs=recs)
    if request.method == "GET":
        form.expected_states.data = ";".join(f"{r.id}={r.decision_state.name}" for r in recs)

    def page(status: int = 200):
        return render_template(
            "recommendations/decide_bulk.html",
            committee=committee,
            decidable=decidable,
            others=[r for r in recs if r not in decidable],
            form=form,
        ), status

    if request.method == "POST" and form.validate_on_submit():
        chosen = set(form.recommendations.data)
        try:
            done = decisions.record_bulk(
                [r for r in recs if r.id in chosen],
                **form.decision_kwargs(),
                actor=current_user,
                expected_states=form.parsed_expected_states(),
            )
        except WorkflowError as error:
            back = url_for("recommendations.decide_bulk", committee_id=committee.id)
            return _form_refusal(error, form, page) or refusal(error, back)
        flash(_("Beslutningen er registreret for %(n)d anbefalinger.", n=len(done)), "success")
        return redirect(url_for("recommendations.decide_bulk", committee_id=committee.id))
    return page(400 if request.method == "POST" else 200)


OVERVIEW = "/politisk-overblik"
SHOWN = 10  # troubled actions and overdue reviews on the overview; "see all" has the rest


@bp.get(OVERVIEW, endpoint="overview")
@login_required
def overview_page():
    """All committees' recommendations awaiting a decision, and implementation at risk."""
    require(permissions.can_view_political_overview(current_user))
    pagination, groups = overview.awaiting(page=page_arg())
    actions, actions_total = overview.troubled_actions(limit=SHOWN)
    reviews, reviews_total = overview.overdue_reviews(limit=SHOWN)
    return render_template(
        "recommendations/overview.html",
        pagination=pagination,
        groups=groups,
        actions=actions,
        actions_total=actions_total,
        reviews=reviews,
        reviews_total=reviews_total,
        is_overdue=overview.is_overdue,
        rec_url=rec_url,
    )


def _overview_list(title: str, partial: str, fetch, empty: str):
    require(permissions.can_view_political_overview(current_user))
    page = FetchedPagination(
        lambda offset, limit: fetch(limit=limit, offset=offset),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template(
        "recommendations/overview_list.html",
        title=title,
        partial=partial,
        page=page,
        empty=empty,
        is_overdue=overview.is_overdue,
        rec_url=rec_url,
    )


@bp.get(OVERVIEW + "/handlinger")
@login_required
def overview_actions():
    """Every action at risk, delayed or overdue, soonest due first, a page at a time."""
    return _overview_list(
        _("Handlinger i risiko, forsinket eller over fristen"),
        "recommendations/_troubled_actions.html",
        overview.troubled_actions,
        _("Ingen handlinger er i risiko, forsinket eller over fristen."),
    )


@bp.get(OVERVIEW + "/opfoelgninger")
@login_required
def overview_reviews():
    """Every follow-up review past its due date, oldest first, a page at a time."""
    return _overview_list(
        _("Opfølgninger over fristen"),
        "recommendations/_overdue_reviews.html",
        overview.overdue_reviews,
        _("Ingen opfølgninger er over fristen."),
    )
