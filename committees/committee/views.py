"""Internal committee pages."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from committees.committee import bp
from committees.committee.forms import CommitteeForm, CopySourceForm
from committees.extensions import db
from committees.forms_common import StateForm
from committees.loaders import committee_or_404, refusal, require
from committees.models import Committee, CommitteeState, Membership, MinutesRule
from committees.paging import page_arg
from workflows import audit, composition, notice_settings, permissions
from workflows import committee as committee_flow
from workflows.errors import WorkflowError

SHOWN = 10  # of the history and of the notices sent, on the committee page; "see all" has the rest


def _visible_committees():
    stmt = db.select(Committee)
    if not (permissions.is_staff(current_user) or current_user.is_councillor):
        stmt = stmt.join(Membership).where(Membership.user_id == current_user.id)
    return stmt


@bp.get("/")
@login_required
def index():
    """Committees the user works with (all of them for staff and councillors), paginated."""
    state = request.args.get("fase", "")
    stmt = _visible_committees()
    if state in CommitteeState.__members__:
        stmt = stmt.where(Committee.state == CommitteeState[state])
    page = db.paginate(
        stmt.options(selectinload(Committee.parent_bodies)).order_by(Committee.name),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "committee/index.html", page=page, state=state, states=list(CommitteeState)
    )


@bp.route("/nyt", methods=["GET", "POST"])
@login_required
def create():
    """Create a committee at the idea stage."""
    require(permissions.can_create_committee(current_user))
    form = CommitteeForm()
    if form.validate_on_submit():
        c = committee_flow.create(
            name=form.name.data.strip(),
            summary=form.summary.data or "",
            planned_start=form.planned_start.data,
            planned_end=form.planned_end.data,
            bodies=form.selected_bodies(),
            actor=current_user,
        )
        flash(_("Udvalget er oprettet. Skriv nu kommissoriet."), "success")
        return redirect(url_for("committee.show", committee_id=c.id))
    return render_template(
        "committee/form.html",
        form=form,
        committee=None,
        source_form=CopySourceForm(formdata=None),
    )


@bp.route("/<int:committee_id>/rediger", methods=["GET", "POST"])
@login_required
def edit(committee_id: int):
    """Edit name, description, dates and anchoring."""
    c = committee_or_404(committee_id)
    require(permissions.can_edit_committee(current_user, c))
    form = CommitteeForm(obj=c, committee=c)
    if request.method == "GET":
        form.parent_bodies.data = [b.id for b in c.parent_bodies]
        form.minutes_rule.data = c.minutes_rule.value
    if form.validate_on_submit():
        c.name = form.name.data.strip()
        c.summary = form.summary.data or ""
        c.planned_start, c.planned_end = form.planned_start.data, form.planned_end.data
        c.parent_bodies = form.selected_bodies()
        c.agenda_days_before = form.agenda_days_before.data
        c.minutes_days_after = form.minutes_days_after.data
        c.approval_days = form.approval_days.data
        c.minutes_rule = MinutesRule(form.minutes_rule.data)
        committee_flow.update(c, current_user)
        flash(_("Ændringerne er gemt."), "success")
        return redirect(url_for("committee.show", committee_id=c.id))
    return render_template("committee/form.html", form=form, committee=c)


@bp.get("/<int:committee_id>")
@login_required
def show(committee_id: int):
    """The internal committee page: phase, actions, composition, members, history."""
    c = committee_or_404(committee_id)
    mandate = c.approved_mandate
    return render_template(
        "committee/show.html",
        committee=c,
        mandate=mandate,
        actions=committee_flow.allowed_actions(c, current_user),
        problems=composition.violations(c),
        seats=composition.seats(c),
        historical=composition.is_historical(c),
        members=c.members_for_display(composition.check_day(mandate)),
        history=list(db.session.scalars(audit.committee_entries(c).limit(SHOWN))),
        history_total=audit.committee_entry_count(c),
        notices_sent=notice_settings.committee_history(c, limit=SHOWN),
        notices_total=notice_settings.committee_notice_count(c),
        form=StateForm(),
    )


def _list_page(committee: Committee, title: str, partial: str, stmt, empty: str):
    page = db.paginate(
        stmt, page=page_arg(), per_page=current_app.config["PER_PAGE"], error_out=False
    )
    return render_template(
        "committee/list.html",
        committee=committee,
        title=title,
        partial=partial,
        page=page,
        empty=empty,
    )


@bp.get("/<int:committee_id>/historik")
@login_required
def history(committee_id: int):
    """The committee's whole history, newest first, a page at a time (as visible as the page)."""
    c = committee_or_404(committee_id)
    stmt = audit.committee_entries(c)
    empty = _("Der er ingen historik endnu.")
    return _list_page(c, _("Historik"), "committee/_history.html", stmt, empty)


@bp.get("/<int:committee_id>/varsler-sendt")
@login_required
def notices_sent(committee_id: int):
    """Every notice sent about the committee, newest first, a page at a time."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_audit(current_user, c))
    stmt = notice_settings.committee_notices(c)
    empty = _("Der er ikke sendt nogen varsler om udvalget endnu.")
    return _list_page(c, _("Sendte varsler"), "committee/_notices_sent.html", stmt, empty)


@bp.post("/<int:committee_id>/handling/<action>")
@login_required
def transition(committee_id: int, action: str):
    """Run a lifecycle transition; refusals come back as messages, stale forms as 409."""
    c = committee_or_404(committee_id)
    form = StateForm()
    if not form.validate_on_submit():
        flash(_("Kommentaren er for lang (højst 1000 tegn)."), "error")
        return redirect(url_for("committee.show", committee_id=c.id))
    try:
        committee_flow.transition(
            c, action, current_user, form.expected_state.data or None, form.comment.data or ""
        )
    except WorkflowError as e:
        return refusal(e, url_for("committee.show", committee_id=c.id))
    flash(_("Udvalget er nu i fasen: %(s)s", s=c.state_label), "success")
    return redirect(url_for("committee.show", committee_id=c.id))
