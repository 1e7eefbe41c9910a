"""The minutes' notice kinds and reminders: minutes due, approval requested and reminded,
a comment to the facilitator, minutes published.

Two reminders are policies: "minutes due" is anchored on the meeting's day plus the
committee's service level in working days; "approval reminder" on the approval deadline.
"""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    Committee,
    Meeting,
    MeetingStatus,
    MinutesApproval,
    MinutesStatus,
    Notice,
    User,
)
from committees.models.base import utcnow
from workflows import meeting_kinds, reminders, workdays
from workflows.notice_kinds import _staff_for
from workflows.notices import NoticeKind, register

ENDPOINT = "meetings.minutes"
# Minutes of meetings older than this are not reminded of any more (their moment has passed).
LOOK_BACK = timedelta(days=60)


def _when(ctx: dict) -> str:
    return meeting_kinds.when(ctx, date_format="long")


def _day(ctx: dict, key: str) -> str:
    return format_date(date.fromisoformat(ctx[key]), "long")


_meeting = meeting_kinds._meeting


def minutes_due_on(meeting: Meeting) -> date:
    """The minutes are due N working days after the meeting (the committee's service level)."""
    return workdays.working_days_after(meeting.local_date, meeting.committee.minutes_days_after)


def _approval(n: Notice) -> MinutesApproval | None:
    return db.session.scalar(
        db.select(MinutesApproval).where(
            MinutesApproval.meeting_id == n.subject_id, MinutesApproval.user_id == n.recipient_id
        )
    )


def _minutes_still_due(n: Notice) -> bool:
    m = _meeting(n)
    return (
        m is not None
        and not m.is_cancelled
        and m.minutes_status is MinutesStatus.draft
        and minutes_due_on(m).isoformat() == n.context.get("anchor")
    )


def _still_to_approve(n: Notice, anchor_key: str = "anchor") -> bool:
    m = _meeting(n)
    if m is None or m.is_cancelled or m.minutes_status is not MinutesStatus.in_approval:
        return False
    if m.approval_deadline is None or m.approval_deadline.isoformat() != n.context.get(anchor_key):
        return False
    mine = _approval(n)
    return mine is not None and mine.approved_at is None


def _request_still_open(n: Notice) -> bool:
    return _still_to_approve(n, "deadline")


def _still_published(n: Notice) -> bool:
    m = _meeting(n)
    return m is not None and m.minutes_status is MinutesStatus.published


def _still_in_approval(n: Notice) -> bool:
    m = _meeting(n)
    return m is not None and m.minutes_status is MinutesStatus.in_approval


MINUTES = {"endpoint": ENDPOINT}

register(
    NoticeKind(
        "minutes_due",
        _l("Påmindelse: referatet skal skrives"),
        title=lambda ctx: _(
            "Referatet fra %(meeting)s skal sendes til godkendelse senest %(date)s",
            meeting=ctx["meeting"],
            date=_day(ctx, "anchor"),
        ),
        body=lambda ctx: _(
            "%(committee)s holdt møde %(when)s. Referatet er endnu ikke sendt til godkendelse.",
            committee=ctx["committee"],
            when=_when(ctx),
        ),
        needs_action=True,
        own_deadline=True,
        still_true=_minutes_still_due,
        **MINUTES,
    )
)

register(
    NoticeKind(
        "minutes_approval_requested",
        _l("Referat til godkendelse"),
        title=lambda ctx: _(
            "Godkend referatet: %(meeting)s, %(committee)s",
            meeting=ctx["meeting"],
            committee=ctx["committee"],
        ),
        body=lambda ctx: _(
            "Du var til stede ved mødet %(when)s. Læs referatet, og godkend det eller skriv en "
            "kommentar senest %(deadline)s.",
            when=_when(ctx),
            deadline=_day(ctx, "deadline"),
        ),
        needs_action=True,
        still_true=_request_still_open,
        **MINUTES,
    )
)

register(
    NoticeKind(
        "minutes_approval_reminder",
        _l("Påmindelse: godkend referatet"),
        title=lambda ctx: _(
            "Påmindelse: godkend referatet fra %(meeting)s senest %(deadline)s",
            meeting=ctx["meeting"],
            deadline=_day(ctx, "anchor"),
        ),
        body=lambda ctx: _(
            "Referatet fra mødet i %(committee)s %(when)s venter på dit svar.",
            committee=ctx["committee"],
            when=_when(ctx),
        ),
        needs_action=True,
        own_deadline=True,
        still_true=_still_to_approve,
        **MINUTES,
    )
)

register(
    NoticeKind(
        "minutes_commented",
        _l("Kommentar til et referat"),
        title=lambda ctx: _("Kommentar til referatet: %(meeting)s", meeting=ctx["meeting"]),
        body=lambda ctx: _(
            "%(name)s har kommenteret referatet fra mødet %(when)s. Læs kommentaren, og tag "
            "referatet tilbage til udkast, hvis det skal rettes.",
            name=ctx["name"],
            when=_when(ctx),
        ),
        still_true=_still_in_approval,
        **MINUTES,
    )
)

register(
    NoticeKind(
        "minutes_published",
        _l("Referat offentliggjort"),
        title=lambda ctx: _("Referatet er offentliggjort: %(meeting)s", meeting=ctx["meeting"]),
        body=lambda ctx: _(
            "Referatet fra mødet i %(committee)s %(when)s er godkendt og offentliggjort.",
            committee=ctx["committee"],
            when=_when(ctx),
        ),
        still_true=_still_published,
        **MINUTES,
    )
)


# --- reminder policies ------------------------------------------------------------------------


def meetings_with_draft_minutes(committee: Committee) -> list[Meeting]:
    """Meetings not cancelled whose minutes are still a draft (recent and coming ones)."""
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.status != MeetingStatus.cancelled,
                Meeting.minutes_status == MinutesStatus.draft,
                Meeting.starts_at > utcnow() - LOOK_BACK,
            )
            .order_by(Meeting.starts_at)
        )
    )


def meetings_in_approval(committee: Committee) -> list[Meeting]:
    """Meetings whose minutes wait for approval."""
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.minutes_status == MinutesStatus.in_approval,
                Meeting.approval_deadline.is_not(None),
            )
            .order_by(Meeting.starts_at)
        )
    )


def not_yet_approved(_committee: Committee, meeting: Meeting) -> list[User]:
    """Those asked who have not approved (a comment is not an approval)."""
    return list(
        db.session.scalars(
            db.select(User)
            .join(MinutesApproval, MinutesApproval.user_id == User.id)
            .where(
                MinutesApproval.meeting_id == meeting.id,
                MinutesApproval.approved_at.is_(None),
                User.active.is_(True),
            )
            .order_by(User.id)
        )
    )


def _context(_c: Committee, meeting: Meeting) -> dict:
    from workflows.meetings import minutes

    return minutes.context(meeting)


reminders.register(
    reminders.ReminderSpec(
        kind="minutes_due",
        subjects=meetings_with_draft_minutes,
        anchor=minutes_due_on,
        recipients=lambda c, _m: _staff_for(c),
        default_offsets=(0, 1),
        context=_context,
    )
)
reminders.register(
    reminders.ReminderSpec(
        kind="minutes_approval_reminder",
        subjects=meetings_in_approval,
        anchor=lambda m: m.approval_deadline,
        recipients=not_yet_approved,
        default_offsets=(-1,),
        context=_context,
    )
)
