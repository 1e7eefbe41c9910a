"""Start a committee from a past one: choose the source, then name, start and what to copy."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.committee import bp
from committees.committee.forms import CopyCommitteeForm, CopySourceForm
from committees.loaders import committee_or_404, refusal, require
from workflows import committee_copy, permissions
from workflows.errors import WorkflowError


@bp.get("/nyt/fra-tidligere")
@login_required
def copy_choose():
    """Choose the committee a new one starts from (the create page offers the same choice)."""
    require(permissions.can_create_committee(current_user))
    form = CopySourceForm(formdata=request.args or None)
    if request.args and form.validate():
        return redirect(url_for("committee.copy", committee_id=int(form.udvalg.data)))
    return render_template("committee/copy_choose.html", form=form)


@bp.route("/<int:committee_id>/nyt-ud-fra", methods=["GET", "POST"])
@login_required
def copy(committee_id: int):
    """Name and start of a committee set up like this one; its people and work stay here."""
    source = committee_or_404(committee_id)
    require(permissions.can_copy_committee(current_user, source))
    preview = committee_copy.source_of(source)
    form = CopyCommitteeForm(preview)
    if form.validate_on_submit():
        try:
            new = committee_copy.copy_committee(
                source,
                form.name.data,
                form.planned_start.data,
                current_user,
                parts=set(form.parts.data or []),
            )
        except WorkflowError as e:
            return refusal(e, url_for("committee.copy", committee_id=source.id))
        flash(
            _(
                "Udvalget er oprettet ud fra »%(name)s«. Kommissoriet er et nyt udkast: gennemgå "
                "det, før det sendes til politisk behandling.",
                name=source.name,
            ),
            "success",
        )
        return redirect(url_for("committee.show", committee_id=new.id))
    return render_template("committee/copy.html", form=form, source=preview)
