"""Forms for drafting recommendations: the text, a comment, a step, endorsing the set."""

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from committees.forms_common import BaseForm, CheckboxListField
from committees.models import Meeting, Recommendation, TaskQuestion
from workflows.recommendations.drafting import COMMENT_MAX, SINGLE

TEXT_MAX = 20000


def _digits(field) -> None:
    value = field.data or ""
    if value and not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ValidationError(_l("Siden er forældet. Genindlæs den, og prøv igen."))


class RecommendationForm(BaseForm):
    """A recommendation's text, the task questions it answers, and (when revising) a note."""

    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Skriv en titel.")), Length(max=200)]
    )
    text = TextAreaField(
        _l("Anbefaling"),
        description=_l("Hvad anbefaler udvalget? Kan formateres med Markdown."),
        validators=[DataRequired(_l("Skriv anbefalingens tekst.")), Length(max=TEXT_MAX)],
    )
    rationale = TextAreaField(
        _l("Begrundelse"),
        description=_l("Hvorfor? Kan formateres med Markdown."),
        validators=[Optional(), Length(max=TEXT_MAX)],
    )
    questions = CheckboxListField(
        _l("Besvarer spørgsmål fra kommissoriet"),
        coerce=int,
        validate_choice=False,  # checked below, with a message instead of WTForms' own
    )
    change_note = StringField(
        _l("Hvad er ændret (valgfri)"), validators=[Optional(), Length(max=500)]
    )
    expected_version = HiddenField(validators=[Length(max=12)])
    submit = SubmitField(_l("Gem anbefalingen"))

    def __init__(self, *args, questions: list[TaskQuestion] = (), **kw) -> None:
        super().__init__(*args, **kw)
        self.questions.choices = [(q.id, f"{q.position}. {q.text}") for q in questions]

    def validate_questions(self, field) -> None:
        allowed = {value for value, _label in field.choices}
        if not set(field.data or []) <= allowed:
            raise ValidationError(_l("Vælg blandt spørgsmålene i det godkendte kommissorium."))

    def validate_expected_version(self, field) -> None:
        _digits(field)

    def version_seen(self) -> int | None:
        """The version the user edited (None when the field was not sent)."""
        value = self.expected_version.data or ""
        return int(value) if value else None

    def prefill(self, rec: Recommendation) -> None:
        self.title.data, self.text.data, self.rationale.data = rec.title, rec.text, rec.rationale
        self.questions.data = [q.id for q in rec.questions]
        self.expected_version.data = str(rec.version)


class CommentForm(BaseForm):
    """A member's comment on a draft within the comment window."""

    text = TextAreaField(
        _l("Din kommentar"),
        validators=[DataRequired(_l("Skriv din kommentar.")), Length(max=COMMENT_MAX)],
    )
    submit = SubmitField(_l("Send kommentaren"))


class ActForm(BaseForm):
    """One step on one recommendation, with the state the user saw."""

    action = HiddenField(validators=[DataRequired(), AnyOf(list(SINGLE))])
    expected_state = HiddenField(validators=[Length(max=40)])


class EndorseForm(BaseForm):
    """The committee endorses the whole set at a meeting it held."""

    meeting = SelectField(
        _l("Mødet, hvor udvalget vedtog anbefalingerne"),
        coerce=int,
        validators=[DataRequired(_l("Vælg mødet."))],
    )
    confirm_unanswered = BooleanField()
    expected_set = HiddenField(validators=[Length(max=4000)])
    submit = SubmitField(_l("Registrér vedtagelsen"))

    def __init__(self, *args, meetings: list[Meeting] = (), unanswered=(), **kw) -> None:
        super().__init__(*args, **kw)
        self.meeting.choices = [(0, _l("Vælg et møde"))] + [
            (m.id, f"{m.title} ({format_date(m.local_date, 'long')})") for m in meetings
        ]
        self._unanswered = list(unanswered)
        numbers = ", ".join(str(q.position) for q in self._unanswered)
        self.confirm_unanswered.label.text = _l(
            "Vi afleverer vidende, at spørgsmål %(numbers)s ikke er besvaret", numbers=numbers
        )

    def validate_confirm_unanswered(self, field) -> None:
        if self._unanswered and not field.data:
            raise ValidationError(
                _l("Bekræft, at I afleverer vidende, at ikke alle spørgsmål er besvaret.")
            )
