"""The attendance register: pre-filled from RSVP, kept after the meeting has begun, exported as
CSV for a period (Excel in Danish, formula-safe, constant query count), and who may do what."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from committees.models import (
    Attendance,
    AttendanceStatus,
    AuditEntry,
    MeetingStatus,
    MemberRole,
    MemberType,
    MinutesStatus,
    Role,
    Rsvp,
    RsvpAnswer,
)
from committees.models.base import local_today
from workflows.errors import NotAllowed, PermissionDenied
from workflows.meetings import attendance
from workflows.meetings.attendance import AttendanceRow

P, A, S = AttendanceStatus.present, AttendanceStatus.absent, AttendanceStatus.apology


@pytest.fixture
def world(db, make_committee, make_member, make_user, make_meeting):
    """A working committee: chair (councillor), two citizens, an external facilitator, staff;
    a meeting held yesterday."""
    c = make_committee()
    chair = make_member(c, MemberType.councillor, MemberRole.chair).user
    anna = make_member(c, MemberType.citizen, user=make_user(name="Anna Andersen")).user
    bo = make_member(c, MemberType.citizen, user=make_user(name="Bo Berg")).user
    facilitator = make_member(c, MemberType.stakeholder, MemberRole.facilitator).user
    staff = make_user(Role.secretariat)
    meeting = make_meeting(c, days=-1)
    return {
        "c": c,
        "chair": chair,
        "anna": anna,
        "bo": bo,
        "facilitator": facilitator,
        "staff": staff,
        "meeting": meeting,
    }


def rows(*pairs, **kw) -> list[AttendanceRow]:
    return [AttendanceRow(user.id, status, **kw) for user, status in pairs]


def everyone(w, status=P) -> list[AttendanceRow]:
    return rows(*((u, status) for u in attendance.invitees.attendees(w["meeting"])))


# --- the register ------------------------------------------------------------------------------


def test_the_register_lists_the_invited_and_is_prefilled_from_rsvp(db, world):
    m = world["meeting"]
    db.session.add_all(
        [
            Rsvp(meeting=m, user_id=world["anna"].id, answer=RsvpAnswer.attending),
            Rsvp(meeting=m, user_id=world["bo"].id, answer=RsvpAnswer.apology, reason="Syg"),
        ]
    )
    db.session.commit()
    lines = {line.user.id: line for line in attendance.register(m)}
    assert set(lines) == {
        world[k].id for k in ("chair", "anna", "bo", "facilitator")
    }  # guests and staff who are not members are not on it
    assert lines[world["anna"].id].status is P and not lines[world["anna"].id].recorded
    assert lines[world["bo"].id].status is S
    assert lines[world["chair"].id].status is None  # no answer: no guess


def test_recording_writes_one_line_per_person_and_records_counts_only(db, world):
    m, staff = world["meeting"], world["staff"]
    attendance.record(m, rows((world["anna"], P), (world["bo"], S)), staff)
    attendance.record(
        m,
        rows((world["anna"], P), (world["bo"], A), (world["chair"], P), arrived_late=True),
        staff,
    )
    kept = attendance.recorded(m)
    assert len(kept) == 3 and kept[world["bo"].id].status is A
    assert kept[world["anna"].id].arrived_late is True
    assert kept[world["bo"].id].arrived_late is False  # late is only for those present
    assert m.attendance_recorded_at is not None
    entry = db.session.scalars(
        db.select(AuditEntry).filter_by(action="attendance.recorded").order_by(AuditEntry.id)
    ).all()[-1]
    assert entry.details == {"meeting": m.id, "present": 2, "absent": 1, "apology": 0}
    line = {x.user.id: x for x in attendance.register(m)}[world["anna"].id]
    assert line.recorded and line.status is P


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        ("future", NotAllowed),
        ("cancelled", NotAllowed),
        ("in_approval", NotAllowed),
        ("member", PermissionDenied),
        ("stranger", NotAllowed),
    ],
)
def test_recording_is_refused(db, world, make_meeting, make_user, setup, error):
    m, actor = world["meeting"], world["staff"]
    data = everyone(world)
    if setup == "future":
        m = make_meeting(world["c"], days=2)
    elif setup == "cancelled":
        m.status = MeetingStatus.cancelled
    elif setup == "in_approval":
        m.minutes_status = MinutesStatus.in_approval
    elif setup == "member":
        actor = world["anna"]
    elif setup == "stranger":
        data = [AttendanceRow(make_user().id, P)]
    db.session.commit()
    with pytest.raises(error):
        attendance.record(m, data, actor)
    assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 0


def test_the_facilitator_keeps_the_register(db, world):
    attendance.record(world["meeting"], everyone(world), world["facilitator"])
    assert len(attendance.recorded(world["meeting"])) == 4


# --- the register page -------------------------------------------------------------------------


def _url(w) -> str:
    return f"/arbejdsrum/{w['c'].id}/moeder/{w['meeting'].id}/fremmoede"


def _form(lines, answers: dict | None = None) -> dict:
    """The register as a browser posts it; `answers` maps a user id to that row's fields."""
    data = {}
    for i, line in enumerate(lines):
        data[f"rows-{i}-user_id"] = str(line.user.id)
        data.update({f"rows-{i}-{k}": v for k, v in (answers or {}).get(line.user.id, {}).items()})
    return data


def _all_present(lines) -> dict:
    return {line.user.id: {"status": "present"} for line in lines}


def test_the_page_prefills_and_saves(db, world, client, login):
    m = world["meeting"]
    db.session.add(Rsvp(meeting=m, user_id=world["bo"].id, answer=RsvpAnswer.apology))
    db.session.commit()
    login(world["facilitator"])
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Bo Berg" in page and "forudfyldt" in page
    checked = [i for i in re.findall(r"<input[^>]*>", page) if " checked" in i]
    assert [re.search(r'value="(\w+)"', i).group(1) for i in checked] == ["apology"]
    lines = attendance.register(m)
    answers = {line.user.id: {"status": "present"} for line in lines}
    answers[world["bo"].id] = {"status": "apology", "note": "Syg"}
    answers[world["anna"].id] = {"status": "present", "left_early": "y"}
    resp = client.post(_url(world), data=_form(lines, answers))
    assert resp.status_code == 302
    kept = attendance.recorded(m)
    assert kept[world["bo"].id].note == "Syg" and kept[world["anna"].id].left_early


def test_a_failed_form_comes_back_with_the_input_and_400(db, world, client, login):
    login(world["staff"])
    lines = attendance.register(world["meeting"])
    data = _form(lines)
    data["rows-0-note"] = "Husk kørsel"
    data["rows-1-status"] = "absent"
    data["rows-1-arrived_late"] = "y"
    resp = client.post(_url(world), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "Husk kørsel" in page and "Vælg til stede, fraværende eller afbud." in page
    assert "gælder kun for de fremmødte" in page
    assert attendance.recorded(world["meeting"]) == {}


def test_a_tampered_list_of_people_is_refused(db, world, client, login, make_user):
    login(world["staff"])
    data = {"rows-0-user_id": str(make_user().id), "rows-0-status": "present"}
    resp = client.post(_url(world), data=data)
    assert resp.status_code == 400 and "Genindlæs siden" in resp.get_data(as_text=True)


def test_a_meeting_not_yet_held_shows_why_and_refuses(db, world, client, login, make_meeting):
    future = make_meeting(world["c"], days=3)
    login(world["staff"])
    url = f"/arbejdsrum/{world['c'].id}/moeder/{future.id}/fremmoede"
    assert "ikke begyndt" in client.get(url).get_data(as_text=True)
    lines = attendance.register(future)
    data = _form(lines, _all_present(lines))
    resp = client.post(url, data=data)
    assert resp.status_code == 302 and attendance.recorded(future) == {}


# --- the export --------------------------------------------------------------------------------


def _record_all(world, meeting, status=P, note=""):
    lines = attendance.register(meeting)
    attendance.record(
        meeting, [AttendanceRow(x.user.id, status, note=note) for x in lines], world["staff"]
    )


def _csv(client, world, query="") -> tuple:
    resp = client.get(f"/arbejdsrum/{world['c'].id}/fremmoede.csv{query}")
    return resp, resp.get_data().decode("utf-8")


def test_the_csv_is_excel_in_danish_and_formula_safe(db, world, client, login):
    m = world["meeting"]
    m.title = '=HYPERLINK("http://x")'
    db.session.commit()
    attendance.record(
        m,
        [
            AttendanceRow(world["anna"].id, P, arrived_late=True, note="+45 1234"),
            AttendanceRow(world["bo"].id, S, note="@home; -syg"),
            AttendanceRow(world["chair"].id, A),
        ],
        world["staff"],
    )
    login(world["staff"])
    resp, text = _csv(client, world)
    assert resp.status_code == 200
    assert resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert text.startswith("\ufeff")
    assert text.lstrip("\ufeff").split("\r\n")[0] == (
        "dato;møde;type;navn;medlemstype;rolle;status;kom senere;gik tidligere;bemærkning"
    )
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))[1:]
    day = m.local_date.strftime("%d-%m-%Y")
    by_name = {r[3]: r for r in table}
    assert len(table) == 3 and all(r[0] == day for r in table)
    assert by_name["Anna Andersen"] == [
        day,
        '\'=HYPERLINK("http://x")',
        "Udvalgsmøde",
        "Anna Andersen",
        "Borgermedlem",
        "Medlem",
        "Til stede",
        "ja",
        "nej",
        "'+45 1234",
    ]
    assert by_name["Bo Berg"][6:] == ["Afbud", "nej", "nej", "'@home; -syg"]
    chair = next(r for r in table if r[5] == "Formand")
    assert chair[6] == "Fraværende" and chair[4] == "Kommunalbestyrelsesmedlem"


def test_the_period_filter_uses_the_copenhagen_day_and_skips_cancelled(
    db, world, client, login, make_meeting
):
    c = world["c"]
    # 23:30 UTC on 31 December is already 1 January in Copenhagen.
    new_year = make_meeting(c, starts_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC), title="Nytår")
    old_year = make_meeting(c, starts_at=datetime(2025, 12, 31, 21, 0, tzinfo=UTC), title="Gammel")
    cancelled = make_meeting(c, starts_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC), title="Aflyst")
    for m in (new_year, old_year, cancelled):
        db.session.add(Attendance(meeting=m, user_id=world["anna"].id, status=P))
    cancelled.status = MeetingStatus.cancelled
    db.session.commit()
    rows_2026 = attendance.export_rows(c, date(2026, 1, 1), date(2026, 1, 31))
    assert [r.meeting for r in rows_2026] == ["Nytår"]
    rows_2025 = attendance.export_rows(c, date(2025, 12, 1), date(2025, 12, 31))
    assert [r.meeting for r in rows_2025] == ["Gammel"]
    login(world["facilitator"])
    _resp, text = _csv(client, world, "?fra=2026-01-01&til=2026-01-31")
    assert "Nytår" in text and "Gammel" not in text and "Aflyst" not in text


def test_the_default_period_is_the_current_year(db, world, client, login, make_meeting):
    _record_all(world, world["meeting"])
    last_year = make_meeting(world["c"], days=-400, title="Sidste år")
    db.session.add(Attendance(meeting=last_year, user_id=world["anna"].id, status=P))
    db.session.commit()
    login(world["staff"])
    _resp, text = _csv(client, world)
    if world["meeting"].local_date.year == local_today().year:
        assert world["meeting"].title in text
    assert "Sidste år" not in text
    page = client.get(f"/arbejdsrum/{world['c'].id}/fremmoede").get_data(as_text=True)
    assert f"fra={local_today().year}-01-01" in page


@pytest.mark.parametrize(
    "query",
    ["?fra=2026-13-01", "?fra=igår", "?fra=2026-05-01&til=2026-04-01", "?fra=1990-01-01"],
)
def test_bad_dates_are_a_400_page_with_a_message(world, client, login, query):
    login(world["staff"])
    resp, text = _csv(client, world, query)
    assert resp.status_code == 400 and "<h1>" in text
    assert any(
        phrase in text for phrase in ("gyldig dato", "efter startdatoen", "højst være 10 år")
    ), text
    overview = client.get(f"/arbejdsrum/{world['c'].id}/fremmoede{query}")
    assert overview.status_code == 400


def test_the_overview_counts_per_person(db, world, client, login, make_meeting):
    _record_all(world, world["meeting"])
    second = make_meeting(world["c"], days=-2)
    attendance.record(
        second,
        [
            AttendanceRow(world["anna"].id, S),
            AttendanceRow(world["bo"].id, P, left_early=True),
        ],
        world["staff"],
    )
    day = world["meeting"].local_date
    summary = attendance.summary(attendance.export_rows(world["c"], day - timedelta(days=5), day))
    anna = next(p for p in summary if p["name"] == "Anna Andersen")
    bo = next(p for p in summary if p["name"] == "Bo Berg")
    assert (anna["present"], anna["apology"]) == (1, 1)
    assert (bo["present"], bo["early"]) == (2, 1)
    login(world["staff"])
    page = client.get(
        f"/arbejdsrum/{world['c'].id}/fremmoede?fra={day - timedelta(days=5)}&til={day}"
    ).get_data(as_text=True)
    assert "Anna Andersen" in page and "Hent som CSV" in page


def _count_queries(db, fn) -> int:
    counter = {"n": 0}

    def before(*_a, **_k):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return counter["n"]


def test_the_export_query_count_does_not_grow_with_meetings(db, world, client, login, make_meeting):
    login(world["staff"])
    for n in range(2):
        _record_all(world, make_meeting(world["c"], days=-3 - n))
    query = f"?fra={local_today() - timedelta(days=40)}&til={local_today()}"
    small = _count_queries(db, lambda: _csv(client, world, query))
    for n in range(8):
        _record_all(world, make_meeting(world["c"], days=-10 - n))
    large = _count_queries(db, lambda: _csv(client, world, query))
    assert large == small, (small, large)
    _resp, text = _csv(client, world, query)
    assert text.count("Anna Andersen") == 10


# --- who may ----------------------------------------------------------------------------------

PEOPLE = ["anonymous", "citizen", "councillor", "secretariat", "admin", "member", "facilitator"]
PEOPLE += ["outsider"]
HIDDEN = {"anonymous": 302, "citizen": 404, "outsider": 404}
MANAGERS = {**HIDDEN, "councillor": 403, "member": 403}


def _expect(table: dict, allowed: int) -> dict:
    return {p: table.get(p, allowed) for p in PEOPLE}


ROUTES = [
    ("GET", "/arbejdsrum/{c}/moeder/{m}/fremmoede", _expect(MANAGERS, 200)),
    ("POST", "/arbejdsrum/{c}/moeder/{m}/fremmoede", _expect(MANAGERS, 302)),
    ("GET", "/arbejdsrum/{c}/fremmoede", _expect(MANAGERS, 200)),
    ("GET", "/arbejdsrum/{c}/fremmoede.csv", _expect(MANAGERS, 200)),
]


@pytest.mark.parametrize(
    ("method", "url", "person", "expected"),
    [
        pytest.param(method, url, person, table[person], id=f"{method} {url} {person}")
        for method, url, table in ROUTES
        for person in PEOPLE
    ],
)
def test_route_access(method, url, person, expected, people, make_meeting, login, client):
    c = people["committee"]
    m = make_meeting(c, days=-1)
    path = url.format(c=c.id, m=m.id)
    if people[person] is not None:
        login(people[person])
    if method == "GET":
        resp = client.get(path)
    else:
        lines = attendance.register(m)
        resp = client.post(path, data=_form(lines, _all_present(lines)))
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]


def test_a_meeting_of_another_committee_is_404(people, make_meeting, login, client):
    foreign = make_meeting(people["other"], days=-1)
    login(people["secretariat"])
    url = f"/arbejdsrum/{people['committee'].id}/moeder/{foreign.id}/fremmoede"
    assert client.get(url).status_code == 404
