"""The attendance register (one line per person) and the period of the export."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from committees.forms_common import BaseForm, SubForm, enum_choices, enum_value
from committees.models import AttendanceStatus
from committees.models.base import local_today
from workflows.meetings.attendance import AttendanceRow, RegisterLine

NOTE_MAX = 300
MAX_YEARS = 10


class AttendanceLine(SubForm):
    """One person: til stede / fraværende / afbud, late, left early, a note."""

    user_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    status = RadioField(
        _l("Fremmøde"),
        coerce=enum_value,
        choices=enum_choices(AttendanceStatus),
        validators=[InputRequired(_l("Vælg til stede, fraværende eller afbud."))],
    )
    arrived_late = BooleanField(_l("Kom senere"))
    left_early = BooleanField(_l("Gik tidligere"))
    note = StringField(_l("Bemærkning"), validators=[Optional(), Length(max=NOTE_MAX)])

    def validate_left_early(self, field) -> None:
        """Late and early are about someone who was there."""
        there = self.status.data == AttendanceStatus.present.value
        if (field.data or self.arrived_late.data) and not there:
            raise ValidationError(_l("Kom senere og gik tidligere gælder kun for de fremmødte."))


class AttendanceForm(BaseForm):
    """The whole register of one meeting."""

    rows = FieldList(FormField(AttendanceLine), max_entries=500)
    submit = SubmitField(_l("Gem fremmødet"))

    def __init__(self, *args, people: set[int], **kw) -> None:
        super().__init__(*args, **kw)
        self._people = people

    @classmethod
    def from_register(cls, lines: list[RegisterLine], people: set[int]) -> "AttendanceForm":
        """The form as the register stands (recorded, or pre-filled from the RSVP)."""
        data = [
            {
                "user_id": line.user.id,
                "status": line.status.value if line.status else None,
                "arrived_late": line.arrived_late,
                "left_early": line.left_early,
                "note": line.note,
            }
            for line in lines
        ]
        return cls(formdata=None, data={"rows": data}, people=people)

    def validate_rows(self, field) -> None:
        """One line for each person on the register, and nobody else."""
        ids = [row.form.user_id.data for row in field]
        if len(ids) != len(set(ids)) or set(ids) != self._people:
            raise ValidationError(_l("Listen over deltagere er ændret. Genindlæs siden."))

    def attendance_rows(self) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                user_id=row.form.user_id.data,
                status=AttendanceStatus(row.form.status.data),
                arrived_late=bool(row.form.arrived_late.data),
                left_early=bool(row.form.left_early.data),
                note=row.form.note.data or "",
            )
            for row in self.rows
        ]


class PeriodForm(SubForm):
    """fra/til as dates (a GET form: no CSRF); empty means the current year."""

    fra = DateField(_l("Fra og med"), validators=[Optional()])
    til = DateField(_l("Til og med"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """Each date on its own, then the period as a whole (either date may be left out)."""
        if not super().validate(extra_validators):
            return False
        start, end = self.period()
        if end < start:
            self.til.errors.append(_l("Slutdatoen skal ligge efter startdatoen."))
        elif (end - start).days > MAX_YEARS * 366:
            self.til.errors.append(_l("Perioden må højst være %(n)d år.", n=MAX_YEARS))
        return not self.til.errors

    def period(self) -> tuple[date, date]:
        """The chosen period, the current year (Copenhagen) filling in what is left out."""
        year = local_today().year
        return (self.fra.data or date(year, 1, 1), self.til.data or date(year, 12, 31))

    def args(self) -> dict[str, str]:
        start, end = self.period()
        return {"fra": start.isoformat(), "til": end.isoformat()}
