"""The secretariat's side of recruitment: the call, the pool, the shortlist, the decision."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.loaders import committee_or_404, refusal, require
from committees.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    CallStatus,
    Committee,
    CompetenceProfile,
    Gender,
    RecruitmentCall,
)
from committees.recruitment import bp
from committees.recruitment.staff_forms import (
    NO_GENDER,
    PER_PAGE,
    AppointmentForm,
    CallForm,
    MarkForm,
    PoolFilterForm,
)
from workflows import composition, permissions, recruitment
from workflows.errors import PermissionDenied, StaleState, WorkflowError

PREFIX = "/arbejdsrum/<int:committee_id>/rekruttering"
HIDDEN = (ApplicationStatus.unconfirmed, ApplicationStatus.withdrawn)


def _call_or_404(committee: Committee) -> RecruitmentCall:
    call = recruitment.current_call(committee)
    if call is None:
        abort(404)
    return call


def _application_or_404(committee: Committee, application_id: int) -> Application:
    """An application to one of this committee's calls; any other id is 404."""
    application = db.session.get(Application, application_id)
    if application is None or application.call.committee_id != committee.id:
        abort(404)
    return application


def _profiles(committee: Committee) -> list[CompetenceProfile]:
    mandate = committee.approved_mandate
    return list(mandate.competence_profiles) if mandate else []


def _index_url(committee: Committee) -> str:
    return url_for("recruitment.index", committee_id=committee.id)


# --- the pool --------------------------------------------------------------------------------


def _ordered(enum_cls, column):
    """Sort an enum column in the enum's own order (it is stored by name)."""
    return db.case(
        {member.name: i for i, member in enumerate(enum_cls)},
        value=db.type_coerce(column, db.String),
    )


SORT_COLUMNS = {
    "name": lambda: db.func.lower(Application.name),
    "date": lambda: Application.created_at,
    "status": lambda: _ordered(ApplicationStatus, Application.status),
    "age": lambda: _ordered(AgeBand, Application.age_band),
    "postal": lambda: Application.postal_code,
}


def _pool(call: RecruitmentCall, f: PoolFilterForm):
    """The applications the filters let through, sorted; unconfirmed ones only on request."""
    stmt = db.select(Application).where(Application.call_id == call.id)
    if f.status.data:
        stmt = stmt.where(Application.status == ApplicationStatus(f.status.data))
    else:
        stmt = stmt.where(Application.status.not_in(HIDDEN))
    if f.profile.data:
        stmt = stmt.where(Application.profiles.any(CompetenceProfile.id == int(f.profile.data)))
    if f.age.data:
        stmt = stmt.where(Application.age_band == AgeBand(f.age.data))
    if f.gender.data == NO_GENDER:
        stmt = stmt.where(Application.gender.is_(None))
    elif f.gender.data:
        stmt = stmt.where(Application.gender == Gender(f.gender.data))
    if f.postal.data:
        stmt = stmt.where(Application.postal_code == f.postal.data)
    if f.q.data and f.q.data.strip():
        q = f.q.data.strip()
        stmt = stmt.where(
            db.or_(
                Application.name.icontains(q, autoescape=True),
                Application.email.icontains(q, autoescape=True),
                Application.motivation.icontains(q, autoescape=True),
            )
        )
    key = SORT_COLUMNS[f.sort.data]()
    key = key.desc() if f.order.data == "desc" else key.asc()
    stmt = stmt.options(selectinload(Application.profiles)).order_by(key, Application.id)
    return db.paginate(stmt, page=f.page_number, per_page=PER_PAGE, error_out=False)


def _unconfirmed_count(call: RecruitmentCall) -> int:
    return db.session.scalar(
        db.select(db.func.count(Application.id)).where(
            Application.call_id == call.id, Application.status == ApplicationStatus.unconfirmed
        )
    )


def _spread(facts: dict) -> dict:
    """The summary as table rows: every age band and gender, so a zero shows as a zero."""
    ages, genders = dict(facts["age"]), dict(facts["gender"])
    shown = [s for s in ApplicationStatus if s not in HIDDEN]
    return {
        "profiles": [(p.name, n) for p, n in facts["profiles"]],
        "age": [(band.label, ages.get(band, 0)) for band in AgeBand],
        "district": facts["district"],
        "gender": [(g.label, genders.get(g, 0)) for g in Gender]
        + [(_("Ikke oplyst"), genders.get(None, 0))],
        "status": [(s.label, facts["status"].get(s, 0)) for s in shown],
    }


@bp.get(PREFIX)
@login_required
def index(committee_id: int):
    """The call, the spread of the pool against the seats, and the pool itself."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_applications(current_user, c))
    call = recruitment.current_call(c)
    manage = permissions.can_manage_recruitment(current_user)
    context = {
        "committee": c,
        "call": call,
        "may_open": manage and (call is None or call.status is CallStatus.decided),
        "may_edit": manage and call is not None and call.status is not CallStatus.decided,
    }
    if call is not None:
        filters = PoolFilterForm(request.args, call.profiles)
        facts = recruitment.summary(call)
        context.update(
            filters=filters,
            facts=facts,
            spread=_spread(facts),
            page=_pool(call, filters),
            unconfirmed=_unconfirmed_count(call),
        )
    return render_template("recruitment/index.html", **context)


# --- the call --------------------------------------------------------------------------------


def _save_call(form: CallForm, c: Committee, call: RecruitmentCall | None):
    """Open or update; a refusal goes onto the form. Returns a redirect, or None to re-render."""
    try:
        if call is None:
            recruitment.open_call(c, form.call_data(), current_user)
            flash(_("Opslaget er oprettet. Borgerne kan søge fra åbningstidspunktet."), "success")
        elif recruitment.update_call(call, form.call_data(), current_user):
            told = call.tell_applicants_of_extension
            flash(
                _("Fristen er forlænget. Ansøgerne får besked.")
                if told
                else _("Fristen er forlænget."),
                "success",
            )
        else:
            flash(_("Opslaget er gemt."), "success")
    except PermissionDenied:
        abort(403)
    except WorkflowError as e:
        form.form_errors.append(" ".join([e.message, *e.reasons]))
        return None
    return redirect(_index_url(c))


@bp.route(PREFIX + "/opslag/nyt", methods=["GET", "POST"])
@login_required
def call_new(committee_id: int):
    """Open a call for the citizen seats."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_recruitment(current_user))
    existing = recruitment.current_call(c)
    if existing is not None and existing.status is not CallStatus.decided:
        flash(_("Udvalget har allerede et opslag. Her kan du ændre det."), "info")
        return redirect(url_for("recruitment.call_edit", committee_id=c.id))
    form = CallForm(profiles=_profiles(c))
    if not form.is_submitted():
        form.prefill_new(c.approved_mandate)
    if form.validate_on_submit() and (done := _save_call(form, c, None)):
        return done
    return render_template("recruitment/call_form.html", committee=c, form=form, call=None)


@bp.route(PREFIX + "/opslag", methods=["GET", "POST"])
@login_required
def call_edit(committee_id: int):
    """Change the current call, or extend its deadline."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_recruitment(current_user))
    call = _call_or_404(c)
    if call.status is CallStatus.decided:
        flash(_("Udpegningen er besluttet; opslaget kan ikke ændres."), "error")
        return redirect(_index_url(c))
    form = CallForm(profiles=_profiles(c), call=call)
    if not form.is_submitted():
        form.prefill_from(call)
    if form.validate_on_submit() and (done := _save_call(form, c, call)):
        return done
    return render_template("recruitment/call_form.html", committee=c, form=form, call=call)


# --- one application -------------------------------------------------------------------------


@bp.post(PREFIX + "/opslag/luk")
@login_required
def close_now(committee_id: int):
    """Close the open call before its deadline; staff get the pool's summary as at the deadline."""
    c = committee_or_404(committee_id)
    require(permissions.can_manage_recruitment(current_user))
    call = _call_or_404(c)
    try:
        recruitment.close_now(call, current_user)
    except WorkflowError as error:
        return refusal(error, _index_url(c))
    flash(_("Opslaget er lukket for ansøgninger."), "success")
    return redirect(_index_url(c))


@bp.route(PREFIX + "/ansoegninger/<int:application_id>", methods=["GET", "POST"])
@login_required
def application(committee_id: int, application_id: int):
    """Everything an applicant wrote; the secretariat marks it here."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_applications(current_user, c))
    a = _application_or_404(c, application_id)
    manage = permissions.can_manage_recruitment(current_user)
    if request.method == "POST":
        require(manage)
    form = MarkForm()
    if not form.is_submitted():
        form.status.data, form.staff_note.data = a.status.value, a.staff_note
        form.expected_status.data = a.status.value
    if form.validate_on_submit():
        back = url_for("recruitment.application", committee_id=c.id, application_id=a.id)
        try:
            if form.expected_status.data and form.expected_status.data != a.status.value:
                raise StaleState(_("Ansøgningen er ændret, siden du åbnede den. Se den igen."))
            recruitment.mark(
                a, ApplicationStatus(form.status.data), form.staff_note.data or "", current_user
            )
        except WorkflowError as e:
            return refusal(e, back)
        # No name in the message: a flash outlives the page it was meant for.
        flash(_("Ansøgningen er gemt som: %(status)s.", status=a.status_label), "success")
        return redirect(_index_url(c))
    may_mark = (
        manage and a.call.status is not CallStatus.decided and a.status in recruitment.MARKABLE
    )
    return render_template(
        "recruitment/application.html", committee=c, application=a, form=form, may_mark=may_mark
    )


# --- the shortlist against the mandate --------------------------------------------------------


def _shortlist(call: RecruitmentCall) -> list[Application]:
    return list(
        db.session.scalars(
            db.select(Application)
            .where(
                Application.call_id == call.id,
                Application.status == ApplicationStatus.shortlisted,
            )
            .options(selectinload(Application.profiles))
            .order_by(db.func.lower(Application.name))
        )
    )


@bp.get(PREFIX + "/sammensaetning")
@login_required
def preview(committee_id: int):
    """The shortlist and the current members, checked against the mandate's composition."""
    c = committee_or_404(committee_id)
    require(permissions.can_view_applications(current_user, c))
    call = _call_or_404(c)
    _count, seats, problems = recruitment.preview(call)
    return render_template(
        "recruitment/preview.html",
        committee=c,
        call=call,
        shortlist=_shortlist(call),
        members=sorted(composition.judged(c), key=lambda m: (m.role.sort_key, m.user.name)),
        seats=seats,
        problems=problems,
    )


# --- the council's decision -------------------------------------------------------------------


def _decision_page(c: Committee, call: RecruitmentCall, form: AppointmentForm, reserve_forms=None):
    """The decision page; `reserve_forms` carries a reserve's form back with its errors."""
    pool = list(
        db.session.scalars(
            db.select(Application)
            .where(Application.call_id == call.id, Application.status.not_in(HIDDEN))
            .order_by(db.func.lower(Application.name), Application.id)
        )
    )
    groups = {s.name: [a for a in pool if a.status is s] for s in ApplicationStatus}
    reserve_forms = dict(reserve_forms or {})
    for a in groups[ApplicationStatus.reserve.name]:
        reserve_forms.setdefault(a.id, AppointmentForm(prefix=f"r{a.id}", formdata=None))
    return render_template(
        "recruitment/decision.html",
        committee=c,
        call=call,
        form=form,
        groups=groups,
        reserve_forms=reserve_forms,
        may_view=permissions.can_view_applications(current_user, c),
        is_decided=call.status is CallStatus.decided,
        is_open=call.status is CallStatus.open,
    )


def _after_decision(c: Committee) -> str:
    if permissions.can_view_applications(current_user, c):
        return _index_url(c)
    return url_for("committee.show", committee_id=c.id)


@bp.route(PREFIX + "/udpegning", methods=["GET", "POST"])
@login_required
def decision(committee_id: int):
    """Record the council's appointment of the shortlist."""
    c = committee_or_404(committee_id)
    require(permissions.can_record_appointment(current_user, c))
    call = _call_or_404(c)
    form = AppointmentForm()
    if form.validate_on_submit():
        try:
            members = recruitment.record_appointment(call, form.decision(), current_user)
        except PermissionDenied:
            abort(403)
        except WorkflowError as e:
            form.form_errors.append(" ".join([e.message, *e.reasons]))
        else:
            flash(
                ngettext(
                    "Udpegningen er registreret. %(num)d borger er nu medlem af udvalget.",
                    "Udpegningen er registreret. %(num)d borgere er nu medlemmer af udvalget.",
                    len(members),
                ),
                "success",
            )
            return redirect(_after_decision(c))
    return _decision_page(c, call, form)


@bp.post(PREFIX + "/ansoegninger/<int:application_id>/udpeg")
@login_required
def appoint_reserve(committee_id: int, application_id: int):
    """A seat freed: appoint a reserve by a later decision."""
    c = committee_or_404(committee_id)
    require(permissions.can_record_appointment(current_user, c))
    a = _application_or_404(c, application_id)
    form = AppointmentForm(prefix=f"r{a.id}")
    if form.validate_on_submit():
        try:
            recruitment.appoint_reserve(a, form.decision(), current_user)
        except WorkflowError as e:
            return refusal(e, url_for("recruitment.decision", committee_id=c.id))
        flash(_("%(name)s er udpeget og nu medlem af udvalget.", name=a.name), "success")
        return redirect(url_for("recruitment.decision", committee_id=c.id))
    return _decision_page(c, a.call, AppointmentForm(formdata=None), reserve_forms={a.id: form})
