"""Membership pages: the list, adding a member, changing a membership, leave."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.loaders import committee_or_404, membership_or_404, refusal, require
from committees.members import bp
from committees.members.forms import AddMemberForm, LeaveForm, MembershipForm
from committees.models import MemberRole, MemberType
from committees.models.base import local_today
from workflows import composition, permissions
from workflows import membership as membership_flow
from workflows.errors import WorkflowError


def _data(form: MembershipForm) -> membership_flow.MemberData:
    member_type = MemberType(form.member_type.data)
    return membership_flow.MemberData(
        member_type=member_type,
        role=MemberRole(form.role.data),
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        publish_name=bool(form.publish_name.data) if member_type is MemberType.citizen else False,
        title=(form.title.data or "").strip(),
    )


@bp.get("/")
@login_required
def index(committee_id: int):
    """Members, past and present, with the composition check."""
    c = committee_or_404(committee_id)
    return render_template(
        "members/index.html",
        committee=c,
        members=sorted(c.memberships, key=lambda m: (m.role.sort_key, m.user.name)),
        today=local_today(),
        problems=composition.violations(c),
        seats=composition.seats(c),
        historical=composition.is_historical(c),
    )


@bp.route("/tilfoej", methods=["GET", "POST"])
@login_required
def add(committee_id: int):
    """Add a member; a new person gets an account and an invitation e-mail."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_members(current_user, c))
    form = AddMemberForm(committee=c)
    if not form.is_submitted():
        form.start_date.data = composition.check_day(c.approved_mandate or c.latest_mandate)
    if form.validate_on_submit():
        try:
            m, invited = membership_flow.add(
                c,
                email=form.email.data,
                name=form.name.data or "",
                data=_data(form),
                actor=current_user,
            )
        except WorkflowError as e:
            return refusal(e, url_for("members.index", committee_id=c.id))
        msg = _("%(name)s er tilføjet.", name=m.user.name)
        if invited:
            msg += " " + _("Der er sendt en invitation til %(email)s.", email=m.user.email)
        flash(msg, "success")
        return redirect(url_for("members.index", committee_id=c.id))
    return render_template("members/add.html", committee=c, form=form)


@bp.route("/<int:membership_id>", methods=["GET", "POST"])
@login_required
def edit(committee_id: int, membership_id: int):
    """Change a membership (role, period, consent) and record leave."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_members(current_user, c))
    m = membership_or_404(c, membership_id)
    form = MembershipForm(obj=m, committee=c, membership=m)
    leave_form = LeaveForm()
    if not form.is_submitted():
        form.member_type.data, form.role.data = m.member_type.value, m.role.value
    if form.submit.data and form.validate_on_submit():
        try:
            membership_flow.update(m, _data(form), current_user)
        except WorkflowError as e:
            return refusal(e, url_for("members.edit", committee_id=c.id, membership_id=m.id))
        flash(_("Medlemskabet er opdateret."), "success")
        return redirect(url_for("members.index", committee_id=c.id))
    return render_template(
        "members/edit.html", committee=c, membership=m, form=form, leave_form=leave_form
    )


@bp.post("/<int:membership_id>/orlov")
@login_required
def leave(committee_id: int, membership_id: int):
    """Record a leave period."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_members(current_user, c))
    m = membership_or_404(c, membership_id)
    leave_form = LeaveForm()
    if leave_form.validate_on_submit():
        try:
            membership_flow.add_leave(
                m,
                leave_form.leave_start.data,
                leave_form.leave_end.data,
                (leave_form.reason.data or "").strip(),
                current_user,
            )
        except WorkflowError as e:
            return refusal(e, url_for("members.edit", committee_id=c.id, membership_id=m.id))
        flash(_("Orloven er registreret."), "success")
        return redirect(url_for("members.edit", committee_id=c.id, membership_id=m.id))
    form = MembershipForm(obj=m, committee=c, membership=m, formdata=None)
    form.member_type.data, form.role.data = m.member_type.value, m.role.value
    return render_template(
        "members/edit.html", committee=c, membership=m, form=form, leave_form=leave_form
    ), 400
