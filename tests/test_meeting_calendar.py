"""Calendars: .ics files and feeds read back with icalendar, who may fetch them, the token."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import render_template
from icalendar import Calendar

from committees.models import (
    AuditEntry,
    CommitteeState,
    InviteScope,
    MeetingKind,
    MemberRole,
    MemberType,
    Role,
    WorkingGroup,
)
from committees.models.base import local_today
from tests.test_query_counts import count_queries
from workflows.meetings import calendar as cal
from workflows.meetings import plan

CPH = ZoneInfo("Europe/Copenhagen")
SUMMER = datetime(2027, 6, 15, 15, 0, tzinfo=UTC)  # 17:00 in Copenhagen (CEST, +2)
WINTER = datetime(2027, 1, 15, 16, 0, tzinfo=UTC)  # 17:00 in Copenhagen (CET, +1)


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def events(data: bytes) -> dict:
    """VEVENTs by UID."""
    return {str(e["UID"]): e for e in parse(data).walk("VEVENT")}


def only_event(data: bytes):
    (event,) = parse(data).walk("VEVENT")
    return event


def ics_path(meeting) -> str:
    return f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}/kalender.ics"


# --- the calendar itself --------------------------------------------------------------------


def test_a_meeting_as_ics(app, make_committee, make_meeting):
    c = make_committee(state=CommitteeState.working, name="Fremtidens idrætsliv")
    m = make_meeting(c, starts_at=SUMMER, title="Kick-off", online_url="https://meet.example/x")
    data = cal.meeting_ics(m, public=False)
    calendar = parse(data)
    assert str(calendar["PRODID"]) == cal.PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Copenhagen"
    assert "X-WR-CALNAME" not in calendar  # a single file must not create a calendar
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]

    event = only_event(data)
    assert str(event["UID"]) == m.uid
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event["DTSTART"].dt == datetime(2027, 6, 15, 17, 0, tzinfo=CPH)
    assert event["DTEND"].dt == datetime(2027, 6, 15, 19, 0, tzinfo=CPH)
    assert b"DTSTART;TZID=Europe/Copenhagen:20270615T170000" in data
    assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert "CREATED" in event and "LAST-MODIFIED" in event
    assert str(event["SUMMARY"]) == "Udvalgsmøde: Kick-off – Fremtidens idrætsliv"
    assert str(event["LOCATION"]) == "Rådhuset, mødelokale 2 – https://meet.example/x"
    page = f"http://127.0.0.1:5000/arbejdsrum/{c.id}/moeder/{m.id}"
    assert str(event["URL"]) == page
    description = str(event["DESCRIPTION"])
    assert "Rådhuset, mødelokale 2" in description and "https://meet.example/x" in description
    assert page in description
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["TRANSP"]) == "OPAQUE"
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -timedelta(minutes=60)
    assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_winter_time_and_the_configured_alarm(app, make_committee, make_meeting):
    app.config["CALENDAR_ALARM_MINUTES"] = 15
    m = make_meeting(make_committee(), starts_at=WINTER)
    data = cal.meeting_ics(m, public=False)
    event = only_event(data)
    assert event["DTSTART"].dt == datetime(2027, 1, 15, 17, 0, tzinfo=CPH)
    assert event["DTSTART"].dt.utcoffset() == timedelta(hours=1)
    assert b"DTSTART;TZID=Europe/Copenhagen:20270115T170000" in data
    assert event.walk("VALARM")[0]["TRIGGER"].dt == -timedelta(minutes=15)


def test_the_vtimezone_agrees_with_the_tz_database(app):
    """Our VTIMEZONE's rules give Copenhagen's offset at every hour of ten years."""
    tz = cal.vtimezone().to_tz(lookup_tzid=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(0, 10 * 366 * 24):
        moment = start + timedelta(hours=hour)
        assert moment.astimezone(tz).utcoffset() == moment.astimezone(CPH).utcoffset(), moment


def test_text_from_users_cannot_inject_properties(app, make_committee, make_meeting):
    evil = "Møde\r\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil;x,y\\"
    m = make_meeting(
        make_committee(), title=evil, place="Sal A;B,C\nLOCATION:evil", cancel_reason=""
    )
    data = cal.meeting_ics(m, public=False)
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert data.count(b"\r\nEND:VEVENT\r\n") == 1
    assert b"\r\nUID:evil" not in data and b"\r\nLOCATION:evil" not in data
    event = only_event(data)
    assert str(event["UID"]) == m.uid
    assert "END:VEVENT\nBEGIN:VEVENT\nUID:evil;x,y\\" in str(event["SUMMARY"])
    assert str(event["LOCATION"]).startswith("Sal A;B,C\nLOCATION:evil")


# --- moved and cancelled ----------------------------------------------------------------------


def _data(meeting, **changes) -> plan.MeetingData:
    fields = {
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "is_public": meeting.is_public,
    }
    return plan.MeetingData(**{**fields, **changes})


def test_moved_then_cancelled_keeps_uid_and_raises_sequence(
    app, db, make_committee, make_member, make_meeting, make_user
):
    c = make_committee(state=CommitteeState.working)
    member = make_member(c).user
    staff = make_user(Role.secretariat)
    m = make_meeting(c, starts_at=SUMMER)
    before = only_event(cal.meeting_ics(m, public=False))

    new_start = SUMMER + timedelta(days=1, hours=1)
    assert plan.update(
        m,
        _data(m, starts_at=new_start, ends_at=new_start + timedelta(hours=2)),
        staff,
        expected_sequence=0,
    )
    moved = only_event(cal.meeting_ics(m, public=False))
    assert str(moved["UID"]) == str(before["UID"]) == m.uid
    assert moved["SEQUENCE"] > before["SEQUENCE"]
    assert moved["DTSTART"].dt == datetime(2027, 6, 16, 18, 0, tzinfo=CPH)
    assert moved["LAST-MODIFIED"].dt >= before["LAST-MODIFIED"].dt

    plan.cancel(m, "Formanden er syg", staff, expected_sequence=m.sequence)
    cancelled = only_event(cal.meeting_ics(m, public=False))
    assert str(cancelled["UID"]) == m.uid
    assert cancelled["SEQUENCE"] > moved["SEQUENCE"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.walk("VALARM") == []
    assert "Formanden er syg" in str(cancelled["DESCRIPTION"])
    assert str(cancelled["SUMMARY"]).startswith("AFLYST: ")

    # The subscription keeps it, as cancelled, in a PUBLISH feed.
    feed = cal.personal_feed(member)
    assert str(parse(feed)["METHOD"]) == "PUBLISH"
    assert str(events(feed)[m.uid]["STATUS"]) == "CANCELLED"


# --- the public feed and the public .ics ------------------------------------------------------


def test_public_feed_has_only_public_meetings(client, db, make_committee, make_meeting, make_user):
    c = make_committee(state=CommitteeState.working, name="Åbent udvalg")
    other = make_committee(state=CommitteeState.working)
    public = make_meeting(c, is_public=True)
    make_meeting(c, days=14, is_public=False)
    cancelled = make_meeting(c, days=21, is_public=True)
    plan.cancel(cancelled, "Flyttet til foråret", make_user(Role.secretariat), None)
    recent = make_meeting(c, days=-30, is_public=True)
    make_meeting(c, days=-120, is_public=True)  # older than the feed reaches
    make_meeting(other, is_public=True)

    resp = client.get(f"/kalender/udvalg/{c.id}.ics")
    assert resp.status_code == 200
    assert resp.mimetype == "text/calendar" and resp.mimetype_params["charset"] == "utf-8"
    found = events(resp.data)
    assert set(found) == {public.uid, cancelled.uid, recent.uid}
    assert str(found[cancelled.uid]["STATUS"]) == "CANCELLED"
    assert str(parse(resp.data)["X-WR-CALNAME"]) == "Åbent udvalg – offentlige møder"
    assert b"/arbejdsrum/" not in resp.data  # never a link into the internal pages


def test_public_feed_of_a_committee_that_is_not_public_is_404(client, make_committee):
    draft = make_committee(state=CommitteeState.mandate_draft, approved=False)
    assert client.get(f"/kalender/udvalg/{draft.id}.ics").status_code == 404
    assert client.get("/kalender/udvalg/999999.ics").status_code == 404


def test_public_ics(client, make_committee, make_meeting):
    c = make_committee(state=CommitteeState.working)
    draft = make_committee(state=CommitteeState.mandate_draft, approved=False)
    other = make_committee(state=CommitteeState.working)
    public = make_meeting(c, is_public=True, kind=MeetingKind.dialogue_meeting)
    internal = make_meeting(c, is_public=False)
    hidden = make_meeting(draft, is_public=True)
    resp = client.get(f"/udvalg/{c.id}/moeder/{public.id}.ics")
    assert resp.status_code == 200 and resp.mimetype == "text/calendar"
    assert resp.headers["Content-Disposition"] == f'attachment; filename="moede-{public.id}.ics"'
    event = only_event(resp.data)
    assert str(event["UID"]) == public.uid
    assert str(event["URL"]) == f"http://127.0.0.1:5000/udvalg/{c.id}/moeder/{public.id}"
    assert b"/arbejdsrum/" not in resp.data
    assert client.get(f"/udvalg/{c.id}/moeder/{internal.id}.ics").status_code == 404
    assert client.get(f"/udvalg/{draft.id}/moeder/{hidden.id}.ics").status_code == 404
    assert client.get(f"/udvalg/{other.id}/moeder/{public.id}.ics").status_code == 404


# --- the internal .ics download ---------------------------------------------------------------

DOWNLOAD = {
    "anonymous": 302,
    "citizen": 404,
    "councillor": 200,
    "secretariat": 200,
    "admin": 200,
    "member": 200,
    "facilitator": 200,
    "outsider": 404,
}


@pytest.mark.parametrize("who", list(DOWNLOAD))
def test_who_may_download_the_ics(who, client, people, login, make_meeting):
    m = make_meeting(people["committee"])
    if people[who] is not None:
        login(people[who])
    resp = client.get(ics_path(m))
    assert resp.status_code == DOWNLOAD[who]
    if resp.status_code == 302:
        assert "/konto/log-ind" in resp.headers["Location"]
    if resp.status_code == 200:
        assert resp.mimetype == "text/calendar"
        assert resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert resp.headers["Content-Disposition"] == f'attachment; filename="moede-{m.id}.ics"'
        assert resp.headers["Cache-Control"] == "private, no-store"
        assert str(only_event(resp.data)["UID"]) == m.uid


def test_ics_of_another_committees_meeting_is_404(client, people, login, make_meeting):
    foreign = make_meeting(people["other"])
    login(people["member"])
    path = f"/arbejdsrum/{people['committee'].id}/moeder/{foreign.id}/kalender.ics"
    assert client.get(path).status_code == 404


# --- the personal feed ------------------------------------------------------------------------


def test_personal_feed_has_exactly_my_meetings(client, db, people, make_meeting, make_member):
    member, committee = people["member"], people["committee"]
    mine = [make_meeting(committee, days=d) for d in (3, 10)]
    past = make_meeting(committee, days=-10)
    make_meeting(committee, days=-100)  # older than the feed reaches
    make_meeting(people["other"])  # another committee's meeting
    token = cal.ensure_token(member)
    resp = client.get(f"/kalender/{token}.ics")
    assert resp.status_code == 200
    assert resp.mimetype == "text/calendar"
    assert resp.headers["Cache-Control"] == "private, no-store"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert set(events(resp.data)) == {m.uid for m in mine} | {past.uid}
    calendar = parse(resp.data)
    assert str(calendar["X-WR-CALNAME"]) == "Mine møder i opgaveudvalg"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in resp.data
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"


def test_personal_feed_follows_membership_dates_and_working_groups(
    db, make_committee, make_member, make_meeting
):
    c = make_committee(state=CommitteeState.working)
    leaving = make_member(c, end_date=local_today() + timedelta(days=20))
    in_group = make_member(c)
    facilitator = make_member(c, MemberType.staff, MemberRole.facilitator)
    group = WorkingGroup(committee=c, name="Skrivegruppen", members=[in_group.user])
    db.session.add(group)
    db.session.commit()
    soon = make_meeting(c, days=10)
    late = make_meeting(c, days=40)  # after `leaving` has left
    group_meeting = make_meeting(
        c, days=12, kind=MeetingKind.working_group,
        invite_scope=InviteScope.working_group, working_group=group,
    )  # fmt: skip

    def uids(user):
        return set(events(cal.personal_feed(user)))

    assert uids(leaving.user) == {soon.uid}
    assert uids(in_group.user) == {soon.uid, late.uid, group_meeting.uid}
    assert uids(facilitator.user) == {soon.uid, late.uid, group_meeting.uid}


def test_token_revoke_and_renew(client, db, people):
    member = people["member"]
    first = cal.ensure_token(member)
    assert cal.ensure_token(member) == first  # idempotent
    assert client.get(f"/kalender/{first}.ics").status_code == 200

    second = cal.new_token(member)
    assert second != first
    assert client.get(f"/kalender/{first}.ics").status_code == 404
    assert client.get(f"/kalender/{second}.ics").status_code == 200

    assert cal.revoke(member) is True
    assert cal.revoke(member) is False
    assert client.get(f"/kalender/{second}.ics").status_code == 404

    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.object_id == member.id)
    ).all()
    assert actions == ["calendar.token_created", "calendar.token_created", "calendar.token_revoked"]


@pytest.mark.parametrize("token", ["x", "a" * 65, "abc%2Fdef", "%20", "null"])
def test_unknown_tokens_are_404(client, token):
    assert client.get(f"/kalender/{token}.ics").status_code == 404


def test_an_inactive_users_feed_is_404(client, db, people):
    member = people["member"]
    token = cal.ensure_token(member)
    member.active = False
    db.session.commit()
    assert client.get(f"/kalender/{token}.ics").status_code == 404


# --- the settings page ------------------------------------------------------------------------


def test_settings_page_requires_login(client):
    resp = client.get("/konto/kalender")
    assert resp.status_code == 302 and "/konto/log-ind" in resp.headers["Location"]
    assert client.post("/konto/kalender", data={"action": "create"}).status_code == 302


def test_settings_page_creates_renews_and_revokes(client, db, people, login):
    member = people["member"]
    login(member)
    page = client.get("/konto/kalender")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "Opret kalenderlink" in page.get_data(as_text=True)

    resp = client.post("/konto/kalender", data={"action": "create"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/konto/kalender")
    db.session.refresh(member)
    first = member.calendar_token
    page = client.get("/konto/kalender").get_data(as_text=True)
    assert f"http://127.0.0.1:5000/kalender/{first}.ics" in page
    assert f"webcal://127.0.0.1:5000/kalender/{first}.ics" in page
    assert "Lav et nyt link (det gamle holder op med at virke)" in page
    assert "Slå kalenderlinket fra" in page
    assert 'for="calendar-feed-url"' in page and "readonly" in page
    # The committee is public: its public feed is offered too.
    assert f"/kalender/udvalg/{people['committee'].id}.ics" in page

    client.post("/konto/kalender", data={"action": "renew"})
    db.session.refresh(member)
    assert member.calendar_token not in (None, first)

    resp = client.post("/konto/kalender", data={"action": "revoke"}, follow_redirects=True)
    db.session.refresh(member)
    assert member.calendar_token is None
    assert "Kalenderlinket er slået fra" in resp.get_data(as_text=True)

    assert client.post("/konto/kalender", data={"action": "hack"}).status_code == 400


def test_settings_page_requires_csrf(app, client, db, people, login):
    login(people["member"])
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/konto/kalender", data={"action": "create"}).status_code == 400
    db.session.refresh(people["member"])
    assert people["member"].calendar_token is None


# --- the partial ------------------------------------------------------------------------------


def test_calendar_links_partial(app, make_committee, make_meeting):
    c = make_committee(state=CommitteeState.working)
    m = make_meeting(c, is_public=True)
    with app.test_request_context("/"):
        internal = render_template(
            "meetings/_calendar_links.html", meeting=m, committee=c, public=False
        )
        public = render_template(
            "meetings/_calendar_links.html", meeting=m, committee=c, public=True
        )
    assert f'href="/arbejdsrum/{c.id}/moeder/{m.id}/kalender.ics"' in internal
    assert "Tilføj til kalender" in internal
    assert f'href="/udvalg/{c.id}/moeder/{m.id}.ics"' in public
    assert "/arbejdsrum/" not in public


# --- no N+1 -----------------------------------------------------------------------------------


def _spread(make_committee, make_member, make_meeting, user, committees: int, per: int) -> None:
    for _ in range(committees):
        c = make_committee(state=CommitteeState.working)
        make_member(c, user=user)
        for n in range(per):
            make_meeting(c, days=n + 1, is_public=True)


def test_personal_feed_query_count_does_not_grow(
    client, db, make_user, make_committee, make_member, make_meeting
):
    user = make_user(Role.citizen)
    token = cal.ensure_token(user)
    _spread(make_committee, make_member, make_meeting, user, committees=2, per=1)
    with count_queries(db) as small:
        resp = client.get(f"/kalender/{token}.ics")
    assert len(events(resp.data)) == 2
    _spread(make_committee, make_member, make_meeting, user, committees=4, per=2)
    with count_queries(db) as large:
        resp = client.get(f"/kalender/{token}.ics")
    assert len(events(resp.data)) == 10
    assert large["n"] == small["n"], (small["n"], large["n"])


def test_public_feed_query_count_does_not_grow(client, db, make_committee, make_meeting):
    c = make_committee(state=CommitteeState.working)
    for n in range(2):
        make_meeting(c, days=n + 1, is_public=True)
    with count_queries(db) as small:
        assert len(events(client.get(f"/kalender/udvalg/{c.id}.ics").data)) == 2
    for n in range(8):
        make_meeting(c, days=n + 5, is_public=True)
    with count_queries(db) as large:
        assert len(events(client.get(f"/kalender/udvalg/{c.id}.ics").data)) == 10
    assert large["n"] == small["n"], (small["n"], large["n"])


def test_personal_feed_in_english_for_an_english_user(client, db, people, make_meeting):
    member = people["member"]
    member.locale = "en"
    db.session.commit()
    make_meeting(people["committee"])
    resp = client.get(f"/kalender/{cal.ensure_token(member)}.ics")
    assert resp.status_code == 200 and len(events(resp.data)) == 1
