"""Empty is not broken: on an installation with no committees, bodies, meetings or
recommendations, every page answers, and the pages people start from say what is missing."""

import pytest
from werkzeug.routing import Rule

from committees.models import Role

SAMPLE = {"int": "1", "string": "x", "default": "x", "path": "x"}


def _get_rules(app) -> list[Rule]:
    """Every GET route of the app (derived from the URL map: a new route is tried too)."""
    return sorted(
        (r for r in app.url_map.iter_rules() if "GET" in r.methods and r.endpoint != "static"),
        key=lambda r: r.rule,
    )


def _url(rule: Rule) -> str:
    values = {
        arg: SAMPLE.get(type(rule._converters[arg]).__name__.replace("Converter", "").lower(), "1")
        for arg in rule.arguments
    }
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize(
    "who", [None, Role.citizen, Role.councillor, Role.secretariat, Role.administrator]
)
def test_every_page_answers_on_an_empty_installation(app, client, make_user, login, who):
    if who is not None:
        login(make_user(who))
    broken = {}
    for rule in _get_rules(app):
        url = _url(rule)
        status = client.get(url).status_code
        if status >= 500 and not (url == "/healthz" and status == 503):  # degraded: no beat
            broken[url] = status
    assert broken == {}


def test_the_front_page_says_it_is_not_set_up_yet(client):
    page = client.get("/").get_data(as_text=True)
    assert "Siden er ikke sat op endnu" in page


def test_the_dashboard_says_what_is_missing_and_links_to_it(client, make_user, login):
    login(make_user(Role.administrator))
    page = client.get("/overblik").get_data(as_text=True)
    for link in (
        "/opsaetning/kommune",
        "/opsaetning/udvalg",
        "/politisk-kalender",
        "/opsaetning/e-mail",
    ):
        assert f'href="{link}"' in page


def test_a_new_committee_without_bodies_says_where_to_make_them(client, make_user, login):
    login(make_user(Role.administrator))
    page = client.get("/arbejdsrum/nyt").get_data(as_text=True)
    assert "/opsaetning/udvalg" in page


def test_the_calendar_without_bodies_says_where_to_make_them(client, make_user, login):
    login(make_user(Role.administrator))
    page = client.get("/politisk-kalender").get_data(as_text=True)
    assert "/opsaetning/udvalg" in page
