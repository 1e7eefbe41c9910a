"""The secretariat's dashboard, /healthz and the language switch."""

from datetime import timedelta

from flask import abort, current_app, jsonify, redirect, render_template, session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees import health
from committees.extensions import db
from committees.loaders import require
from committees.main import bp
from committees.main.forms import LanguageForm
from committees.paging import page_arg
from workflows import accounts, dashboard, notice_settings, permissions, setup
from workflows.paging import ListPagination


@bp.get("/overblik", endpoint="dashboard")
@login_required
def dashboard_view():
    """Committees by phase and what needs the secretariat's action."""
    if not permissions.can_view_dashboard(current_user):
        abort(403)
    steps = setup.checklist()
    return render_template(
        "main/dashboard.html",
        board=dashboard.build(),
        sched=dashboard.scheduler(
            timedelta(seconds=current_app.config["HEARTBEAT_INTERVAL_SECONDS"]),
            timedelta(seconds=current_app.config["SWEEP_INTERVAL_SECONDS"]),
        ),
        failed=notice_settings.failed_notices(limit=dashboard.SHOWN),
        steps=steps if not all(s.done for s in steps) else None,
    )


def _dashboard_list(title: str, partial: str, page):
    return render_template("main/list.html", title=title, partial=partial, page=page)


@bp.get("/overblik/opfoelgning")
@login_required
def todos():
    """Everything that waits on the secretariat, a page at a time."""
    require(permissions.can_view_dashboard(current_user))
    page = ListPagination(dashboard.todos(), per_page=current_app.config["PER_PAGE"])
    return _dashboard_list(_("Skal følges op"), "main/_todos.html", page)


@bp.get("/overblik/invitationer")
@login_required
def invitations():
    """Every invitation without an answer, oldest first, a page at a time."""
    require(permissions.can_view_dashboard(current_user))
    page = db.paginate(
        dashboard.pending_invitations(),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return _dashboard_list(_("Invitationer uden svar"), "main/_invitations.html", page)


@bp.get("/overblik/fejlede-varsler")
@login_required
def failed_notices():
    """Every notice that failed after every retry, newest first, a page at a time."""
    require(permissions.can_view_dashboard(current_user))
    page = db.paginate(
        notice_settings.failed(),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    return _dashboard_list(_("Varsler der ikke kunne sendes"), "main/_failed.html", page)


@bp.get("/healthz")
def healthz():
    """Database, broker and the age of the scheduler's heartbeat, as JSON."""
    interval = timedelta(seconds=current_app.config["HEARTBEAT_INTERVAL_SECONDS"])
    sweep_interval = timedelta(seconds=current_app.config["SWEEP_INTERVAL_SECONDS"])
    report = health.check(current_app.config["CELERY"]["broker_url"], interval, sweep_interval)
    warnings = [str(f) for f in current_app.config.get("CONFIG_FINDINGS", ()) if f.level == "warn"]
    # The words only to staff (they describe weaknesses); monitoring sees how many.
    report["configuration_warnings"] = (
        warnings if permissions.is_staff(current_user) else len(warnings)
    )
    return jsonify(report), 200 if report["status"] == "ok" else 503


@bp.get("/livez")
def livez():
    """The process answers; never fails because a dependency is down (restart only on this)."""
    return jsonify({"status": "alive"})


@bp.get("/readyz")
def readyz():
    """The database and the broker answer: send traffic here (503 takes it out of rotation)."""
    ready = health.ready(current_app.config["CELERY"]["broker_url"])
    return jsonify(ready), 200 if ready["status"] == "ready" else 503


@bp.post("/sprog")
def set_language():
    """Switch between Danish and English; remembered on the account when logged in."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.language.data
        if current_user.is_authenticated:
            accounts.set_locale(current_user, form.language.data)
    target = form.next.data or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)
