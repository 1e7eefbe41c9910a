"""Every event the workflows record has words for the committee page's history (Danish and
English), so nobody reads an internal code such as "recruitment.call_opened"."""

import re

import pytest
from flask_babel import force_locale

from committees.models import AuditEntry
from committees.models.audit import ACTION_LABELS
from tests.conftest import ROOT
from workflows import committee as committee_flow

# A literal event name as the first argument of audit.record(...), possibly in a conditional.
RECORD = re.compile(r"audit\.record\(\s*((?:\"[a-z_]+\.[a-z_]+\"(?:\s*if [^\n]+ else\s*)?)+)")
NAME = re.compile(r"\"([a-z_]+\.[a-z_]+)\"")
MINUTES = re.compile(r"_record\(\s*\"([a-z_]+)\"")


def _recorded() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "workflows").rglob("*.py"):
        text = path.read_text()
        for call in RECORD.finditer(text):
            names.update(NAME.findall(call.group(1)))
        if path.name == "minutes.py":
            names.update(f"minutes.{a}" for a in MINUTES.findall(text))
    drafting = (ROOT / "workflows/recommendations/drafting.py").read_text()
    endorsement = (ROOT / "workflows/recommendations/endorsement.py").read_text()
    for text in (drafting, endorsement):
        names.update(f"recommendation.{a}" for a in re.findall(r'record\("([a-z_]+)"', text))
        names.update(
            f"recommendation.{a}" for a in re.findall(r'_simple\([^)]*"([a-z_]+)"\)', text)
        )
    names.update(f"committee.{t.name}" for t in committee_flow.TRANSITIONS)
    return names


RECORDED = sorted(_recorded())


def test_the_scan_finds_the_events_of_every_area():
    areas = {name.split(".")[0] for name in RECORDED}
    assert areas >= {"committee", "mandate", "meeting", "minutes", "recruitment"}
    assert areas >= {"recommendation", "recommendations", "council_calendar"}
    assert {"recruitment.call_changed", "recommendation.withdrawn", "minutes.sent"} <= set(RECORDED)


@pytest.mark.parametrize("action", RECORDED)
def test_every_recorded_event_has_a_label_in_both_languages(app, action):
    assert action in ACTION_LABELS, action
    entry = AuditEntry(action=action)
    with app.test_request_context():
        danish = entry.label
        with force_locale("en"):
            english = entry.label
    assert danish and english and danish != english, (action, danish, english)


def test_states_are_read_by_what_the_entry_is_about(app):
    with app.test_request_context():
        rec = AuditEntry(
            action="recommendation.decided", from_state="awaiting", to_state="rejected"
        )
        assert (rec.from_label, rec.to_label) == ("Afventer politisk behandling", "Afvist")
        update = AuditEntry(action="recommendation.progress_update", to_state="at_risk")
        assert update.to_label == "I risiko"
        marked = AuditEntry(action="recruitment.application_marked", to_state="shortlisted")
        assert marked.to_label != "shortlisted"
        minutes = AuditEntry(action="minutes.sent", from_state="draft", to_state="in_approval")
        assert minutes.from_label != "draft" and minutes.to_label != "in_approval"
        revised = AuditEntry(action="recommendation.revised", details={"number": 3, "version": 2})
        assert revised.details_text == "anbefaling 3, version 2"
        mandate = AuditEntry(action="mandate.edited", details={"number": 2})
        assert mandate.details_text == "version 2"
