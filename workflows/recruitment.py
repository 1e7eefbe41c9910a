"""Recruitment: a public call, applications confirmed by e-mail, a shortlist, the council's
appointment, and erasure of the personal data nobody needs any more.

Every change is written with its audit entry and its notices in one commit. Audit entries about
applications carry the application's id only: no names, no addresses.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from committees.extensions import db
from committees.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Committee,
    CommitteeState,
    CompetenceProfile,
    MemberRole,
    Membership,
    MemberType,
    RecruitmentCall,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from committees.models.notice import Addressee
from workflows import accounts, audit, composition, notices, permissions, workdays
from workflows.errors import NotAllowed, PermissionDenied, atomic

CONFIRM = "application-confirm"
WITHDRAW = "application-withdraw"
CONFIRM_MAX_AGE = 7 * 24 * 3600
MOTIVATION_MAX = 2000
ANSWER_MAX = 1000
DECIDABLE = (ApplicationStatus.shortlisted, ApplicationStatus.reserve, ApplicationStatus.declined)
MARKABLE = (
    ApplicationStatus.received,
    ApplicationStatus.shortlisted,
    ApplicationStatus.reserve,
    ApplicationStatus.declined,
)


# --- the call --------------------------------------------------------------------------------


@dataclass
class CallData:
    """What the secretariat's call form carries."""

    seats: int
    opens_at: datetime
    closes_at: datetime
    meetings: int
    period: str
    place: str
    consent_text: str
    publish_consent_text: str
    questions: list[str]
    profile_ids: list[int]
    tell_applicants_of_extension: bool


def current_call(committee: Committee) -> RecruitmentCall | None:
    """The committee's newest call, if it has one."""
    return db.session.scalar(
        db.select(RecruitmentCall)
        .where(RecruitmentCall.committee_id == committee.id)
        .order_by(RecruitmentCall.id.desc())
        .limit(1)
    )


def default_consent_text() -> str:
    """In Danish whatever the secretary's language: citizens agree to the text as stored."""
    municipality = current_app.config["MUNICIPALITY_NAME"]
    with force_locale("da"):
        return _(
            "Jeg giver samtykke til, at %(m)s behandler mine oplysninger for at udvælge "
            "medlemmer til opgaveudvalget. Oplysningerne ses kun af sekretariatet og udvalgets "
            "formand og facilitator, og de slettes, hvis jeg ikke bliver udpeget. Jeg kan trække "
            "ansøgningen og samtykket tilbage når som helst via linket i bekræftelsen.",
            m=municipality,
        )


def default_publish_consent_text() -> str:
    with force_locale("da"):
        return _(
            "Hvis jeg bliver udpeget, må mit navn stå på kommunens offentlige side om udvalget."
        )


def _profiles(committee: Committee, ids: list[int]) -> list[CompetenceProfile]:
    mandate = committee.approved_mandate
    allowed = {p.id: p for p in (mandate.competence_profiles if mandate else [])}
    unknown = [i for i in ids if i not in allowed]
    if unknown:
        raise NotAllowed(_("En kompetenceprofil hører ikke til udvalgets kommissorium."))
    return [allowed[i] for i in ids]


def _check_dates(data: CallData) -> None:
    if data.closes_at <= data.opens_at:
        raise NotAllowed(_("Ansøgningsfristen skal ligge efter åbningstidspunktet."))
    if data.seats < 1:
        raise NotAllowed(_("Opslaget skal have mindst én plads."))


@atomic
def open_call(committee: Committee, data: CallData, actor: User) -> RecruitmentCall:
    """Publish a call; the committee must be recruiting and have no call running."""
    if not permissions.can_manage_recruitment(actor):
        raise PermissionDenied(_("Du har ikke ret til at styre rekrutteringen."))
    if committee.state is not CommitteeState.recruiting:
        raise NotAllowed(_("Et opslag kan kun åbnes, når udvalget er i fasen rekruttering."))
    existing = current_call(committee)
    if existing is not None and existing.status is not CallStatus.decided:
        raise NotAllowed(_("Udvalget har allerede et opslag, der ikke er afgjort."))
    _check_dates(data)
    call = RecruitmentCall(committee=committee, status=CallStatus.open)
    _apply(call, data, committee)
    db.session.add(call)
    db.session.flush()
    audit.record(
        "recruitment.call_opened",
        call,
        actor,
        committee_id=committee.id,
        details={"seats": call.seats, "closes_at": call.closes_at.isoformat()},
    )
    _plan_deadline_notices(call)
    db.session.commit()
    return call


def _apply(call: RecruitmentCall, data: CallData, committee: Committee) -> None:
    call.seats = data.seats
    call.opens_at = data.opens_at
    call.closes_at = data.closes_at
    call.meetings = data.meetings
    call.period = data.period.strip()
    call.place = data.place.strip()
    call.consent_text = data.consent_text.strip()
    call.publish_consent_text = data.publish_consent_text.strip()
    call.questions = [q.strip() for q in data.questions if q.strip()]
    call.profiles = _profiles(committee, data.profile_ids)
    call.tell_applicants_of_extension = data.tell_applicants_of_extension


@atomic
def update_call(call: RecruitmentCall, data: CallData, actor: User) -> bool:
    """Edit an open call (or reopen a closed one by extending it); True if the deadline moved
    later. Applicants are told of an extension only if the call says so."""
    committee = call.committee
    if not permissions.can_manage_recruitment(actor):
        raise PermissionDenied(_("Du har ikke ret til at styre rekrutteringen."))
    if call.status is CallStatus.decided:
        raise NotAllowed(_("Udpegningen er besluttet; opslaget kan ikke ændres."))
    _check_dates(data)
    old_close = call.closes_at
    extended = data.closes_at > old_close
    if call.status is CallStatus.closed and not (extended and data.closes_at > utcnow()):
        raise NotAllowed(_("Et lukket opslag kan kun ændres ved at forlænge fristen."))
    _apply(call, data, committee)
    if extended and call.status is CallStatus.closed:
        call.status, call.closed_at = CallStatus.open, None
    audit.record(
        "recruitment.call_extended" if extended else "recruitment.call_changed",
        call,
        actor,
        committee_id=committee.id,
        details={"from": old_close.isoformat(), "to": call.closes_at.isoformat()},
    )
    if call.closes_at != old_close:
        notices.cancel_pending("call_deadline_approaching", call)
        _plan_deadline_notices(call)
    if extended and call.tell_applicants_of_extension:
        for application in _counted(call):
            _notify_applicant(
                application,
                "call_extended",
                key=notices.dedupe_key("call_extended", application.id, call.closes_at),
                extra={"closes_at": call.closes_at.isoformat()},
            )
    db.session.commit()
    return extended


def _staff(committee: Committee) -> list[User]:
    """Who runs recruitment: the secretariat, and the committee's facilitator(s)."""
    staff = list(
        db.session.scalars(
            db.select(User).where(User.role == Role.secretariat, User.active.is_(True))
        )
    )
    facilitators = [
        m.user
        for m in committee.memberships
        if m.role is MemberRole.facilitator and m.user.active and m.user not in staff
    ]
    return staff + facilitators


def _call_context(call: RecruitmentCall) -> dict:
    return {
        "committee": call.committee.name,
        "closes_at": call.closes_at.isoformat(),
        "link": {"committee_id": call.committee_id},
    }


def _plan_deadline_notices(call: RecruitmentCall) -> None:
    """Deadline approaching, to staff, N working days before the deadline (config)."""
    days = current_app.config["RECRUITMENT_DEADLINE_WARNING_DAYS"]
    close_day = workdays.local_date(call.closes_at)
    due = workdays.local_moment(workdays.add_working_days(close_day, -days), time(9, 0))
    if due >= call.closes_at:
        return
    for person in _staff(call.committee):
        notices.notify(
            person,
            "call_deadline_approaching",
            key=notices.dedupe_key("call_deadline", call.id, call.closes_at, person.id),
            subject=call,
            committee_id=call.committee_id,
            context=_call_context(call),
            due_at=max(due, utcnow()),
        )


def summary(call: RecruitmentCall) -> dict:
    """The spread of the pool: counts per profile, age band, district and gender."""
    pool = _counted(call)
    profiles = Counter(p.id for a in pool for p in a.profiles)
    return {
        "total": len(pool),
        "seats": call.seats,
        "shortlisted": sum(1 for a in pool if a.status is ApplicationStatus.shortlisted),
        "profiles": [(p, profiles.get(p.id, 0)) for p in call.profiles],
        "age": sorted(Counter(a.age_band for a in pool).items(), key=lambda kv: kv[0].name),
        "district": sorted(Counter(a.postal_code for a in pool).items()),
        "gender": sorted(
            Counter(a.gender for a in pool).items(),
            key=lambda kv: kv[0].name if kv[0] else "~",
        ),
        "status": Counter(a.status for a in pool),
    }


def _counted(call: RecruitmentCall) -> list[Application]:
    return list(
        db.session.scalars(
            db.select(Application)
            .where(
                Application.call_id == call.id,
                Application.status.not_in(
                    [ApplicationStatus.unconfirmed, ApplicationStatus.withdrawn]
                ),
            )
            .options(db.selectinload(Application.profiles))
            .order_by(Application.id)
        )
    )


def close_due_calls(now: datetime | None = None) -> int:
    """Close every open call whose deadline has passed; staff get the pool's summary."""
    now = now or utcnow()
    due = list(
        db.session.scalars(
            db.select(RecruitmentCall).where(
                RecruitmentCall.status == CallStatus.open, RecruitmentCall.closes_at <= now
            )
        )
    )
    for call in due:
        # Conditional: a second closer (two beats, a retried task) changes nothing.
        done = db.session.execute(
            db.update(RecruitmentCall)
            .where(RecruitmentCall.id == call.id, RecruitmentCall.status == CallStatus.open)
            .values(status=CallStatus.closed, closed_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not done:
            db.session.rollback()
            continue
        db.session.refresh(call)
        facts = summary(call)
        audit.record(
            "recruitment.call_closed",
            call,
            None,
            committee_id=call.committee_id,
            details={"applications": facts["total"], "seats": call.seats},
        )
        context = {
            **_call_context(call),
            "total": facts["total"],
            "seats": call.seats,
            "profiles": [[p.name, n] for p, n in facts["profiles"]],
        }
        for person in _staff(call.committee):
            notices.notify(
                person,
                "call_closed",
                key=notices.dedupe_key("call_closed", call.id, call.closes_at, person.id),
                subject=call,
                committee_id=call.committee_id,
                context=context,
            )
        db.session.commit()
    return len(due)


# --- applying --------------------------------------------------------------------------------


@dataclass
class ApplicationData:
    """What the public application form carries."""

    name: str
    email: str
    phone: str
    age_band: object
    postal_code: str
    gender: object
    profile_ids: list[int]
    motivation: str
    answers: list[str]
    consent: bool
    publish_name: bool
    locale: str = "da"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def token_for(application: Application, purpose: str) -> str:
    return _serializer(purpose).dumps([application.id, application.created_at.isoformat()])


def load_application(token: str, purpose: str) -> Application | None:
    """The application a link was made for, or None (forged, expired, erased, replaced)."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        app_id, created = _serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    application = db.session.get(Application, app_id) if isinstance(app_id, int) else None
    if application is None or application.created_at.isoformat() != created:
        return None
    return application


def _recent_from(email: str, hours: int = 24) -> int:
    since = utcnow() - timedelta(hours=hours)
    return db.session.scalar(
        db.select(db.func.count(Application.id)).where(
            Application.email == email, Application.created_at >= since
        )
    )


@atomic
def apply(call: RecruitmentCall, data: ApplicationData) -> Application:
    """Receive an application; it counts once its e-mail address is confirmed."""
    now = utcnow()
    if not call.is_open_at(now):
        raise NotAllowed(_("Der er lukket for ansøgninger til dette udvalg."))
    email = User.normalize_email(data.email)
    if _recent_from(email) >= current_app.config["RECRUITMENT_MAX_PER_EMAIL_PER_DAY"]:
        raise NotAllowed(
            _("Der er sendt mange ansøgninger fra denne e-mailadresse i dag. Prøv igen i morgen.")
        )
    if not data.consent:
        raise NotAllowed(_("Vi kan kun behandle ansøgningen, hvis du giver samtykke."))
    profiles = [p for p in call.profiles if p.id in set(data.profile_ids)]
    if len(profiles) != len(set(data.profile_ids)):
        raise NotAllowed(_("En valgt profil hører ikke til opslaget."))
    questions = call.questions or []
    answers = [
        {"question": q, "answer": (data.answers[i] if i < len(data.answers) else "").strip()}
        for i, q in enumerate(questions)
    ]
    earlier = db.session.scalar(
        db.select(Application)
        .where(
            Application.call_id == call.id,
            Application.email == email,
            Application.status.not_in([ApplicationStatus.unconfirmed, ApplicationStatus.withdrawn]),
        )
        .limit(1)
    )
    application = Application(
        call=call,
        status=ApplicationStatus.unconfirmed,
        replaces_id=earlier.id if earlier else None,
        name=data.name.strip(),
        email=email,
        phone=data.phone.strip(),
        age_band=data.age_band,
        postal_code=data.postal_code.strip(),
        gender=data.gender,
        motivation=data.motivation.strip(),
        answers=answers,
        consent_text=call.consent_text,
        publish_name=data.publish_name,
        publish_consent_text=call.publish_consent_text if data.publish_name else "",
        locale=data.locale,
        created_at=now,
        updated_at=now,
    )
    application.profiles = profiles
    db.session.add(application)
    db.session.flush()
    audit.record(
        "recruitment.application_started",
        application,
        None,
        committee_id=call.committee_id,
        details={"call": call.id},
    )
    _notify_applicant(
        application,
        "application_confirm",
        key=notices.dedupe_key("application_confirm", application.id),
        extra={"update": earlier is not None},
    )
    db.session.commit()
    return application


def _notify_applicant(application: Application, kind: str, *, key: str, extra: dict) -> None:
    notices.notify(
        Addressee(application.email, application.name, application.locale),
        kind,
        key=key,
        subject=application,
        committee_id=application.call.committee_id,
        context={
            "committee": application.call.committee.name,
            "link": {"committee_id": application.call.committee_id},
            **extra,
        },
    )


_COPIED = (
    "name",
    "phone",
    "age_band",
    "postal_code",
    "gender",
    "motivation",
    "answers",
    "consent_text",
    "publish_name",
    "publish_consent_text",
    "locale",
)


@atomic
def confirm(application: Application) -> Application:
    """The e-mail address is confirmed: the application counts (or updates the earlier one).

    Returns the application that now counts; confirming twice changes nothing.
    """
    if application.status is not ApplicationStatus.unconfirmed:
        return application
    call = application.call
    if call.status is not CallStatus.open:
        raise NotAllowed(_("Fristen er overskredet; ansøgningen kan ikke længere bekræftes."))
    now = utcnow()
    earlier = (
        db.session.get(Application, application.replaces_id) if application.replaces_id else None
    )
    if earlier is not None and earlier.counts:
        for name in _COPIED:
            setattr(earlier, name, getattr(application, name))
        earlier.profiles = list(application.profiles)
        earlier.updated_at = now
        audit.record(
            "recruitment.application_updated",
            earlier,
            None,
            committee_id=call.committee_id,
        )
        db.session.delete(application)
        db.session.flush()
        kept = earlier
    else:
        application.status = ApplicationStatus.received
        application.confirmed_at = now
        application.replaces_id = None
        audit.record(
            "recruitment.application_received",
            application,
            None,
            committee_id=call.committee_id,
        )
        kept = application
    notices.complete_actions("application_confirm", application)
    _notify_applicant(
        kept,
        "application_received",
        key=notices.dedupe_key("application_received", kept.id, now.isoformat()),
        extra={"updated": kept is earlier},
    )
    db.session.commit()
    return kept


@atomic
def withdraw(application: Application) -> None:
    """The applicant withdraws: the application and its personal data are erased at once."""
    if application.status is ApplicationStatus.appointed:
        raise NotAllowed(
            _("Du er allerede udpeget. Kontakt sekretariatet, hvis du vil udtræde af udvalget.")
        )
    committee_id = application.call.committee_id
    # Every version from this address goes: the one an update replaces, an update waiting.
    others = db.session.scalars(
        db.select(Application).where(
            Application.call_id == application.call_id,
            Application.email == application.email,
            Application.id != application.id,
            Application.status != ApplicationStatus.appointed,
        )
    )
    # Pending updates first: on PostgreSQL deleting the one they replace cascades to them.
    for doomed in sorted([application, *others], key=lambda a: a.replaces_id is None):
        audit.record(
            "recruitment.application_withdrawn",
            doomed,
            None,
            committee_id=committee_id,
        )
        db.session.delete(doomed)
        db.session.flush()
    db.session.commit()


# --- choosing --------------------------------------------------------------------------------


@atomic
def mark(application: Application, status: ApplicationStatus, note: str, actor: User) -> None:
    """Shortlist, keep as reserve or decline an applicant; the note is for staff only."""
    call = application.call
    if not permissions.can_manage_recruitment(actor):
        raise PermissionDenied(_("Du har ikke ret til at behandle ansøgninger."))
    if call.status is CallStatus.decided or application.status not in MARKABLE:
        raise NotAllowed(_("Ansøgningen kan ikke længere ændres."))
    if status not in MARKABLE:
        raise NotAllowed(_("Ukendt status."))
    before = application.status
    application.status = status
    application.staff_note = note.strip()
    application.updated_at = utcnow()
    audit.record(
        "recruitment.application_marked",
        application,
        actor,
        committee_id=call.committee_id,
        from_state=before.name,
        to_state=status.name,
    )
    db.session.commit()


def preview(call: RecruitmentCall):
    """Seat counts and composition violations if the shortlist were appointed."""
    shortlisted = sum(1 for a in _counted(call) if a.status is ApplicationStatus.shortlisted)
    counts, problems = composition.preview(call.committee, shortlisted)
    return shortlisted, counts, problems


@dataclass
class Decision:
    """The council's appointment decision."""

    decided_on: date
    reference: str


@atomic
def record_appointment(call: RecruitmentCall, decision: Decision, actor: User) -> list[Membership]:
    """The council appointed the shortlist: members are created, everyone is told."""
    committee = call.committee
    if not permissions.can_record_appointment(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at registrere udpegningen."))
    if call.status is not CallStatus.closed:
        raise NotAllowed(_("Udpegningen kan registreres, når ansøgningsfristen er udløbet."))
    if decision.decided_on > local_today():
        raise NotAllowed(_("Beslutningsdatoen kan ikke ligge i fremtiden."))
    pool = _counted(call)
    undecided = [a for a in pool if a.status is ApplicationStatus.received]
    if undecided:
        raise NotAllowed(
            ngettext(
                "%(num)s ansøgning er ikke behandlet. Indstil, sæt på reserve eller afslå den "
                "først.",
                "%(num)s ansøgninger er ikke behandlet. Indstil, sæt på reserve eller afslå dem "
                "først.",
                len(undecided),
            )
        )
    shortlist = [a for a in pool if a.status is ApplicationStatus.shortlisted]
    if not shortlist:
        raise NotAllowed(_("Ingen ansøgere er indstillet til udpegning."))
    call.status = CallStatus.decided
    call.decided_on = decision.decided_on
    call.decision_reference = decision.reference.strip()
    members = [_appoint(a, decision, actor) for a in shortlist]
    for application in pool:
        if application.status in (ApplicationStatus.reserve, ApplicationStatus.declined):
            application.decided_at = utcnow()
            _notify_applicant(
                application,
                "application_" + application.status.name,
                key=notices.dedupe_key("application_outcome", application.id, call.decided_on),
                extra={},
            )
    audit.record(
        "recruitment.appointment_recorded",
        call,
        actor,
        committee_id=committee.id,
        details={
            "decided_on": call.decided_on.isoformat(),
            "reference": call.decision_reference,
            "appointed": len(members),
        },
    )
    from workflows import reminders

    reminders.plan(committee)
    db.session.commit()
    return members


@atomic
def appoint_reserve(application: Application, decision: Decision, actor: User) -> Membership:
    """A seat freed: a reserve is appointed by a later decision."""
    call = application.call
    if not permissions.can_record_appointment(actor, call.committee):
        raise PermissionDenied(_("Du har ikke ret til at registrere udpegningen."))
    if call.status is not CallStatus.decided or application.status is not ApplicationStatus.reserve:
        raise NotAllowed(_("Kun en reserve kan udpeges efter beslutningen."))
    if decision.decided_on > local_today():
        raise NotAllowed(_("Beslutningsdatoen kan ikke ligge i fremtiden."))
    membership = _appoint(application, decision, actor)
    audit.record(
        "recruitment.reserve_appointed",
        application,
        actor,
        committee_id=call.committee_id,
        details={"decided_on": decision.decided_on.isoformat(), "reference": decision.reference},
    )
    db.session.commit()
    return membership


def _appoint(application: Application, decision: Decision, actor: User) -> Membership:
    committee = application.call.committee
    user = User.by_email(application.email)
    if user is None:
        user = accounts.create_user(
            application.email, application.name, Role.citizen, actor, locale=application.locale
        )
    if any(m.user_id == user.id for m in committee.memberships):
        raise NotAllowed(_("%(name)s er allerede medlem af udvalget.", name=application.name))
    mandate = committee.approved_mandate
    start = max(decision.decided_on, (mandate.start_date if mandate else None) or date.min)
    membership = Membership(
        committee=committee,
        user=user,
        member_type=MemberType.citizen,
        role=MemberRole.member,
        start_date=start,
        end_date=mandate.end_date if mandate else None,
        publish_name=application.publish_name,
        title="",
    )
    db.session.add(membership)
    application.status = ApplicationStatus.appointed
    application.user = user
    application.decided_at = utcnow()
    db.session.flush()
    if not user.has_password:
        accounts.invite(user, actor)
        reminder_day = workdays.add_working_days(local_today(), 3)
        notices.notify(
            user,
            "invitation_reminder",
            key=notices.dedupe_key("invitation_reminder", user.id, membership.id),
            subject=user,
            committee_id=committee.id,
            context={"committee": committee.name, "link": {"committee_id": committee.id}},
            due_at=workdays.local_moment(reminder_day, time(9, 0)),
        )
    notices.notify(
        user,
        "appointment_welcome",
        key=notices.dedupe_key("appointment_welcome", membership.id),
        subject=membership,
        committee_id=committee.id,
        context={
            "committee": committee.name,
            "start": start.isoformat(),
            "decided_on": decision.decided_on.isoformat(),
            "link": {"committee_id": committee.id},
        },
    )
    audit.record(
        "membership.added",
        membership,
        actor,
        committee_id=committee.id,
        details={"user": user.name, "member_type": "citizen", "role": "member"},
    )
    return membership


# --- erasure ---------------------------------------------------------------------------------


def erase_expired(now: datetime | None = None) -> int:
    """Erase declined and reserve applications after the retention period, and unconfirmed
    ones after a week; what stays in the audit trail is a count."""
    now = now or utcnow()
    days = current_app.config["RECRUITMENT_RETENTION_DAYS"]
    cutoff = (now - timedelta(days=days)).date()
    expired_calls = db.select(RecruitmentCall.id).where(
        RecruitmentCall.status == CallStatus.decided, RecruitmentCall.decided_on <= cutoff
    )
    doomed = list(
        db.session.scalars(
            db.select(Application).where(
                db.or_(
                    db.and_(
                        Application.call_id.in_(expired_calls),
                        Application.status.in_(
                            [ApplicationStatus.declined, ApplicationStatus.reserve]
                        ),
                    ),
                    db.and_(
                        Application.status == ApplicationStatus.unconfirmed,
                        Application.created_at < now - timedelta(seconds=CONFIRM_MAX_AGE),
                    ),
                )
            )
        )
    )
    per_committee = Counter()
    for application in doomed:
        per_committee[application.call.committee_id] += 1
        db.session.delete(application)
    for committee_id, n in per_committee.items():
        audit.record(
            "recruitment.applications_erased",
            Committee(id=committee_id),
            None,
            committee_id=committee_id,
            details={"count": n},
        )
    db.session.commit()
    return len(doomed)


@atomic
def close_now(call: RecruitmentCall, actor: User) -> None:
    """Close an open call before its deadline (the secretariat's "close now")."""
    if not permissions.can_manage_recruitment(actor):
        raise PermissionDenied(_("Du har ikke ret til at styre rekrutteringen."))
    if call.status is not CallStatus.open:
        raise NotAllowed(_("Opslaget er ikke åbent."))
    now = utcnow()
    call.closes_at = min(call.closes_at, now)
    notices.cancel_pending("call_deadline_approaching", call)
    audit.record("recruitment.call_closed_early", call, actor, committee_id=call.committee_id)
    db.session.commit()
    close_due_calls(now)
