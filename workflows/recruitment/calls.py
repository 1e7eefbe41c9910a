"""The call: opening, editing, extending and closing it; the pool's summary."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from committees import site
from committees.extensions import db
from committees.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Committee,
    CommitteeState,
    CompetenceProfile,
    MemberRole,
    RecruitmentCall,
    Role,
    User,
)
from committees.models.base import utcnow
from workflows import audit, notices, permissions, workdays
from workflows.errors import NotAllowed, PermissionDenied, atomic
from workflows.recruitment.applications import notify_applicant

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
    municipality = site.municipality().display_name
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
    plan_deadline_notices(call)
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
        plan_deadline_notices(call)
    if extended and call.tell_applicants_of_extension:
        for application in counted(call):
            notify_applicant(
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


def plan_deadline_notices(call: RecruitmentCall) -> None:
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
    pool = counted(call)
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


def counted(call: RecruitmentCall) -> list[Application]:
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
