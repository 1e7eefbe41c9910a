"""Meeting pages: who may use each route, bad input, the public page and query counts."""

from datetime import UTC, datetime, timedelta

import pytest

from committees.models import (
    CommitteeState,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    Role,
    Rsvp,
)
from tests.test_query_counts import count_queries
from tests.test_route_permissions import LOGIN, PEOPLE, _expect

VIEW = _expect(200, anonymous=LOGIN, citizen=404, outsider=404)
MANAGE = _expect(
    403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=200, admin=200, facilitator=200
)
MANAGE_POST = {**MANAGE, "secretariat": 302, "admin": 302, "facilitator": 302}
MEMBER_POST = _expect(403, anonymous=LOGIN, citizen=404, outsider=404, member=302, facilitator=302)
PUBLIC = _expect(200)


def future_form(days: int = 30, **kw) -> dict:
    day = (datetime.now(UTC) + timedelta(days=days)).date().isoformat()
    return {
        "kind": "committee_meeting",
        "title": "Udvalgsmøde",
        "day": day,
        "start": "17:00",
        "end": "19:00",
        "place": "Rådhuset",
        "invite_scope": "committee",
        "working_group": "0",
        **kw,
    }


ROUTES = [
    ("GET", "/arbejdsrum/{c}/moeder", None, VIEW),
    ("GET", "/arbejdsrum/{c}/moeder/nyt", None, MANAGE),
    ("POST", "/arbejdsrum/{c}/moeder/nyt", future_form(), MANAGE_POST),
    ("GET", "/arbejdsrum/{c}/moeder/plan", None, MANAGE),
    ("GET", "/arbejdsrum/{c}/moeder/{m}", None, VIEW),
    ("GET", "/arbejdsrum/{c}/moeder/{m}/rediger", None, MANAGE),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{m}/rediger",
        future_form(31, expected_sequence="0"),
        MANAGE_POST,
    ),
    ("GET", "/arbejdsrum/{c}/moeder/{m}/aflys", None, MANAGE),
    ("POST", "/arbejdsrum/{c}/moeder/{m}/udsend", {"expected_status": "planned"}, MANAGE_POST),
    ("GET", "/arbejdsrum/{c}/moeder/{m}/punkter/nyt", None, MANAGE),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{m}/punkter/nyt",
        {"kind": "decision", "title": "Nyt"},
        MANAGE_POST,
    ),
    ("GET", "/arbejdsrum/{c}/moeder/{m}/punkter/{i}", None, MANAGE),
    ("POST", "/arbejdsrum/{c}/moeder/{m}/punkter/{i}/flyt", {"direction": "1"}, MANAGE_POST),
    ("POST", "/arbejdsrum/{c}/moeder/{m}/punkter/{i}/slet", {}, MANAGE_POST),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{m}/svar",
        {"answer": "apology", "reason": "Syg"},
        MEMBER_POST,
    ),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{m}/gaester",
        {"name": "G", "email": "g@example.dk"},
        MANAGE_POST,
    ),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/arbejdsgrupper",
        {"name": "Gruppe", "members": "{member_id}"},
        MANAGE_POST,
    ),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{m}/aflys",
        {"expected_sequence": "0", "reason": "Syg"},
        MANAGE_POST,
    ),
    ("GET", "/udvalg/{c}/moeder/{m}", None, PUBLIC),
    ("GET", "/udvalg/{c}/moeder/{private}", None, _expect(404)),
]
CASES = [
    pytest.param(method, url, data, person, table[person], id=f"{method} {url} as {person}")
    for method, url, data, table in ROUTES
    for person in PEOPLE
]


@pytest.fixture
def world(people, make_meeting):
    c = people["committee"]
    people["meeting"] = make_meeting(c, days=20, items=2, is_public=True)
    people["private"] = make_meeting(c, days=21, items=1)
    return people


@pytest.mark.parametrize(("method", "url", "data", "person", "expected"), CASES)
def test_meeting_route_access(method, url, data, person, expected, world, login, client):
    c, m = world["committee"], world["meeting"]
    path = url.format(c=c.id, m=m.id, i=m.items[-1].id, private=world["private"].id)
    if data and "members" in data:
        data = {**data, "members": str(world["member"].id)}
    if world[person] is not None:
        login(world[person])
    resp = client.get(path) if method == "GET" else client.post(path, data=data)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:400]


def test_a_meeting_of_another_committee_is_404(world, login, client, make_meeting):
    foreign = make_meeting(world["other"], days=5)
    login(world["secretariat"])
    c = world["committee"]
    assert client.get(f"/arbejdsrum/{c.id}/moeder/{foreign.id}").status_code == 404
    assert (
        client.get(f"/arbejdsrum/{c.id}/moeder/{world['meeting'].id}/punkter/99999").status_code
        == 404
    )
    assert client.get(f"/udvalg/{c.id}/moeder/{foreign.id}").status_code == 404


def test_bad_meeting_form_keeps_the_input_and_explains(world, login, client, db):
    login(world["secretariat"])
    c = world["committee"]
    before = db.session.scalar(db.select(db.func.count(Meeting.id)))
    bad = future_form(end="16:00", title="Mit møde", online_url="javascript:alert(1)")
    resp = client.post(f"/arbejdsrum/{c.id}/moeder/nyt", data=bad)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Sluttiden skal ligge efter starttiden" in html and "https://" in html
    assert 'value="Mit møde"' in html
    past = future_form(-3)
    resp = client.post(f"/arbejdsrum/{c.id}/moeder/nyt", data=past)
    assert resp.status_code == 400 and "fremtiden" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == before


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", "party"),
        ("day", "31-02-2027"),
        ("start", "25:99"),
        ("invite_scope", "x"),
        ("working_group", "abc"),
        ("title", "x" * 500),
        ("place", "\x00" * 5),
    ],
)
def test_meeting_form_never_500(world, login, client, field, value):
    login(world["secretariat"])
    resp = client.post(
        f"/arbejdsrum/{world['committee'].id}/moeder/nyt", data=future_form(**{field: value})
    )
    assert resp.status_code in (302, 400)


def test_the_plan_form_saves_the_filled_rows(world, login, client, db):
    login(world["facilitator"])
    c = world["committee"]
    rows = {}
    for n, days in enumerate((40, 70)):
        for key, value in future_form(days, title=f"Møde {n + 1}").items():
            if key in ("kind", "title", "day", "start", "end", "place"):
                rows[f"rows-{n}-{key}"] = value
    rows["rows-2-title"] = "Halv række"  # no date: an error, and nothing is saved
    resp = client.post(f"/arbejdsrum/{c.id}/moeder/plan", data=rows)
    assert resp.status_code == 400 and "Skriv datoen" in resp.get_data(as_text=True)
    del rows["rows-2-title"]
    resp = client.post(f"/arbejdsrum/{c.id}/moeder/plan", data=rows)
    assert resp.status_code == 302
    titles = db.session.scalars(db.select(Meeting.title).where(Meeting.title.like("Møde %"))).all()
    assert sorted(titles) == ["Møde 1", "Møde 2"]


def test_draft_agenda_is_hidden_from_members_until_published(world, login, client):
    c, m = world["committee"], world["meeting"]
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}"
    login(world["member"])
    html = client.get(url).get_data(as_text=True)
    assert "Punkt 1" not in html and "ikke udsendt endnu" in html
    login(world["facilitator"])
    assert client.post(url + "/udsend", data={"expected_status": "planned"}).status_code == 302
    assert client.post(url + "/udsend", data={"expected_status": "planned"}).status_code == 409
    login(world["member"])
    assert "Punkt 1" in client.get(url).get_data(as_text=True)


def test_closed_items_are_for_members_and_never_public(world, login, client, db):
    c, m = world["committee"], world["meeting"]
    item = m.items[0]
    item.is_closed, item.case_text = True, "Fortroligt **indhold**"
    m.status, m.agenda_published_at = MeetingStatus.agenda_published, datetime.now(UTC)
    db.session.commit()
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}"
    login(world["member"])
    assert "Fortroligt <strong>indhold</strong>" in client.get(url).get_data(as_text=True)
    login(world["councillor"])  # sees the workspace, but is not a member
    html = client.get(url).get_data(as_text=True)
    assert "Fortroligt" not in html and "kun for udvalgets medlemmer" in html
    client.post("/konto/log-ud")
    public = client.get(f"/udvalg/{c.id}/moeder/{m.id}").get_data(as_text=True)
    assert "Fortroligt" not in public and "Punkt 1" not in public and "Punkt 2" in public
    assert "1 lukket punkt" in public


def test_markdown_in_case_text_is_sanitized(world, login, client, db):
    c, m = world["committee"], world["meeting"]
    login(world["facilitator"])
    resp = client.post(
        f"/arbejdsrum/{c.id}/moeder/{m.id}/punkter/nyt",
        data={
            "kind": "discussion",
            "title": "<b>Titel</b>",
            "case_text": "<script>alert(1)</script>[x](javascript:alert(2))",
        },
    )
    assert resp.status_code == 302
    html = client.get(f"/arbejdsrum/{c.id}/moeder/{m.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in html and 'href="javascript' not in html
    assert "&lt;b&gt;Titel&lt;/b&gt;" in html


def test_rsvp_from_the_page_and_the_facilitator_sees_the_answers(world, login, client, db):
    c, m = world["committee"], world["meeting"]
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}"
    login(world["member"])
    assert client.post(url + "/svar", data={"answer": "maybe"}).status_code == 302  # a message
    assert db.session.scalar(db.select(db.func.count(Rsvp.id))) == 0
    client.post(url + "/svar", data={"answer": "apology", "reason": "Ferie i Rom"})
    login(world["facilitator"])
    html = client.get(url).get_data(as_text=True)
    assert "Ferie i Rom" in html and "1 af 2 har svaret" in html


def test_the_stale_move_is_a_409(world, login, client):
    c, m = world["committee"], world["meeting"]
    login(world["secretariat"])
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}/rediger"
    assert client.post(url, data=future_form(33, expected_sequence="0")).status_code == 302
    assert client.post(url, data=future_form(34, expected_sequence="0")).status_code == 409


def test_meeting_page_queries_do_not_grow_with_items_and_members(
    client, db, login, make_user, make_committee, make_member, make_meeting
):
    login(make_user(Role.secretariat))
    c = make_committee(state=CommitteeState.working, seats=(5, 10, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    m = make_meeting(
        c,
        days=10,
        items=2,
        status=MeetingStatus.agenda_published,
        agenda_published_at=datetime.now(UTC),
    )
    paths = [
        f"/arbejdsrum/{c.id}/moeder/{m.id}",
        f"/arbejdsrum/{c.id}/moeder",
        f"/udvalg/{c.id}/moeder/{m.id}",
    ]
    m.is_public = True
    db.session.commit()
    small = {}
    for path in paths:
        with count_queries(db) as counted:
            assert client.get(path).status_code == 200
        small[path] = counted["n"]
    from committees.models import AgendaItem

    for n in range(3, 15):
        m.items.append(AgendaItem(position=n, kind=ItemKind.information, title=f"P{n}"))
        make_member(c, MemberType.citizen)
    for _ in range(6):
        make_meeting(c, days=20 + _, kind=MeetingKind.workshop)
    db.session.commit()
    for path in paths:
        with count_queries(db) as counted:
            assert client.get(path).status_code == 200
        assert counted["n"] == small[path], (path, small[path], counted["n"])


def test_service_levels_are_set_per_committee(world, login, client, db):
    c = world["committee"]
    login(world["secretariat"])
    form = {
        "name": c.name,
        "agenda_days_before": "6",
        "minutes_days_after": "3",
        "approval_days": "7",
        "minutes_rule": "deadline",
    }
    bad = client.post(f"/arbejdsrum/{c.id}/rediger", data={**form, "approval_days": "-2"})
    assert bad.status_code in (200, 400) and "mellem" in bad.get_data(as_text=True).lower()
    assert client.post(f"/arbejdsrum/{c.id}/rediger", data=form).status_code == 302
    db.session.refresh(c)
    assert (c.agenda_days_before, c.minutes_days_after, c.approval_days) == (6, 3, 7)
    assert c.minutes_rule.name == "deadline"
    from workflows import meeting_kinds, workdays

    m = world["meeting"]
    assert meeting_kinds.agenda_deadline(m) == workdays.working_days_before(m.local_date, 6)


def test_odd_digits_in_the_hidden_sequence_are_not_a_500(world, login, client):
    c, m = world["committee"], world["meeting"]
    login(world["secretariat"])
    for path, form in (
        ("rediger", future_form(31, expected_sequence="²")),
        ("aflys", {"expected_sequence": "²", "reason": ""}),
    ):
        resp = client.post(f"/arbejdsrum/{c.id}/moeder/{m.id}/{path}", data=form)
        assert resp.status_code in (302, 400, 409)


def test_the_cancel_reason_stays_internal(world, login, client):
    c, m = world["committee"], world["meeting"]
    login(world["secretariat"])
    form = {"expected_sequence": "0", "reason": "Formanden er syg"}
    assert client.post(f"/arbejdsrum/{c.id}/moeder/{m.id}/aflys", data=form).status_code == 302
    assert "Formanden er syg" in client.get(f"/arbejdsrum/{c.id}/moeder/{m.id}").get_data(
        as_text=True
    )
    client.post("/konto/log-ud")
    public = client.get(f"/udvalg/{c.id}/moeder/{m.id}").get_data(as_text=True)
    assert "aflyst" in public and "Formanden er syg" not in public
    ics = client.get(f"/kalender/udvalg/{c.id}.ics").get_data(as_text=True)
    assert "CANCELLED" in ics and "syg" not in ics
