"""The minutes' forms: decision and notes per item, action points, approval, comments, and
inhabilitet."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from committees.forms_common import BaseForm, SubForm
from committees.models import Meeting
from workflows.meetings.minutes_writing import ItemMinutes

TEXT_MAX = 20000
COMMENT_MAX = 2000


class ItemMinutesForm(SubForm):
    """What the minutes say about one agenda item."""

    item_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    decision = TextAreaField(
        _l("Beslutning"),
        description=_l("Det, udvalget besluttede eller tog til efterretning."),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )
    notes = TextAreaField(
        _l("Referat af drøftelsen"),
        description=_l("Kan formateres med Markdown."),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )


class MinutesForm(BaseForm):
    """The minutes of the whole meeting, item by item; carries the status the user saw."""

    expected_state = HiddenField(validators=[Length(max=40)])
    items = FieldList(FormField(ItemMinutesForm), max_entries=200)
    submit = SubmitField(_l("Gem referatet"))

    def __init__(self, *args, meeting: Meeting, **kw) -> None:
        super().__init__(*args, **kw)
        self._item_ids = {i.id for i in meeting.items}

    @classmethod
    def for_meeting(cls, meeting: Meeting) -> "MinutesForm":
        """The form with what is written so far."""
        data = {
            "expected_state": meeting.minutes_status.name,
            "items": [
                {"item_id": i.id, "decision": i.minutes_decision, "notes": i.minutes_notes}
                for i in meeting.items
            ],
        }
        return cls(formdata=None, data=data, meeting=meeting)

    def validate_items(self, field) -> None:
        """Only the meeting's own items, each once."""
        ids = [entry.form.item_id.data for entry in field]
        if len(ids) != len(set(ids)) or not set(ids) <= self._item_ids:
            raise ValidationError(_l("Dagsordenen er ændret. Genindlæs siden."))

    def entries(self) -> dict[int, ItemMinutes]:
        return {
            e.form.item_id.data: ItemMinutes(e.form.decision.data or "", e.form.notes.data or "")
            for e in self.items
        }


class ActionPointForm(BaseForm):
    """A follow-up agreed on an item: what, who, by when."""

    text = StringField(
        _l("Aktionspunkt"),
        validators=[DataRequired(_l("Skriv, hvad der skal gøres.")), Length(max=500)],
    )
    responsible = StringField(
        _l("Ansvarlig"),
        description=_l("En person, en enhed eller et udvalg."),
        validators=[Optional(), Length(max=200)],
    )
    due_on = DateField(_l("Frist"), validators=[Optional()])
    submit = SubmitField(_l("Tilføj aktionspunkt"))


class ApproveForm(BaseForm):
    """Approving the minutes, with an optional remark that does not hold them up."""

    expected_state = HiddenField(validators=[Length(max=40)])
    comment = TextAreaField(
        _l("Bemærkning (valgfri)"), validators=[Optional(), Length(max=COMMENT_MAX)]
    )
    submit = SubmitField(_l("Godkend referatet"))


class CommentForm(BaseForm):
    """A comment instead of an approval: the facilitator reads it and may change the minutes."""

    expected_state = HiddenField(validators=[Length(max=40)])
    comment = TextAreaField(
        _l("Kommentar til referatet"),
        description=_l("Skriv, hvad der bør rettes. Du har ikke godkendt, før du godkender."),
        validators=[DataRequired(_l("Skriv din kommentar.")), Length(max=COMMENT_MAX)],
    )
    submit = SubmitField(_l("Send kommentaren"))


class ConflictWithdrawForm(BaseForm):
    """Taking a declaration back; `back` says which page the form was on."""

    back = HiddenField(validators=[Optional(), AnyOf(["", "referat"])])


class ConflictForm(ConflictWithdrawForm):
    """Declaring inhabilitet on an item, with an optional reason."""

    reason = StringField(_l("Begrundelse (valgfri)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Erklær mig inhabil"))


class ConfirmForm(BaseForm):
    """A POST with nothing but its CSRF token (withdraw, mark done)."""
