"""Bad input: a clear message, the user's input kept, never a 500."""

import pytest

from committees.models import CommitteeState, MemberRole, MemberType, Role

NASTY = [
    "",
    " ",
    "x" * 30000,
    "<script>alert(1)</script>",
    "nul\x00byte",
    "💥 emoji og æøå",
    "'; DROP TABLE users; --",
    "2027-13-45",
    "-1",
    "999999999999999999999",
]


@pytest.fixture
def staff(make_user, login):
    user = make_user(Role.secretariat)
    login(user)
    return user


def test_create_committee_errors_keep_input(client, staff):
    resp = client.post(
        "/arbejdsrum/nyt",
        data={
            "name": "",
            "summary": "Min beskrivelse",
            "planned_start": "2027-05-01",
            "planned_end": "2027-01-01",
        },
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Udvalget skal have et navn." in page
    assert "Afslutningen kan ikke ligge før starten." in page
    assert "Min beskrivelse" in page and 'value="2027-05-01"' in page


def test_duplicate_committee_name(client, staff, make_committee):
    c = make_committee()
    resp = client.post("/arbejdsrum/nyt", data={"name": c.name})
    assert "Der findes allerede et udvalg med det navn." in resp.get_data(as_text=True)


@pytest.mark.parametrize("value", NASTY)
def test_committee_form_never_500(client, staff, value):
    resp = client.post(
        "/arbejdsrum/nyt",
        data={"name": value, "summary": value, "planned_start": value, "parent_bodies": value},
    )
    assert resp.status_code in (200, 302)
    assert "<script>alert(1)</script>" not in resp.get_data(as_text=True)


@pytest.mark.parametrize("value", NASTY)
def test_mandate_form_never_500(client, staff, make_committee, value):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    data = {
        "expected_status": "draft",
        "title": value,
        "background": value,
        "seats_councillors": value,
        "seats_citizens": "10",
        "seats_stakeholders": "0",
        "vice_chair_method": value,
        "task_questions-0": value,
        "competence_profiles-0-name": value,
        "start_date": value,
    }
    resp = client.post(f"/arbejdsrum/{c.id}/kommissorium/version/1/rediger", data=data)
    assert resp.status_code in (200, 302)


def test_mandate_errors_keep_every_row(client, staff, make_committee):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    data = {
        "expected_status": "draft",
        "title": "Titel",
        "seats_councillors": "-3",
        "seats_citizens": "abc",
        "seats_stakeholders": "0",
        "vice_chair_method": "elected",
        "task_questions-0": "Mit første spørgsmål?",
        "task_questions-1": "Mit andet spørgsmål?",
        "competence_profiles-0-description": "Beskrivelse uden navn",
        "start_date": "2027-02-01",
        "end_date": "2027-01-01",
    }
    page = client.post(f"/arbejdsrum/{c.id}/kommissorium/version/1/rediger", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in (
        "Mit første spørgsmål?",
        "Mit andet spørgsmål?",
        "Beskrivelse uden navn",
        "Antallet skal være mellem 0 og 60.",
        "Slut kan ikke ligge før start.",
        "skal have et navn",
    ):
        assert expected in text, expected


def test_stale_mandate_edit_is_409(client, staff, make_committee):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    data = {
        "expected_status": "submitted",
        "title": "Titel",
        "seats_councillors": "5",
        "seats_citizens": "10",
        "seats_stakeholders": "0",
        "vice_chair_method": "elected",
    }
    resp = client.post(f"/arbejdsrum/{c.id}/kommissorium/version/1/rediger", data=data)
    assert resp.status_code == 409


def test_stale_transition_is_409_with_a_message(client, staff, full_committee):
    c = full_committee(state=CommitteeState.recruiting)
    resp = client.post(
        f"/arbejdsrum/{c.id}/handling/constitute", data={"expected_state": "mandate_approved"}
    )
    assert resp.status_code == 409
    assert "skiftet fase" in resp.get_data(as_text=True)


def test_blocked_transition_explains_why(client, staff, make_committee):
    c = make_committee(state=CommitteeState.recruiting, seats=(1, 2, 0))
    resp = client.post(
        f"/arbejdsrum/{c.id}/handling/constitute",
        data={"expected_state": "recruiting"},
        follow_redirects=True,
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "mangler 2 borgermedlemmer" in page
    assert c.state is CommitteeState.recruiting


def test_unknown_transition_is_a_message_not_a_500(client, staff, make_committee):
    c = make_committee()
    resp = client.post(f"/arbejdsrum/{c.id}/handling/explode", data={"expected_state": "working"})
    assert resp.status_code == 302


def test_too_long_comment_is_refused(client, staff, full_committee):
    c = full_committee(state=CommitteeState.recruiting)
    resp = client.post(
        f"/arbejdsrum/{c.id}/handling/constitute",
        data={"expected_state": "recruiting", "comment": "x" * 1001},
    )
    assert resp.status_code == 302 and c.state is CommitteeState.recruiting


def test_add_member_validation(client, staff, make_committee, make_member, make_user):
    c = make_committee(seats=(1, 2, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    citizen = make_user(Role.citizen)
    url = f"/arbejdsrum/{c.id}/medlemmer/tilfoej"
    base = {"member_type": "citizen", "role": "member", "start_date": "2027-01-01"}
    cases = [
        ({"email": "ikke-en-mail"}, "gyldig e-mailadresse"),
        ({"email": "ny@test.example", "name": ""}, "skriv navnet"),
        ({"email": citizen.email, "member_type": "councillor"}, "kan ikke have denne plads"),
        ({"email": citizen.email, "role": "chair"}, "er allerede formand"),
        ({"email": citizen.email, "start_date": "ikke en dato"}, "Ikke en gyldig dato"),
    ]
    for extra, message in cases:
        resp = client.post(url, data={**base, **extra})
        page = resp.get_data(as_text=True)
        assert resp.status_code == 200, extra
        assert message in page, (extra, message)


def test_decision_validation(client, staff, make_committee, make_body):
    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    body = make_body()
    url = f"/arbejdsrum/{c.id}/kommissorium/version/1/beslutning"
    resp = client.post(
        url,
        data={
            "expected_status": "submitted",
            "body": str(body.id),
            "decided_on": "2999-01-01",
            "outcome": "approved",
        },
    )
    page = resp.get_data(as_text=True)
    assert "kan ikke ligge i fremtiden" in page and "Kun kommunalbestyrelsen" in page


def test_secretariat_cannot_grant_staff_roles(client, staff, make_user):
    resp = client.post(
        "/brugere/ny",
        data={"name": "A", "email": "a@test.example", "role": "administrator", "locale": "da"},
    )
    assert resp.status_code == 200
    assert "Not a valid choice" in resp.get_data(as_text=True) or "gyldigt" in resp.get_data(
        as_text=True
    )


def test_user_email_must_be_unique(client, staff):
    resp = client.post(
        "/brugere/ny",
        data={"name": "A", "email": staff.email.upper(), "role": "citizen", "locale": "da"},
    )
    assert "Der findes allerede en bruger med den e-mail." in resp.get_data(as_text=True)


def test_csrf_is_enforced_when_enabled(app, client, staff):
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post("/arbejdsrum/nyt", data={"name": "Uden token"})
    assert resp.status_code == 400


def test_oversized_request_is_413(client, staff):
    resp = client.post("/arbejdsrum/nyt", data={"summary": "x" * (3 * 1024 * 1024)})
    assert resp.status_code == 413


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/arbejdsrum/{c}/medlemmer/tilfoej", {"member_type": "bogus", "role": "bogus"}),
        ("/arbejdsrum/{c}/medlemmer/{m}", {"member_type": "x", "role": "y", "submit": "Gem"}),
        ("/arbejdsrum/{c}/kommissorium/version/1/beslutning", {"outcome": "x", "body": "x"}),
        ("/arbejdsrum/{d}/kommissorium/version/1/rediger", {"vice_chair_method": "x"}),
        ("/brugere/ny", {"role": "emperor", "locale": "klingon"}),
        ("/sprog", {"language": "x"}),
    ],
)
def test_bogus_choices_are_form_errors_not_500(
    path, data, client, staff, make_committee, make_member
):
    c = make_committee()
    d = make_committee(state=CommitteeState.mandate_draft, approved=False)
    m = make_member(c)
    resp = client.post(path.format(c=c.id, d=d.id, m=m.id), data=data)
    assert resp.status_code in (200, 302)
