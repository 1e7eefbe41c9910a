"""Importing a body's meeting dates from an iCalendar file: the days read, what is skipped, the
audit, bad files refused with a message (400, nothing written), and who may import."""

import io
import time
from datetime import date, timedelta

import pytest

from committees.models import AuditEntry, BodyKind, CouncilMeeting, Role
from committees.models.base import local_today
from workflows.errors import NotAllowed, PermissionDenied
from workflows.recommendations import calendar_import
from workflows.recommendations.calendar_import import FileRefused, import_ics

URL = "/politisk-kalender/import"
PEOPLE = [
    "anonymous",
    "citizen",
    "councillor",
    "secretariat",
    "admin",
    "member",
    "facilitator",
    "outsider",
]
STAFF = {"secretariat", "admin"}

VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Copenhagen
X-LIC-LOCATION:Europe/Copenhagen
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def ymd(day: date) -> str:
    return day.strftime("%Y%m%d")


def in_days(n: int) -> date:
    return local_today() + timedelta(days=n)


def vevent(uid: str, dtstart: str, summary: str = "Kultur- og Fritidsudvalget", **extra) -> str:
    """One VEVENT as an agenda system writes it; `dtstart` is the whole DTSTART line's tail."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}@dagsorden.gentofte.dk",
        "DTSTAMP:20250102T080000Z",
        f"DTSTART{dtstart}",
        f"SUMMARY:{summary}",
        "LOCATION:Rådhuset\\, mødesal 1",
        # A long DESCRIPTION, folded at 75 octets as RFC 5545 wants.
        "DESCRIPTION:Dagsorden og bilag findes på kommunens hjemmeside under Politik > D",
        " agsordener og referater. Mødet er åbent for offentligheden.",
        *[f"{key.replace('_', '-')}:{value}" for key, value in extra.items()],
        "END:VEVENT",
    ]
    return "\n".join(lines) + "\n"


def calendar(*events: str, timezone: str = VTIMEZONE) -> bytes:
    """A VCALENDAR around the events, with CRLF line ends."""
    head = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Gentofte Kommune//Dagsordener 4.2//DA\n"
        "CALSCALE:GREGORIAN\nMETHOD:PUBLISH\nX-WR-CALNAME:Kultur- og Fritidsudvalget\n"
        "X-WR-TIMEZONE:Europe/Copenhagen\n"
    )
    text = head + timezone + "".join(events) + "END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode("utf-8")


def municipal_file() -> bytes:
    """The realistic file: three meetings with TZID, an all-day event, a cancelled one, one in
    the past, one already in the calendar and one at 23:30 UTC (the next day in Copenhagen)."""
    cph = ";TZID=Europe/Copenhagen:"
    return calendar(
        vevent("m1", f"{cph}{ymd(in_days(20))}T170000", "Ordinært møde", STATUS="CONFIRMED"),
        vevent("m2", f"{cph}{ymd(in_days(48))}T163000", "Budgetseminar"),
        vevent("m3", f";VALUE=DATE:{ymd(in_days(62))}", "Temadag om idrætsfaciliteter"),
        vevent("m4", f"{cph}{ymd(in_days(34))}T170000", "Aflyst møde", STATUS="CANCELLED"),
        vevent("m5", f"{cph}{ymd(in_days(-40))}T170000", "Ordinært møde"),
        vevent("m6", f"{cph}{ymd(in_days(76))}T170000", "Ordinært møde"),
        vevent("m7", f":{ymd(in_days(90))}T233000Z", "Ekstraordinært møde"),
    )


EXPECTED = [in_days(20), in_days(48), in_days(62), in_days(91)]


@pytest.fixture
def culture(make_body):
    return make_body()


@pytest.fixture
def staff(make_user):
    return make_user(Role.secretariat)


@pytest.fixture
def already(db, culture):
    """The meeting in 76 days is in the calendar before the import."""
    meeting = CouncilMeeting(body=culture, meets_on=in_days(76), note="Fra før")
    db.session.add(meeting)
    db.session.commit()
    return meeting


def days_of(db, body) -> list[date]:
    stmt = db.select(CouncilMeeting.meets_on).where(CouncilMeeting.body_id == body.id)
    return sorted(db.session.scalars(stmt))


def audit_entries(db) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)))


def count(db, model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def upload(client, body_id, data: bytes, follow_redirects: bool = False, **form):
    payload = {"body": body_id, "file": (io.BytesIO(data), "kalender.ics", "text/calendar"), **form}
    return client.post(
        URL, data=payload, content_type="multipart/form-data", follow_redirects=follow_redirects
    )


# --- the workflow ----------


def test_the_municipal_file_adds_the_right_days_once(db, culture, staff, already):
    result = import_ics(culture, municipal_file(), staff)
    assert result.added == EXPECTED
    assert (result.already, result.past, result.cancelled) == (1, 1, 1)
    assert (result.unsupported, result.undated) == (0, 0)
    assert days_of(db, culture) == sorted([*EXPECTED, already.meets_on])
    assert db.session.get(CouncilMeeting, already.id).note == "Fra før"

    again = import_ics(culture, municipal_file(), staff)
    assert again.added == []
    assert (again.already, again.past, again.cancelled) == (5, 1, 1)
    assert days_of(db, culture) == sorted([*EXPECTED, already.meets_on])


def test_each_added_date_is_audited(db, culture, staff):
    import_ics(culture, municipal_file(), staff)  # without `already`: the day-76 one is new
    entries = audit_entries(db)
    added = sorted([*EXPECTED, in_days(76)])
    assert [e.action for e in entries] == ["council_calendar.added"] * 5
    assert [e.details["meets_on"] for e in entries] == [d.isoformat() for d in added]
    assert {e.actor_id for e in entries} == {staff.id}
    assert all(e.details["body"] == culture.name and e.details["source"] == "ics" for e in entries)
    import_ics(culture, municipal_file(), staff)
    assert len(audit_entries(db)) == 5  # nothing added, nothing recorded


def test_the_summary_becomes_the_note_only_when_asked(db, culture, staff):
    import_ics(culture, municipal_file(), staff)
    assert set(db.session.scalars(db.select(CouncilMeeting.note))) == {""}
    other = calendar(
        vevent("a", f":{ymd(in_days(5))}T080000", "Budget\x07møde   i \\nsalen " + "x" * 300)
    )
    import_ics(culture, other, staff, keep_summary=True)
    note = db.session.scalar(
        db.select(CouncilMeeting.note).where(CouncilMeeting.meets_on == in_days(5))
    )
    assert note.startswith("Budget møde i salen xxx") and len(note) == 200


def test_a_floating_time_is_copenhagen_time_and_a_zone_is_converted(db, culture, staff):
    data = calendar(
        vevent("float", f":{ymd(in_days(10))}T233000"),  # no zone: read as Copenhagen time
        vevent("ny", f";TZID=America/New_York:{ymd(in_days(11))}T200000"),  # 02:00 next day
        vevent("utc-early", f":{ymd(in_days(12))}T001500Z"),  # 01:15 or 02:15, same day
    )
    result = import_ics(culture, data, staff)
    assert result.added == [in_days(10), in_days(12)]  # the New York one lands on day 12
    assert result.already == 1


def test_a_windows_1252_file_and_a_byte_order_mark_are_read(db, culture, staff):
    text = calendar(vevent("w", f":{ymd(in_days(3))}T100000", "Møde i Økonomiudvalget"))
    import_ics(culture, text.decode("utf-8").encode("cp1252"), staff, keep_summary=True)
    import_ics(culture, b"\xef\xbb\xbf" + text.replace(b"T100000", b"T090000"), staff)
    notes = list(db.session.scalars(db.select(CouncilMeeting.note)))
    assert notes == ["Møde i Økonomiudvalget"]


def test_events_without_a_date_are_counted(db, culture, staff):
    data = calendar(
        "BEGIN:VEVENT\nUID:x\nSUMMARY:Uden dato\nEND:VEVENT\n",
        vevent("bad", ":2030XX01"),
        vevent("ok", f";VALUE=DATE:{ymd(in_days(9))}"),
    )
    result = import_ics(culture, data, staff)
    assert result.added == [in_days(9)] and result.undated == 2


# --- repeating events ----------


def first_weekday(weekday: int, after: int) -> date:
    day = in_days(after)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_a_weekly_series_is_expanded_with_exceptions_and_a_moved_meeting(db, culture, staff):
    start = first_weekday(0, 7)  # a Monday a week or more ahead
    cph = ";TZID=Europe/Copenhagen:"
    data = calendar(
        vevent(
            "serie",
            f"{cph}{ymd(start)}T170000",
            RRULE="FREQ=WEEKLY;INTERVAL=2;COUNT=5",
            EXDATE=f"{ymd(start + timedelta(days=28))}T170000",  # the third is dropped
        ).replace("EXDATE:", "EXDATE;TZID=Europe/Copenhagen:"),
        # The second occurrence is moved to the Tuesday.
        vevent(
            "serie",
            f"{cph}{ymd(start + timedelta(days=15))}T170000",
            RECURRENCE_ID=f"{ymd(start + timedelta(days=14))}T170000",
        ).replace("RECURRENCE-ID:", "RECURRENCE-ID;TZID=Europe/Copenhagen:"),
    )
    result = import_ics(culture, data, staff)
    weeks = [0, 15, 42, 56]
    assert result.added == [start + timedelta(days=n) for n in weeks]


def test_a_series_stops_at_until_and_two_years_ahead(db, culture, staff):
    start = first_weekday(2, 1)
    until = start + timedelta(days=21)
    data = calendar(
        vevent("u", f";VALUE=DATE:{ymd(start)}", RRULE=f"FREQ=WEEKLY;UNTIL={ymd(until)}"),
        vevent("m", f":{ymd(in_days(3))}T080000Z", RRULE="FREQ=MONTHLY;BYDAY=1TU"),
    )
    result = import_ics(culture, data, staff)
    weekly = [start + timedelta(days=7 * n) for n in range(4)]
    assert set(weekly) <= set(result.added)
    monthly = set(result.added) - set(weekly)
    assert 23 <= len(monthly) <= 25 and max(monthly) <= in_days(calendar_import.HORIZON_DAYS)
    assert all(d.weekday() == 1 and d.day <= 7 for d in monthly if d != in_days(3))


def test_a_series_begun_long_ago_counts_its_past_meetings(db, culture, staff):
    start = first_weekday(3, -7 * 10)  # ten weeks ago, weekly until five weeks ahead
    until = ymd(start + timedelta(weeks=15))
    data = calendar(vevent("s", f":{ymd(start)}T150000Z", RRULE=f"FREQ=WEEKLY;UNTIL={until}"))
    result = import_ics(culture, data, staff)
    assert result.past + len(result.added) == 16 and result.past >= 9


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",  # never: dateutil would search to year 9999
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=13",
        "FREQ=WEEKLY;INTERVAL=0;BYDAY=MO",
        "FREQ=DAILY;INTERVAL=99999999999",
        "FREQ=HOURLY",
        "FREQ=BOGUS",
        "FREQ=MONTHLY;BYSETPOS=9;BYDAY=MO",
        "BYDAY=MO",
    ],
)
def test_other_rules_are_counted_not_expanded_and_quickly(db, culture, staff, rule):
    data = calendar(
        vevent("r", f":{ymd(in_days(2))}T100000", RRULE=rule),
        vevent("ok", f":{ymd(in_days(4))}T100000"),
    )
    began = time.monotonic()
    result = import_ics(culture, data, staff)
    assert time.monotonic() - began < 1
    assert result.added == [in_days(4)] and result.unsupported == 1


def test_a_series_giving_too_many_dates_is_refused(db, culture, staff):
    start = date(2000, 1, 3)
    data = calendar(vevent("d", f";VALUE=DATE:{ymd(start)}", RRULE="FREQ=DAILY"))
    with pytest.raises(FileRefused, match=r"5\.000 mødedatoer"):
        import_ics(culture, data, staff)
    assert count(db, CouncilMeeting) == 0


# --- refusals ----------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen er tom"),
        (b"Kultur- og Fritidsudvalget 12. marts kl. 17\n", "ikke en iCalendar-fil"),
        (bytes(range(256)) * 40, "ikke en iCalendar-fil"),
        (b"%PDF-1.7\n" + b"\x89" * 500, "ikke en iCalendar-fil"),
        (
            b"BEGIN:VCALENDAR\r\nX-PAD:" + b"a" * (1024 * 1024) + b"\r\nEND:VCALENDAR\r\n",
            "for stor",
        ),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "ingen møder"),
        (calendar(), "ingen møder"),
        (calendar(vevent("n", ":20300101T100000", "Mø\x00de")), "ikke en iCalendar-fil"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20300101\r\n", "kunne ikke læses"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" * 2, "kunne ikke læses"),
        (b"BEGIN:VCALENDARgarbage\r\n\xff\xfe", "kunne ikke læses"),
        (calendar(*[vevent(f"e{n}", ":20300101T100000") for n in range(1001)]), "mere end 1.000"),
    ],
    ids=[
        "empty",
        "text",
        "binary",
        "pdf",
        "huge",
        "no-events",
        "only-timezone",
        "nul",
        "unterminated",
        "two-calendars",
        "garbage",
        "too-many",
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_written(
    db, client, login, culture, staff, data, message
):
    login(staff)
    resp = upload(client, culture.id, data)
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert message in page and "error-summary" in page
    assert 'href="#file"' in page  # the summary leads to the file field
    assert count(db, CouncilMeeting) == 0 and count(db, AuditEntry) == 0
    with pytest.raises(FileRefused):
        import_ics(culture, data, staff)


def test_a_retired_body_and_a_citizen_are_refused_by_the_workflow(db, culture, staff, make_user):
    with pytest.raises(PermissionDenied):
        import_ics(culture, municipal_file(), make_user(Role.councillor))
    culture.active = False
    db.session.commit()
    with pytest.raises(NotAllowed, match="ikke længere aktivt"):
        import_ics(culture, municipal_file(), staff)
    assert count(db, CouncilMeeting) == 0 and count(db, AuditEntry) == 0


def test_the_form_refuses_a_missing_file_or_body_and_keeps_the_choice(
    db, client, login, make_body, culture, staff
):
    finance = make_body("Økonomiudvalget", BodyKind.finance_committee)
    retired = make_body("Teknik- og Miljøudvalget")
    retired.active = False
    db.session.commit()
    login(staff)
    resp = client.post(URL, data={"body": finance.id, "keep_summary": "y"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "Vælg en fil." in page
    assert f'<option selected value="{finance.id}">' in page
    assert 'checked class="form-checkbox" id="keep_summary"' in page
    assert "Teknik- og Miljøudvalget" not in page  # a retired body is not offered
    for body_id in ("abc", retired.id, 9999, ""):
        assert upload(client, body_id, municipal_file()).status_code == 400
    assert count(db, CouncilMeeting) == 0


def test_a_request_over_the_app_limit_gets_the_413_page(app, db, client, login, culture, staff):
    login(staff)
    resp = upload(client, culture.id, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert resp.status_code == 413
    assert count(db, CouncilMeeting) == 0


# --- the pages ----------


def test_import_flashes_the_counts_and_shows_the_dates(db, client, login, culture, staff, already):
    login(staff)
    calendar_page = client.get("/politisk-kalender").get_data(as_text=True)
    assert URL in calendar_page and "kommunens dagsordenssystem udgiver" in calendar_page
    form_page = client.get(URL)
    assert form_page.status_code == 200
    html = form_page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'accept=".ics' in html
    assert '<label class="form-label" for="file">' in html
    resp = upload(client, culture.id, municipal_file(), follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "4 møder tilføjet til Kultur- og Fritidsudvalget" in page
    assert "1 fandtes allerede, 1 lå i fortiden" in page
    assert "1 aflyst møde blev sprunget over" in page
    resp = upload(client, culture.id, municipal_file(), follow_redirects=True)
    assert "0 møder tilføjet til Kultur- og Fritidsudvalget (5 fandtes allerede" in (
        resp.get_data(as_text=True)
    )


def test_the_flash_names_repeating_events_that_were_skipped(db, client, login, culture, staff):
    login(staff)
    data = calendar(vevent("r", f":{ymd(in_days(2))}T100000", RRULE="FREQ=HOURLY"))
    resp = upload(client, culture.id, data, follow_redirects=True)
    assert "gentagelsesmønster ikke understøttes" in resp.get_data(as_text=True)


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_import(db, client, login, people, culture, who):
    client.post("/konto/log-ud")
    if people[who] is not None:
        login(people[who])
    page = client.get(URL)
    resp = upload(client, culture.id, municipal_file())
    if who == "anonymous":
        assert page.status_code == 302 and "/konto/log-ind" in page.headers["Location"]
        assert resp.status_code == 302 and "/konto/log-ind" in resp.headers["Location"]
    elif who in STAFF:
        assert page.status_code == 200
        assert resp.status_code == 302 and resp.headers["Location"].endswith("/politisk-kalender")
    else:
        assert (page.status_code, resp.status_code) == (403, 403)
    assert count(db, CouncilMeeting) == (5 if who in STAFF else 0)
