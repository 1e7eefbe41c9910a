"""Accounts: list, create with invitation, edit, resend invitation."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_

from committees.extensions import db
from committees.loaders import require
from committees.models import Role, User
from committees.paging import page_arg
from committees.users import bp
from committees.users.forms import UserForm
from workflows import accounts, permissions, users


@bp.get("/")
@login_required
def index():
    """All accounts, searchable and paginated."""
    require(permissions.can_manage_users(current_user))
    q = (request.args.get("q") or "").strip()[:100]
    stmt = db.select(User).order_by(User.name)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(db.func.lower(User.name).like(like), User.email.like(like)))
    page = db.paginate(
        stmt, page=page_arg(), per_page=current_app.config["PER_PAGE"], error_out=False
    )
    return render_template("users/index.html", page=page, q=q)


@bp.route("/ny", methods=["GET", "POST"])
@login_required
def create():
    """Create an account and e-mail an invitation to set a password."""
    require(permissions.can_manage_users(current_user))
    form = UserForm(may_grant_staff=permissions.can_change_roles(current_user))
    if form.validate_on_submit():
        user = users.create(
            email=form.email.data,
            name=form.name.data,
            role=Role(form.role.data),
            locale=form.locale.data,
            actor=current_user,
        )
        flash(_("%(name)s er oprettet, og der er sendt en invitation.", name=user.name), "success")
        return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=None)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit(user_id: int):
    """Change name, e-mail, role, language or whether the account is active."""
    require(permissions.can_manage_users(current_user))
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user, user=user, may_grant_staff=permissions.can_change_roles(current_user))
    if not form.is_submitted():
        form.role.data = user.role.value
    if form.validate_on_submit():
        users.update(
            user,
            name=form.name.data,
            email=form.email.data,
            role=Role(form.role.data),
            locale=form.locale.data,
            active=form.active.data,
            actor=current_user,
        )
        flash(_("Brugeren er opdateret."), "success")
        return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=user)


@bp.post("/<int:user_id>/invitation")
@login_required
def resend_invitation(user_id: int):
    """Send the invitation again to someone who has not set a password yet."""
    require(permissions.can_manage_users(current_user))
    user = db.session.get(User, user_id) or abort(404)
    if user.has_password:
        flash(_("Brugeren har allerede valgt en adgangskode."), "info")
    else:
        accounts.send_invitation(user, current_user)
        flash(_("Invitationen er sendt igen til %(email)s.", email=user.email), "success")
    back = "main.dashboard" if request.args.get("fra") == "overblik" else "users.index"
    return redirect(url_for(back))
