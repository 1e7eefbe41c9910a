"""Forms for the council calendar and the handover."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from committees.forms_common import BaseForm
from committees.models import CouncilMeeting, PoliticalBody
from committees.models.base import local_today


class CouncilMeetingForm(BaseForm):
    """A meeting date of a political body."""

    body = SelectField(_l("Politisk organ"), coerce=int, validators=[InputRequired()])
    meets_on = DateField(_l("Mødedato"), validators=[InputRequired(_l("Skriv mødedatoen."))])
    note = StringField(
        _l("Note"),
        validators=[Optional(), Length(max=200)],
        description=_l("Fx »budgetmøde« eller mødelokale. Frivilligt."),
    )
    submit = SubmitField(_l("Tilføj mødet"))

    def __init__(self, *args, bodies: list[PoliticalBody] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body.choices = [(b.id, f"{b.name} ({b.kind.label})") for b in bodies]


class DeleteForm(BaseForm):
    """A POST with nothing but its CSRF token."""


class HandoverForm(BaseForm):
    """The handover: which council meeting it aims at, the date and a note."""

    council_meeting = SelectField(
        _l("Kommunalbestyrelsens møde"),
        coerce=int,
        validators=[InputRequired(_l("Vælg kommunalbestyrelsens møde."))],
        description=_l("Den seneste afleveringsdato regnes tilbage fra dette møde."),
    )
    handed_over_on = DateField(
        _l("Afleveringsdato"), validators=[InputRequired(_l("Skriv afleveringsdatoen."))]
    )
    note = TextAreaField(_l("Note til afleveringen"), validators=[Optional(), Length(max=2000)])
    expected_state = HiddenField(validators=[Length(max=40)])
    submit = SubmitField(_l("Registrér afleveringen"))

    def __init__(self, *args, meetings: list[CouncilMeeting] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.council_meeting.choices = [(m.id, _meeting_label(m)) for m in meetings]

    def validate_handed_over_on(self, field) -> None:
        if field.data and field.data > local_today():
            raise ValidationError(_l("Afleveringsdatoen kan ikke ligge i fremtiden."))


def _meeting_label(meeting: CouncilMeeting) -> str:
    label = f"{format_date(meeting.meets_on, 'long')} – {meeting.body.name}"
    return f"{label} ({meeting.note})" if meeting.note else label


class CalendarImportForm(BaseForm):
    """An iCalendar file with a body's meeting dates (the file is checked by the workflow)."""

    body = SelectField(
        _l("Politisk organ"),
        coerce=int,
        validators=[InputRequired(_l("Vælg det politiske organ."))],
        description=_l("Møderne i filen føjes til dette organs kalender."),
    )
    file = FileField(_l("iCalendar-fil (.ics)"), validators=[FileRequired(_l("Vælg en fil."))])
    keep_summary = BooleanField(
        _l("Brug mødernes titel fra filen som note"),
        description=_l("Ellers får møderne ingen note."),
    )
    submit = SubmitField(_l("Hent møderne"))

    def __init__(self, *args, bodies: list[PoliticalBody] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body.choices = [(b.id, f"{b.name} ({b.kind.label})") for b in bodies]
