"""Meeting load and clashes: whose meetings count, when two clash, the weeks in Copenhagen
time, the pages, the warning before a clashing meeting is saved, and a browser journey."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from committees.models import (
    BodyKind,
    CouncilMeeting,
    InviteScope,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    Role,
    WorkingGroup,
)
from committees.models.base import local_today
from tests.test_browser import check_axe, live_server, login, page  # noqa: F401
from tests.test_query_counts import count_queries
from workflows import workdays
from workflows.meetings import load, load_report
from workflows.meetings.load_report import Period, monday_of, parse_week, week_param

STAFF = "sekretariat@solbjerg.example"
DEMO_COUNCILLOR = "formand@solbjerg.example"  # Karen Winther: on the sports and youth committees


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return workdays.local_moment(day, time(hour, minute))


# A Wednesday three weeks ahead: in the future whenever the suite runs.
DAY = monday_of(local_today()) + timedelta(weeks=3, days=2)
WEEK = week_param(monday_of(DAY))


@pytest.fixture
def world(make_user, make_committee, make_member, make_meeting, make_body, db):
    """Karen (a councillor) on committees A and B and on the council; Sara (a citizen) on A;
    B meets on DAY 17:00–19:00."""
    a, b = make_committee(name="Udvalg A"), make_committee(name="Udvalg B")
    karen = make_user(Role.councillor, name="Karen Winther")
    sara = make_user(Role.citizen, name="Sara Lindholm")
    for c in (a, b):
        make_member(c, MemberType.councillor, user=karen, start_date=date(2020, 1, 1))
    make_member(a, MemberType.citizen, user=sara, start_date=date(2020, 1, 1))
    council = make_body("Kommunalbestyrelsen", BodyKind.council)
    council.members.append(karen)
    db.session.commit()
    b_meeting = make_meeting(
        b, starts_at=at(DAY, 17), ends_at=at(DAY, 19), title="B's udvalgsmøde", items=0
    )
    return {
        "a": a,
        "b": b,
        "karen": karen,
        "sara": sara,
        "council": council,
        "b_meeting": b_meeting,
    }


def _agenda(user, first=DAY, last=DAY):
    return load.agenda_of(user, first, last)


def _council_meeting(db, body, day: date) -> CouncilMeeting:
    cm = CouncilMeeting(body=body, meets_on=day)
    db.session.add(cm)
    db.session.commit()
    return cm


# --- what counts, and what clashes ------------------------------------------------------------


def test_touching_meetings_do_not_clash_and_overlapping_ones_do(world, make_meeting):
    make_meeting(world["a"], starts_at=at(DAY, 19), ends_at=at(DAY, 21), items=0)
    agenda = _agenda(world["karen"])
    assert len(agenda.entries) == 2 and agenda.clashes == []
    make_meeting(world["a"], starts_at=at(DAY, 18, 59), ends_at=at(DAY, 19, 30), items=0)
    agenda = _agenda(world["karen"])
    assert len(agenda.clashes) == 2  # 18:59 overlaps 17–19 and 19–21
    titles = {(c.entry.meeting.title, c.other.meeting.title) for c in agenda.clashes}
    assert (
        "B's udvalgsmøde",
        f"{MeetingKind.committee_meeting.label} {at(DAY, 18, 59):%d.%m}",
    ) in titles


def test_cancelled_meetings_are_ignored(world, make_meeting, db):
    other = make_meeting(world["a"], starts_at=at(DAY, 18), ends_at=at(DAY, 20), items=0)
    assert len(_agenda(world["karen"]).clashes) == 1
    other.status = MeetingStatus.cancelled
    db.session.commit()
    agenda = _agenda(world["karen"])
    assert [e.meeting.id for e in agenda.entries] == [world["b_meeting"].id]
    assert agenda.clashes == []


def test_only_the_invited_working_group_counts(world, make_meeting, make_member, db):
    a, karen, sara = world["a"], world["karen"], world["sara"]
    facilitator = make_member(a, MemberType.staff, MemberRole.facilitator).user
    group = WorkingGroup(committee=a, name="Skrivegruppen", members=[sara])
    db.session.add(group)
    db.session.commit()
    make_meeting(
        a,
        starts_at=at(DAY, 18),
        ends_at=at(DAY, 20),
        items=0,
        invite_scope=InviteScope.working_group,
        working_group_id=group.id,
    )
    assert _agenda(karen).clashes == []  # not in the group: not invited, no clash
    assert len(_agenda(karen).entries) == 1
    assert len(_agenda(sara).entries) == 1
    assert len(_agenda(facilitator).entries) == 1  # the facilitator runs every meeting


def test_a_membership_not_running_on_the_day_is_not_invited(world, make_meeting, db):
    a, sara = world["a"], world["sara"]
    make_meeting(a, starts_at=at(DAY, 10), ends_at=at(DAY, 12), items=0)
    membership = next(m for m in a.memberships if m.user_id == sara.id)
    membership.end_date = DAY - timedelta(days=1)
    db.session.commit()
    assert _agenda(sara).entries == []


def test_a_council_meeting_takes_the_whole_local_day(world, make_meeting, db):
    karen, sara = world["karen"], world["sara"]
    _council_meeting(db, world["council"], DAY)
    make_meeting(world["a"], starts_at=at(DAY + timedelta(days=1), 0), items=0)
    agenda = _agenda(karen, DAY, DAY + timedelta(days=1))
    political = [e for e in agenda.entries if e.is_political]
    assert len(political) == 1 and political[0].all_day
    # The council day clashes with B's evening meeting, not with A's at midnight after it.
    assert [(c.entry.key, c.other.key) for c in agenda.clashes] == [
        (political[0].key, f"m{world['b_meeting'].id}")
    ]
    assert [e for e in _agenda(sara).entries if e.is_political] == []  # not on the body


def test_two_political_meetings_are_not_a_clash(world, make_body, db):
    karen = world["karen"]
    finance = make_body("Økonomiudvalget", BodyKind.finance_committee)
    finance.members.append(karen)
    db.session.commit()
    day = DAY + timedelta(days=1)
    _council_meeting(db, world["council"], day)
    _council_meeting(db, finance, day)
    agenda = _agenda(karen, day, day)
    assert len(agenda.entries) == 2 and agenda.clashes == []


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2027, 3, 28), 23), (date(2026, 10, 25), 25), (date(2027, 1, 13), 24)],
)
def test_a_whole_day_follows_the_clocks(day, hours):
    entry = load.political_entry(CouncilMeeting(id=1, meets_on=day))
    assert entry.ends_at - entry.starts_at == timedelta(hours=hours)
    assert entry.starts_at.astimezone(workdays.LOCAL_TZ).time() == time(0)


def test_weeks_are_danish_weeks_in_copenhagen_time(world, make_meeting, make_member, db):
    sara = world["sara"]
    # Summer time starts on Sunday 28 March 2027. 21:30 UTC is 23:30 on Sunday (week 12);
    # 22:30 UTC is 00:30 on Monday 29 March, week 13, though UTC still says Sunday.
    sunday = make_meeting(world["a"], starts_at=datetime(2027, 3, 28, 21, 30, tzinfo=UTC))
    monday = make_meeting(world["a"], starts_at=datetime(2027, 3, 28, 22, 30, tzinfo=UTC))
    period = Period(date(2027, 3, 22), weeks=2)
    _agenda, weeks = load_report.person_load(sara, period)
    assert [w.number for w in weeks] == [12, 13]
    assert [r.entry.meeting.id for r in weeks[0].rows] == [sunday.id]
    assert [r.entry.meeting.id for r in weeks[1].rows] == [monday.id]
    assert weeks[0].rows[0].clashes_with == [weeks[1].rows[0].entry]  # they overlap
    # The period begins at local midnight: a meeting at 23:30 local the Sunday before is out.
    before = make_meeting(world["a"], starts_at=datetime(2027, 3, 21, 22, 30, tzinfo=UTC))
    before.ends_at = before.starts_at + timedelta(minutes=30)  # ends at local midnight
    db.session.commit()
    assert before.id not in {
        e.meeting.id for e in load.agenda_of(sara, period.first, period.last).entries
    }


def test_every_week_of_the_period_is_listed_even_without_meetings(world):
    period = Period(monday_of(DAY) - timedelta(weeks=1), weeks=4)
    _agenda, weeks = load_report.person_load(world["karen"], period)
    assert [len(w.rows) for w in weeks] == [0, 1, 0, 0]
    assert weeks[1].monday == monday_of(DAY) and weeks[1].sunday == monday_of(DAY) + timedelta(6)


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W53", date(2026, 12, 28)),  # 2026 has 53 weeks
        ("2027-W01", date(2027, 1, 4)),
        ("2027-W53", None),  # 2027 has not
        ("2027-W00", None),
        ("2027-13", None),
        ("<script>", None),
        ("9999-W01", None),
        ("", None),
        (None, None),
    ],
)
def test_a_week_in_the_address(text, monday):
    assert parse_week(text) == monday
    if monday:
        assert week_param(monday) == text


def test_the_period_moves_by_its_weeks():
    period = Period(date(2026, 12, 28), weeks=8)
    assert (period.previous, period.param, period.next) == ("2026-W45", "2026-W53", "2027-W08")
    assert period.last == date(2027, 2, 21)


def test_clashes_for_names_each_person_and_their_other_meeting(world, db):
    karen, sara = world["karen"], world["sara"]
    _council_meeting(db, world["council"], DAY)
    found = load.clashes_for(at(DAY, 18), at(DAY, 20), [karen, sara])
    assert {(c.person.name, c.other.key) for c in found} == {
        ("Karen Winther", f"m{world['b_meeting'].id}"),
        ("Karen Winther", next(e.key for e in _agenda(karen).entries if e.is_political)),
    }
    moved = load.clashes_for(at(DAY, 18), at(DAY, 20), [karen], world["b_meeting"].id)
    assert [c.other.is_political for c in moved] == [True]  # the meeting does not clash with itself
    assert load.clashes_for(at(DAY, 19), at(DAY, 20), [sara]) == []


# --- the pages --------------------------------------------------------------------------------


def test_my_meetings_shows_weeks_and_marks_clashes_in_words(world, make_meeting, login, client):
    make_meeting(
        world["a"], starts_at=at(DAY, 18), ends_at=at(DAY, 20), title="A's workshop", items=0
    )
    login(world["karen"])
    html = client.get(f"/mine-moeder?uge={WEEK}").get_data(as_text=True)
    assert "Mine møder" in html and f"Uge {monday_of(DAY).isocalendar()[1]}" in html
    assert html.count(">Sammenfald<") == 2  # both meetings are marked, in words
    assert (
        "Overlapper med:" in html and "A&#39;s workshop" in html and "B&#39;s udvalgsmøde" in html
    )
    assert 'href="/hjaelp/member#mine-moeder"' in html


def test_a_week_that_is_not_a_week_shows_this_week(world, login, client):
    login(world["sara"])
    this_week = monday_of(local_today()).isocalendar()[1]
    for bad in ("2027-W99", "x" * 300, "-1"):
        resp = client.get("/mine-moeder", query_string={"uge": bad})
        assert resp.status_code == 200 and f"Uge {this_week}" in resp.get_data(as_text=True)


def test_the_secretariat_sees_the_busiest_people_and_every_clash(
    world, make_meeting, make_user, login, client, monkeypatch
):
    a = world["a"]
    make_meeting(a, starts_at=at(DAY, 18), ends_at=at(DAY, 20), title="Første sammenfald", items=0)
    make_meeting(
        world["b"],
        starts_at=at(DAY + timedelta(days=1), 9),
        ends_at=at(DAY + timedelta(days=1), 11),
        title="B om morgenen",
        items=0,
    )
    make_meeting(
        a,
        starts_at=at(DAY + timedelta(days=1), 10),
        ends_at=at(DAY + timedelta(days=1), 12),
        title="Andet sammenfald",
        items=0,
    )
    login(make_user(Role.secretariat))
    monkeypatch.setattr("committees.meetings.load.CLASHES_PER_PAGE", 1)
    first = client.get(f"/moedebelastning?uge={WEEK}").get_data(as_text=True)
    assert "Alle sammenfald (2)" in first and "Første sammenfald" in first
    assert "Andet sammenfald" not in first
    busiest = first.split('id="busiest-heading"')[1].split("</table>")[0]
    assert busiest.index("Karen Winther") < busiest.index("Sara Lindholm")
    second = client.get(f"/moedebelastning?uge={WEEK}&page=2").get_data(as_text=True)
    assert "Andet sammenfald" in second and "Første sammenfald" not in second
    person = client.get(f"/moedebelastning/{world['karen'].id}?uge={WEEK}")
    assert person.status_code == 200 and "Møder: Karen Winther" in person.get_data(as_text=True)
    assert client.get("/moedebelastning/999999").status_code == 404
    assert client.get(f"/moedebelastning?uge={WEEK}&page=99").status_code == 200


def test_the_pages_answer_when_nobody_has_meetings(make_user, login, client):
    login(make_user(Role.secretariat))
    assert "Der er ingen sammenfald i perioden." in client.get("/moedebelastning").get_data(
        as_text=True
    )
    assert "Ingen møder." in client.get("/mine-moeder").get_data(as_text=True)


def test_the_menu_links_each_person_to_their_page(world, make_user, login, client):
    login(world["sara"])
    assert 'href="/mine-moeder"' in client.get("/arbejdsrum/").get_data(as_text=True)
    login(make_user(Role.secretariat))
    assert 'href="/moedebelastning"' in client.get("/arbejdsrum/").get_data(as_text=True)


# --- the warning before saving ----------------------------------------------------------------


def _form(day: date = DAY, start: str = "18:00", end: str = "20:00", **kw) -> dict:
    return {
        "kind": "committee_meeting",
        "title": "Nyt møde",
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "place": "Rådhuset",
        "invite_scope": "committee",
        "working_group": "0",
        **kw,
    }


def _digest(html: str) -> str:
    return re.search(r'name="clash_digest" type="hidden" value="([0-9a-f]*)"', html).group(1)


def _warning(html: str) -> str:
    return html.split('id="sammenfald"')[1].split("<form")[0]


def _count(db, committee) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Meeting).where(Meeting.committee_id == committee.id)
    )


def test_planning_a_clash_warns_first_and_saves_only_when_confirmed(
    world, make_user, login, client, db
):
    a = world["a"]
    login(make_user(Role.secretariat))
    url = f"/arbejdsrum/{a.id}/moeder/nyt"
    first = client.post(url, data=_form())
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and _count(db, a) == 0  # nothing saved
    assert "Sammenfald: nogle af de indkaldte" in html and "Gem alligevel" in html
    assert "Karen Winther" in html and "B&#39;s udvalgsmøde" in html and "Udvalg B" in html
    assert "Sara Lindholm" not in _warning(html)  # she has no other meeting then
    # "Save anyway" with another time than the one warned about warns again.
    moved = client.post(url, data=_form(start="17:30", save_anyway="1", clash_digest="0" * 32))
    assert moved.status_code == 200 and _count(db, a) == 0
    saved = client.post(url, data=_form(save_anyway="1", clash_digest=_digest(html)))
    assert saved.status_code == 302 and _count(db, a) == 1


def test_a_meeting_without_clashes_is_saved_at_once(world, make_user, login, client, db):
    login(make_user(Role.secretariat))
    resp = client.post(f"/arbejdsrum/{world['a'].id}/moeder/nyt", data=_form(start="19:00"))
    assert resp.status_code == 302 and _count(db, world["a"]) == 1


def test_moving_a_meeting_onto_a_clash_warns_and_keeps_it_until_confirmed(
    world, make_meeting, make_user, login, client, db
):
    a = world["a"]
    m = make_meeting(a, starts_at=at(DAY, 8), ends_at=at(DAY, 9), title="Morgenmøde", items=0)
    login(make_user(Role.secretariat))
    url = f"/arbejdsrum/{a.id}/moeder/{m.id}/rediger"
    data = _form(title="Morgenmøde", expected_sequence="0")
    first = client.post(url, data=data)
    assert first.status_code == 200 and "Karen Winther" in first.get_data(as_text=True)
    db.session.refresh(m)
    assert m.starts_at == at(DAY, 8) and m.sequence == 0
    digest = _digest(first.get_data(as_text=True))
    assert (
        client.post(url, data={**data, "save_anyway": "1", "clash_digest": digest}).status_code
        == 302
    )
    db.session.refresh(m)
    assert m.starts_at == at(DAY, 18)
    # A change that keeps the time does not warn again about the clash already accepted.
    again = client.post(url, data={**data, "title": "Aftenmøde", "expected_sequence": "1"})
    assert again.status_code == 302


def test_the_meeting_plan_warns_per_row(world, make_user, login, client, db):
    a = world["a"]
    login(make_user(Role.secretariat))
    rows = {}
    for n, (day, start) in enumerate(((DAY, "18:00"), (DAY + timedelta(days=7), "18:00"))):
        row = _form(day, start, title=f"Planmøde {n + 1}")
        rows.update(
            {f"rows-{n}-{k}": row[k] for k in ("kind", "title", "day", "start", "end", "place")}
        )
    url = f"/arbejdsrum/{a.id}/moeder/plan"
    first = client.post(url, data=rows)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "Møde 1</strong>" in html and "Møde 2</strong>" not in html
    assert _count(db, a) == 0
    saved = client.post(url, data={**rows, "save_anyway": "1", "clash_digest": _digest(html)})
    assert saved.status_code == 302 and _count(db, a) == 2


def test_a_facilitator_is_not_told_what_another_committee_meets_about(
    world, make_member, login, client
):
    facilitator = make_member(world["a"], MemberType.stakeholder, MemberRole.facilitator).user
    login(facilitator)
    html = client.post(f"/arbejdsrum/{world['a'].id}/moeder/nyt", data=_form()).get_data(
        as_text=True
    )
    assert "Karen Winther" in html and "Et møde i et andet opgaveudvalg" in html
    assert "B&#39;s udvalgsmøde" not in html


# --- no N+1 -----------------------------------------------------------------------------------


def _grow(world, make_committee, make_member, make_meeting, db, n: int) -> None:
    """n more committees where Karen and a new citizen meet, clashing, plus a council date."""
    known = db.session.scalar(db.select(db.func.count()).select_from(CouncilMeeting))
    for i in range(known, known + n):
        c = make_committee()
        make_member(c, MemberType.councillor, user=world["karen"], start_date=date(2020, 1, 1))
        make_member(c, MemberType.citizen, start_date=date(2020, 1, 1))
        day = DAY + timedelta(days=i % 5)
        make_meeting(c, starts_at=at(day, 17, 30), ends_at=at(day, 19), items=0)
        make_meeting(c, starts_at=at(day + timedelta(days=7), 9), items=0)
        db.session.add(CouncilMeeting(body=world["council"], meets_on=day + timedelta(days=14 + i)))
    db.session.commit()


@pytest.mark.parametrize("who", ["karen", "secretariat"])
def test_load_pages_do_not_grow_with_meetings_or_people(
    who, world, make_user, make_committee, make_member, make_meeting, login, client, db
):
    user = world["karen"] if who == "karen" else make_user(Role.secretariat)
    path = f"/mine-moeder?uge={WEEK}" if who == "karen" else f"/moedebelastning?uge={WEEK}"
    login(user)
    _grow(world, make_committee, make_member, make_meeting, db, 2)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    _grow(world, make_committee, make_member, make_meeting, db, 8)
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


def test_the_warning_does_not_grow_with_the_invited(
    world, make_user, make_committee, make_member, make_meeting, login, client, db
):
    a = world["a"]
    login(make_user(Role.secretariat))

    def invite_more(n: int) -> None:
        for _ in range(n):
            person = make_member(a, MemberType.citizen, start_date=date(2020, 1, 1)).user
            other = make_committee()
            make_member(other, MemberType.citizen, user=person, start_date=date(2020, 1, 1))
            make_meeting(other, starts_at=at(DAY, 18, 30), ends_at=at(DAY, 19, 30), items=0)

    invite_more(2)
    with count_queries(db) as small:
        assert client.post(f"/arbejdsrum/{a.id}/moeder/nyt", data=_form()).status_code == 200
    invite_more(10)
    with count_queries(db) as large:
        assert client.post(f"/arbejdsrum/{a.id}/moeder/nyt", data=_form()).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_a_councillor_sees_the_clash_and_the_secretariat_is_warned(page, db):  # noqa: F811
    from committees.models import Committee

    workshop = db.session.scalar(
        db.select(Meeting).where(Meeting.title == "Workshop: Foreningernes behov for haller")
    )
    day = workdays.local_date(workshop.starts_at)
    login(page, DEMO_COUNCILLOR)
    page.get_by_role("link", name="Mine møder").first.click()
    page.wait_for_load_state()
    week = page.get_by_role("region", name=re.compile(rf"^Uge {day.isocalendar()[1]}\b"))
    assert (
        "Sammenfald" in week.inner_text() and "Foreningernes behov for haller" in week.inner_text()
    )
    check_axe(page, "load-my-meetings")

    page.context.clear_cookies()
    login(page, STAFF)
    youth = db.session.scalar(db.select(Committee).where(Committee.name.like("%unges trivsel%")))
    page.goto(f"{page.base}/arbejdsrum/{youth.id}/moeder/nyt")
    page.get_by_label("Titel", exact=True).fill("Ekstra møde om fritidsjob")
    page.get_by_label("Dato", exact=True).fill(day.isoformat())
    page.get_by_label("Starttid").fill("16:00")  # before the youth committee's own meeting
    page.get_by_label("Sluttid").fill("16:45")
    page.get_by_label("Sted", exact=True).fill("Solbjerg Rådhus")
    page.get_by_role("button", name="Gem mødet").click()
    page.wait_for_load_state()
    warning = page.get_by_role("alert")
    assert "Karen Winther" in warning.inner_text()
    assert "Foreningernes behov for haller" in warning.inner_text()
    check_axe(page, "load-clash-warning")
    page.get_by_role("button", name="Gem alligevel").click()
    page.wait_for_load_state()
    assert "Mødet er oprettet" in page.inner_text("main")

    page.get_by_role("link", name="Mødebelastning").first.click()
    page.wait_for_load_state()
    assert "Ekstra møde om fritidsjob" in page.inner_text("main")
    check_axe(page, "load-overview")
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/moedebelastning", "/mine-moeder"):
        page.goto(page.base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
    check_axe(page, "load-my-meetings-320")
    assert page.console_errors == []
