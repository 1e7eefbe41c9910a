"""Recommendations in a real Chromium with axe on every page: a member comments on a draft;
a councillor puts a handed-over recommendation on an agenda and records the decision; the
secretariat writes a progress update, and the public trail shows it to anyone, who can follow
it by e-mail."""

import re

import pytest

from committees.models import Committee
from committees.models.base import local_today
from tests.test_browser import check_axe, live_server, login, page  # noqa: F401

pytestmark = pytest.mark.browser

STAFF = "sekretariat@solbjerg.example"
CITIZEN = "borger@solbjerg.example"  # Sara Lindholm, member of the youth committee
COUNCILLOR = "lone.birk.thomsen@solbjerg.example"


def switch(page, email: str) -> None:  # noqa: F811
    """Log in as someone else (a fresh session)."""
    page.context.clear_cookies()
    login(page, email)


def _committee_id(db, fragment: str) -> int:
    return db.session.scalar(db.select(Committee.id).where(Committee.name.like(f"%{fragment}%")))


def _go(page, path: str, name: str) -> None:  # noqa: F811
    """Open a page, check that it answered, and run axe on it."""
    response = page.goto(page.base + path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    check_axe(page, name)


def test_a_member_comments_and_the_staff_see_coverage_and_versions(page, db):  # noqa: F811
    youth = _committee_id(db, "unges trivsel")
    login(page, CITIZEN)
    _go(page, f"/arbejdsrum/{youth}/anbefalinger", "recs-member-list")
    card = page.locator("li", has=page.get_by_text("Til kommentering", exact=True)).first
    card.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "Udvalgets medlemmer kan kommentere til og med" in page.inner_text("main")
    check_axe(page, "rec-member-show")
    rec_url = page.url

    page.get_by_role("button", name="Send kommentaren").click()  # empty: refused
    page.wait_for_load_state()
    assert page.locator("[data-module='error-summary']").count() == 1
    assert "Skriv din kommentar." in page.inner_text("main")
    check_axe(page, "rec-comment-errors")
    page.console_errors.clear()  # the refused form's 400, on purpose
    page.get_by_label("Din kommentar").fill("Aftalen skal også nævne lektier på skærm.")
    page.get_by_role("button", name="Send kommentaren").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Tak. Din kommentar er sendt til facilitator." in main
    comments = page.locator("section", has=page.locator("#kommentarer")).inner_text()
    assert "Sara Lindholm" in comments and "lektier" in comments
    check_axe(page, "rec-commented")

    switch(page, STAFF)
    page.goto(rec_url)
    assert "lektier" in page.inner_text("main")
    check_axe(page, "rec-staff-show")
    page.get_by_role("link", name="Se alle versioner").click()
    page.wait_for_load_state()
    assert "Versioner af" in page.inner_text("h1")
    check_axe(page, "rec-versions")
    _go(page, f"/arbejdsrum/{youth}/anbefalinger/daekning", "rec-coverage")
    assert "Dækning af kommissoriets spørgsmål" in page.inner_text("h1")
    _go(page, f"/arbejdsrum/{youth}/aflevering", "rec-handover-working")
    assert "Aflevering af anbefalingerne" in page.inner_text("h1")
    _go(page, f"/arbejdsrum/{youth}/anbefalinger/rapport", "rec-report-internal")
    _go(page, "/politisk-kalender", "council-calendar")
    assert page.console_errors == []


def test_decision_progress_update_and_the_public_trail(page, db):  # noqa: F811
    together = _committee_id(db, "fællesskaber på tværs")
    elderly = _committee_id(db, "aldersvenligt")
    today = local_today().isoformat()

    login(page, COUNCILLOR)
    _go(page, "/politisk-overblik", "political-overview")
    page.get_by_role("link", name="Anbefaling 5: En årlig fællesskabsdag på torvet").click()
    page.wait_for_load_state()
    assert "Afventer politisk behandling" in page.inner_text("main")
    check_axe(page, "rec-awaiting-show")
    page.get_by_role("link", name="Registrér beslutning").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/arbejdsrum/{together}/anbefalinger/5/beslutning")
    check_axe(page, "rec-decide")

    agenda = page.get_by_role("region", name="Sat på et politisk udvalgs dagsorden")
    agenda.get_by_label("Politisk udvalg").select_option(label=_option(agenda, "Kultur- og Fritid"))
    agenda.get_by_label("Mødedato").fill(today)
    agenda.get_by_label("Dagsordenspunkt").fill("Punkt 12")
    agenda.get_by_role("button", name="Sæt på dagsordenen").click()
    page.wait_for_load_state()
    assert "Anbefalingen er sat på dagsordenen og er nu offentlig." in page.inner_text("main")
    panel = page.get_by_role("region", name="Politisk behandling").inner_text()
    assert "På dagsordenen i Kultur- og Fritidsudvalget, mødet" in panel and "(Punkt 12)" in panel
    check_axe(page, "rec-on-agenda")

    page.get_by_role("link", name="Registrér beslutning").click()
    page.wait_for_load_state()
    decide = page.get_by_role("region", name="Registrér politisk beslutning")
    decide.get_by_role("button", name="Registrér beslutning").click()  # empty: refused
    page.wait_for_load_state()
    assert page.locator("[data-module='error-summary']").count() >= 1
    check_axe(page, "rec-decide-errors")
    page.console_errors.clear()  # the refused form's 400, on purpose
    decide = page.get_by_role("region", name="Registrér politisk beslutning")
    decide.get_by_label("Politisk udvalg").select_option(label=_option(decide, "Kultur- og Fritid"))
    decide.get_by_label("Mødedato").fill(today)
    decide.get_by_label("Dagsordenspunkt").fill("Punkt 12")
    decide.get_by_label("Afvist", exact=True).check()
    decide.get_by_label("Endelig beslutning").check()
    decide.get_by_label("Begrundelse").fill("Torvet er optaget af markedsdage hele sommeren.")
    decide.get_by_role("button", name="Registrér beslutning").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Beslutningen er registreret." in main
    panel = page.get_by_role("region", name="Politisk behandling").inner_text()
    assert "Kultur- og Fritidsudvalget" in panel and "Punkt 12" in panel and "Afvist" in panel
    assert "markedsdage" in panel
    check_axe(page, "rec-decided")

    switch(page, STAFF)
    page.goto(f"{page.base}/arbejdsrum/{elderly}/anbefalinger/1")
    check_axe(page, "rec-implementing-show")
    # An action still under way (the first one is done; it is not the one to reopen).
    # (The link's accessible name is not "…statusopdatering: <title>" verbatim; a pattern.)
    update = re.compile("Skriv en statusopdatering.*Åbne offentlige toiletter")
    page.get_by_role("link", name=update).click()
    page.wait_for_load_state()
    assert "/handlinger/" in page.url and page.url.endswith("/opdatering")
    check_axe(page, "rec-update-form")
    page.get_by_label("Status").select_option(label="I gang som planlagt")
    page.get_by_label("Fremdrift i procent").fill("65")
    page.get_by_label("Hvad er der sket?").fill("Nordcentret giver **tilladelse** til toilettet.")
    page.get_by_role("button", name="Gem opdateringen").click()
    page.wait_for_load_state()
    assert "Opdateringen er gemt" in page.inner_text("main")
    assert "tilladelse" in page.inner_text("main")
    _go(page, "/politisk-kalender", "council-calendar-staff")
    _go(page, f"/arbejdsrum/{elderly}/anbefalinger/rapport", "rec-report-implementing")

    page.context.clear_cookies()  # the public, not logged in
    _go(page, f"/udvalg/{elderly}/anbefalinger", "public-recs-index")
    assert "Hvad blev der af anbefalingerne?" in page.inner_text("h1")
    page.get_by_role("link", name="Anbefaling 1:").first.click()
    page.wait_for_load_state()
    timeline = page.get_by_role("region", name="Forløb").inner_text()
    assert "Nordcentret giver tilladelse" in timeline and "65\u00a0%" in timeline
    check_axe(page, "public-rec-show")
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the public recommendation is {width}px wide at a 320px viewport"
    check_axe(page, "public-rec-show-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Følg").click()  # no address: refused
    page.wait_for_load_state()
    assert "Skriv din e-mail." in page.inner_text("main")
    check_axe(page, "follow-form-errors")
    page.console_errors.clear()  # the refused form's 400, on purpose
    page.get_by_label("Din e-mail").fill("nabo@borger.example")
    page.get_by_role("button", name="Følg").click()
    page.wait_for_load_state()
    assert "Tjek din e-mail" in page.inner_text("h1")
    check_axe(page, "follow-sent")
    _go(page, f"/udvalg/{together}/anbefalinger/5", "public-rec-decided")
    assert "markedsdage" in page.inner_text("main")
    _go(page, f"/udvalg/{elderly}/rapport", "public-report")
    _go(page, "/arkiv", "archive")
    assert page.console_errors == []


def _option(scope, fragment: str) -> str:
    """The full label of the select option that contains `fragment`."""
    texts = scope.get_by_label("Politisk udvalg").locator("option").all_inner_texts()
    return next(t.strip() for t in texts if fragment in t)
