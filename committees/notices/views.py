"""The inbox, preferences, reminder policies and resending failed notices."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from committees.extensions import db
from committees.forms_common import StateForm
from committees.loaders import committee_or_404, require
from committees.models import Notice, NoticeStatus
from committees.notices import bp
from committees.notices.forms import PolicyForm, PreferenceForm
from committees.paging import page_arg
from workflows import delivery, notice_settings, permissions, reminders
from workflows.errors import NotAllowed

ACTIONS_PAGE = "actions_page"  # the query argument of "Kræver handling"; "page" is the other's


def _inbox_pages() -> dict[str, int]:
    """The pages of the inbox's two lists the request names past the first (to come back to)."""
    pages = {name: page_arg(name) for name in ("page", ACTIONS_PAGE)}
    return {name: number for name, number in pages.items() if number > 1}


@bp.get("/")
@login_required
def index():
    """My notices: what needs my action, and what is for my information; a page at a time each."""
    per_page = current_app.config["PER_PAGE"]
    actions = db.paginate(
        notice_settings.inbox_actions(current_user),
        page=page_arg(ACTIONS_PAGE),
        per_page=per_page,
        error_out=False,
    )
    info = db.paginate(
        notice_settings.inbox_info(current_user),
        page=page_arg(),
        per_page=per_page,
        error_out=False,
    )
    return render_template(
        "notices/index.html", actions=actions, info=info, actions_param=ACTIONS_PAGE
    )


@bp.post("/<int:notice_id>/laest")
@login_required
def mark_read(notice_id: int):
    """Mark one of my notices read (others' notices are 404)."""
    notice = db.session.get(Notice, notice_id)
    if notice is None or notice.recipient_id != current_user.id:
        abort(404)
    StateForm().validate_on_submit()
    notice_settings.mark_read(current_user, notice_id)
    return redirect(url_for("notices.index", **_inbox_pages()))


@bp.post("/laest")
@login_required
def mark_all_read():
    """Mark all my notices read."""
    StateForm().validate_on_submit()
    notice_settings.mark_read(current_user)
    flash(_("Alle varsler er markeret som læst."), "success")
    return redirect(url_for("notices.index"))


@bp.route("/indstillinger", methods=["GET", "POST"])
@login_required
def settings():
    """How I want each kind of notice by e-mail."""
    kinds = notice_settings.optional_kinds()
    current = notice_settings.preferences(current_user)
    form = PreferenceForm.for_kinds(kinds, current, formdata=request.form or None)
    if form.validate_on_submit():
        try:
            notice_settings.save_preferences(current_user, form.chosen())
        except NotAllowed as refused:  # the form refuses it first; this is the backstop
            flash(refused.message, "error")
        else:
            flash(_("Dine indstillinger er gemt."), "success")
            return redirect(url_for("notices.settings"))
    return render_template(
        "notices/settings.html",
        form=form,
        own_deadlines={f"kind_{k.name}" for k in notice_settings.own_deadline_kinds()},
        mandatory=notice_settings.mandatory_kinds(),
    )


@bp.get("/paamindelser")
@login_required
def policies():
    """The reminder kinds and the moments in force for the municipality."""
    require(permissions.can_manage_reminders(current_user))
    rows = [
        (reminders.SPECS[k], reminders.effective_policies(None, k), _kind_label(k))
        for k in reminders.SPECS
    ]
    return render_template("notices/policies.html", rows=rows, committee=None)


def _kind_label(kind: str) -> str:
    from workflows.notices import REGISTRY

    return str(REGISTRY[kind].label)


def _policy_page(committee, kind: str):
    if kind not in reminders.SPECS:
        abort(404)
    effective = reminders.effective_policies(committee.id if committee else None, kind)
    form = PolicyForm()
    if not form.is_submitted():
        while len(form.offsets.entries):
            form.offsets.pop_entry()
        for p in effective:
            form.offsets.append_entry(
                {"offset_days": p.offset_days, "only_not_acted": p.only_not_acted, "active": True}
            )
        form.offsets.append_entry({"offset_days": None, "only_not_acted": True, "active": False})
    if form.validate_on_submit():
        offsets = (
            []
            if form.use_defaults.data
            else [
                (e.form.offset_days.data, e.form.only_not_acted.data, e.form.active.data)
                for e in form.offsets.entries
                if e.form.active.data and e.form.offset_days.data is not None
            ]
        )
        notice_settings.save_policies(committee, kind, offsets, current_user)
        flash(_("Påmindelserne er gemt og planlagt igen."), "success")
        return redirect(request.path)
    return render_template(
        "notices/policy_edit.html",
        form=form,
        kind=kind,
        kind_label=_kind_label(kind),
        effective=effective,
        committee=committee,
    )


@bp.route("/paamindelser/<kind>", methods=["GET", "POST"])
@login_required
def edit_policy(kind: str):
    """The municipality's default moments for one reminder kind."""
    require(permissions.can_manage_reminders(current_user))
    return _policy_page(None, kind)


@bp.route("/udvalg/<int:committee_id>/paamindelser/<kind>", methods=["GET", "POST"])
@login_required
def edit_committee_policy(committee_id: int, kind: str):
    """One committee's own moments for a reminder kind (overriding the defaults)."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_reminders(current_user))
    return _policy_page(c, kind)


@bp.post("/gensend-fejlede")
@login_required
def resend_all():
    """Send every failed notice again (the dashboard's retry)."""
    require(permissions.can_resend_notices(current_user))
    if not StateForm().validate_on_submit():
        abort(400)
    count = notice_settings.resend_all_failed()
    flash(
        ngettext("%(num)d varsel er sat i kø igen.", "%(num)d varsler er sat i kø igen.", count),
        "success",
    )
    return redirect(url_for("main.dashboard"))


@bp.post("/<int:notice_id>/gensend")
@login_required
def resend(notice_id: int):
    """Send a failed notice again."""
    require(permissions.can_resend_notices(current_user))
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        abort(404)
    StateForm().validate_on_submit()
    if notice.status is not NoticeStatus.failed:
        flash(_("Varslet er ikke fejlet og sendes ikke igen."), "info")
    else:
        delivery.resend(notice)
        flash(_("Varslet er sat i kø igen."), "success")
    return redirect(url_for("main.dashboard"))
