"""Applying without an account: confirmation by e-mail, replacement, withdrawal."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired

from committees import signing
from committees.extensions import db
from committees.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    RecruitmentCall,
    User,
)
from committees.models.base import utcnow
from committees.models.notice import Addressee
from workflows import audit, notices
from workflows.errors import NotAllowed, atomic

CONFIRM = "application-confirm"
WITHDRAW = "application-withdraw"
CONFIRM_MAX_AGE = 7 * 24 * 3600
MOTIVATION_MAX = 2000
ANSWER_MAX = 1000


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


def token_for(application: Application, purpose: str) -> str:
    """A signed link token bound to the application's stored random value."""
    bound = signing.bind(application.link_secret, purpose, application.id)
    return signing.serializer(purpose).dumps([application.id, bound])


def load_application(token: str, purpose: str) -> Application | None:
    """The application a link was made for, or None (forged, expired, erased, replaced)."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        app_id, bound = signing.serializer(purpose).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    application = db.session.get(Application, app_id) if isinstance(app_id, int) else None
    if application is None or not signing.same(
        bound, signing.bind(application.link_secret, purpose, application.id)
    ):
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
    notify_applicant(
        application,
        "application_confirm",
        key=notices.dedupe_key("application_confirm", application.id),
        extra={"update": earlier is not None},
    )
    db.session.commit()
    return application


def notify_applicant(application: Application, kind: str, *, key: str, extra: dict) -> None:
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
    notify_applicant(
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
