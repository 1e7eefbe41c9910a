"""Meeting pages: the attendance register, the overview for a period and its CSV export."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.loaders import committee_or_404, meeting_or_404, refusal, require
from committees.meetings import bp
from committees.meetings.attendance_forms import AttendanceForm, PeriodForm
from committees.models import Committee, Meeting
from workflows import permissions
from workflows.errors import WorkflowError
from workflows.meetings import attendance

PREFIX = "/arbejdsrum/<int:committee_id>/moeder"


def _register_page(c: Committee, m: Meeting, form: AttendanceForm, lines, status: int = 200):
    return (
        render_template(
            "meetings/attendance.html",
            committee=c,
            meeting=m,
            form=form,
            lines={line.user.id: line for line in lines},
            problems=attendance.problems(m),
        ),
        status,
    )


# The endpoint is named for the page; the function is not, so it leaves the module name alone.
@bp.route(PREFIX + "/<int:meeting_id>/fremmoede", methods=["GET", "POST"], endpoint="attendance")
@login_required
def attendance_register(committee_id: int, meeting_id: int):
    """Keep the register after the meeting: til stede / fraværende / afbud per person."""
    c = committee_or_404(committee_id)
    m = meeting_or_404(c, meeting_id)
    require(permissions.can_manage_meetings(current_user, c))
    lines = attendance.register(m)
    people = {line.user.id for line in lines}
    if request.method == "GET":
        return _register_page(c, m, AttendanceForm.from_register(lines, people), lines)
    form = AttendanceForm(people=people)
    if not form.validate():
        return _register_page(c, m, form, lines, 400)
    back = url_for("meetings.attendance", committee_id=c.id, meeting_id=m.id)
    try:
        attendance.record(m, form.attendance_rows(), current_user)
    except WorkflowError as e:
        return refusal(e, back)
    flash(_("Fremmødet er gemt."), "success")
    return redirect(url_for("meetings.minutes", committee_id=c.id, meeting_id=m.id))


@bp.get("/arbejdsrum/<int:committee_id>/fremmoede")
@login_required
def attendance_overview(committee_id: int):
    """Attendance per person over a period, with the link to the CSV."""
    c = committee_or_404(committee_id)
    require(permissions.can_export_attendance(current_user, c))
    form = PeriodForm(request.args)
    ok = form.validate()
    start, end = form.period()
    people = attendance.summary(attendance.export_rows(c, start, end)) if ok else []
    return (
        render_template(
            "meetings/attendance_overview.html",
            committee=c,
            form=form,
            start=start,
            end=end,
            people=people,
            csv_args=form.args() if ok else None,
        ),
        200 if ok else 400,
    )


@bp.get("/arbejdsrum/<int:committee_id>/fremmoede.csv")
@login_required
def attendance_export(committee_id: int):
    """The register of a period as CSV (Excel in Danish): the basis for allowances."""
    c = committee_or_404(committee_id)
    require(permissions.can_export_attendance(current_user, c))
    form = PeriodForm(request.args)
    if not form.validate():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return render_template("errors/400.html", message=message), 400
    start, end = form.period()
    body = attendance.csv_text(attendance.export_rows(c, start, end))
    filename = f"fremmoede-{c.id}-{start.isoformat()}-{end.isoformat()}.csv"
    return Response(
        body.encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
