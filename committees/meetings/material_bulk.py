"""Publishing a meeting's materials in bulk: many bilag made open or closed at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from committees.loaders import committee_or_404, meeting_or_404, refusal, require
from committees.meetings import bp
from committees.meetings.material_forms import MaterialAccessForm
from committees.meetings.materials import PREFIX
from workflows import permissions
from workflows.errors import PermissionDenied, StaleState, WorkflowError
from workflows.meetings import materials_bulk


@bp.route(PREFIX + "/adgang", methods=["GET", "POST"])
@login_required
def materials_access(committee_id: int, meeting_id: int):
    """Make several of the meeting's bilag open or closed; each is changed on its own."""
    committee = committee_or_404(committee_id)
    meeting = meeting_or_404(committee, meeting_id)
    require(permissions.can_manage_meetings(current_user, committee))
    rows = materials_bulk.of_meeting(meeting)
    form = MaterialAccessForm()
    if request.method == "GET":
        form.prefill(rows)
    back = url_for("meetings.materials_access", committee_id=committee.id, meeting_id=meeting.id)

    def page(status: int = 200):
        return render_template(
            "meetings/materials_access.html",
            committee=committee,
            meeting=meeting,
            rows=rows,
            form=form,
        ), status

    if request.method == "POST" and form.validate_on_submit():
        try:
            changed = materials_bulk.set_access(
                meeting, form.materials.data, form.closing, current_user, form.expected_closed()
            )
        except WorkflowError as error:
            if isinstance(error, (StaleState, PermissionDenied)):
                return refusal(error, back)
            form.form_errors.extend([error.message, *error.reasons])
            return page(400)
        n = len(changed)
        flash(
            ngettext("%(num)d bilag er nu lukket.", "%(num)d bilag er nu lukkede.", n)
            if form.closing
            else ngettext("%(num)d bilag er nu åbent.", "%(num)d bilag er nu åbne.", n),
            "success",
        )
        return redirect(back)
    return page(400 if request.method == "POST" else 200)
