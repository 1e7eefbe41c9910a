"""Political bodies: create, rename, order, kind, retire; the councillors on each."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import refusal, require
from committees.models import BodyKind, PoliticalBody
from committees.setup import bp
from committees.setup.forms import BodyForm, BodyMembersForm, ConfirmForm
from workflows import bodies, permissions
from workflows.errors import WorkflowError


def _body_or_404(body_id: int) -> PoliticalBody:
    require(permissions.can_set_up(current_user))
    return db.session.get(PoliticalBody, body_id) or abort(404)


@bp.route("/udvalg", methods=["GET", "POST"])
@login_required
def bodies_index():
    """Every body in order, and a form to create one."""
    require(permissions.can_set_up(current_user))
    form = BodyForm()
    if form.validate_on_submit():
        body = bodies.create(
            form.name.data, BodyKind(form.kind.data), form.position.data, current_user
        )
        flash(_("%(name)s er oprettet.", name=body.name), "success")
        return redirect(url_for("setup.body", body_id=body.id))
    status = 400 if form.errors else 200
    return render_template("setup/bodies.html", bodies=bodies.ordered(), form=form), status


@bp.route("/udvalg/<int:body_id>", methods=["GET", "POST"])
@login_required
def body(body_id: int):
    """Rename a body, change its kind or place in lists."""
    b = _body_or_404(body_id)
    form = BodyForm(obj=b, body=b)
    if not form.is_submitted():
        form.kind.data = b.kind.value
    if form.validate_on_submit():
        bodies.update(b, form.name.data, BodyKind(form.kind.data), form.position.data, current_user)
        flash(_("Udvalget er gemt."), "success")
        return redirect(url_for("setup.body", body_id=b.id))
    return _body_page(b, form=form), 400 if form.errors else 200


def _body_page(b: PoliticalBody, form=None, members_form=None) -> str:
    members_form = members_form or BodyMembersForm(members=[u.id for u in b.members])
    members_form.members.choices = [(u.id, u.name) for u in bodies.councillors()]
    return render_template(
        "setup/body.html",
        body=b,
        form=form or BodyForm(obj=b, body=b),
        members_form=members_form,
        confirm=ConfirmForm(),
        in_use=bodies.is_in_use(b),
    )


@bp.post("/udvalg/<int:body_id>/medlemmer")
@login_required
def body_members(body_id: int):
    """The councillors who sit on the body."""
    b = _body_or_404(body_id)
    form = BodyMembersForm()
    form.members.choices = [(u.id, u.name) for u in bodies.councillors()]
    if form.validate_on_submit():
        try:
            bodies.set_members(b, form.members.data or [], current_user)
        except WorkflowError as error:
            return refusal(error, url_for("setup.body", body_id=b.id))
        flash(_("Medlemmerne er gemt."), "success")
        return redirect(url_for("setup.body", body_id=b.id))
    return _body_page(b, members_form=form), 400


@bp.post("/udvalg/<int:body_id>/aktiv")
@login_required
def body_toggle(body_id: int):
    """Retire a body, or bring a retired one back."""
    b = _body_or_404(body_id)
    form = ConfirmForm()
    if not form.validate_on_submit() or form.active.data not in ("0", "1"):
        abort(400)
    bodies.set_active(b, form.active.data == "1", current_user)  # twice is the same as once
    flash(
        _("Udvalget er gjort inaktivt.") if not b.active else _("Udvalget er aktivt igen."),
        "success",
    )
    return redirect(url_for("setup.bodies_index"))


@bp.post("/udvalg/<int:body_id>/slet")
@login_required
def body_delete(body_id: int):
    """Delete a body that nothing refers to."""
    b = _body_or_404(body_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        bodies.delete(b, current_user)
    except WorkflowError as error:
        return refusal(error, url_for("setup.body", body_id=b.id))
    flash(_("Udvalget er slettet."), "success")
    return redirect(url_for("setup.bodies_index"))
