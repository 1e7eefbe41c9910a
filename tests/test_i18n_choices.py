"""Choice labels are read when a form is drawn, in the reader's language, not when the module
was imported (the RSVP radio buttons read 'Deltager' to English readers)."""

import pytest
from flask_babel import force_locale

from committees.meetings.forms import MeetingForm, RsvpForm


@pytest.mark.parametrize(("locale", "words"), [("da", ["Deltager", "Afbud"]), ("en", None)])
def test_rsvp_choices_follow_the_reader(app, locale, words):
    with app.test_request_context(), force_locale(locale):
        labels = [str(label) for _value, label in RsvpForm().answer.choices]
    if words:
        assert labels == words
    else:
        assert "Deltager" not in labels and "Afbud" not in labels
        assert all(label.isascii() for label in labels)


def test_every_choice_list_is_drawn_in_the_reader_language(app):
    with app.test_request_context():
        with force_locale("da"):
            da = [str(label) for _v, label in MeetingForm().kind.choices]
        with force_locale("en"):
            en = [str(label) for _v, label in MeetingForm().kind.choices]
    assert da != en  # the same form object class, two languages


# --- the agenda items the system writes ------------------------------------------------------


def _auto_items(db, make_committee, make_meeting):
    from workflows.meetings import agenda

    c = make_committee()
    make_meeting(c, days=-14)  # a meeting before: its minutes are to be approved
    meeting = make_meeting(c, days=7, items=1)
    agenda.ensure_auto_items(meeting)
    db.session.commit()
    return c, meeting


def test_generated_items_read_in_the_reader_language(app, db, make_committee, make_meeting):
    from committees.models import AutoItem

    _c, meeting = _auto_items(db, make_committee, make_meeting)
    auto = next(i for i in meeting.items if i.auto is AutoItem.minutes_approval)
    assert auto.title == "Godkendelse af referat"  # stored in the agenda's language
    with app.test_request_context():
        with force_locale("en"):
            assert auto.label == "Approval of the minutes"
            assert auto.shown_case_text.startswith("The minutes of the meeting on ")
        with force_locale("da"):
            assert auto.label == "Godkendelse af referat"
            assert auto.shown_case_text.startswith("Referatet fra mødet ")
    auto.title = "Godkendelse af referat fra seminaret"  # renamed: the secretariat's words stay
    with app.test_request_context(), force_locale("en"):
        assert auto.label == "Godkendelse af referat fra seminaret"


def test_an_english_member_sees_the_generated_items_in_english(
    client, db, login, make_user, make_committee, make_meeting
):
    from committees.models import Role

    c, meeting = _auto_items(db, make_committee, make_meeting)
    login(make_user(Role.secretariat, locale="en"))
    html = client.get(f"/arbejdsrum/{c.id}/moeder/{meeting.id}").get_data(as_text=True)
    assert "1. Approval of the minutes" in html
    assert "Godkendelse af referat" not in html
