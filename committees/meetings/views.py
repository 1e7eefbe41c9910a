"""Meeting pages for the committee: the plan, one meeting, its agenda, guests and RSVP."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import committee_or_404, item_or_404, meeting_or_404, refusal, require
from committees.meetings import bp
from committees.meetings.forms import (
    CancelForm,
    GroupForm,
    GuestForm,
    ItemForm,
    MeetingForm,
    MoveForm,
    PlanForm,
    PublishForm,
    RsvpForm,
)
from committees.models import Meeting, RsvpAnswer
from committees.models.base import local_today, utcnow
from committees.paging import page_arg
from workflows import meeting_kinds, permissions
from workflows.errors import WorkflowError
from workflows.meetings import agenda, groups, invitees, load, materials, plan, rsvp

PREFIX = "/arbejdsrum/<int:committee_id>/moeder"
PAST_PER_PAGE = 10


def _show_url(meeting: Meeting) -> str:
    return url_for("meetings.show", committee_id=meeting.committee_id, meeting_id=meeting.id)


def _clash_warning(committee, form, rows, meeting: Meeting | None = None) -> list:
    """Clashes to show before saving (the form then carries their digest); [] to save now."""
    seen = form.clash_digest.data if form.save_anyway.data else None
    warnings = load.unconfirmed(committee, rows, seen, meeting)
    form.clash_digest.data = load.digest(load.flatten(warnings))
    return warnings


def _sequence(form) -> int | None:
    value = form.expected_sequence.data or ""
    return int(value) if value.isascii() and value.isdigit() else None


@bp.get(PREFIX)
@login_required
def index(committee_id: int):
    """Upcoming meetings, then past ones (paginated), and the working groups."""
    committee = committee_or_404(committee_id)
    require(permissions.can_view_meetings(current_user, committee))
    now = utcnow()
    base = db.select(Meeting).where(Meeting.committee_id == committee.id)
    upcoming = db.session.scalars(base.where(Meeting.ends_at > now).order_by(Meeting.starts_at))
    past = db.paginate(
        base.where(Meeting.ends_at <= now).order_by(Meeting.starts_at.desc(), Meeting.id.desc()),
        page=page_arg(),
        per_page=PAST_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "meetings/index.html",
        committee=committee,
        upcoming=list(upcoming),
        past=past,
        groups=groups.of(committee),
        group_form=_group_form(committee),
        can_manage=permissions.can_manage_meetings(current_user, committee),
    )


def _group_form(committee, formdata=None) -> GroupForm:
    current = [m for m in committee.members_for_display(local_today()) if m.user.active]
    return GroupForm(formdata=formdata, memberships=current)


@bp.post(PREFIX + "/arbejdsgrupper")
@login_required
def group_add(committee_id: int):
    """Create a working group."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    form = _group_form(committee, request.form)
    back = url_for("meetings.index", committee_id=committee.id) + "#arbejdsgrupper"
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    try:
        groups.create(committee, form.name.data, form.members.data or [], current_user)
    except WorkflowError as error:
        return refusal(error, back)
    flash(_("Arbejdsgruppen er oprettet."), "success")
    return redirect(back)


@bp.route(PREFIX + "/nyt", methods=["GET", "POST"])
@login_required
def new(committee_id: int):
    """Plan one meeting."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    form = MeetingForm(groups=groups.of(committee))
    clashes = []
    if form.validate_on_submit() and not (
        clashes := _clash_warning(committee, form, [form.data_object()])
    ):
        try:
            meeting = plan.create(committee, form.data_object(), current_user)
        except WorkflowError as error:
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Mødet er oprettet. Skriv dagsordenen, og udsend den."), "success")
            return redirect(_show_url(meeting))
    status = 400 if request.method == "POST" and not clashes else 200
    return render_template(
        "meetings/form.html", committee=committee, form=form, meeting=None, clashes=clashes
    ), status


@bp.route(PREFIX + "/plan", methods=["GET", "POST"])
@login_required
def plan_many(committee_id: int):
    """The meeting and activity plan: several meetings at once."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    form = PlanForm()
    clashes = []
    if form.validate_on_submit() and not (
        clashes := _clash_warning(committee, form, form.meetings())
    ):
        try:
            created = plan.create_plan(committee, form.meetings(), current_user)
        except WorkflowError as error:
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Planen er gemt: %(n)d møder.", n=len(created)), "success")
            return redirect(url_for("meetings.index", committee_id=committee.id))
    status = 400 if request.method == "POST" and not clashes else 200
    return render_template(
        "meetings/plan.html", committee=committee, form=form, clashes=clashes
    ), status


@bp.get(PREFIX + "/<int:meeting_id>")
@login_required
def show(committee_id: int, meeting_id: int):
    """One meeting: details, RSVP, agenda with materials, guests."""
    committee = committee_or_404(committee_id)
    require(permissions.can_view_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    can_manage = permissions.can_manage_meetings(current_user, committee)
    answers = (
        rsvp.answers(meeting) if can_manage or permissions.can_rsvp(current_user, meeting) else {}
    )
    own = answers.get(current_user.id)
    form = RsvpForm(answer=own.answer.value if own else None, reason=own.reason if own else "")
    return render_template(
        "meetings/show.html",
        committee=committee,
        meeting=meeting,
        can_manage=can_manage,
        show_agenda=permissions.can_view_published_agenda(current_user, meeting),
        can_view_closed=permissions.can_view_closed(current_user, committee),
        materials_by_item=materials.for_meeting(meeting, current_user),
        invited=invitees.invited_users(meeting) if can_manage else [],
        answers=answers,
        own_answer=own,
        rsvp_form=form,
        rsvp_open=permissions.can_rsvp(current_user, meeting) and not meeting.has_started(utcnow()),
        agenda_deadline=meeting_kinds.agenda_deadline(meeting),
        declared={
            c.agenda_item_id
            for i in meeting.items
            for c in i.conflicts
            if c.user_id == current_user.id
        },
        publish_form=PublishForm(expected_status=meeting.status.name),
        guest_form=GuestForm(),
        now=utcnow(),
    )


@bp.route(PREFIX + "/<int:meeting_id>/rediger", methods=["GET", "POST"])
@login_required
def edit(committee_id: int, meeting_id: int):
    """Change or move a meeting; a move is told to everyone invited."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    form = MeetingForm(groups=groups.of(committee))
    clashes = []
    if request.method == "GET":
        form.prefill(meeting)
    elif form.validate_on_submit() and not (
        clashes := _clash_warning(committee, form, [form.data_object()], meeting)
    ):
        try:
            moved = plan.update(meeting, form.data_object(), current_user, _sequence(form))
        except WorkflowError as error:
            if error.http_status != 400:
                return refusal(error, _show_url(meeting))
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(
                _("Mødet er flyttet, og de indkaldte har fået besked.")
                if moved
                else _("Mødet er gemt."),
                "success",
            )
            return redirect(_show_url(meeting))
    status = 400 if request.method == "POST" and not clashes else 200
    return render_template(
        "meetings/form.html", committee=committee, form=form, meeting=meeting, clashes=clashes
    ), status


@bp.route(PREFIX + "/<int:meeting_id>/aflys", methods=["GET", "POST"])
@login_required
def cancel(committee_id: int, meeting_id: int):
    """Cancel a meeting (asks for a reason first)."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    form = CancelForm(expected_sequence=str(meeting.sequence))
    if form.validate_on_submit():
        try:
            plan.cancel(meeting, form.reason.data or "", current_user, _sequence(form))
        except WorkflowError as error:
            return refusal(error, _show_url(meeting))
        flash(_("Mødet er aflyst, og de indkaldte har fået besked."), "success")
        return redirect(_show_url(meeting))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "meetings/cancel.html", committee=committee, meeting=meeting, form=form
    ), status


@bp.post(PREFIX + "/<int:meeting_id>/udsend")
@login_required
def publish(committee_id: int, meeting_id: int):
    """Publish the agenda to everyone invited."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        agenda.publish(meeting, current_user, form.expected_status.data or None)
    except WorkflowError as error:
        return refusal(error, _show_url(meeting))
    flash(_("Dagsordenen er udsendt til de indkaldte."), "success")
    return redirect(_show_url(meeting))


@bp.route(PREFIX + "/<int:meeting_id>/punkter/nyt", methods=["GET", "POST"])
@login_required
def item_new(committee_id: int, meeting_id: int):
    """Add an agenda item."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    form = ItemForm()
    if form.validate_on_submit():
        try:
            item = agenda.add_item(meeting, form.item_data(), current_user)
        except WorkflowError as error:
            return refusal(error, _show_url(meeting))
        flash(_("Punktet er tilføjet."), "success")
        return redirect(_show_url(meeting) + f"#punkt-{item.id}")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "meetings/item_form.html", committee=committee, meeting=meeting, form=form, item=None
    ), status


@bp.route(PREFIX + "/<int:meeting_id>/punkter/<int:item_id>", methods=["GET", "POST"])
@login_required
def item_edit(committee_id: int, meeting_id: int, item_id: int):
    """Change an agenda item."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    item = item_or_404(meeting, item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        form.kind.data = item.kind.value
    if form.validate_on_submit():
        try:
            agenda.update_item(item, form.item_data(), current_user)
        except WorkflowError as error:
            return refusal(error, _show_url(meeting))
        flash(_("Punktet er gemt."), "success")
        return redirect(_show_url(meeting) + f"#punkt-{item.id}")
    status = 400 if request.method == "POST" else 200
    return render_template(
        "meetings/item_form.html", committee=committee, meeting=meeting, form=form, item=item
    ), status


@bp.post(PREFIX + "/<int:meeting_id>/punkter/<int:item_id>/flyt")
@login_required
def item_move(committee_id: int, meeting_id: int, item_id: int):
    """Move an item one place up or down."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    item = item_or_404(meeting, item_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        agenda.move_item(item, form.direction.data, current_user)
    except WorkflowError as error:
        return refusal(error, _show_url(meeting))
    return redirect(_show_url(meeting) + f"#punkt-{item.id}")


@bp.post(PREFIX + "/<int:meeting_id>/punkter/<int:item_id>/slet")
@login_required
def item_delete(committee_id: int, meeting_id: int, item_id: int):
    """Remove an agenda item."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    item = item_or_404(meeting, item_id)
    try:
        agenda.delete_item(item, current_user)
    except WorkflowError as error:
        return refusal(error, _show_url(meeting))
    flash(_("Punktet er fjernet."), "success")
    return redirect(_show_url(meeting) + "#dagsorden")


@bp.post(PREFIX + "/<int:meeting_id>/svar")
@login_required
def answer(committee_id: int, meeting_id: int):
    """Deltager or afbud."""
    committee = committee_or_404(committee_id)
    meeting = meeting_or_404(committee, meeting_id)
    require(permissions.can_rsvp(current_user, meeting))
    form = RsvpForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(_show_url(meeting) + "#svar")
    try:
        rsvp.answer(meeting, current_user, RsvpAnswer(form.answer.data), form.reason.data or "")
    except WorkflowError as error:
        return refusal(error, _show_url(meeting) + "#svar")
    flash(_("Tak for dit svar."), "success")
    return redirect(_show_url(meeting) + "#svar")


@bp.post(PREFIX + "/<int:meeting_id>/gaester")
@login_required
def guest_add(committee_id: int, meeting_id: int):
    """Invite a named guest."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    form = GuestForm()
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(_show_url(meeting) + "#gaester")
    try:
        plan.add_guest(meeting, form.name.data, form.email.data, current_user)
    except WorkflowError as error:
        return refusal(error, _show_url(meeting) + "#gaester")
    flash(_("Gæsten er inviteret."), "success")
    return redirect(_show_url(meeting) + "#gaester")


@bp.post(PREFIX + "/<int:meeting_id>/gaester/<int:guest_id>/fjern")
@login_required
def guest_remove(committee_id: int, meeting_id: int, guest_id: int):
    """Take a guest off the list."""
    committee = committee_or_404(committee_id)
    require(permissions.can_manage_meetings(current_user, committee))
    meeting = meeting_or_404(committee, meeting_id)
    try:
        plan.remove_guest(meeting, guest_id, current_user)
    except WorkflowError as error:
        return refusal(error, _show_url(meeting) + "#gaester")
    flash(_("Gæsten er fjernet fra listen."), "success")
    return redirect(_show_url(meeting) + "#gaester")
