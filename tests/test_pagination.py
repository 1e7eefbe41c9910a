"""Lists that grow are paginated: the committee's history and the notices sent about it, the
inbox, the political overview's actions and reviews, a committee's public meetings.

For each: the page that shows the newest few links to the whole list ("see all"); the whole
list shows PER_PAGE rows and a link to the next page; the next page has the rest; a page past
the end is an empty 200 that says so; a page that is not a number is the first page, not a 500.
"""

from datetime import UTC, datetime, timedelta

import pytest

from committees.committee.views import SHOWN
from committees.meetings import public as public_meetings
from committees.models import (
    ActionStatus,
    AuditEntry,
    DecisionState,
    FollowUpReview,
    ImplementationAction,
    Notice,
    RecommendationStatus,
    Role,
)
from committees.models.base import local_today
from committees.recommendations import decision_views
from workflows import delivery, notices

# The committee page, the overview and the public page each show the newest SHOWN of a list.
assert SHOWN == decision_views.SHOWN == public_meetings.SHOWN
N = SHOWN + 1  # so that each of them links to the rest
PER_PAGE = 6  # so the N rows make two pages: 6, then the 5 left
BAD_PAGES = ("abc", "0", "-3", "2.5", "99999999999999999999")


@pytest.fixture(autouse=True)
def _small_pages(app):
    app.config["PER_PAGE"] = PER_PAGE  # the app fixture restores it after the test


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _get(client, url: str) -> str:
    resp = client.get(url)
    assert resp.status_code == 200, (url, resp.status_code)
    return resp.get_data(as_text=True)


def _check_pages(client, url: str, rows, *, param: str = "page") -> None:
    """`rows(html)` counts the list's rows on a page of `url`, paged by ?<param>=."""
    sep = "&" if "?" in url else "?"
    first = _get(client, url)
    assert rows(first) == PER_PAGE
    assert f"{param}=2" in first and "Næste side" in first
    second = _get(client, f"{url}{sep}{param}=2")
    assert rows(second) == N - PER_PAGE
    assert 'aria-current="page">2<' in second
    past = _get(client, f"{url}{sep}{param}=9")
    assert rows(past) == 0 and "Der er intet på side 9." in past and f"{param}=1" in past
    for bad in BAD_PAGES:
        page = client.get(f"{url}{sep}{param}={bad}")
        assert page.status_code == 200, (bad, page.status_code)
    assert rows(_get(client, f"{url}{sep}{param}=abc")) == PER_PAGE


def _phase(committee) -> dict:
    """The context of a "committee moved on" notice, as the committee workflow writes it."""
    return {
        "committee": committee.name,
        "state": committee.state.name,
        "comment": "",
        "link": {"committee_id": committee.id},
    }


# --- the committee page: history and notices sent -------------------------------------------


def _timeline(html: str) -> int:
    return (
        _between(html, '<ol class="timeline">', "</ol>").count("<li>") if "timeline" in html else 0
    )


def test_the_committee_history_shows_the_newest_and_pages_through_the_rest(
    db, people, client, login
):
    c = people["committee"]
    db.session.execute(db.delete(AuditEntry).where(AuditEntry.committee_id == c.id))
    start = datetime(2027, 1, 1, 12, tzinfo=UTC)
    for i in range(1, N + 1):
        db.session.add(
            AuditEntry(
                action="committee.edited",
                object_type="Committee",
                object_id=c.id,
                committee_id=c.id,
                at=start + timedelta(days=i),
                comment=f"Hændelse {i:02d}",
            )
        )
    db.session.commit()
    login(people["member"])
    page = _get(client, f"/arbejdsrum/{c.id}")
    aside = _between(page, 'id="history-heading"', "</aside>")
    assert _timeline(aside) == SHOWN and "Hændelse 11" in aside and "Hændelse 01" not in aside
    link = f'href="/arbejdsrum/{c.id}/historik"'
    assert link in aside and f"Se alle {N} hændelser i historikken" in aside

    _check_pages(client, f"/arbejdsrum/{c.id}/historik", _timeline)
    first = _get(client, f"/arbejdsrum/{c.id}/historik")
    assert "<h1>Historik</h1>" in first and f"{N} i alt." in first and c.name in first
    assert "Hændelse 11" in first and "Hændelse 05" not in first  # newest first
    assert "Hændelse 01" in _get(client, f"/arbejdsrum/{c.id}/historik?page=2")


def test_a_short_history_has_no_see_all_link(db, people, client, login):
    c = people["committee"]
    login(people["secretariat"])
    page = _get(client, f"/arbejdsrum/{c.id}")
    assert f"/arbejdsrum/{c.id}/historik" not in page
    assert f"/arbejdsrum/{c.id}/varsler-sendt" not in page


def _sent_rows(html: str) -> int:
    return _between(html, "<tbody>", "</tbody>").count("<tr>") if "<tbody>" in html else 0


def test_the_notices_sent_about_a_committee_are_paginated(db, people, client, login, make_user):
    c = people["committee"]
    for i in range(1, N + 1):
        person = make_user(Role.citizen, name=f"Modtager {i:02d}")
        notices.notify(
            person,
            "committee_phase",
            key=f"pagination-{i}",
            subject=c,
            committee_id=c.id,
            context={
                "committee": c.name,
                "state": c.state.name,
                "comment": "",
                "link": {"committee_id": c.id},
            },
        )
    db.session.commit()
    assert delivery.sweep().sent == N
    login(people["facilitator"])
    page = _get(client, f"/arbejdsrum/{c.id}")
    section = _between(page, 'id="notices-heading"', "</section>")
    assert _sent_rows(section) == SHOWN
    assert f'href="/arbejdsrum/{c.id}/varsler-sendt"' in section
    assert f"Se alle {N} sendte varsler" in section

    _check_pages(client, f"/arbejdsrum/{c.id}/varsler-sendt", _sent_rows)
    first = _get(client, f"/arbejdsrum/{c.id}/varsler-sendt")
    assert "<caption" in first and "<h1>Sendte varsler</h1>" in first
    names = {f"Modtager {i:02d}" for i in range(1, N + 1)}
    second = _get(client, f"/arbejdsrum/{c.id}/varsler-sendt?page=2")
    assert {n for n in names if n in first} | {n for n in names if n in second} == names


# --- the inbox ------------------------------------------------------------------------------


def _items(section: str) -> int:
    return section.count('<li class="notice')


def _actions(html: str) -> int:
    return _items(_between(html, 'id="actions-heading"', 'id="info-heading"'))


def _info(html: str) -> int:
    return _items(_between(html, 'id="info-heading"', "</main>"))


@pytest.fixture
def full_inbox(db, make_user, make_committee):
    """A person with N open actions (invitations) and N notices for information."""
    user = make_user(Role.citizen)
    c = make_committee(name="Byliv")
    for i in range(N):
        notices.notify(
            user,
            "invitation",
            key=f"pagination-action-{i}",
            subject=user,
            committee_id=None,
            context={"inviter": "Jonas"},
        )
        notices.notify(
            user,
            "committee_phase",
            key=f"pagination-info-{i}",
            subject=c,
            committee_id=c.id,
            context={
                "committee": c.name,
                "state": c.state.name,
                "comment": "",
                "link": {"committee_id": c.id},
            },
        )
    db.session.commit()
    return user


def test_the_inbox_pages_each_list_on_its_own(full_inbox, client, login):
    login(full_inbox)
    _check_pages(client, "/varsler/", _actions, param="actions_page")
    _check_pages(client, "/varsler/", _info)
    page = _get(client, "/varsler/")
    assert page.count(f"{N} i alt.") == 2
    assert 'aria-label="Sidenavigation: Kræver handling"' in page
    assert 'aria-label="Sidenavigation: Til orientering"' in page
    # Paging through one list keeps the other where it was.
    page = _get(client, "/varsler/?page=2&actions_page=2")
    assert _actions(page) == N - PER_PAGE and _info(page) == N - PER_PAGE
    assert "Markér alle som læst" in page  # unread notices on other pages count too


def test_marking_read_comes_back_to_the_same_pages(full_inbox, db, client, login):
    login(full_inbox)
    one_info = db.session.scalar(
        db.select(Notice.id)
        .where(Notice.recipient_id == full_inbox.id, Notice.kind == "committee_phase")
        .order_by(Notice.due_at, Notice.id)
    )
    resp = client.post(f"/varsler/{one_info}/laest?page=2")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/varsler/?page=2")
    assert db.session.get(Notice, one_info).read_at is not None


# --- the political overview -----------------------------------------------------------------


@pytest.fixture
def troubled(db, people, make_recommendation):
    """N delayed actions and N overdue follow-up reviews on one approved recommendation."""
    rec = make_recommendation(
        people["committee"],
        status=RecommendationStatus.handed_over,
        decision_state=DecisionState.approved,
    )
    today = local_today()
    for i in range(N):
        db.session.add(
            ImplementationAction(
                recommendation_id=rec.id,
                title=f"Handling {i:02d}",
                owner_unit="Kultur",
                due_on=today - timedelta(days=N - i),
                status=ActionStatus.delayed,
            )
        )
        db.session.add(
            FollowUpReview(recommendation_id=rec.id, months=i + 1, due_on=today - timedelta(i + 1))
        )
    db.session.commit()
    return rec


def _table_rows(html: str) -> int:
    return _between(html, "<h1>", "</main>").count("<tr>") - 1 if "<tbody>" in html else 0


@pytest.mark.parametrize(
    ("path", "first", "see_all"),
    [
        ("/politisk-overblik/handlinger", "Handling 00", "handlinger i risiko"),
        ("/politisk-overblik/opfoelgninger", "Efter 11 måneder", "opfølgninger over fristen"),
    ],
)
def test_the_overviews_lists_link_to_all_of_them(
    path, first, see_all, troubled, people, client, login
):
    login(people["councillor"])
    overview = _get(client, "/politisk-overblik")
    assert f'href="{path}"' in overview and f"Se alle {N} {see_all}" in overview
    _check_pages(client, path, _table_rows)
    page = _get(client, path)
    assert first in page and f"{N} i alt." in page  # oldest due first
    assert 'href="/politisk-overblik"' in page  # the breadcrumb back


def test_the_overviews_list_pages_are_for_the_overviews_readers(people, client, login):
    login(people["member"])
    assert client.get("/politisk-overblik/handlinger").status_code == 403
    login(people["secretariat"])
    page = _get(client, "/politisk-overblik/opfoelgninger")
    assert "Ingen opfølgninger er over fristen." in page and "Sidenavigation" not in page


# --- a committee's public meetings ----------------------------------------------------------


def _meetings(section: str) -> int:
    return section.count('<li class="mb-3">')


def test_the_public_page_links_to_all_public_meetings(people, make_meeting, client, login):
    c = people["committee"]
    for i in range(N):
        make_meeting(c, days=-(i + 1), is_public=True, title=f"Afholdt {i:02d}")
    make_meeting(c, days=3, is_public=True, title="Næste møde")
    make_meeting(c, days=-100, is_public=False, title="Lukket møde")
    page = _get(client, f"/udvalg/{c.id}")
    section = _between(page, 'id="meetings-heading"', "</section>")
    assert _meetings(section) == 1 + SHOWN and "Afholdt 00" in section
    assert f"Afholdt {SHOWN:02d}" not in section
    assert f'href="/udvalg/{c.id}/moeder"' in section
    assert f"Se alle {N + 1} offentlige møder i udvalget" in section

    url = f"/udvalg/{c.id}/moeder"
    _check_pages(
        client, url, lambda html: _meetings(_between(html, 'id="held-heading"', "</section>"))
    )
    page = _get(client, url)
    upcoming = _between(page, 'id="upcoming-heading"', "</section>")
    assert _meetings(upcoming) == 1 and "Næste møde" in upcoming
    assert "Lukket møde" not in page
    assert "Lukket møde" not in _get(client, f"{url}?page=2")
    # The held list's pages keep the upcoming list's page, and the other way round.
    assert "upcoming_page=1" in _between(page, 'id="held-heading"', "</section>")


def test_the_public_meetings_page_of_a_committee_not_yet_public_is_404(make_committee, client):
    from committees.models import CommitteeState

    c = make_committee(state=CommitteeState.mandate_draft, approved=False)
    assert client.get(f"/udvalg/{c.id}/moeder").status_code == 404
    assert client.get("/udvalg/99999/moeder").status_code == 404


# --- lists that were already paginated: a page that is no number is not a 500 ---------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/arkiv",
        "/arbejdsrum/",
        "/brugere/",
        "/overblik/invitationer",
        "/overblik/fejlede-varsler",
        "/politisk-overblik",
        "/arbejdsrum/{c}/moeder",
        "/arbejdsrum/{c}/anbefalinger",
        "/udvalg/{c}/anbefalinger",
    ],
)
def test_existing_lists_answer_any_page(path, people, client, login):
    login(people["secretariat"])
    url = path.format(c=people["committee"].id)
    for bad in BAD_PAGES:
        resp = client.get(f"{url}?page={bad}")
        assert resp.status_code == 200, (bad, resp.status_code)


# --- in a browser: the new pages and their page navigation pass axe (WCAG 2.1 AA) -----------


@pytest.mark.browser
def test_the_list_pages_are_accessible(app, db, chromium):
    from committees import demo
    from committees.models import Committee, Meeting
    from tests.test_browser import browser_page_at, check_axe, login, served

    demo.load()
    busiest = db.session.scalar(
        db.select(AuditEntry.committee_id)
        .where(AuditEntry.committee_id.is_not(None))
        .group_by(AuditEntry.committee_id)
        .order_by(db.func.count().desc())
    )
    by_meetings = db.session.scalars(
        db.select(Committee)
        .join(Meeting, Meeting.committee_id == Committee.id)
        .where(Meeting.is_public)
        .group_by(Committee.id)
        .order_by(db.func.count().desc(), Committee.id)
    )
    public = next(c.id for c in by_meetings if c.is_public)
    db.session.remove()
    app.config["PER_PAGE"] = 2  # every list of the demo has a second page
    with served(app) as base, browser_page_at(base, chromium) as page:
        login(page, "sekretariat@solbjerg.example")
        for name, path in (
            ("committee-history", f"/arbejdsrum/{busiest}/historik?page=2"),
            ("committee-notices-sent", f"/arbejdsrum/{busiest}/varsler-sendt"),
            ("notices-inbox-paged", "/varsler/?page=2"),
            ("overview-actions", "/politisk-overblik/handlinger"),
            ("overview-reviews", "/politisk-overblik/opfoelgninger?page=9"),
            ("public-meetings", f"/udvalg/{public}/moeder"),
        ):
            response = page.goto(base + path)
            assert response.status == 200 and page.locator("h1").count() == 1, path
            check_axe(page, name)
            assert page.console_errors == [], path
