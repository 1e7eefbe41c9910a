"""Every route × every kind of person: who may, who may not (403), who may not even see (404).

People (see conftest `people`): anonymous, a citizen who is not a member, a councillor, the
secretariat, an administrator, a citizen member of the committee, its external facilitator, and
a member of another committee ("outsider").
"""

from datetime import date

import pytest

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
LOGIN = 302  # anonymous users are sent to the login page


def _expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PEOPLE, default)
    table.update(overrides)
    return table


# Internal committee pages: staff, councillors and the committee's members see them.
VIEW = _expect(200, anonymous=LOGIN, citizen=404, outsider=404)
STAFF_ONLY_COMMITTEE = _expect(
    403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=200, admin=200
)
STAFF_OR_FACILITATOR = {**STAFF_ONLY_COMMITTEE, "facilitator": 200}
STAFF_ONLY = _expect(403, anonymous=LOGIN, secretariat=200, admin=200)
OVERVIEW = _expect(403, anonymous=LOGIN, councillor=200, secretariat=200, admin=200)

LEAVE = {"leave_start": "2027-01-01", "leave_end": "2027-01-31", "reason": "Rejse"}

ROUTES = [
    ("GET", "/", None, _expect(200)),
    ("GET", "/udvalg/{c}", None, _expect(200)),
    ("GET", "/udvalg/{c}/moeder", None, _expect(200)),
    ("GET", "/udvalg/{draft}/moeder", None, _expect(404)),
    ("GET", "/udvalg/{draft}", None, _expect(404)),
    ("GET", "/overblik", None, STAFF_ONLY),
    ("GET", "/overblik/opfoelgning", None, STAFF_ONLY),
    ("GET", "/overblik/invitationer", None, STAFF_ONLY),
    ("GET", "/overblik/fejlede-varsler", None, STAFF_ONLY),
    ("POST", "/varsler/gensend-fejlede", {}, {**STAFF_ONLY, "secretariat": 302, "admin": 302}),
    ("GET", "/arbejdsrum/", None, _expect(200, anonymous=LOGIN)),
    ("GET", "/mine-moeder", None, _expect(200, anonymous=LOGIN)),
    ("GET", "/moedebelastning", None, STAFF_ONLY),
    ("GET", "/moedebelastning/{u}", None, STAFF_ONLY),
    ("GET", "/arbejdsrum/nyt", None, STAFF_ONLY),
    ("GET", "/arbejdsrum/{c}", None, VIEW),
    # The committee page's lists in full: as visible as the page that shows their start.
    ("GET", "/arbejdsrum/{c}/historik", None, VIEW),
    ("GET", "/arbejdsrum/{c}/varsler-sendt", None, VIEW),
    ("GET", "/politisk-overblik", None, OVERVIEW),
    ("GET", "/politisk-overblik/handlinger", None, OVERVIEW),
    ("GET", "/politisk-overblik/opfoelgninger", None, OVERVIEW),
    ("GET", "/arbejdsrum/{c}/rediger", None, STAFF_ONLY_COMMITTEE),
    ("GET", "/arbejdsrum/nyt/fra-tidligere", None, STAFF_ONLY),
    ("GET", "/arbejdsrum/{c}/nyt-ud-fra", None, STAFF_ONLY_COMMITTEE),
    (
        "POST",
        "/arbejdsrum/{c}/handling/hand_over",
        {"expected_state": "working"},
        {**STAFF_ONLY_COMMITTEE, "secretariat": 302, "admin": 302, "facilitator": 302},
    ),
    ("GET", "/arbejdsrum/{c}/kommissorium/", None, VIEW),
    ("GET", "/arbejdsrum/{c}/kommissorium/version/1", None, VIEW),
    ("GET", "/arbejdsrum/{c}/kommissorium/sammenlign", None, VIEW),
    (
        "GET",
        "/arbejdsrum/{c}/kommissorium/version/1/rediger",
        None,
        {**STAFF_OR_FACILITATOR, "secretariat": 302, "admin": 302, "facilitator": 302},
    ),
    (
        "POST",
        "/arbejdsrum/{c}/kommissorium/ny-version",
        {},
        {**STAFF_OR_FACILITATOR, "secretariat": 302, "admin": 302, "facilitator": 302},
    ),
    (
        "POST",
        "/arbejdsrum/{c}/kommissorium/version/1/indsend",
        {},
        {**STAFF_ONLY_COMMITTEE, "secretariat": 302, "admin": 302},
    ),
    (
        "POST",
        "/arbejdsrum/{c}/kommissorium/version/1/traek-tilbage",
        {},
        {**STAFF_ONLY_COMMITTEE, "secretariat": 302, "admin": 302},
    ),
    (
        "GET",
        "/arbejdsrum/{c}/kommissorium/version/1/beslutning",
        None,
        {**STAFF_ONLY_COMMITTEE, "councillor": 200},
    ),
    ("GET", "/arbejdsrum/{c}/medlemmer/", None, VIEW),
    ("GET", "/arbejdsrum/{c}/medlemmer/tilfoej", None, STAFF_OR_FACILITATOR),
    ("GET", "/arbejdsrum/{c}/medlemmer/{m}", None, STAFF_OR_FACILITATOR),
    (
        "POST",
        "/arbejdsrum/{c}/medlemmer/{m}/orlov",
        LEAVE,
        {**STAFF_OR_FACILITATOR, "secretariat": 302, "admin": 302, "facilitator": 302},
    ),
    ("GET", "/arbejdsrum/{c}/rekruttering", None, STAFF_OR_FACILITATOR),
    ("GET", "/arbejdsrum/{c}/rekruttering/opslag/nyt", None, STAFF_ONLY_COMMITTEE),
    ("GET", "/brugere/", None, STAFF_ONLY),
    ("GET", "/brugere/ny", None, STAFF_ONLY),
    ("GET", "/brugere/{u}", None, STAFF_ONLY),
    ("POST", "/brugere/{u}/invitation", {}, {**STAFF_ONLY, "secretariat": 302, "admin": 302}),
    ("POST", "/sprog", {"language": "en", "next": "/"}, _expect(302)),
    # POSTs of the form pages with empty data: allowed users get the form back with errors.
    ("POST", "/arbejdsrum/nyt", {}, STAFF_ONLY),
    ("POST", "/arbejdsrum/{c}/rediger", {}, STAFF_ONLY_COMMITTEE),
    ("POST", "/arbejdsrum/{c}/nyt-ud-fra", {}, STAFF_ONLY_COMMITTEE),
    (
        "POST",
        "/arbejdsrum/{c}/kommissorium/version/1/rediger",
        {},
        {**STAFF_OR_FACILITATOR, "secretariat": 302, "admin": 302, "facilitator": 302},
    ),
    (
        "POST",
        "/arbejdsrum/{c}/kommissorium/version/1/beslutning",
        {},
        {**STAFF_ONLY_COMMITTEE, "councillor": 200},
    ),
    ("POST", "/arbejdsrum/{c}/medlemmer/tilfoej", {}, STAFF_OR_FACILITATOR),
    ("POST", "/arbejdsrum/{c}/rekruttering/opslag/nyt", {}, STAFF_ONLY_COMMITTEE),
    ("POST", "/arbejdsrum/{c}/medlemmer/{m}", {"submit": "Gem"}, STAFF_OR_FACILITATOR),
    ("POST", "/brugere/ny", {}, STAFF_ONLY),
    ("POST", "/brugere/{u}", {}, STAFF_ONLY),
    # Bulk work: one status for many actions (staff, or the contact of one: nobody here),
    # many reviews closed (staff), many bilag published (staff and facilitator). Empty POSTs:
    # the form again with "choose at least one" (400).
    ("GET", "/arbejdsrum/{c}/anbefalinger/handlinger", None, STAFF_ONLY_COMMITTEE),
    (
        "POST",
        "/arbejdsrum/{c}/anbefalinger/handlinger",
        {},
        {**STAFF_ONLY_COMMITTEE, "secretariat": 400, "admin": 400},
    ),
    ("GET", "/arbejdsrum/{c}/anbefalinger/opfoelgninger", None, STAFF_ONLY_COMMITTEE),
    (
        "POST",
        "/arbejdsrum/{c}/anbefalinger/opfoelgninger",
        {},
        {**STAFF_ONLY_COMMITTEE, "secretariat": 400, "admin": 400},
    ),
    ("GET", "/arbejdsrum/{c}/moeder/{mt}/bilag/adgang", None, STAFF_OR_FACILITATOR),
    (
        "POST",
        "/arbejdsrum/{c}/moeder/{mt}/bilag/adgang",
        {},
        {**STAFF_OR_FACILITATOR, "secretariat": 400, "admin": 400, "facilitator": 400},
    ),
    ("GET", "/konto/log-ind", None, _expect(200, **dict.fromkeys(PEOPLE[1:], 302))),
    ("GET", "/konto/glemt-adgangskode", None, _expect(200)),
]

CASES = [
    pytest.param(method, url, data, person, table[person], id=f"{method} {url} as {person}")
    for method, url, data, table in ROUTES
    for person in PEOPLE
]


@pytest.fixture
def world(people, make_committee, make_meeting):
    from committees.models import CommitteeState

    people["draft"] = make_committee(state=CommitteeState.mandate_draft, approved=False)
    people["meeting"] = make_meeting(people["committee"])
    return people


@pytest.mark.parametrize(("method", "url", "data", "person", "expected"), CASES)
def test_route_access(method, url, data, person, expected, world, login, client):
    c = world["committee"]
    path = url.format(
        c=c.id,
        draft=world["draft"].id,
        m=next(m.id for m in c.memberships if m.user_id == world["member"].id),
        u=world["member"].id,
        mt=world["meeting"].id,
    )
    if world[person] is not None:
        login(world[person])
    if method == "GET":
        resp = client.get(path)
    else:
        resp = client.post(path, data=data)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]
    if expected == LOGIN and person == "anonymous" and path != "/sprog":
        assert "/konto/log-ind" in resp.headers["Location"]


def test_membership_of_another_committee_is_404(world, login, client):
    other_membership = world["other"].memberships[0].id
    login(world["secretariat"])
    resp = client.get(f"/arbejdsrum/{world['committee'].id}/medlemmer/{other_membership}")
    assert resp.status_code == 404


def test_unknown_ids_are_404(world, login, client):
    login(world["secretariat"])
    for path in (
        "/arbejdsrum/99999",
        "/arbejdsrum/99999/kommissorium/",
        f"/arbejdsrum/{world['committee'].id}/kommissorium/version/42",
        "/udvalg/99999",
        "/brugere/99999",
    ):
        assert client.get(path).status_code == 404, path


def test_citizen_members_see_only_their_committees_in_the_workspace(world, login, client):
    login(world["member"])
    page = client.get("/arbejdsrum/").get_data(as_text=True)
    assert world["committee"].name in page and world["other"].name not in page


def test_leave_period_is_recorded(world, login, client):
    login(world["secretariat"])
    m = next(m for m in world["committee"].memberships if m.user_id == world["member"].id)
    client.post(f"/arbejdsrum/{world['committee'].id}/medlemmer/{m.id}/orlov", data=LEAVE)
    assert m.leave_periods[0].start_date == date(2027, 1, 1)
