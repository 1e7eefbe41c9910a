"""Mandate pages: overview and versions, editor, compare, submit and political decisions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.forms_common import StateForm
from committees.loaders import committee_or_404, refusal, require, version_or_404
from committees.mandate import bp
from committees.mandate.forms import DecisionForm, MandateForm
from committees.models import ApprovalOutcome, ViceChairMethod
from workflows import mandate as mandate_flow
from workflows import permissions
from workflows.errors import WorkflowError


def _back(c, number: int | None = None) -> str:
    if number is None:
        return url_for("mandate.index", committee_id=c.id)
    return url_for("mandate.version", committee_id=c.id, number=number)


@bp.get("/")
@login_required
def index(committee_id: int):
    """The version in force, the open draft and the history of versions."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_mandate_drafts(current_user, c))
    return render_template("mandate/index.html", committee=c)


@bp.get("/version/<int:number>")
@login_required
def version(committee_id: int, number: int):
    """One version in full, with its approval trail."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_mandate_drafts(current_user, c))
    v = version_or_404(c, number)
    return render_template("mandate/version.html", committee=c, version=v)


def _content(form: MandateForm) -> mandate_flow.MandateContent:
    questions, deliverables, profiles = form.rows()
    fields = {name: getattr(form, name).data for name in mandate_flow.SCALAR_FIELDS}
    fields["vice_chair_method"] = ViceChairMethod(form.vice_chair_method.data)
    fields["change_note"] = form.change_note.data or ""
    for name in ("title", "background", "purpose"):
        fields[name] = (fields[name] or "").strip()
    return mandate_flow.MandateContent(fields, questions, deliverables, profiles)


@bp.route("/version/<int:number>/rediger", methods=["GET", "POST"])
@login_required
def edit(committee_id: int, number: int):
    """Edit a draft; a failed save re-renders with everything the user typed."""
    c = committee_or_404(committee_id)
    require(permissions.can_edit_mandate(current_user, c))
    v = version_or_404(c, number)
    if not v.is_draft:
        flash(_("Kun et udkast kan redigeres. Start en ny version."), "error")
        return redirect(_back(c, number))
    form = MandateForm(obj=v)
    if request.method == "GET":
        form.vice_chair_method.data = v.vice_chair_method.value
        form.expected_status.data = v.status.value
        form.task_questions.process(None, [q.text for q in v.task_questions])
        form.deliverables.process(None, [d.text for d in v.deliverables])
        form.competence_profiles.process(
            None, [{"name": p.name, "description": p.description} for p in v.competence_profiles]
        )
        form.add_blank_rows()
    if form.validate_on_submit():
        try:
            mandate_flow.save_draft(v, _content(form), current_user, form.expected_status.data)
        except WorkflowError as e:
            return refusal(e, _back(c, number))
        flash(_("Udkastet er gemt."), "success")
        return redirect(_back(c, number))
    return render_template("mandate/edit.html", committee=c, version=v, form=form)


@bp.post("/ny-version")
@login_required
def new_version(committee_id: int):
    """Start a new draft from the newest version."""
    c = committee_or_404(committee_id)
    require(permissions.can_edit_mandate(current_user, c))
    try:
        v = mandate_flow.new_version(c, current_user)
    except WorkflowError as e:
        return refusal(e, _back(c))
    flash(_("Version %(n)d er oprettet som udkast.", n=v.number), "success")
    return redirect(url_for("mandate.edit", committee_id=c.id, number=v.number))


@bp.post("/version/<int:number>/indsend")
@login_required
def submit(committee_id: int, number: int):
    """Send the draft to political treatment."""
    c = committee_or_404(committee_id)
    require(permissions.can_submit_mandate(current_user, c))
    v = version_or_404(c, number)
    form = StateForm()
    form.validate_on_submit()
    try:
        mandate_flow.submit(v, current_user, form.expected_state.data or None)
    except WorkflowError as e:
        return refusal(e, _back(c, number))
    flash(_("Kommissoriet er sendt til politisk behandling."), "success")
    return redirect(_back(c, number))


@bp.post("/version/<int:number>/traek-tilbage")
@login_required
def withdraw(committee_id: int, number: int):
    """Take a submitted version back to draft."""
    c = committee_or_404(committee_id)
    require(permissions.can_submit_mandate(current_user, c))
    v = version_or_404(c, number)
    form = StateForm()
    form.validate_on_submit()
    try:
        mandate_flow.withdraw(v, current_user, form.expected_state.data or None)
    except WorkflowError as e:
        return refusal(e, _back(c, number))
    flash(_("Kommissoriet er trukket tilbage til udkast."), "success")
    return redirect(_back(c, number))


@bp.route("/version/<int:number>/beslutning", methods=["GET", "POST"])
@login_required
def decide(committee_id: int, number: int):
    """Record a political body's decision on a submitted version."""
    c = committee_or_404(committee_id)
    require(permissions.can_record_mandate_decision(current_user, c))
    v = version_or_404(c, number)
    form = DecisionForm()
    if request.method == "GET":
        form.expected_status.data = v.status.value
    if form.validate_on_submit():
        try:
            mandate_flow.record_decision(
                v,
                body=form.selected_body,
                decided_on=form.decided_on.data,
                agenda_reference=(form.agenda_reference.data or "").strip(),
                outcome=ApprovalOutcome(form.outcome.data),
                note=form.note.data or "",
                actor=current_user,
                expected_status=form.expected_status.data or None,
            )
        except WorkflowError as e:
            return refusal(e, _back(c, number))
        flash(_("Beslutningen er registreret."), "success")
        return redirect(_back(c, number))
    return render_template("mandate/decide.html", committee=c, version=v, form=form)


@bp.get("/sammenlign")
@login_required
def compare(committee_id: int):
    """Two versions side by side, field by field, with changes marked."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_mandate_drafts(current_user, c))
    numbers = [v.number for v in c.mandate_versions]
    if not numbers:
        abort(404)
    a = request.args.get("a", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    b = request.args.get("b", type=int) or numbers[-1]
    va, vb = version_or_404(c, a), version_or_404(c, b)
    diffs = mandate_flow.compare(va, vb)
    return render_template(
        "mandate/compare.html", committee=c, a=va, b=vb, diffs=diffs, numbers=numbers
    )
