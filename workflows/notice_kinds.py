"""The notice kinds of the foundation: invitations, appointments, phases, mandate reminders."""

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    Committee,
    CommitteeState,
    MandateStatus,
    MandateVersion,
    MemberRole,
    Membership,
    MemberType,
    Notice,
    Role,
    User,
)
from committees.models.base import local_today
from committees.urls import absolute_url
from workflows import composition, reminders
from workflows.notices import NoticeKind, register
from workflows.workdays import local_date


def _date(iso: str) -> str:
    """An ISO date from a notice's context, written out in the recipient's language."""
    return format_date(date.fromisoformat(iso), "long")


def _invitation_still_open(n: Notice) -> bool:
    user = db.session.get(User, n.recipient_id)
    return user is not None and user.active and not user.has_password


def _invitation_link(n: Notice) -> dict:
    from workflows import accounts  # accounts imports this package's notify

    user = db.session.get(User, n.recipient_id)
    token = accounts.make_token(user, accounts.INVITE)
    return {"url": absolute_url("auth.accept_invitation", token=token)}


INVITATION = register(
    NoticeKind(
        "invitation",
        _l("Invitation til at oprette adgangskode"),
        title=lambda ctx: _("Invitation til Opgaveudvalg"),
        body=lambda ctx: _(
            "%(inviter)s har oprettet en konto til dig. Vælg din adgangskode via linket. "
            "Linket virker i 14 dage og kan bruges én gang.",
            inviter=ctx.get("inviter") or _("Sekretariatet"),
        ),
        mandatory=True,
        needs_action=True,
        still_true=_invitation_still_open,
        late_context=_invitation_link,
        template="invitation",
    )
)

APPOINTMENT = register(
    NoticeKind(
        "appointment",
        _l("Udpegning til et udvalg"),
        title=lambda ctx: _("Du er blevet medlem af %(committee)s", committee=ctx["committee"]),
        body=lambda ctx: _(
            "Du er registreret som %(role)s (%(type)s) fra %(start)s.",
            role=MemberRole[ctx["role"]].label.lower(),
            type=MemberType[ctx["member_type"]].label.lower(),
            start=_date(ctx["start"]),
        ),
        mandatory=True,
    )
)

PHASE = register(
    NoticeKind(
        "committee_phase",
        _l("Et udvalg skifter fase"),
        title=lambda ctx: _(
            "%(committee)s: ny fase »%(state)s«",
            committee=ctx["committee"],
            state=CommitteeState[ctx["state"]].label,
        ),
        body=lambda ctx: ctx.get("comment", ""),
    )
)

MANDATE_APPROVED = register(
    NoticeKind(
        "mandate_approved",
        _l("Et kommissorium er godkendt"),
        title=lambda ctx: _(
            "Kommissoriet for %(committee)s er godkendt", committee=ctx["committee"]
        ),
        body=lambda ctx: _("Version %(n)s er godkendt af kommunalbestyrelsen.", n=ctx["number"]),
        endpoint="mandate.version",
    )
)


# --- reminders -------------------------------------------------------------------------------


def _submitted_versions(c: Committee):
    return [v for v in c.mandate_versions if v.status is MandateStatus.submitted]


def _submitted_on(v: MandateVersion) -> date | None:
    return local_date(v.submitted_at) if v.submitted_at else None


def _staff_for(c: Committee, _subject=None) -> list[User]:
    """The committee's facilitators, or else the whole secretariat."""
    today = local_today()
    facilitators = [
        m.user
        for m in c.memberships
        if m.role is MemberRole.facilitator
        and (m.end_date is None or m.end_date >= today)  # appointed ahead of the start counts
        and m.user.active
    ]
    if facilitators:
        return facilitators
    return list(
        db.session.scalars(
            db.select(User).where(User.role == Role.secretariat, User.active.is_(True))
        )
    )


def _decision_still_pending(n: Notice) -> bool:
    v = db.session.get(MandateVersion, n.subject_id)
    return (
        v is not None
        and v.status is MandateStatus.submitted
        and _submitted_on(v) is not None
        and _submitted_on(v).isoformat() == n.context.get("anchor")
    )


MANDATE_DECISION_PENDING = register(
    NoticeKind(
        "mandate_decision_pending",
        _l("Påmindelse: kommissorium afventer politisk beslutning"),
        title=lambda ctx: _(
            "Kommissoriet for %(committee)s afventer stadig politisk beslutning",
            committee=ctx["committee"],
        ),
        body=lambda ctx: _(
            "Version %(n)s blev sendt til politisk behandling %(since)s. "
            "Registrér beslutningen, når et udvalg har behandlet den.",
            n=ctx["number"],
            since=_date(ctx["anchor"]),
        ),
        endpoint="mandate.version",
        mandatory=True,
        needs_action=True,
        still_true=_decision_still_pending,
    )
)
reminders.register(
    reminders.ReminderSpec(
        kind="mandate_decision_pending",
        subjects=_submitted_versions,
        anchor=_submitted_on,
        recipients=_staff_for,
        default_offsets=(10,),
        context=lambda c, v: {
            "committee": c.name,
            "number": v.number,
            "link": {"committee_id": c.id, "number": v.number},
        },
    )
)


def _planned_start(c: Committee) -> date | None:
    m = c.approved_mandate
    return (m.start_date if m else None) or c.planned_start


def _composition_still_incomplete(n: Notice) -> bool:
    c = db.session.get(Committee, n.subject_id)
    if c is None or c.state not in (CommitteeState.mandate_approved, CommitteeState.recruiting):
        return False
    start = _planned_start(c)
    return (
        start is not None
        and start.isoformat() == n.context.get("anchor")
        and bool(composition.violations(c))
    )


COMPOSITION_INCOMPLETE = register(
    NoticeKind(
        "composition_incomplete",
        _l("Påmindelse: sammensætningen er ikke på plads før start"),
        title=lambda ctx: _(
            "%(committee)s starter %(start)s, men sammensætningen er ikke på plads",
            committee=ctx["committee"],
            start=_date(ctx["anchor"]),
        ),
        body=lambda ctx: _("Se hvad der mangler på udvalgets side."),
        mandatory=True,
        needs_action=True,
        still_true=_composition_still_incomplete,
    )
)
reminders.register(
    reminders.ReminderSpec(
        kind="composition_incomplete",
        subjects=lambda c: (
            [c] if c.state in (CommitteeState.mandate_approved, CommitteeState.recruiting) else []
        ),
        anchor=_planned_start,
        recipients=_staff_for,
        default_offsets=(-10, -3),
        context=lambda c, _s: {"committee": c.name, "link": {"committee_id": c.id}},
    )
)


def membership_context(m: Membership) -> dict:
    """What an appointment notice says, fixed at the time of the event."""
    return {
        "committee": m.committee.name,
        "role": m.role.name,
        "member_type": m.member_type.name,
        "start": m.start_date.isoformat(),
        "link": {"committee_id": m.committee_id},
    }
