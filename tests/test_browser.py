"""Key journeys in a real Chromium (Playwright), each page checked with axe-core (WCAG 2.1 AA).

Skips locally when /usr/bin/chromium or node_modules/axe-core is missing; CI installs both.
"""

import json
import socket
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from committees import demo
from committees.models.base import local_today

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


def need_browser() -> None:
    """Skip with the reason where Chromium or axe-core is missing (CI has both)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium; CI has it)")
    if not AXE.exists():
        pytest.skip("node_modules/axe-core is missing (npm ci; make test does it)")


@contextmanager
def served(app):
    """The app with CSRF on, served on a free loopback port (PUBLIC_URL points at it)."""
    app.config["WTF_CSRF_ENABLED"] = True
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def live_server(app, db):
    """The app with demo data and CSRF on, served on a free loopback port."""
    need_browser()
    demo.load()
    db.session.remove()
    with served(app) as base:
        yield base


@contextmanager
def launched_chromium():
    """Chromium through Playwright (the `chromium` fixture in conftest shares one per process)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def browser_page_at(base: str, browser):
    """A page in a context of its own (no cookies shared) for the app served at `base`,
    collecting console errors."""
    ARTIFACTS.mkdir(exist_ok=True)
    # bypass_csp lets the test inject axe-core; the app itself sends a strict CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.base = base
    pg.console_errors = errors
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def page(live_server, chromium):
    with browser_page_at(live_server, chromium) as pg:
        yield pg


def check_axe(page, name: str) -> None:
    """Run axe's WCAG 2.1 A/AA rules on the current page; fail on any violation."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    violations = [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], json.dumps(violations, indent=1)


def login(page, email: str) -> None:
    page.goto(page.base + "/konto/log-ind")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()


def test_public_pages_are_accessible_and_fit_320px(page):
    page.goto(page.base + "/")
    assert page.locator("h1").count() == 1
    check_axe(page, "public-index")
    page.get_by_role("link", name="Opgaveudvalget for unges trivsel").first.click()
    page.wait_for_load_state()
    check_axe(page, "public-committee")
    text = page.inner_text("main")
    assert "Hvordan" in text or "?" in text  # the task questions are shown
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 320, f"page is {overflow}px wide at a 320px viewport"
    check_axe(page, "public-committee-320")
    assert page.console_errors == []


def test_keyboard_reaches_skip_link_first(page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"


def test_secretariat_creates_a_committee_and_writes_its_mandate(page):
    login(page, "sekretariat@solbjerg.example")
    check_axe(page, "workspace")
    page.goto(page.base + "/overblik")
    check_axe(page, "dashboard")
    page.goto(page.base + "/arbejdsrum/nyt")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert page.locator("[data-module='error-summary']").count() == 1
    check_axe(page, "create-committee-errors")
    page.get_by_label("Navn").fill("Opgaveudvalget for grønne skolegårde")
    page.get_by_label("Kort beskrivelse").fill("Skolegårde med plads til leg og natur.")
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert "Opgaveudvalget for grønne skolegårde" in page.inner_text("h1")
    check_axe(page, "committee-page")
    page.get_by_role("link", name="Kommissorium").first.click()
    page.wait_for_load_state()
    check_axe(page, "mandate-index")
    page.get_by_role("link", name="Redigér").first.click()
    page.wait_for_load_state()
    check_axe(page, "mandate-edit")
    page.get_by_label("Baggrund").fill("Skolegårdene er slidte.")
    page.get_by_label("Formål").fill("At give børn bedre udeliv.")
    page.locator("textarea[name='task_questions-0']").fill("Hvordan bruger børn skolegården?")
    page.get_by_role("button", name="Gem udkast").click()
    page.wait_for_load_state()
    assert "Udkastet er gemt." in page.inner_text("body")
    check_axe(page, "mandate-version")


def test_members_page_and_composition(page):
    login(page, "sekretariat@solbjerg.example")
    page.goto(page.base + "/arbejdsrum/")
    page.get_by_role("link", name="Opgaveudvalget for klimatilpasning langs kysten").click()
    page.wait_for_load_state()
    assert "mangler" in page.inner_text("main").lower()
    page.get_by_role("link", name="Medlemmer").first.click()
    page.wait_for_load_state()
    check_axe(page, "members")
    page.get_by_role("link", name="Tilføj medlem").first.click()
    page.wait_for_load_state()
    check_axe(page, "add-member")


def test_language_switch_to_english(page):
    page.goto(page.base + "/")
    page.get_by_role("button", name="English").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    check_axe(page, "public-index-en")


def test_notices_inbox_and_reminder_settings(page):
    login(page, "formand@solbjerg.example")
    page.goto(page.base + "/varsler/")
    assert page.locator("h1").inner_text() == "Varsler"
    check_axe(page, "notices-inbox")
    unread = page.get_by_role("button", name="Markér som læst").count()
    assert unread >= 1
    page.get_by_role("button", name="Markér som læst").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Markér som læst").count() == unread - 1
    page.goto(page.base + "/varsler/indstillinger")
    check_axe(page, "notices-settings")

    page.context.clear_cookies()
    login(page, "sekretariat@solbjerg.example")
    page.goto(page.base + "/varsler/paamindelser/composition_incomplete")
    check_axe(page, "reminder-policy")
    # The form as a person fills it in: the blank row at the bottom adds a moment.
    page.get_by_label("Hverdage i forhold til datoen").last.fill("-20")
    page.get_by_label("Aktiv").last.check()
    page.get_by_role("button", name="Gem påmindelser").click()
    page.wait_for_load_state()
    assert "Påmindelserne er gemt og planlagt igen." in page.inner_text("main")
    assert "20 hverdage før" in page.inner_text("main")
    check_axe(page, "reminder-policy-saved")


def test_a_citizen_applies_to_the_demo_call(page, db):
    from committees.models import Committee

    kyst = db.session.scalar(db.select(Committee.id).where(Committee.name.like("%kysten")))
    page.goto(page.base + f"/udvalg/{kyst}")
    check_axe(page, "public-committee-call")
    page.get_by_role("link", name="Søg om at deltage").first.click()
    page.wait_for_load_state()
    check_axe(page, "apply-form")
    page.get_by_role("button", name="Send ansøgning").click()
    page.wait_for_load_state()
    assert page.locator("[data-module='error-summary']").count() == 1
    check_axe(page, "apply-form-errors")
    page.get_by_label("Navn", exact=True).fill("Anna Holm")
    page.locator("input[name='email']").fill("anna.holm@borger.example")
    page.get_by_label("Alder").select_option(index=2)
    page.get_by_label("Postnummer").fill("2950")
    page.get_by_label("Hvorfor vil du være med?").fill("Jeg bor ved stranden.")
    page.locator("input[name='consent']").check()
    page.get_by_role("button", name="Send ansøgning").click()
    page.wait_for_load_state()
    assert "e-mail" in page.inner_text("main").lower()
    check_axe(page, "apply-sent")
    page.set_viewport_size({"width": 320, "height": 800})
    page.go_back()
    page.wait_for_load_state()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 320, f"the application form is {overflow}px wide at 320px"
    assert page.console_errors == []


def test_the_secretariat_runs_the_demo_call_to_the_appointment(page, db):

    from committees.models import Application, ApplicationStatus, Committee

    kyst = db.session.scalar(db.select(Committee.id).where(Committee.name.like("%kysten")))
    login(page, "jonas.kragh@solbjerg.example")
    page.goto(page.base + f"/arbejdsrum/{kyst}")
    page.get_by_role("link", name="Rekruttering").first.click()
    page.wait_for_load_state()
    assert "36 bekræftede ansøgere" in page.inner_text("main")
    check_axe(page, "recruitment-pool")
    page.get_by_label("Status").first.select_option(label="Indstillet")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert page.locator("table").last.locator("tbody tr").count() == 5
    page.locator("table").last.locator("tbody a").first.click()
    page.wait_for_load_state()
    check_axe(page, "recruitment-application")
    # The rest of the pool is handled (declined) so the decision can be recorded.
    db.session.execute(
        db.update(Application)
        .where(Application.status == ApplicationStatus.received)
        .values(status=ApplicationStatus.declined)
    )
    db.session.commit()
    page.goto(page.base + f"/arbejdsrum/{kyst}/rekruttering")
    page.get_by_role("button", name="Luk opslaget nu").click()
    page.wait_for_load_state()
    assert "Opslaget er lukket" in page.inner_text("main")
    page.get_by_role("link", name="Se sammensætningen med de indstillede").click()
    page.wait_for_load_state()
    check_axe(page, "recruitment-preview")
    page.goto(page.base + f"/arbejdsrum/{kyst}/rekruttering/udpegning")
    check_axe(page, "recruitment-decision")
    page.get_by_label("Beslutningsdato").first.fill(local_today().isoformat())
    page.get_by_label("Dagsordenspunkt").first.fill("KB, punkt 9")
    page.get_by_role("button", name="Registrér udpegningen").click()
    page.wait_for_load_state()
    assert "Udpegningen er registreret. 5 borgere" in page.inner_text("main")
    check_axe(page, "recruitment-decided")
    page.goto(page.base + f"/arbejdsrum/{kyst}/medlemmer/")
    assert page.inner_text("main").count("Borgermedlem") >= 5
    assert page.console_errors == []


def test_help_pages_are_accessible_and_linked_from_each_page(page):
    page.goto(page.base + "/")
    page.get_by_role("link", name="Hjælp til denne side").click()
    page.wait_for_load_state()
    assert page.url.endswith("/hjaelp/public#udvalg")
    check_axe(page, "help-public")
    login(page, "sekretariat@solbjerg.example")
    page.goto(page.base + "/hjaelp/")
    check_axe(page, "help-index")
    first = page.locator("main ul.bordered-list li a").first.inner_text()
    assert first == "Sekretariat og facilitator"
    page.goto(page.base + "/hjaelp/secretariat")
    check_axe(page, "help-secretariat")
    assert page.locator("main img").count() >= 1
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the guide is {width}px wide at a 320px viewport"
