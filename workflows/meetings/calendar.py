"""Calendars (RFC 5545): one meeting as a .ics file, a committee's public feed, a person's
own feed, and the secret token in the personal feed's address.

A meeting keeps its UID for life and its SEQUENCE grows with every change a calendar must pick
up (workflows.meetings.plan), so Outlook, Google and phone calendars update the entry they
already have instead of adding a second one. A cancelled meeting stays in the feeds with
STATUS:CANCELLED (the feeds are METHOD:PUBLISH: a subscription is not an iTIP exchange).
"""

import hmac
import secrets
import string
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
)
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from committees.extensions import db
from committees.models import (
    Committee,
    InviteScope,
    Meeting,
    MemberRole,
    Membership,
    User,
)
from committees.models.base import LOCAL_TZ, local_today, utcnow
from committees.models.meeting import working_group_members
from committees.urls import absolute_url
from workflows import audit, permissions
from workflows.meetings.invitees import INVITED_ROLES

PRODID = "-//Opgaveudvalg//Moedekalender//DA"
TZID = "Europe/Copenhagen"
# Feeds show what is coming and the last three months (a moved or cancelled meeting in the
# recent past still updates); older meetings drop out so the feed stays small.
FEED_PAST_DAYS = 90
# How often a subscribed calendar should fetch the feed again (Apple, Outlook honour it).
REFRESH = timedelta(hours=1)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64
_TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "-_")

INTERNAL = "internal"
PUBLIC = "public"


# --- building calendars -----------------------------------------------------------------------


def vtimezone() -> Timezone:
    """Europe/Copenhagen as recurring rules (the form Outlook, Google and Apple read best)."""
    summer = TimezoneDaylight()
    summer.add("TZNAME", "CEST")
    summer.add("TZOFFSETFROM", timedelta(hours=1))
    summer.add("TZOFFSETTO", timedelta(hours=2))
    summer.add("DTSTART", datetime(1970, 3, 29, 2, 0))
    summer.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    winter = TimezoneStandard()
    winter.add("TZNAME", "CET")
    winter.add("TZOFFSETFROM", timedelta(hours=2))
    winter.add("TZOFFSETTO", timedelta(hours=1))
    winter.add("DTSTART", datetime(1970, 10, 25, 3, 0))
    winter.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    tz = Timezone()
    tz.add("TZID", TZID)
    tz.add("X-LIC-LOCATION", TZID)
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def page_url(meeting: Meeting, detail: str) -> str | None:
    """The meeting's page (internal or public), absolute; None while the page does not exist."""
    endpoint = "meetings.public_show" if detail == PUBLIC else "meetings.show"
    try:
        return absolute_url(endpoint, committee_id=meeting.committee_id, meeting_id=meeting.id)
    except BuildError:
        return None


def summary(meeting: Meeting) -> str:
    """'Udvalgsmøde: Titel – Udvalget', marked when the meeting is cancelled."""
    text = f"{meeting.kind.label}: {meeting.title} – {meeting.committee.name}"
    return _("AFLYST: %(summary)s", summary=text) if meeting.is_cancelled else text


def _location(meeting: Meeting) -> str:
    return " – ".join(part for part in (meeting.place, meeting.online_url) if part)


def _description(meeting: Meeting, url: str | None, detail: str) -> str:
    lines = []
    if meeting.is_cancelled:
        lines.append(_("Mødet er aflyst."))
        if meeting.cancel_reason and detail == INTERNAL:  # written for the invited only
            lines.append(_("Begrundelse: %(reason)s", reason=meeting.cancel_reason))
    if meeting.place:
        lines.append(_("Sted: %(place)s", place=meeting.place))
    if meeting.online_url:
        lines.append(_("Link til onlinemødet: %(url)s", url=meeting.online_url))
    if url:
        lines.append(_("Dagsorden og bilag: %(url)s", url=url))
    return "\n".join(lines)


def _alarm(text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("ACTION", "DISPLAY")
    alarm.add("TRIGGER", -timedelta(minutes=current_app.config["CALENDAR_ALARM_MINUTES"]))
    alarm.add("DESCRIPTION", text)
    return alarm


def event_for(meeting: Meeting, *, alarm: bool = True, detail: str = INTERNAL) -> Event:
    """One VEVENT; `detail` is INTERNAL (members' page) or PUBLIC (the public page)."""
    url = page_url(meeting, detail)
    event = Event()
    event.add("UID", meeting.uid)
    event.add("SEQUENCE", meeting.sequence)
    # Kept stable (not "now") so a feed that did not change reads the same on every fetch.
    event.add("DTSTAMP", meeting.updated_at)
    event.add("CREATED", meeting.created_at)
    event.add("LAST-MODIFIED", meeting.updated_at)
    event.add("DTSTART", meeting.starts_at.astimezone(LOCAL_TZ))
    event.add("DTEND", meeting.ends_at.astimezone(LOCAL_TZ))
    text = summary(meeting)
    event.add("SUMMARY", text)
    if location := _location(meeting):
        event.add("LOCATION", location)
    event.add("DESCRIPTION", _description(meeting, url, detail))
    if url:
        event.add("URL", url)
    event.add("STATUS", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    # A cancelled meeting no longer blocks the time in free/busy.
    event.add("TRANSP", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    if alarm and not meeting.is_cancelled:
        event.add_component(_alarm(text))
    return event


def feed(
    meetings: Iterable[Meeting],
    name: str | None,
    *,
    detail: str = INTERNAL,
    alarm: bool = True,
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) of the meetings; `name` None for a single download."""
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    if name is not None:
        # Only a subscription gets a name: a downloaded file with one makes Apple's Calendar
        # offer to create a new calendar for a single meeting.
        cal.add("X-WR-CALNAME", name)
        cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(REFRESH).to_ical().decode())
    cal.add("X-WR-TIMEZONE", TZID)
    cal.add_component(vtimezone())
    for meeting in meetings:
        cal.add_component(event_for(meeting, alarm=alarm, detail=detail))
    return cal.to_ical()


def meeting_ics(meeting: Meeting, *, public: bool) -> bytes:
    """One meeting as a file to import ('Tilføj til kalender')."""
    return feed([meeting], None, detail=PUBLIC if public else INTERNAL)


def committee_feed(committee: Committee) -> bytes:
    """The public feed of a public committee: its public meetings, cancelled ones too."""
    name = _("%(committee)s – offentlige møder", committee=committee.name)
    return feed(public_meetings(committee), name, detail=PUBLIC)


def personal_feed(user: User) -> bytes:
    """The person's own feed, in their language: the meetings they are invited to."""
    with force_locale(user.locale or "da"):
        return feed(invited_meetings(user), _("Mine møder i opgaveudvalg"), detail=INTERNAL)


# --- which meetings ---------------------------------------------------------------------------


def _since() -> datetime:
    return utcnow() - timedelta(days=FEED_PAST_DAYS)


def public_meetings(committee: Committee) -> list[Meeting]:
    """Meetings marked public, from FEED_PAST_DAYS ago on; none unless the committee is public."""
    if not permissions.can_view_public_committee(committee):
        return []
    stmt = (
        db.select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.is_public.is_(True),
            Meeting.starts_at >= _since(),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [m for m in db.session.scalars(stmt) if permissions.can_view_public_meeting(m)]


def _invites(meeting: Meeting, membership: Membership, groups: set[int]) -> bool:
    """workflows.meetings.invitees' rule, for one person, without loading the committee."""
    if not membership.is_active_on(meeting.local_date):
        return False
    if meeting.invite_scope is InviteScope.working_group and meeting.working_group_id:
        return meeting.working_group_id in groups or membership.role is MemberRole.facilitator
    return True


def invited_meetings(user: User) -> list[Meeting]:
    """The meetings the user is invited to, from FEED_PAST_DAYS ago on (three queries)."""
    memberships = db.session.scalars(
        db.select(Membership).where(
            Membership.user_id == user.id, Membership.role.in_(INVITED_ROLES)
        )
    ).all()
    if not memberships:
        return []
    by_committee = {m.committee_id: m for m in memberships}  # one membership per committee
    groups = set(
        db.session.scalars(
            db.select(working_group_members.c.group_id).where(
                working_group_members.c.user_id == user.id
            )
        )
    )
    stmt = (
        db.select(Meeting)
        .where(Meeting.committee_id.in_(by_committee), Meeting.starts_at >= _since())
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return [
        m for m in db.session.scalars(stmt) if _invites(m, by_committee[m.committee_id], groups)
    ]


def public_committees_of(user: User) -> list[Committee]:
    """Public committees the user is a current member of (their public feeds)."""
    stmt = (
        db.select(Membership)
        .where(Membership.user_id == user.id)
        .options(joinedload(Membership.committee))
    )
    today = local_today()
    committees = [
        m.committee
        for m in db.session.scalars(stmt)
        if m.is_active_on(today) and permissions.can_view_public_committee(m.committee)
    ]
    return sorted(committees, key=lambda c: c.name.lower())


# --- the personal feed's secret token ---------------------------------------------------------


def _set_token(user: User, actor: User, replaced: bool) -> str:
    user.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
    audit.record(
        "calendar.token_created",
        user,
        actor,
        committee_id=None,
        details={"replaced": replaced},
    )
    db.session.commit()
    return user.calendar_token


def ensure_token(user: User, actor: User | None = None) -> str:
    """The user's feed token, created (and audited) if there is none."""
    if user.calendar_token:
        return user.calendar_token
    return _set_token(user, actor or user, replaced=False)


def new_token(user: User, actor: User | None = None) -> str:
    """A new token: the old feed address stops working at once."""
    return _set_token(user, actor or user, replaced=user.calendar_token is not None)


def revoke(user: User, actor: User | None = None) -> bool:
    """Turn the personal feed off; False when it was already off."""
    if user.calendar_token is None:
        return False
    user.calendar_token = None
    audit.record("calendar.token_revoked", user, actor or user, committee_id=None)
    db.session.commit()
    return True


def user_for_token(token: str | None) -> User | None:
    """The active user whose feed this token opens, or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not set(token) <= _TOKEN_CHARS:
        return None
    user = db.session.scalar(db.select(User).where(User.calendar_token == token))
    if user is None or not user.active or user.calendar_token is None:
        return None
    # The lookup already matched; compare once more in constant time as a belt and braces.
    if not hmac.compare_digest(user.calendar_token.encode(), token.encode()):
        return None
    return user
