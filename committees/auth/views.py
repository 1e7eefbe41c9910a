"""Login (rate-limited), logout (server-side), invitations and password reset."""

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from committees.auth import bp
from committees.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from committees.extensions import limiter
from workflows import accounts


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("committee.index")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_key() -> str:
    # Limit per client address and per account, so spreading over addresses doesn't help.
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{request.remote_addr}|{email}"


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="login")
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_key, error_message="login")
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("committee.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            if session.get("lang") in current_app.config["LANGUAGES"]:
                accounts.set_locale(user, session["lang"])  # a choice made before login counts
            accounts.record_login(user)
            flash(_("Du er logget ind."), "success")
            return redirect(_safe_next(form.next.data))
        form.password.errors.append(_("Forkert e-mail eller adgangskode."))
    return render_template("auth/login.html", form=form)


@bp.post("/log-ud")
@login_required
def logout():
    """Log out everywhere: the session token is rotated, so copied cookies stop working."""
    accounts.end_sessions(current_user._get_current_object())
    logout_user()
    # Messages queued for this person (they may name applicants) must not greet the next one.
    session.pop("_flashes", None)
    flash(_("Du er logget ud."), "success")
    return redirect(url_for("public.index"))


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], error_message="login")
def forgot_password():
    """Send a reset link; the answer is the same whether the address exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash(_("Hvis adressen har en konto, har vi sendt et link til den."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


def _password_page(token: str, purpose: str, template: str):
    user = accounts.load_token(token, purpose)
    if user is None:
        flash(_("Linket er ugyldigt, udløbet eller allerede brugt."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        accounts.set_password(user, form.password.data)
        logout_user()
        flash(_("Din adgangskode er gemt. Log ind med den."), "success")
        return redirect(url_for("auth.login"))
    return render_template(template, form=form, user=user)


@bp.route("/nulstil/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    return _password_page(token, accounts.RESET, "auth/reset.html")


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Set a first password from an invitation link."""
    return _password_page(token, accounts.INVITE, "auth/invitation.html")


@bp.route("/foerste-adgang/<token>", methods=["GET", "POST"])
def first_password(token: str):
    """Set a first password from the link `flask setup` printed (24 hours, single use)."""
    return _password_page(token, accounts.FIRST, "auth/invitation.html")
