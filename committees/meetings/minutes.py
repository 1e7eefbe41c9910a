"""Meeting pages: the minutes (write, send for approval, approve or comment, reopen, publish),
action points, and inhabilitet on an agenda item."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import db
from committees.forms_common import StateForm
from committees.loaders import committee_or_404, item_or_404, meeting_or_404, refusal, require
from committees.meetings import bp
from committees.meetings.minutes_forms import (
    ActionPointForm,
    ApproveForm,
    CommentForm,
    ConfirmForm,
    ConflictForm,
    ConflictWithdrawForm,
    MinutesForm,
)
from committees.models import ActionPoint, Committee, Meeting
from workflows import permissions
from workflows.errors import WorkflowError
from workflows.meetings import agenda, attendance, conflicts, minutes, minutes_writing

PREFIX = "/arbejdsrum/<int:committee_id>/moeder"
ITEM = PREFIX + "/<int:meeting_id>/punkt/<int:item_id>"


def meeting_page(c: Committee, m: Meeting) -> str:
    """The meeting's own page (agenda, RSVP, inhabilitet)."""
    return url_for("meetings.show", committee_id=c.id, meeting_id=m.id)


def minutes_url(c: Committee, m: Meeting) -> str:
    return url_for("meetings.minutes", committee_id=c.id, meeting_id=m.id)


def _load(committee_id: int, meeting_id: int) -> tuple[Committee, Meeting]:
    c = committee_or_404(committee_id)
    return c, meeting_or_404(c, meeting_id)


def _forms(m: Meeting, editable: bool, given: dict) -> dict:
    """The page's forms: the ones handed back with errors, fresh ones for the rest."""
    state = {"expected_state": m.minutes_status.name}
    forms = {
        "form": given.get("form") or (MinutesForm.for_meeting(m) if editable else None),
        "approve_form": given.get("approve_form") or ApproveForm(formdata=None, data=state),
        "comment_form": given.get("comment_form") or CommentForm(formdata=None, data=state),
        "point_forms": {},
    }
    if editable:
        forms["point_forms"] = {
            i.id: given.get(f"ap{i.id}") or ActionPointForm(prefix=f"ap{i.id}", formdata=None)
            for i in m.items
        }
    return forms


def _page(c: Committee, m: Meeting, status: int = 200, **given):
    """The minutes page: the edit form while a draft (managers), else the read view."""
    manage = permissions.can_manage_meetings(current_user, c)
    editable = permissions.can_edit_minutes(current_user, m)
    lines = attendance.register(m) if m.attendance_recorded_at else []
    context = {
        "committee": c,
        "meeting": m,
        "lines": lines,
        "counts": attendance.counts(lines),
        "actions": {a.name: a for a in minutes.allowed_actions(m, current_user)},
        "approvals": minutes.approvals(m) if manage else [],
        "mine": minutes.approval_of(m, current_user),
        "may_manage": manage,
        "may_edit": editable,
        "may_see_closed": permissions.can_view_closed(current_user, c),
        "may_declare": permissions.can_declare_conflict(current_user, m),
        "open_points": agenda.open_action_points(c.id) if manage else [],
        "meeting_url": meeting_page(c, m),
        **_forms(m, editable, given),
    }
    return render_template("meetings/minutes.html", **context), status


@bp.route(PREFIX + "/<int:meeting_id>/referat", methods=["GET", "POST"], endpoint="minutes")
@login_required
def minutes_page(committee_id: int, meeting_id: int):
    """Read the minutes; managers write them item by item while they are a draft."""
    c, m = _load(committee_id, meeting_id)
    require(permissions.can_view_minutes(current_user, m))
    if request.method == "GET":
        return _page(c, m)
    require(permissions.can_manage_meetings(current_user, c))
    form = MinutesForm(meeting=m)
    if not form.validate():
        return _page(c, m, 400, form=form)
    try:
        minutes_writing.write(m, form.entries(), current_user, form.expected_state.data or None)
    except WorkflowError as e:
        return refusal(e, minutes_url(c, m))
    flash(_("Referatet er gemt."), "success")
    return redirect(minutes_url(c, m))


def _run(committee_id: int, meeting_id: int, step: Callable, done: str):
    """A manager's step on the minutes (send, reopen, publish), with the state they saw."""
    c, m = _load(committee_id, meeting_id)
    require(permissions.can_manage_meetings(current_user, c))
    form = StateForm()
    back = minutes_url(c, m)
    if not form.validate():
        abort(400)
    try:
        step(m, current_user, form.expected_state.data or None)
    except WorkflowError as e:
        return refusal(e, back)
    flash(done, "success")
    return redirect(back)


@bp.post(PREFIX + "/<int:meeting_id>/referat/send")
@login_required
def minutes_send(committee_id: int, meeting_id: int):
    """Send the minutes to everyone present for approval."""
    done = _("Referatet er sendt til godkendelse hos de fremmødte.")
    return _run(committee_id, meeting_id, minutes.send_for_approval, done)


@bp.post(PREFIX + "/<int:meeting_id>/referat/tilbage-til-udkast")
@login_required
def minutes_reopen(committee_id: int, meeting_id: int):
    """Take the minutes back to a draft to change them."""
    done = _("Referatet er et udkast igen. Ret det, og send det til godkendelse på ny.")
    return _run(committee_id, meeting_id, minutes.reopen, done)


@bp.post(PREFIX + "/<int:meeting_id>/referat/offentliggoer")
@login_required
def minutes_publish(committee_id: int, meeting_id: int):
    """Publish approved minutes."""
    done = _("Referatet er offentliggjort. De indkaldte har fået besked.")
    return _run(committee_id, meeting_id, minutes.publish, done)


@bp.post(PREFIX + "/<int:meeting_id>/referat/godkend")
@login_required
def minutes_approve(committee_id: int, meeting_id: int):
    """A person present approves the minutes."""
    c, m = _load(committee_id, meeting_id)
    require(minutes.approval_of(m, current_user) is not None)
    form = ApproveForm()
    if not form.validate():
        return _page(c, m, 400, approve_form=form)
    try:
        locked = minutes.approve(
            m, current_user, form.comment.data or "", form.expected_state.data or None
        )
    except WorkflowError as e:
        return refusal(e, minutes_url(c, m))
    flash(_("Tak. Du har godkendt referatet."), "success")
    if locked:
        flash(_("Alle har godkendt. Referatet er nu låst."), "info")
    return redirect(minutes_url(c, m))


@bp.post(PREFIX + "/<int:meeting_id>/referat/kommentar")
@login_required
def minutes_comment(committee_id: int, meeting_id: int):
    """A person present comments instead of approving."""
    c, m = _load(committee_id, meeting_id)
    require(minutes.approval_of(m, current_user) is not None)
    form = CommentForm()
    if not form.validate():
        return _page(c, m, 400, comment_form=form)
    try:
        minutes.comment(m, current_user, form.comment.data, form.expected_state.data or None)
    except WorkflowError as e:
        return refusal(e, minutes_url(c, m))
    flash(_("Din kommentar er sendt til facilitator."), "success")
    return redirect(minutes_url(c, m))


@bp.post(ITEM + "/aktionspunkter")
@login_required
def action_point_add(committee_id: int, meeting_id: int, item_id: int):
    """Agree a follow-up on an item."""
    c, m = _load(committee_id, meeting_id)
    item = item_or_404(m, item_id)
    require(permissions.can_manage_meetings(current_user, c))
    form = ActionPointForm(prefix=f"ap{item.id}")
    if not form.validate():
        return _page(c, m, 400, **{f"ap{item.id}": form})
    try:
        minutes_writing.add_action_point(
            item, form.text.data, form.responsible.data or "", form.due_on.data, current_user
        )
    except WorkflowError as e:
        return refusal(e, minutes_url(c, m))
    flash(_("Aktionspunktet er tilføjet."), "success")
    return redirect(minutes_url(c, m) + f"#punkt-{item.id}")


@bp.post(PREFIX + "/<int:meeting_id>/aktionspunkter/<int:point_id>/udfoert")
@login_required
def action_point_done(committee_id: int, meeting_id: int, point_id: int):
    """Mark a follow-up (of this or an earlier meeting of the committee) as done."""
    c, m = _load(committee_id, meeting_id)
    require(permissions.can_manage_meetings(current_user, c))
    point = db.session.get(ActionPoint, point_id)
    if point is None or point.committee_id != c.id:
        abort(404)
    if not ConfirmForm().validate():
        abort(400)
    try:
        minutes_writing.complete_action_point(point, current_user)
    except WorkflowError as e:
        return refusal(e, minutes_url(c, m))
    flash(_("Aktionspunktet er markeret som udført."), "success")
    return redirect(minutes_url(c, m))


def _back_after_conflict(c: Committee, m: Meeting, form: ConflictWithdrawForm) -> str:
    return minutes_url(c, m) if form.back.data == "referat" else meeting_page(c, m)


@bp.post(ITEM + "/inhabilitet")
@login_required
def conflict_declare(committee_id: int, meeting_id: int, item_id: int):
    """A member declares inhabilitet on an item."""
    c, m = _load(committee_id, meeting_id)
    item = item_or_404(m, item_id)
    require(permissions.can_declare_conflict(current_user, m))
    form = ConflictForm()
    back = _back_after_conflict(c, m, form)
    if not form.validate():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    try:
        conflicts.declare(item, current_user, form.reason.data or "")
    except WorkflowError as e:
        return refusal(e, back)
    flash(_("Du er registreret som inhabil på punkt %(n)s.", n=item.number), "success")
    return redirect(back)


@bp.post(ITEM + "/inhabilitet/traek-tilbage")
@login_required
def conflict_withdraw(committee_id: int, meeting_id: int, item_id: int):
    """A member takes their declaration back."""
    c, m = _load(committee_id, meeting_id)
    item = item_or_404(m, item_id)
    require(permissions.can_declare_conflict(current_user, m))
    form = ConflictWithdrawForm()
    back = _back_after_conflict(c, m, form)
    if not form.validate():
        abort(400)
    try:
        conflicts.withdraw(item, current_user)
    except WorkflowError as e:
        return refusal(e, back)
    flash(_("Din erklæring om inhabilitet er trukket tilbage."), "success")
    return redirect(back)
