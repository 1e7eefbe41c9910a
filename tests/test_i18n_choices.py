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
