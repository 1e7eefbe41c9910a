"""Following by e-mail (ask, confirm, one-click unsubscribe) and with an account (a button)."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import csrf, db
from committees.models import Committee, Recommendation
from committees.recommendations import bp
from committees.recommendations.follow_forms import FollowForm, ToggleForm, UnfollowForm
from committees.recommendations.public import public_committee_or_404, public_rec_or_404
from workflows.errors import WorkflowError
from workflows.recommendations import follows


def _locale() -> str:
    locale = get_locale()
    language = locale.language if locale else "da"
    return language if language in current_app.config["LANGUAGES"] else "da"


def _target(form: FollowForm) -> Committee | Recommendation:
    if form.target_type.data == "c":
        return public_committee_or_404(form.target_id.data)
    rec = db.session.get(Recommendation, form.target_id.data)
    if rec is None:
        abort(404)
    return public_rec_or_404(rec.committee_id, rec.number)


def _committee(target) -> Committee:
    return target if isinstance(target, Committee) else target.committee


@bp.post("/foelg")
def follow():
    """Ask to follow by e-mail; the answer is the same whether the address follows or not."""
    form = FollowForm()
    if not form.target_type.validate(form) or not form.target_id.validate(form):
        abort(404)
    target = _target(form)
    status = 400
    if form.validate():
        try:
            follows.follow_by_email(target, form.email.data, _locale(), form.delivery_mode)
        except WorkflowError as e:
            form.form_errors.append(e.message)
            status = 429
        else:
            return redirect(url_for("recommendations.follow_sent"))
    return render_template(
        "recommendations/follow_form.html", form=form, target=target, committee=_committee(target)
    ), status


@bp.get("/foelg/sendt")
def follow_sent():
    """Check your e-mail (the same page for every address)."""
    return render_template("recommendations/follow_sent.html")


def _invalid_link():
    return render_template("recommendations/follow_invalid.html"), 404


@bp.get("/foelg/bekraeft/<token>")
def follow_confirm(token: str):
    """The link in the confirmation e-mail; opening it twice is fine."""
    follow = follows.by_confirm_token(token)
    if follow is None:
        return _invalid_link()
    follows.confirm(follow)
    return render_template(
        "recommendations/follow_confirmed.html",
        follow=follow,
        unsubscribe_url=url_for("recommendations.unfollow", token=follow.token),
    )


@bp.route("/foelg/afmeld/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: the mail client POSTs without a form; the token authorises
def unfollow(token: str):
    """GET asks with a button; POST (the button, or the mail client's one click) unsubscribes."""
    follow = follows.by_token(token)
    if follow is None or follow.email is None:
        return _invalid_link()
    form = UnfollowForm()
    if form.is_submitted():
        follows.unsubscribe(follow)
        return render_template("recommendations/follow_ended.html")
    return render_template("recommendations/follow_unsubscribe.html", form=form, follow=follow)


def _toggle(target, back: str):
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        now_following = follows.toggle(current_user, target)
    except WorkflowError as e:
        flash(e.message, "error")
    else:
        flash(_("Du følger nu med.") if now_following else _("Du følger ikke længere med."))
    return redirect(back)


@bp.post("/udvalg/<int:committee_id>/foelg", defaults={"number": None})
@bp.post("/udvalg/<int:committee_id>/anbefalinger/<int:number>/foelg")
@login_required
def follow_toggle(committee_id: int, number: int | None):
    """Follow a committee or one recommendation with an account, or stop."""
    if number is None:
        target = public_committee_or_404(committee_id)
        back = url_for("recommendations.public_index", committee_id=committee_id)
    else:
        target = public_rec_or_404(committee_id, number)
        back = url_for("recommendations.public_show", committee_id=committee_id, number=number)
    return _toggle(target, back)
