"""The set-up area: the checklist, the municipality's facts, logo, closing days, test e-mail."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees import site
from committees.loaders import require
from committees.models.municipality import LOGO_MAX_BYTES
from committees.setup import bp, logo
from committees.setup.forms import ClosingDaysForm, LogoForm, MailTestForm, MunicipalityForm
from workflows import permissions, setup


def _admin() -> None:
    require(permissions.can_set_up(current_user))


@bp.get("/")
@login_required
def index():
    """The checklist of set-up steps, each with where to do it."""
    _admin()
    return render_template("setup/index.html", steps=setup.checklist())


@bp.route("/kommune", methods=["GET", "POST"])
@login_required
def municipality():
    """The municipality's name, contact, accessibility statement and privacy texts."""
    _admin()
    form = MunicipalityForm(obj=site.municipality())
    if form.validate_on_submit():
        values = {f: (getattr(form, f).data or "").strip() for f in setup.FACT_FIELDS}
        changed = setup.update_facts(values, current_user)
        flash(_("Kommunens oplysninger er gemt.") if changed else _("Intet var ændret."), "success")
        return redirect(url_for("setup.municipality"))
    status = 400 if form.errors else 200
    return render_template("setup/municipality.html", form=form, logo_form=LogoForm()), status


@bp.post("/kommune/logo")
@login_required
def logo_upload():
    """A new logo (SVG or PNG, checked like materials), or none."""
    _admin()
    form = LogoForm()
    if form.validate_on_submit():
        if form.remove.data:
            setup.set_logo(None, "", current_user)
            flash(_("Logoet er fjernet."), "success")
            return redirect(url_for("setup.municipality"))
        upload = form.logo.data
        data = upload.read(LOGO_MAX_BYTES + 1) if upload else b""
        try:
            content_type = logo.check(data, getattr(upload, "filename", "") or "")
        except logo.LogoRefused as refused:
            form.logo.errors = [str(refused)]
        else:
            setup.set_logo(data, content_type, current_user)
            flash(_("Logoet er gemt."), "success")
            return redirect(url_for("setup.municipality"))
    main_form = MunicipalityForm(obj=site.municipality())
    return render_template("setup/municipality.html", form=main_form, logo_form=form), 400


@bp.route("/lukkedage", methods=["GET", "POST"])
@login_required
def closing_days():
    """Days the municipality is closed besides weekends and Danish public holidays."""
    _admin()
    form = ClosingDaysForm()
    if not form.is_submitted():
        form.days.data = "\n".join(site.municipality().closing_days or [])
    if form.validate_on_submit():
        days, _bad = setup.parse_closing_days(form.days.data or "")
        setup.set_closing_days(days, current_user)
        flash(_("Lukkedagene er gemt."), "success")
        return redirect(url_for("setup.closing_days"))
    status = 400 if form.errors else 200
    saved = site.municipality()
    return render_template(
        "setup/closing_days.html",
        form=form,
        yearly=sorted(saved.yearly_closing_days),
        single=sorted(saved.single_closing_days),
    ), status


@bp.route("/e-mail", methods=["GET", "POST"])
@login_required
def mail_test():
    """Send a test message to me: success, or the relay's own words."""
    _admin()
    form = MailTestForm()
    result = None
    if form.validate_on_submit():
        result = setup.send_test_message(current_user)
    return render_template("setup/mail_test.html", form=form, result=result)
