"""Day one, tried as a new municipality would: from an empty database, `flask setup`, the
printed link, a password, the whole checklist, and a first committee's mandate sent for
approval — in Chromium, with axe on every page it passes."""

import re
from datetime import timedelta

import pytest

from committees.models import MandateStatus, MandateVersion, PoliticalBody, User
from committees.models.base import local_today
from tests.conftest import running_smtp_sink
from tests.test_browser import browser_page_at, check_axe, need_browser, served
from workflows import setup

pytestmark = pytest.mark.browser
PASSWORD = "en lang og hemmelig adgangskode"


@pytest.fixture
def empty_server(app, db):
    """The app on an EMPTY database (no demo), CSRF on, served on a free loopback port."""
    need_browser()
    with served(app) as base:
        yield base


@pytest.fixture
def browser_page(empty_server, chromium):
    with browser_page_at(empty_server, chromium) as pg:
        yield pg


def _ics(tmp_path, days: list) -> str:
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:kb-{d:%Y%m%d}@dagsorden.example\r\n"
        f"DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Europe/Copenhagen:{d:%Y%m%d}T170000\r\n"
        "SUMMARY:Kommunalbestyrelsens møde\r\nEND:VEVENT\r\n"
        for d in days
    )
    path = tmp_path / "kommunalbestyrelsen.ics"
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Dagsorden//DA\r\n"
            + events
            + "END:VCALENDAR\r\n"
        ).encode()
    )
    return str(path)


def _csv(tmp_path) -> str:
    path = tmp_path / "personer.csv"
    text = (
        "navn;e-mail;rolle;udvalg\r\n"
        "Mette Sekretær;mette@gentofte.example;Sekretariat;\r\n"
        "Karen Byrådsmedlem;karen@gentofte.example;Kommunalbestyrelsesmedlem;"
        "Kommunalbestyrelsen\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    return str(path)


def _go(page, name: str, click=None) -> None:
    if click is not None:
        click.click()
    page.wait_for_load_state()
    check_axe(page, f"first-day-{name}")


def _set_up_facts_and_bodies(page) -> None:
    page.get_by_role("link", name="Kommunens oplysninger").first.click()
    _go(page, "facts")
    page.get_by_label("Kontakt-e-mail").fill("opgaveudvalg@gentofte.example")
    page.get_by_label("Telefon").fill("39 98 00 00")
    page.get_by_label("Adresse på tilgængelighedserklæringen").fill("https://www.was.digst.dk/x")
    _go(page, "facts-saved", page.get_by_role("button", name="Gem", exact=True))
    assert "Kommunens oplysninger er gemt." in page.inner_text("body")
    page.goto(page.base + "/opsaetning/udvalg")
    _go(page, "bodies-empty")
    for name, kind in [
        ("Kommunalbestyrelsen", "Kommunalbestyrelse"),
        ("Økonomiudvalget", "Økonomiudvalg"),
        ("Børne- og Skoleudvalget", "Stående udvalg"),
    ]:
        page.goto(page.base + "/opsaetning/udvalg")
        page.get_by_label("Navn").fill(name)
        page.get_by_label("Slags").select_option(label=kind)
        _go(page, "body", page.get_by_role("button", name="Gem", exact=True))


def test_a_new_municipality_starts_without_a_shell(app, db, browser_page, tmp_path):
    page = browser_page
    out = app.test_cli_runner().invoke(
        args=["setup", "--municipality", "Gentofte Kommune", "--admin-email", "it@gentofte.example"]
    )
    link = re.search(r"http://\S+", out.output).group(0)
    page.goto(link)
    _go(page, "choose-password")
    page.get_by_label("Ny adgangskode").fill(PASSWORD)
    page.get_by_label("Gentag adgangskoden").fill(PASSWORD)
    _go(page, "login", page.get_by_role("button", name="Gem adgangskode"))
    page.get_by_label("E-mail").fill("it@gentofte.example")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(page.base + "/overblik")
    _go(page, "dashboard-checklist")
    assert "Opsætningen er ikke færdig" in page.inner_text("main")

    _set_up_facts_and_bodies(page)

    page.goto(page.base + "/politisk-kalender/import")
    _go(page, "calendar-import")
    page.get_by_label("Politisk organ").select_option(
        label="Kommunalbestyrelsen (Kommunalbestyrelse)"
    )
    today = local_today()
    page.get_by_label("iCalendar-fil (.ics)").set_input_files(
        _ics(tmp_path, [today + timedelta(days=d) for d in (30, 60, 90)])
    )
    _go(page, "calendar", page.get_by_role("button", name="Hent møderne"))
    assert "3 møder tilføjet til Kommunalbestyrelsen" in page.inner_text("body")

    page.goto(page.base + "/opsaetning/personer/import")
    _go(page, "people-import")
    page.get_by_label("CSV-fil").set_input_files(_csv(tmp_path))
    _go(page, "people-preview", page.get_by_role("button", name="Vis forhåndsvisning"))
    _go(page, "people-imported", page.get_by_role("button", name="Importér"))
    assert User.by_email("mette@gentofte.example") is not None
    council = db.session.scalar(
        db.select(PoliticalBody).where(PoliticalBody.name == "Kommunalbestyrelsen")
    )
    assert [u.email for u in council.members] == ["karen@gentofte.example"]

    page.goto(page.base + "/opsaetning/lukkedage")
    _go(page, "closing-days")
    page.get_by_label("Lukkedage").fill("12-24\n12-31\n2027-05-07")
    _go(page, "closing-days-saved", page.get_by_role("button", name="Gem lukkedage"))
    with running_smtp_sink() as (port, received):
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        page.goto(page.base + "/opsaetning/e-mail")
        _go(page, "mail-test", page.get_by_role("button", name="Send en testbesked til mig"))
        assert "har modtaget testbeskeden" in page.inner_text("main")
        assert any(m["To"] == "it@gentofte.example" for m in received)
    db.session.expire_all()
    assert setup.is_complete(), [s.key for s in setup.checklist() if not s.done]
    page.goto(page.base + "/overblik")
    _go(page, "dashboard-done")
    assert "Opsætningen er ikke færdig" not in page.inner_text("main")

    _first_committee(page)
    db.session.expire_all()
    version = db.session.scalar(db.select(MandateVersion))
    assert version.status is MandateStatus.submitted
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/opsaetning/", "/opsaetning/udvalg", "/"):
        page.goto(page.base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"


def _first_committee(page) -> None:
    page.goto(page.base + "/arbejdsrum/nyt")
    _go(page, "new-committee")
    page.get_by_label("Navn").fill("Opgaveudvalget for grønne skolegårde")
    page.get_by_label("Kort beskrivelse").fill("Skolegårde med plads til leg og natur.")
    page.get_by_label("Børne- og Skoleudvalget").check()
    _go(page, "committee", page.get_by_role("button", name="Gem"))
    page.get_by_role("link", name="Kommissorium").first.click()
    page.get_by_role("link", name="Redigér").first.click()
    _go(page, "mandate-edit")
    page.get_by_label("Titel").fill("Kommissorium for grønne skolegårde")
    page.get_by_label("Baggrund").fill("Skolegårdene er slidte.")
    page.get_by_label("Formål").fill("At give børn bedre udeliv.")
    page.locator("textarea[name='task_questions-0']").fill("Hvordan bruger børn skolegården?")
    start = local_today() + timedelta(days=60)
    page.get_by_label("Start", exact=True).fill(start.isoformat())
    page.get_by_label("Slut", exact=True).fill((start + timedelta(days=300)).isoformat())
    _go(page, "mandate-saved", page.get_by_role("button", name="Gem udkast"))
    _go(page, "mandate-submitted", page.get_by_role("button", name="Send til politisk behandling"))
    assert "Til politisk behandling" in page.inner_text("main")
