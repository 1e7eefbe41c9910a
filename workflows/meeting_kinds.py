"""Meetings' notice kinds: agenda published, moved, cancelled; and their reminders.

Reminders (meeting tomorrow, RSVP missing, agenda due) are policies anchored on the meeting's
day (or the agenda deadline), so a moved meeting re-plans them and a cancelled one drops them.
"""

from datetime import date, datetime

from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import Committee, Meeting, MeetingStatus, Notice, Rsvp, RsvpAnswer, User
from committees.models.base import LOCAL_TZ, utcnow
from workflows import reminders, workdays
from workflows.meetings import invitees
from workflows.notice_kinds import _staff_for
from workflows.notices import NoticeKind, register

MEETING_REMINDER_KINDS = ("meeting_reminder", "rsvp_missing", "agenda_due")
ENDPOINT = "meetings.show"


def when(ctx: dict, key: str = "starts_at", date_format: str = "full") -> str:
    """The meeting's time from a notice's context, in Copenhagen, in the reader's language."""
    moment = datetime.fromisoformat(ctx[key]).astimezone(LOCAL_TZ)
    return _(
        "%(date)s kl. %(time)s",
        date=format_date(moment.date(), date_format),
        time=format_time(moment, "HH:mm"),
    )


def where(ctx: dict) -> str:
    """Place and/or online link."""
    parts = [p for p in (ctx.get("place"), ctx.get("online_url")) if p]
    return " / ".join(parts) or _("sted følger")


def _meeting(n: Notice) -> Meeting | None:
    return db.session.get(Meeting, n.subject_id) if n.subject_type == "Meeting" else None


def _not_cancelled(n: Notice) -> bool:
    m = _meeting(n)
    return m is not None and not m.is_cancelled


def _same_day(n: Notice, m: Meeting | None) -> bool:
    return (
        m is not None
        and not m.is_cancelled
        and m.starts_at > utcnow()
        and _anchor_of(n.kind, m) is not None
        and _anchor_of(n.kind, m).isoformat() == n.context.get("anchor")
    )


def _rsvp(n: Notice) -> Rsvp | None:
    return db.session.scalar(
        db.select(Rsvp).where(Rsvp.meeting_id == n.subject_id, Rsvp.user_id == n.recipient_id)
    )


def _reminder_still_true(n: Notice) -> bool:
    """Not to someone who sent afbud, not for a moved or cancelled meeting."""
    answer = _rsvp(n)
    return _same_day(n, _meeting(n)) and (answer is None or answer.answer is RsvpAnswer.attending)


def _rsvp_still_missing(n: Notice) -> bool:
    return _same_day(n, _meeting(n)) and _rsvp(n) is None


def _agenda_still_due(n: Notice) -> bool:
    m = _meeting(n)
    return _same_day(n, m) and m.status is MeetingStatus.planned


MEETING = {"endpoint": ENDPOINT}

register(
    NoticeKind(
        "agenda_published",
        _l("Dagsorden udsendt"),
        title=lambda ctx: _(
            "Dagsorden: %(meeting)s, %(committee)s",
            meeting=ctx["meeting"],
            committee=ctx["committee"],
        ),
        body=lambda ctx: _(
            "Dagsordenen til mødet %(when)s er udsendt. Sted: %(where)s. Svar gerne, om du "
            "deltager, og læs bilagene før mødet.",
            when=when(ctx),
            where=where(ctx),
        ),
        needs_action=False,
        still_true=_not_cancelled,
        **MEETING,
    )
)

register(
    NoticeKind(
        "meeting_moved",
        _l("Møde flyttet eller ændret"),
        title=lambda ctx: _("Mødet er flyttet: %(meeting)s", meeting=ctx["meeting"]),
        body=lambda ctx: _(
            "%(committee)s: mødet %(old)s er flyttet til %(when)s. Sted: %(where)s. "
            "Kalenderen opdateres af sig selv, hvis du abonnerer på den.",
            committee=ctx["committee"],
            old=when(ctx, "old_starts_at"),
            when=when(ctx),
            where=where(ctx),
        ),
        mandatory=True,
        still_true=_not_cancelled,
        **MEETING,
    )
)

register(
    NoticeKind(
        "meeting_cancelled",
        _l("Møde aflyst"),
        title=lambda ctx: _("Mødet er aflyst: %(meeting)s", meeting=ctx["meeting"]),
        body=lambda ctx: (
            _(
                "%(committee)s: mødet %(when)s er aflyst.",
                committee=ctx["committee"],
                when=when(ctx),
            )
            + (
                " " + _("Begrundelse: %(reason)s", reason=ctx["reason"])
                if ctx.get("reason")
                else ""
            )
        ),
        mandatory=True,
        **MEETING,
    )
)

register(
    NoticeKind(
        "meeting_reminder",
        _l("Påmindelse om møde"),
        title=lambda ctx: _(
            "Påmindelse: %(meeting)s %(when)s", meeting=ctx["meeting"], when=when(ctx)
        ),
        body=lambda ctx: _(
            "%(committee)s holder møde %(when)s. Sted: %(where)s.",
            committee=ctx["committee"],
            when=when(ctx),
            where=where(ctx),
        ),
        still_true=_reminder_still_true,
        **MEETING,
    )
)

register(
    NoticeKind(
        "rsvp_missing",
        _l("Svar mangler: deltager du i mødet?"),
        title=lambda ctx: _(
            "Deltager du? %(meeting)s %(when)s", meeting=ctx["meeting"], when=when(ctx)
        ),
        body=lambda ctx: _(
            "Vi mangler dit svar til mødet i %(committee)s. Svar “deltager” eller “afbud” på "
            "mødets side.",
            committee=ctx["committee"],
        ),
        needs_action=True,
        own_deadline=True,
        still_true=_rsvp_still_missing,
        **MEETING,
    )
)

register(
    NoticeKind(
        "agenda_due",
        _l("Påmindelse: dagsordenen skal udsendes"),
        title=lambda ctx: _(
            "Dagsordenen til %(meeting)s skal udsendes senest %(date)s",
            meeting=ctx["meeting"],
            date=format_date(date.fromisoformat(ctx["anchor"]), "long"),
        ),
        body=lambda ctx: _(
            "Mødet i %(committee)s er %(when)s. Dagsordenen er endnu ikke udsendt.",
            committee=ctx["committee"],
            when=when(ctx),
        ),
        needs_action=True,
        own_deadline=True,
        still_true=_agenda_still_due,
        **MEETING,
    )
)


# --- reminder policies ------------------------------------------------------------------------


def upcoming_meetings(committee: Committee) -> list[Meeting]:
    """Meetings still ahead that are not cancelled: what reminders are about."""
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.status != MeetingStatus.cancelled,
                Meeting.starts_at > utcnow(),
            )
            .order_by(Meeting.starts_at)
        )
    )


def agenda_deadline(meeting: Meeting) -> date:
    """The agenda goes out N working days before the meeting (committee's service level)."""
    return workdays.working_days_before(meeting.local_date, meeting.committee.agenda_days_before)


def _anchor_of(kind: str, meeting: Meeting) -> date | None:
    if kind == "agenda_due":
        return agenda_deadline(meeting) if meeting.status is MeetingStatus.planned else None
    return meeting.local_date


def _context(_c: Committee, meeting: Meeting) -> dict:
    from workflows.meetings import plan

    return plan.context(meeting)


def _invited(_c: Committee, meeting: Meeting) -> list[User]:
    return invitees.invited_users(meeting)


for _kind, _offsets, _recipients in (
    ("meeting_reminder", (-1,), _invited),
    ("rsvp_missing", (-3,), _invited),
    ("agenda_due", (-2, 0), lambda c, _m: _staff_for(c)),
):
    reminders.register(
        reminders.ReminderSpec(
            kind=_kind,
            subjects=upcoming_meetings,
            anchor=lambda m, k=_kind: _anchor_of(k, m),
            recipients=_recipients,
            default_offsets=_offsets,
            context=_context,
        )
    )
