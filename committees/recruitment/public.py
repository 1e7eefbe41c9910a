"""Public side of recruitment: apply, confirm the e-mail address, withdraw."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_babel import get_locale

from committees.extensions import db, limiter
from committees.models import AgeBand, CallStatus, Committee, Gender, RecruitmentCall
from committees.models.base import utcnow
from committees.recruitment import bp
from committees.recruitment.forms import ApplicationForm, WithdrawForm, application_form
from workflows import permissions, recruitment
from workflows.errors import WorkflowError

APPLY_RATE_LIMIT = "10 per hour"


def _apply_limit() -> str:
    return current_app.config.get("RECRUITMENT_APPLY_RATE_LIMIT", APPLY_RATE_LIMIT)


def _accepted(response) -> bool:
    # Only a sent application counts against the address: typos fixed and sent again don't.
    return response.status_code == 302


def _committee_or_404(committee_id: int) -> Committee:
    committee = db.session.get(Committee, committee_id)
    if committee is None or not permissions.can_view_public_committee(committee):
        abort(404)
    return committee


def _call_or_404(committee: Committee) -> RecruitmentCall:
    call = recruitment.current_call(committee)
    if call is None:
        abort(404)
    return call


def _locale() -> str:
    locale = get_locale()
    language = locale.language if locale else "da"
    return language if language in current_app.config["LANGUAGES"] else "da"


def _data(form: ApplicationForm) -> recruitment.ApplicationData:
    return recruitment.ApplicationData(
        name=form.name.data,
        email=form.email.data,
        phone=form.phone.data or "",
        age_band=AgeBand(form.age_band.data),
        postal_code=form.postal_code.data,
        gender=Gender(form.gender.data) if form.gender.data else None,
        profile_ids=list(form.profiles.data or []),
        motivation=form.motivation.data,
        answers=[f.data or "" for f in form.answer_fields()],
        consent=bool(form.consent.data),
        publish_name=bool(form.publish_name.data),
        locale=_locale(),
    )


@bp.route("/udvalg/<int:committee_id>/ansoeg", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"], deduct_when=_accepted)
def apply(committee_id: int):
    """The application form of a committee's open call; no account needed."""
    committee = _committee_or_404(committee_id)
    call = _call_or_404(committee)
    now = utcnow()
    if not call.is_open_at(now):
        return render_template(
            "recruitment/apply_closed.html",
            committee=committee,
            call=call,
            not_yet=call.status is CallStatus.open and now < call.opens_at,
        )
    form = application_form(call)
    sent = redirect(url_for("recruitment.apply_sent", committee_id=committee.id))
    if form.is_submitted() and form.website.data:
        return sent  # a robot filled in the hidden field: it learns nothing, nothing is stored
    if form.validate_on_submit():
        try:
            recruitment.apply(call, _data(form))
        except WorkflowError as e:
            form.form_errors.append(e.message)
        else:
            return sent
    return render_template(
        "recruitment/apply.html",
        committee=committee,
        mandate=committee.approved_mandate,
        call=call,
        form=form,
    )


@bp.get("/udvalg/<int:committee_id>/ansoeg/sendt")
def apply_sent(committee_id: int):
    """Check your e-mail; the same page whether or not the address applied before."""
    return render_template("recruitment/apply_sent.html", committee=_committee_or_404(committee_id))


def _invalid_link():
    return render_template("recruitment/token_invalid.html"), 404


def _refused(error: WorkflowError, committee: Committee):
    return render_template(
        "recruitment/refused.html", message=error.message, committee=committee
    ), 409


@bp.get("/ansoegning/bekraeft/<token>")
def confirm(token: str):
    """The link in the e-mail: the application counts from now on. Opening it twice is fine."""
    application = recruitment.load_application(token, recruitment.CONFIRM)
    if application is None:
        return _invalid_link()
    committee = application.call.committee
    try:
        recruitment.confirm(application)
    except WorkflowError as e:
        return _refused(e, committee)
    return render_template("recruitment/confirmed.html", committee=committee)


@bp.route("/ansoegning/traek-tilbage/<token>", methods=["GET", "POST"])
def withdraw(token: str):
    """Ask, then withdraw the application and erase its personal data."""
    application = recruitment.load_application(token, recruitment.WITHDRAW)
    if application is None:
        return _invalid_link()
    committee = application.call.committee
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            recruitment.withdraw(application)
        except WorkflowError as e:
            return _refused(e, committee)
        return render_template("recruitment/withdrawn.html", committee=committee)
    return render_template(
        "recruitment/withdraw.html", committee=committee, application=application, form=form
    )
