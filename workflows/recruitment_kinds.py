"""Recruitment's notice kinds: to applicants (by address, no account) and to the secretariat."""

from datetime import date, datetime

from flask_babel import format_date, format_time, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import Application, ApplicationStatus, CallStatus, Notice, RecruitmentCall
from committees.models.base import LOCAL_TZ
from committees.urls import absolute_url
from workflows.notice_kinds import _invitation_link, _invitation_still_open
from workflows.notices import NoticeKind, register


def _deadline(ctx: dict) -> str:
    moment = datetime.fromisoformat(ctx["closes_at"])
    return _(
        "%(date)s kl. %(time)s",
        date=format_date(moment.astimezone(LOCAL_TZ).date(), "long"),
        time=format_time(moment, "HH:mm"),
    )


def _application(n: Notice) -> Application | None:
    return db.session.get(Application, n.subject_id)


def _links(n: Notice) -> dict:
    """Made when the e-mail is sent: the confirmation link and the withdrawal link."""
    from workflows import recruitment

    application = _application(n)
    if application is None:
        return {}
    return {
        "url": absolute_url(
            "recruitment.confirm", token=recruitment.token_for(application, recruitment.CONFIRM)
        ),
        "withdraw_url": absolute_url(
            "recruitment.withdraw", token=recruitment.token_for(application, recruitment.WITHDRAW)
        ),
    }


def _withdraw_link(n: Notice) -> dict:
    links = _links(n)
    return {"url": links["withdraw_url"], "withdraw_url": links["withdraw_url"]} if links else {}


def _still_unconfirmed(n: Notice) -> bool:
    application = _application(n)
    return application is not None and application.status is ApplicationStatus.unconfirmed


def _still_there(n: Notice) -> bool:
    return _application(n) is not None


def _call_still_open_with(n: Notice) -> bool:
    call = db.session.get(RecruitmentCall, n.subject_id)
    return (
        call is not None
        and call.status is CallStatus.open
        and call.closes_at.isoformat() == n.context.get("closes_at")
    )


APPLICANT = {"endpoint": "public.committee", "template": "application", "mandatory": True}

register(
    NoticeKind(
        "application_confirm",
        _l("Bekræft e-mail til ansøgning"),
        title=lambda ctx: _("Bekræft din ansøgning til %(committee)s", committee=ctx["committee"]),
        body=lambda ctx: (
            (
                _(
                    "Du har sendt en ny udgave af din ansøgning. Bekræft den, så erstatter den "
                    "den første."
                )
                if ctx.get("update")
                else _(
                    "Tak for din ansøgning. Den tæller først med, når du har bekræftet din e-mail."
                )
            )
            + " "
            + _("Linket virker i 7 dage.")
        ),
        needs_action=True,
        still_true=_still_unconfirmed,
        late_context=_links,
        **APPLICANT,
    )
)

register(
    NoticeKind(
        "application_received",
        _l("Ansøgning modtaget"),
        title=lambda ctx: _(
            "Vi har modtaget din ansøgning til %(committee)s", committee=ctx["committee"]
        ),
        body=lambda ctx: _(
            "Din e-mail er bekræftet, og ansøgningen er med. Sekretariatet vender tilbage, når "
            "kommunalbestyrelsen har udpeget medlemmerne."
        ),
        still_true=_still_there,
        late_context=_withdraw_link,
        **APPLICANT,
    )
)

register(
    NoticeKind(
        "call_extended",
        _l("Ansøgningsfristen er forlænget"),
        title=lambda ctx: _("Fristen for %(committee)s er forlænget", committee=ctx["committee"]),
        body=lambda ctx: _("Den nye frist er %(deadline)s.", deadline=_deadline(ctx)),
        still_true=_still_there,
        late_context=_withdraw_link,
        **APPLICANT,
    )
)

register(
    NoticeKind(
        "application_reserve",
        _l("Ansøger på reserveliste"),
        title=lambda ctx: _("Du er på reservelisten til %(committee)s", committee=ctx["committee"]),
        body=lambda ctx: _(
            "Kommunalbestyrelsen har udpeget udvalgets medlemmer. Du blev ikke udpeget denne gang, "
            "men du står som reserve: bliver en plads ledig, kan du blive spurgt. Tak for din "
            "interesse."
        ),
        still_true=_still_there,
        late_context=_withdraw_link,
        **APPLICANT,
    )
)

register(
    NoticeKind(
        "application_declined",
        _l("Ansøger ikke udpeget"),
        title=lambda ctx: _("Om din ansøgning til %(committee)s", committee=ctx["committee"]),
        body=lambda ctx: _(
            "Kommunalbestyrelsen har udpeget udvalgets medlemmer, og du blev ikke udpeget denne "
            "gang. Mange søgte, og det var svært at vælge. Tak fordi du ville bidrage; følg gerne "
            "udvalgets arbejde på kommunens side. Dine oplysninger slettes efter %(days)s dage.",
            days=ctx.get("retention_days", 90),
        ),
        **APPLICANT,
    )
)

STAFF = {"endpoint": "recruitment.index"}

register(
    NoticeKind(
        "call_deadline_approaching",
        _l("Ansøgningsfrist nærmer sig"),
        title=lambda ctx: _(
            "%(committee)s: ansøgningsfristen udløber %(deadline)s",
            committee=ctx["committee"],
            deadline=_deadline(ctx),
        ),
        still_true=_call_still_open_with,
        **STAFF,
    )
)


def _closed_body(ctx: dict) -> str:
    lines = [
        ngettext("%(num)s ansøgning", "%(num)s ansøgninger", ctx["total"])
        + " "
        + ngettext("til %(num)s plads.", "til %(num)s pladser.", ctx["seats"])
    ]
    lines += [_("%(profile)s: %(n)s", profile=name, n=n) for name, n in ctx.get("profiles", [])]
    return "\n".join(lines)


register(
    NoticeKind(
        "call_closed",
        _l("Ansøgningsfrist udløbet"),
        title=lambda ctx: _(
            "%(committee)s: ansøgningsfristen er udløbet", committee=ctx["committee"]
        ),
        body=_closed_body,
        needs_action=True,
        **STAFF,
    )
)

register(
    NoticeKind(
        "appointment_welcome",
        _l("Velkommen i udvalget"),
        title=lambda ctx: _("Velkommen i %(committee)s", committee=ctx["committee"]),
        body=lambda ctx: _(
            "Kommunalbestyrelsen udpegede dig den %(decided)s. Dit medlemskab begynder %(start)s; "
            "du får besked, når det første møde er fastlagt.",
            decided=format_date(date.fromisoformat(ctx["decided_on"]), "long"),
            start=format_date(date.fromisoformat(ctx["start"]), "long"),
        ),
        mandatory=True,
    )
)

register(
    NoticeKind(
        "invitation_reminder",
        _l("Påmindelse: vælg din adgangskode"),
        title=lambda ctx: _("Påmindelse: vælg din adgangskode til Opgaveudvalg"),
        body=lambda ctx: _(
            "Du er udpeget til %(committee)s, men har endnu ikke valgt en adgangskode. Vælg den "
            "via linket; det virker i 14 dage.",
            committee=ctx["committee"],
        ),
        mandatory=True,
        needs_action=True,
        still_true=_invitation_still_open,
        late_context=_invitation_link,
        template="invitation",
    )
)
