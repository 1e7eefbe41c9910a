"""Choosing: marking applicants, the composition preview, the council's appointment."""

from dataclasses import dataclass
from datetime import date, time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from committees.extensions import db
from committees.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    MemberRole,
    Membership,
    MemberType,
    RecruitmentCall,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import accounts, audit, composition, notices, permissions, workdays
from workflows.errors import NotAllowed, PermissionDenied, atomic
from workflows.recruitment.applications import notify_applicant
from workflows.recruitment.calls import counted

MARKABLE = (
    ApplicationStatus.received,
    ApplicationStatus.shortlisted,
    ApplicationStatus.reserve,
    ApplicationStatus.declined,
)


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
    shortlisted = sum(1 for a in counted(call) if a.status is ApplicationStatus.shortlisted)
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
    pool = counted(call)
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
            notify_applicant(
                application,
                "application_" + application.status.name,
                key=notices.dedupe_key("application_outcome", application.id, call.decided_on),
                extra={"retention_days": current_app.config["RECRUITMENT_RETENTION_DAYS"]},
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
