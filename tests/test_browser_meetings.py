"""The meeting cycle in a real Chromium with axe on every page: plan → agenda → material →
publish → RSVP → (the meeting is held) → attendance → minutes → approval → publication."""

from datetime import UTC, datetime, timedelta

import pytest

from committees.models import Committee, Meeting, MinutesApproval
from tests.test_browser import check_axe, live_server, login, page  # noqa: F401
from tests.test_meeting_materials import pdf_bytes

pytestmark = pytest.mark.browser

STAFF = "sekretariat@solbjerg.example"
CITIZEN = "borger@solbjerg.example"  # Sara Lindholm, member of the youth committee


def switch(page, email: str) -> None:  # noqa: F811
    """Log in as someone else (a fresh session)."""
    page.context.clear_cookies()
    login(page, email)


def _committee(db) -> Committee:
    return db.session.scalar(db.select(Committee).where(Committee.name.like("%unges trivsel%")))


def test_the_whole_meeting_cycle_in_the_browser(page, db):  # noqa: F811
    c = _committee(db)
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    login(page, STAFF)
    page.goto(f"{page.base}/arbejdsrum/{c.id}/moeder")
    check_axe(page, "meetings-index")
    page.get_by_role("link", name="Planlæg et møde").click()
    page.get_by_label("Titel", exact=True).fill("Temamøde om fritidsjob")
    page.get_by_label("Dato", exact=True).fill(day)
    page.get_by_label("Starttid").fill("17:00")
    page.get_by_label("Sluttid").fill("19:00")
    page.get_by_label("Sted", exact=True).fill("Solbjerg Bibliotek, mødesal 1")
    page.get_by_label("Vis mødet offentligt").check()
    check_axe(page, "meeting-form")
    page.get_by_role("button", name="Gem mødet").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Gem alligevel").count():  # the day is a council day
        page.get_by_role("button", name="Gem alligevel").click()
        page.wait_for_load_state()
    assert "Mødet er oprettet" in page.inner_text("main")
    meeting_url = page.url

    page.get_by_role("link", name="Tilføj et punkt").click()
    page.get_by_label("Beslutning").check()
    page.get_by_label("Overskrift").fill("Forslag om jobbank for unge")
    page.get_by_label("Sagsfremstilling").fill("Ungerådet foreslår en **jobbank**.")
    page.get_by_label("Indstilling").fill("Udvalget drøfter forslaget og beslutter næste skridt.")
    check_axe(page, "agenda-item-form")
    page.get_by_role("button", name="Gem punktet").click()
    page.wait_for_load_state()

    section = page.locator("section", has=page.locator("#bilag"))
    section.locator("summary").click()
    section.get_by_label("Titel").fill("Notat om jobbank")
    section.get_by_label("Fil").set_input_files(
        files=[{"name": "notat.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    section.get_by_role("button", name="Upload bilag").click()
    page.wait_for_load_state()
    assert "Notat om jobbank" in page.inner_text("main")
    page.get_by_role("button", name="Udsend dagsordenen til de indkaldte").click()
    page.wait_for_load_state()
    assert "Dagsordenen er udsendt" in page.inner_text("main")
    check_axe(page, "meeting-page-staff")

    switch(page, CITIZEN)
    page.goto(meeting_url)
    assert "jobbank" in page.inner_text("main")
    page.get_by_label("Deltager", exact=True).check()
    page.get_by_role("button", name="Send svar").click()
    page.wait_for_load_state()
    assert "Tak for dit svar" in page.inner_text("main")
    check_axe(page, "meeting-page-member")

    # The meeting is held: move it into the past (nothing in the app may do that).
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.title == "Temamøde om fritidsjob"))
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=3)
    meeting.ends_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()

    switch(page, STAFF)
    page.goto(meeting_url)
    page.get_by_role("link", name="Fremmøde").first.click()
    page.wait_for_load_state()
    check_axe(page, "attendance-form")
    page.get_by_role("button", name="Gem fremmødet").click()  # no choice for most: refused
    page.wait_for_load_state()
    assert "Vælg til stede, fraværende eller afbud" in page.inner_text("main")
    page.console_errors.clear()  # the refused form's 400, on purpose
    for radio in page.get_by_role("radio", name="Til stede").all():
        radio.check()
    page.get_by_role("radio", name="Fraværende").last.check()
    page.get_by_role("button", name="Gem fremmødet").click()
    page.wait_for_load_state()
    assert "Fremmødet er gemt" in page.inner_text("main")
    page.goto(meeting_url + "/referat")
    page.get_by_label("Beslutning").last.fill("Udvalget anbefaler en jobbank drevet af ungerådet.")
    check_axe(page, "minutes-form")
    page.get_by_role("button", name="Gem referatet").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Send til godkendelse").click()
    page.wait_for_load_state()
    assert "Referat til godkendelse" in page.inner_text("main")

    switch(page, CITIZEN)
    page.goto(meeting_url + "/referat")
    check_axe(page, "minutes-approval")
    page.get_by_role("button", name="Godkend referatet").click()
    page.wait_for_load_state()
    assert "Du godkendte referatet" in page.inner_text("main")

    # Everyone else present approves too (each in their own session; not the point here).
    from workflows.meetings import minutes

    db.session.expire_all()
    pending = db.session.scalars(
        db.select(MinutesApproval).where(
            MinutesApproval.meeting_id == meeting.id, MinutesApproval.approved_at.is_(None)
        )
    ).all()
    for approval in pending:
        minutes.approve(db.session.get(Meeting, meeting.id), approval.user)
    switch(page, STAFF)
    page.goto(meeting_url + "/referat")
    page.get_by_role("button", name="Offentliggør referatet").click()
    page.wait_for_load_state()
    assert "Referat offentliggjort" in page.inner_text("main")

    public = page.context.browser.new_context(bypass_csp=True).new_page()  # not logged in
    public.goto(f"{page.base}/udvalg/{c.id}/moeder/{meeting.id}")
    text = public.inner_text("main")
    assert "jobbank drevet af ungerådet" in text and "Notat om jobbank" in text
    public.base = page.base
    check_axe(public, "public-meeting-minutes")
    assert page.console_errors == []
