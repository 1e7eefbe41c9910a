"""The secretariat's recruitment pages: the call form, the pool, marking, the composition
preview and the council's appointment; who may use them and what never leaks."""

from datetime import UTC, datetime, timedelta

import pytest

from committees.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    AuditEntry,
    CallStatus,
    CommitteeState,
    CompetenceProfile,
    Gender,
    MemberRole,
    MemberType,
    Notice,
    RecruitmentCall,
    Role,
    User,
)
from committees.models.base import LOCAL_TZ, local_today, utcnow
from tests.test_query_counts import count_queries
from workflows import recruitment

NASTY = [
    "",
    " ",
    "x" * 30000,
    "<script>alert(1)</script>",
    "nul\x00byte",
    "💥 emoji og æøå",
    "'; DROP TABLE users; --",
    "2027-13-45",
    "25:99",
    "-1",
    "999999999999999999999",
]


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def world(db, make_user, make_committee, make_member):
    """A recruiting committee (1 councillor + 2 citizen seats, two profiles) and its people."""
    c = make_committee(CommitteeState.recruiting, seats=(1, 2, 0))
    c.approved_mandate.competence_profiles = [
        CompetenceProfile(position=1, name="Ung under 30"),
        CompetenceProfile(position=2, name="Forælder"),
    ]
    db.session.commit()
    other = make_committee(CommitteeState.working)
    return {
        "committee": c,
        "secretariat": make_user(Role.secretariat),
        "admin": make_user(Role.administrator),
        "chair": make_member(c, MemberType.councillor, MemberRole.chair).user,
        "facilitator": make_member(c, MemberType.stakeholder, MemberRole.facilitator).user,
        "member": make_member(c, MemberType.citizen).user,
        "outsider": make_member(other, MemberType.citizen).user,
        "citizen": make_user(Role.citizen),
        "councillor": make_user(Role.councillor),
        "anonymous": None,
    }


def base(c) -> str:
    return f"/arbejdsrum/{c.id}/rekruttering"


def call_form(c, **changes) -> dict:
    """A valid call form, the deadline two weeks ahead (Copenhagen time)."""
    today = local_today()
    data = {
        "seats": "2",
        "opens_on": (today - timedelta(days=1)).isoformat(),
        "opens_time": "08:00",
        "closes_on": (today + timedelta(days=14)).isoformat(),
        "closes_time": "12:00",
        "meetings": "6",
        "period": "marts–oktober",
        "place": "Rådhuset",
        "consent_text": "Jeg giver samtykke (version 1).",
        "publish_consent_text": "Mit navn må offentliggøres.",
        "questions": "Hvad kan du bidrage med?\nHvornår kan du mødes?",
        "profiles": [str(p.id) for p in c.approved_mandate.competence_profiles],
        "tell_applicants_of_extension": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def open_call(client, login, world, **changes) -> RecruitmentCall:
    c = world["committee"]
    login(world["secretariat"])
    resp = client.post(base(c) + "/opslag/nyt", data=call_form(c, **changes))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    return recruitment.current_call(c)


def add(db, call, name, status=ApplicationStatus.received, **kw) -> Application:
    """An application inserted directly (confirmed unless told otherwise)."""
    now = kw.pop("created_at", utcnow())
    profiles = kw.pop("profiles", [])
    a = Application(
        call=call,
        status=status,
        name=name,
        email=kw.pop("email", f"{name.split()[0].lower()}{now.timestamp()}@example.dk"),
        age_band=kw.pop("age_band", AgeBand.a30_44),
        postal_code=kw.pop("postal_code", "2800"),
        gender=kw.pop("gender", Gender.woman),
        motivation=kw.pop("motivation", "Jeg vil gerne bidrage."),
        answers=[],
        consent_text=call.consent_text,
        created_at=now,
        updated_at=now,
        confirmed_at=None if status is ApplicationStatus.unconfirmed else now,
        **kw,
    )
    a.profiles = profiles
    db.session.add(a)
    db.session.commit()
    return a


def apply(call, name, email, **kw) -> Application:
    """Through the public workflow: apply, then confirm the e-mail address."""
    data = recruitment.ApplicationData(
        name=name,
        email=email,
        phone="",
        age_band=kw.get("age_band", AgeBand.a18_29),
        postal_code=kw.get("postal_code", "2800"),
        gender=kw.get("gender", Gender.woman),
        profile_ids=kw.get("profile_ids", []),
        motivation=kw.get("motivation", "Jeg vil gerne bidrage."),
        answers=["Svar et", "Svar to"],
        consent=True,
        publish_name=kw.get("publish_name", False),
    )
    return recruitment.confirm(recruitment.apply(call, data))


def close(db, call) -> None:
    """Let the deadline pass and let the periodic closer run."""
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    recruitment.close_due_calls()
    db.session.refresh(call)
    assert call.status is CallStatus.closed


def page_of(resp) -> str:
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


# --- who may use what ------------------------------------------------------------------------

PEOPLE = [
    "anonymous",
    "citizen",
    "councillor",
    "secretariat",
    "admin",
    "member",
    "chair",
    "facilitator",
    "outsider",
]
LOGIN = 302


def _expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PEOPLE, default)
    table.update(overrides)
    return table


# Who cannot see the committee at all gets 404 (committee_or_404: no hint it exists), like
# every other internal committee page; who can see it but may not do this gets 403.
VIEWERS = _expect(
    403,
    anonymous=LOGIN,
    citizen=404,
    outsider=404,
    secretariat=200,
    admin=200,
    chair=200,
    facilitator=200,
)
STAFF = _expect(403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=200, admin=200)
MARKERS = {**STAFF, "secretariat": 302, "admin": 302}
APPOINTERS = {**STAFF, "councillor": 200, "chair": 200}

ROUTES = [
    ("GET", "", None, VIEWERS),
    ("GET", "/ansoegninger/{a}", None, VIEWERS),
    ("POST", "/ansoegninger/{a}", {"status": "shortlisted", "staff_note": "God"}, MARKERS),
    ("GET", "/sammensaetning", None, VIEWERS),
    ("GET", "/opslag", None, STAFF),
    ("POST", "/opslag", {}, STAFF),
    ("GET", "/opslag/nyt", None, {**STAFF, "secretariat": 302, "admin": 302}),
    ("GET", "/udpegning", None, APPOINTERS),
    ("POST", "/udpegning", {}, APPOINTERS),
    ("POST", "/ansoegninger/{a}/udpeg", {}, APPOINTERS),
]


@pytest.mark.parametrize(
    ("method", "path", "data", "person", "expected"),
    [
        pytest.param(m, p, d, person, table[person], id=f"{m} {p or '/'} as {person}")
        for m, p, d, table in ROUTES
        for person in PEOPLE
    ],
)
def test_route_access(method, path, data, person, expected, db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen")
    client.post("/konto/log-ud")
    if world[person] is not None:
        login(world[person])
    url = base(c) + path.format(a=a.id)
    resp = client.get(url) if method == "GET" else client.post(url, data=data)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:500]
    if expected == LOGIN and person == "anonymous":
        assert "/konto/log-ind" in resp.headers["Location"]


def test_an_application_of_another_committee_is_404(db, world, client, login, make_committee):
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen")
    other = make_committee(CommitteeState.recruiting)
    for path in (f"/ansoegninger/{a.id}", "/ansoegninger/99999", "/ansoegninger/99999/udpeg"):
        method = client.post if path.endswith("udpeg") else client.get
        assert method(base(other) + path).status_code == 404, path
    # A committee without a call has no preview, no call to edit and no decision to record.
    for path in ("/sammensaetning", "/opslag", "/udpegning"):
        assert client.get(base(other) + path).status_code == 404, path
    assert client.get(base(other)).status_code == 200


def test_the_committee_page_links_to_recruitment_only_for_those_who_may_see_it(
    world, client, login
):
    c = world["committee"]
    link = f'href="{base(c)}"'
    for person, shown in (("secretariat", True), ("chair", True), ("member", False)):
        login(world[person])
        assert (link in page_of(client.get(f"/arbejdsrum/{c.id}"))) is shown, person


# --- the call form ---------------------------------------------------------------------------


def test_the_new_call_form_is_prefilled_from_the_mandate(world, client, login):
    c = world["committee"]
    login(world["secretariat"])
    page = page_of(client.get(base(c)))
    assert "Opret opslag" in page
    page = page_of(client.get(base(c) + "/opslag/nyt"))
    assert 'name="seats" type="number" value="2"' in page
    assert "behandler mine oplysninger" in page  # default consent text
    assert "offentlige side om udvalget" in page  # default publish consent text
    for p in c.approved_mandate.competence_profiles:
        assert f'value="{p.id}" checked' in page
    assert '<label class="form-label" for="opens_on">' in page


def test_the_call_is_saved_in_copenhagen_time_and_shown_back(db, world, client, login):
    c = world["committee"]
    call = open_call(
        client,
        login,
        world,
        opens_on=(local_today() - timedelta(days=1)).isoformat(),
        closes_on="2099-07-01",
        closes_time="12:00",
        questions="Første\n\n  Anden  \n",
    )
    assert call.closes_at == datetime(2099, 7, 1, 10, 0, tzinfo=UTC)  # summer time: UTC+2
    assert call.questions == ["Første", "Anden"]
    assert call.seats == 2 and len(call.profiles) == 2 and call.tell_applicants_of_extension
    page = page_of(client.get(base(c) + "/opslag"))
    assert 'value="2099-07-01"' in page and 'value="12:00"' in page
    page = page_of(client.get(base(c)))
    assert "Åben for ansøgninger" in page and "Første" in page and "Ung under 30" in page
    # Winter: UTC+1.
    client.post(base(c) + "/opslag", data=call_form(c, closes_on="2099-12-01"))
    db.session.refresh(call)
    assert call.closes_at == datetime(2099, 12, 1, 11, 0, tzinfo=UTC)


def test_a_second_call_form_goes_to_the_existing_call(world, client, login):
    c = world["committee"]
    open_call(client, login, world)
    resp = client.get(base(c) + "/opslag/nyt")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/opslag")
    resp = client.post(base(c) + "/opslag/nyt", data=call_form(c))
    assert resp.status_code == 302
    assert db_calls(c) == 1


def db_calls(c) -> int:
    from committees.extensions import db

    return db.session.scalar(
        db.select(db.func.count(RecruitmentCall.id)).where(RecruitmentCall.committee_id == c.id)
    )


def test_workflow_refusal_is_shown_on_the_form(world, client, login, make_committee):
    working = make_committee(CommitteeState.working)
    login(world["secretariat"])
    resp = client.post(base(working) + "/opslag/nyt", data=call_form(working, profiles=[]))
    page = page_of(resp)
    assert "Et opslag kan kun åbnes, når udvalget er i fasen rekruttering." in page
    assert "Rådhuset" in page  # input kept
    assert db_calls(working) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": "0"}, "Antallet skal være mellem 1 og 60."),
        ({"seats": "mange"}, "Skriv et helt tal."),
        ({"closes_on": "", "closes_time": ""}, "Skriv ansøgningsfristen."),
        ({"closes_time": "25:99"}, "Ikke et gyldigt klokkeslæt."),
        ({"closes_on": "2001-01-01"}, "Ansøgningsfristen skal ligge efter åbningstidspunktet."),
        ({"opens_on": "2001-01-01", "closes_on": "2001-02-01"}, "skal ligge i fremtiden"),
        ({"questions": "1\n2\n3\n4\n5\n6"}, "Højst 5 spørgsmål."),
        ({"questions": "x" * 600}, "Et spørgsmål må højst være 500 tegn."),
        ({"profiles": ["99999"]}, "gyldig"),
        ({"consent_text": ""}, "Skriv samtykketeksten."),
    ],
)
def test_call_form_errors_keep_the_input(world, client, login, changes, message):
    c = world["committee"]
    login(world["secretariat"])
    resp = client.post(base(c) + "/opslag/nyt", data=call_form(c, place="Biblioteket", **changes))
    page = page_of(resp)
    assert message in page, page[:3000]
    assert 'value="Biblioteket"' in page
    assert db_calls(c) == 0


CALL_FIELDS = [
    "seats",
    "opens_on",
    "opens_time",
    "closes_on",
    "closes_time",
    "meetings",
    "period",
    "place",
    "consent_text",
    "publish_consent_text",
    "questions",
    "profiles",
    "tell_applicants_of_extension",
]


@pytest.mark.parametrize("value", NASTY)
def test_call_form_never_500(world, client, login, value):
    c = world["committee"]
    login(world["secretariat"])
    for field in CALL_FIELDS:
        resp = client.post(base(c) + "/opslag", data=call_form(c, **{field: value}))
        if resp.status_code == 404:  # no call yet: this one opens it
            resp = client.post(base(c) + "/opslag/nyt", data=call_form(c, **{field: value}))
        assert resp.status_code in (200, 302), field
        assert "<script>alert(1)</script>" not in resp.get_data(as_text=True)


def test_extending_the_deadline_reopens_and_tells_applicants(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    apply(call, "Sofie Hansen", "sofie@example.dk")
    close(db, call)
    later = (local_today() + timedelta(days=30)).isoformat()
    form = call_form(c, closes_on=later)
    resp = client.post(base(c) + "/opslag", data=form, follow_redirects=True)
    assert "Fristen er forlænget. Ansøgerne får besked." in page_of(resp)
    db.session.refresh(call)
    assert call.status is CallStatus.open
    kinds = [n.kind for n in db.session.scalars(db.select(Notice))]
    assert "call_extended" in kinds
    # A closed call cannot be changed without moving the deadline later.
    close(db, call)
    deadline = (utcnow() - timedelta(minutes=5)).replace(second=0, microsecond=0)
    call.closes_at = deadline
    db.session.commit()
    local = deadline.astimezone(LOCAL_TZ)
    form = call_form(
        c,
        opens_on=(local.date() - timedelta(days=2)).isoformat(),
        closes_on=local.date().isoformat(),
        closes_time=local.strftime("%H:%M"),
        place="Andet sted",
    )
    resp = client.post(base(c) + "/opslag", data=form)
    assert "Et lukket opslag kan kun ændres ved at forlænge fristen." in page_of(resp)


# --- the pool --------------------------------------------------------------------------------


@pytest.fixture
def pool(db, world, client, login):
    """An open call with six confirmed applications and one unconfirmed."""
    call = open_call(client, login, world)
    young, parent = call.profiles
    t0 = utcnow() - timedelta(days=3)
    apps = {
        "Anna": add(db, call, "Anna Ung", age_band=AgeBand.a18_29, profiles=[young],
                    postal_code="2800", gender=Gender.woman, created_at=t0,
                    motivation="Jeg spiller fodbold"),
        "Bo": add(db, call, "Bo Far", age_band=AgeBand.a30_44, profiles=[parent],
                  postal_code="2830", gender=Gender.man, created_at=t0 + timedelta(hours=1)),
        "Cem": add(db, call, "Cem Elev", age_band=AgeBand.under_18, profiles=[young],
                   postal_code="2800", gender=None, created_at=t0 + timedelta(hours=2),
                   status=ApplicationStatus.shortlisted),
        "Dorte": add(db, call, "Dorte Pensionist", age_band=AgeBand.a75_plus, profiles=[],
                     postal_code="2840", gender=Gender.woman, created_at=t0 + timedelta(hours=3),
                     email="dorte@bibliotek.dk", status=ApplicationStatus.declined),
        "Eva": add(db, call, "Eva 100%_rabat", age_band=AgeBand.a45_59, profiles=[parent, young],
                   postal_code="2830", gender=Gender.undisclosed,
                   created_at=t0 + timedelta(hours=4)),
        "Finn": add(db, call, "finn Lille", age_band=AgeBand.a60_74, profiles=[],
                    postal_code="2800", gender=Gender.man, created_at=t0 + timedelta(hours=5),
                    status=ApplicationStatus.reserve),
        "Gitte": add(db, call, "Gitte Ubekræftet", status=ApplicationStatus.unconfirmed,
                     created_at=t0 + timedelta(hours=6)),
    }  # fmt: skip
    return call, apps


def names_in(page: str, apps: dict) -> list[str]:
    """The applicants listed in the pool table, in the order shown."""
    table = page.split('id="pool-heading"', 1)[1]
    found = [(table.find(f">{a.name}</a>"), key) for key, a in apps.items()]
    return [key for pos, key in sorted(found) if pos >= 0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Anna", "Bo", "Cem", "Dorte", "Eva", "Finn"]),  # by date; unconfirmed hidden
        ("?status=unconfirmed", ["Gitte"]),
        ("?status=shortlisted", ["Cem"]),
        ("?age=under_18", ["Cem"]),
        ("?gender=none", ["Cem"]),
        ("?gender=man", ["Bo", "Finn"]),
        ("?postal=2830", ["Bo", "Eva"]),
        ("?q=fodbold", ["Anna"]),  # motivation
        ("?q=BIBLIOTEK", ["Dorte"]),  # e-mail, any case
        ("?q=100%25_", ["Eva"]),  # % and _ are literal, not wildcards
        ("?q=%25", ["Eva"]),
        ("?sort=name", ["Anna", "Bo", "Cem", "Dorte", "Eva", "Finn"]),
        ("?sort=name&order=desc", ["Finn", "Eva", "Dorte", "Cem", "Bo", "Anna"]),
        ("?sort=age", ["Cem", "Anna", "Bo", "Eva", "Finn", "Dorte"]),
        ("?sort=status", ["Anna", "Bo", "Eva", "Cem", "Finn", "Dorte"]),
        ("?sort=postal&order=desc", ["Dorte", "Bo", "Eva", "Anna", "Cem", "Finn"]),
        ("?sort=date&order=desc", ["Finn", "Eva", "Dorte", "Cem", "Bo", "Anna"]),
        ("?status=received&postal=2830&gender=woman", []),
        ("?status=received&postal=2830&gender=undisclosed", ["Eva"]),
    ],
)
def test_filters_search_and_sort(pool, world, client, query, expected):
    call, apps = pool
    young = call.profiles[0]
    page = page_of(client.get(base(world["committee"]) + query))
    assert names_in(page, apps) == expected
    page = page_of(client.get(base(world["committee"]) + f"?profile={young.id}&sort=name"))
    assert names_in(page, apps) == ["Anna", "Cem", "Eva"]


@pytest.mark.parametrize(
    "query",
    [
        "?status=nonsense",
        "?status=withdrawn",
        "?profile=abc",
        "?profile=99999",
        "?age=old",
        "?gender=<script>alert(1)</script>",
        "?postal=abcd",
        "?postal=123456789",
        "?q=" + "x" * 5000,
        "?q=%00",
        "?sort=password_hash",
        "?sort=name;drop",
        "?order=sideways",
        "?page=0",
        "?page=-3",
        "?page=abc",
        "?page=999999999999999999999",
        "?page=50",
        "?status=received&status=declined",
        "?sort=",
    ],
)
def test_bad_query_parameters_are_ignored_never_500(pool, world, client, query):
    resp = client.get(base(world["committee"]) + query)
    assert resp.status_code == 200
    assert "<script>alert(1)</script>" not in resp.get_data(as_text=True)


def test_pagination(db, world, client, login):
    call = open_call(client, login, world)
    for i in range(30):
        add(db, call, f"Ansøger {i:02d}", created_at=utcnow() + timedelta(seconds=i))
    c = world["committee"]
    page = page_of(client.get(base(c) + "?sort=name"))
    assert "Ansøger 00" in page and "Ansøger 24" in page and "Ansøger 25" not in page
    assert '<nav class="pagination" aria-label="Sidenavigation">' in page
    assert "30 ansøgninger vist." in page
    page = page_of(client.get(base(c) + "?sort=name&page=2"))
    assert "Ansøger 25" in page and "Ansøger 29" in page and "Ansøger 24" not in page
    # The filters travel with the page links.
    page = page_of(client.get(base(c) + "?sort=name&order=desc&postal=2800"))
    assert "order=desc" in page and "postal=2800" in page and "page=2" in page


def test_the_spread_is_shown_against_the_seats(pool, world, client):
    page = page_of(client.get(base(world["committee"])))
    assert "6 bekræftede ansøgere til 2 pladser. 1 er indstillet." in page
    assert "1 ansøgning venter på, at ansøgeren bekræfter sin e-mail" in page
    spread = page.split('id="spread-heading"', 1)[1].split('id="pool-heading"', 1)[0]
    for caption in ("Kompetenceprofiler", "Aldersgrupper", "Postnumre", "Køn", "Status"):
        assert f"<caption>{caption}</caption>" in spread
    assert '<th scope="row">Ung under 30</th>' in spread
    # Every age band is listed, so a missing group shows as a zero.
    assert spread.count('<th scope="row">') >= 6 + 2 + 3 + 5 + 5


def test_index_query_count_does_not_grow_with_applications(db, world, client, login):
    call = open_call(client, login, world)
    young, parent = call.profiles

    def grow(n: int) -> None:
        for i in range(n):
            add(db, call, f"Person {i}", profiles=[young, parent] if i % 2 else [young],
                email=f"p{n}-{i}@example.dk", postal_code=f"{2800 + i % 7}")  # fmt: skip

    c = world["committee"]
    grow(5)
    with count_queries(db) as small:
        page_of(client.get(base(c)))
    grow(35)
    with count_queries(db) as large:
        page_of(client.get(base(c)))
    assert large["n"] == small["n"], (small["n"], large["n"])
    with count_queries(db) as filtered:
        page_of(client.get(base(c) + f"?profile={young.id}&sort=age&q=Person"))
    assert filtered["n"] <= small["n"]


# --- one application -------------------------------------------------------------------------


def test_the_application_page_shows_everything(db, world, client, login):
    call = open_call(client, login, world)
    a = apply(call, "Sofie Hansen", "sofie@example.dk", profile_ids=[call.profiles[0].id],
              motivation="Første afsnit\nAndet afsnit", publish_name=True)  # fmt: skip
    page = page_of(client.get(f"{base(world['committee'])}/ansoegninger/{a.id}"))
    for text in (
        "Sofie Hansen",
        "sofie@example.dk",
        "18–29 år",
        "2800",
        "Kvinde",
        "Ung under 30",
        "Første afsnit",
        "Andet afsnit",
        "Hvad kan du bidrage med?",
        "Svar et",
        "Jeg giver samtykke (version 1).",
        "Mit navn må offentliggøres.",
        "Modtaget",
    ):
        assert text in page, text


def test_marking_with_a_note(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen")
    url = f"{base(c)}/ansoegninger/{a.id}"
    resp = client.post(
        url,
        data={"status": "shortlisted", "staff_note": "Stærk profil", "expected_status": "received"},
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith(base(c))
    db.session.refresh(a)
    assert a.status is ApplicationStatus.shortlisted and a.staff_note == "Stærk profil"
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "recruitment.application_marked")
    )
    assert entry is not None and "Stærk profil" not in str(entry.details)
    # The chair reads the note but cannot change it.
    login(world["chair"])
    page = page_of(client.get(url))
    assert "Stærk profil" in page and 'name="status"' not in page
    assert client.post(url, data={"status": "declined"}).status_code == 403


def test_a_stale_mark_is_409_and_bad_marks_are_messages(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen", status=ApplicationStatus.shortlisted)
    url = f"{base(c)}/ansoegninger/{a.id}"
    resp = client.post(url, data={"status": "declined", "expected_status": "received"})
    assert resp.status_code == 409
    db.session.refresh(a)
    assert a.status is ApplicationStatus.shortlisted
    for data in (
        {"status": "appointed", "staff_note": "Behold mig"},
        {"status": "nonsense", "staff_note": "Behold mig"},
        {"status": "declined", "staff_note": "Behold mig" + "x" * 3000},
    ):
        page = page_of(client.post(url, data=data))
        assert "Behold mig" in page  # input kept
    db.session.refresh(a)
    assert a.status is ApplicationStatus.shortlisted
    # An unconfirmed application cannot be marked: the workflow's message.
    u = add(db, call, "Ulla Ubekræftet", status=ApplicationStatus.unconfirmed)
    resp = client.post(f"{base(c)}/ansoegninger/{u.id}", data={"status": "shortlisted"})
    assert resp.status_code == 302
    resp = client.get(resp.headers["Location"])
    assert "Ansøgningen kan ikke længere ændres." in page_of(resp)


@pytest.mark.parametrize("value", NASTY)
def test_mark_form_never_500(db, world, client, login, value):
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen")
    url = f"{base(world['committee'])}/ansoegninger/{a.id}"
    for data in (
        {"status": value, "staff_note": "ok"},
        {"status": "reserve", "staff_note": value},
        {"status": "reserve", "expected_status": value},
    ):
        assert client.post(url, data=data).status_code in (200, 302, 409)


def test_applications_and_notes_never_leak(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Hemmelig Ansøger", email="hemmelig@example.dk")
    client.post(
        f"{base(c)}/ansoegninger/{a.id}",
        data={"status": "shortlisted", "staff_note": "FortroligNote"},
    )
    secrets = ("Hemmelig Ansøger", "hemmelig@example.dk", "FortroligNote")
    client.post("/konto/log-ud")
    public = page_of(client.get(f"/udvalg/{c.id}"))
    for person in ("member", "councillor", "facilitator"):
        login(world[person])
        pages = [public, page_of(client.get(f"/arbejdsrum/{c.id}"))]
        pages.append(page_of(client.get(f"/arbejdsrum/{c.id}/medlemmer/")))
        for page in pages:
            for secret in secrets:
                assert secret not in page, (person, secret)
    login(world["member"])
    for path in ("", f"/ansoegninger/{a.id}", "/sammensaetning", "/udpegning"):
        resp = client.get(base(c) + path)
        assert resp.status_code == 403
        for secret in secrets:
            assert secret not in resp.get_data(as_text=True)


# --- the composition preview -----------------------------------------------------------------


def test_preview_shows_a_violation_until_enough_are_shortlisted(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen")
    page = page_of(client.get(base(c) + "/sammensaetning"))
    assert "Sammensætningen opfylder ikke kommissoriet" in page
    assert "Mangler 1 borgermedlem" in page
    assert "Ingen ansøgere er indstillet endnu." in page
    client.post(f"{base(c)}/ansoegninger/{a.id}", data={"status": "shortlisted"})
    page = page_of(client.get(base(c) + "/sammensaetning"))
    assert "Sammensætningen opfylder kommissoriet" in page
    assert "Sofie Hansen" in page and world["chair"].name in page  # shortlist and members
    b = add(db, call, "Bjarne Ekstra", status=ApplicationStatus.shortlisted)
    page = page_of(client.get(base(c) + "/sammensaetning"))
    assert "1 borgermedlem for meget" in page and b.name in page


# --- the decision ----------------------------------------------------------------------------


def decision_form(**changes) -> dict:
    data = {"decided_on": local_today().isoformat(), "reference": "KB punkt 12"}
    data.update(changes)
    return data


def notices_to(db, email: str) -> list[str]:
    db.session.expire_all()
    user = User.by_email(email)
    rows = db.session.scalars(
        db.select(Notice).where(
            (Notice.to_email == email) | (Notice.recipient_id == (user.id if user else -1))
        )
    )
    return sorted(n.kind for n in rows)


def test_the_council_appoints_the_shortlist(db, world, client, login, make_user):
    c = world["committee"]
    known = make_user(Role.citizen, email="kendt@example.dk", name="Kendt Borger")
    call = open_call(client, login, world)
    ids = {
        key: apply(call, name, email).id
        for key, name, email in (
            ("new", "Ny Borger", "ny@example.dk"),
            ("known", "Kendt Borger", "KENDT@example.dk"),
            ("reserve", "Rikke Reserve", "rikke@example.dk"),
            ("declined", "Dan Afslag", "dan@example.dk"),
        )
    }
    for key, status in (
        ("new", "shortlisted"),
        ("known", "shortlisted"),
        ("reserve", "reserve"),
        ("declined", "declined"),
    ):
        client.post(f"{base(c)}/ansoegninger/{ids[key]}", data={"status": status})
    close(db, call)

    login(world["councillor"])  # any councillor records the council's decision
    page = page_of(client.get(base(c) + "/udpegning"))
    assert "Ny Borger" in page and "Rikke Reserve" in page
    assert "Dan Afslag" not in page and "1 ansøger får afslag." in page  # not theirs to read
    resp = client.post(base(c) + "/udpegning", data=decision_form())
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/arbejdsrum/{c.id}")  # no access to the pool
    db.session.expire_all()
    call = db.session.get(RecruitmentCall, call.id)
    assert call.status is CallStatus.decided and call.decision_reference == "KB punkt 12"
    members = {m.user.email: m for m in call.committee.memberships}
    new_user = User.by_email("ny@example.dk")
    assert new_user is not None and new_user.role is Role.citizen and not new_user.has_password
    assert members["ny@example.dk"].member_type is MemberType.citizen
    assert members["kendt@example.dk"].user_id == known.id  # linked, not duplicated
    assert (
        db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "kendt@example.dk"))
        == 1
    )
    assert "rikke@example.dk" not in members and "dan@example.dk" not in members
    statuses = {k: db.session.get(Application, i).status for k, i in ids.items()}
    assert statuses == {
        "new": ApplicationStatus.appointed,
        "known": ApplicationStatus.appointed,
        "reserve": ApplicationStatus.reserve,
        "declined": ApplicationStatus.declined,
    }
    assert "appointment_welcome" in notices_to(db, "ny@example.dk")
    assert "invitation" in notices_to(db, "ny@example.dk")
    assert "appointment_welcome" in notices_to(db, "kendt@example.dk")
    assert "invitation" not in notices_to(db, "kendt@example.dk")  # has a password already
    assert "application_reserve" in notices_to(db, "rikke@example.dk")
    assert "application_declined" in notices_to(db, "dan@example.dk")

    # A seat frees: the reserve is appointed by a later decision.
    page = page_of(client.get(base(c) + "/udpegning"))
    assert "Udpegningen blev besluttet" in page and "Udpeg Rikke Reserve" in page
    url = f"{base(c)}/ansoegninger/{ids['reserve']}/udpeg"
    prefix = f"r{ids['reserve']}-"
    bad = client.post(url, data={prefix + "decided_on": "2999-01-01", prefix + "reference": "X"})
    page = page_of(bad)
    assert "Beslutningsdatoen kan ikke ligge i fremtiden." in page and 'value="X"' in page
    resp = client.post(
        url, data={prefix + "decided_on": local_today().isoformat(), prefix + "reference": "KB 3"}
    )
    assert resp.status_code == 302
    db.session.expire_all()
    assert User.by_email("rikke@example.dk") is not None
    assert db.session.get(Application, ids["reserve"]).status is ApplicationStatus.appointed
    # Only a reserve can be appointed later.
    resp = client.post(
        f"{base(c)}/ansoegninger/{ids['declined']}/udpeg",
        data={
            f"r{ids['declined']}-decided_on": local_today().isoformat(),
            f"r{ids['declined']}-reference": "KB 4",
        },
    )
    assert resp.status_code == 302
    assert "Kun en reserve kan udpeges" in page_of(client.get(resp.headers["Location"]))


def test_the_decision_is_refused_until_the_pool_is_handled_and_closed(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    a = add(db, call, "Sofie Hansen", status=ApplicationStatus.shortlisted)
    b = add(db, call, "Bo Modtaget")
    url = base(c) + "/udpegning"
    page = page_of(client.post(url, data=decision_form()))
    assert "Udpegningen kan registreres, når ansøgningsfristen er udløbet." in page
    assert 'value="KB punkt 12"' in page
    close(db, call)
    page = page_of(client.get(url))
    assert "1 ansøgning er ikke behandlet endnu." in page
    page = page_of(client.post(url, data=decision_form()))
    assert "1 ansøgning er ikke behandlet. Indstil, sæt på reserve eller afslå den først." in page
    page = page_of(client.post(url, data=decision_form(decided_on="2999-01-01")))
    assert "Beslutningsdatoen kan ikke ligge i fremtiden." in page
    page = page_of(client.post(url, data=decision_form(reference="")))
    assert "Skriv dagsordenspunktet." in page
    db.session.refresh(call)
    assert call.status is CallStatus.closed
    assert not any(m.user.email == a.email for m in c.memberships)
    client.post(f"{base(c)}/ansoegninger/{b.id}", data={"status": "declined"})
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    resp = client.post(url, data=decision_form(decided_on=yesterday))
    assert resp.status_code == 302
    db.session.refresh(call)
    assert call.status is CallStatus.decided
    # After the decision the call and its applications are frozen.
    assert client.get(base(c) + "/opslag").status_code == 302
    resp = client.post(f"{base(c)}/ansoegninger/{b.id}", data={"status": "reserve"})
    assert resp.status_code == 302
    db.session.refresh(b)
    assert b.status is ApplicationStatus.declined
    # A decided call allows a new one.
    page = page_of(client.get(base(c)))
    assert "Opret nyt opslag" in page


@pytest.mark.parametrize("value", NASTY)
def test_decision_form_never_500(db, world, client, login, value):
    c = world["committee"]
    call = open_call(client, login, world)
    r = add(db, call, "Rikke Reserve", status=ApplicationStatus.reserve)
    for data in (decision_form(decided_on=value), decision_form(reference=value)):
        resp = client.post(base(c) + "/udpegning", data=data)
        assert resp.status_code in (200, 302)
    for field in ("decided_on", "reference"):
        data = {f"r{r.id}-decided_on": local_today().isoformat(), f"r{r.id}-reference": "KB"}
        data[f"r{r.id}-{field}"] = value
        resp = client.post(f"{base(c)}/ansoegninger/{r.id}/udpeg", data=data)
        assert resp.status_code in (200, 302)


def test_close_now_closes_the_call_early_for_staff_only(db, world, client, login):
    c = world["committee"]
    call = open_call(client, login, world)
    add(db, call, "Sofie Hansen")
    url = base(c) + "/opslag/luk"
    client.post("/konto/log-ud")
    for who, expected in (("anonymous", 302), ("chair", 403), ("councillor", 403)):
        if world[who] is not None:
            login(world[who])
        resp = client.post(url)
        assert resp.status_code == expected, who
        if world[who] is not None:
            client.post("/konto/log-ud")
    db.session.refresh(call)
    assert call.status is CallStatus.open
    login(world["secretariat"])
    assert "Luk opslaget nu" in page_of(client.get(base(c)))
    resp = client.post(url)
    assert resp.status_code == 302
    db.session.refresh(call)
    assert call.status is CallStatus.closed and call.closed_at is not None
    closed = db.session.scalars(db.select(Notice).filter_by(kind="call_closed")).all()
    assert closed and closed[0].context["total"] == 1
    # Twice: a message, nothing changes.
    resp = client.post(url, follow_redirects=True)
    assert "Opslaget er ikke åbent." in resp.get_data(as_text=True)
