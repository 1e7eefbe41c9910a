"""Forms for bulk work on implementation: one status for many actions, many reviews closed.

The chosen ids are not checked against a list here: one deleted or changed since the page was
opened reaches the workflow, which names it (stale) instead of failing as an unknown choice.
"""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from committees.forms_common import BaseForm, CheckboxListField, enum_value, parse_id_pairs
from committees.models import ActionStatus, ImplementationAction
from committees.models.base import local_today
from workflows.recommendations.implementation import version_token
from workflows.recommendations.implementation_bulk import BulkStatus


class BulkStatusForm(BaseForm):
    """The same status, progress and note for several implementation actions."""

    actions = CheckboxListField(
        _l("Handlinger"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Vælg mindst én handling."))],
    )
    # "id=version;id=version": each action as the page showed it (the stale check).
    expected = HiddenField(validators=[Length(max=20000)])
    written_on = DateField(_l("Dato"), validators=[InputRequired(_l("Skriv datoen."))])
    status = SelectField(_l("Ny status"), coerce=enum_value, validators=[InputRequired()])
    progress = IntegerField(
        _l("Fremdrift i procent"),
        description=_l(
            "0–100. Lad feltet stå tomt for at beholde hver handlings egen fremdrift. "
            "Gennemført sætter den til 100."
        ),
        validators=[
            Optional(),
            NumberRange(0, 100, _l("Fremdriften skal være mellem 0 og 100 procent.")),
        ],
    )
    note = TextAreaField(
        _l("Fælles note"),
        description=_l(
            "Skrives på hver handlings opdatering og står i beskeden. Skal udfyldes, når status "
            "er »Opgivet«."
        ),
        validators=[Optional(), Length(max=10000)],
    )
    submit = SubmitField(_l("Opdatér de valgte handlinger"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in ActionStatus]  # in the reader's language

    def prefill(self, actions: list[ImplementationAction]) -> None:
        """Today's date, and the version of each action as the page shows it."""
        self.written_on.data = local_today()
        self.expected.data = ";".join(f"{a.id}={version_token(a)}" for a in actions)

    def validate_written_on(self, field) -> None:
        if field.data and field.data > local_today():
            raise ValidationError(_l("Datoen kan ikke ligge i fremtiden."))

    def validate_note(self, field) -> None:
        if self.status.data == ActionStatus.dropped.value and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hvorfor handlingerne er opgivet."))

    def step(self) -> BulkStatus:
        """The shared step, for the workflow."""
        return BulkStatus(
            written_on=self.written_on.data,
            status=ActionStatus(self.status.data),
            progress=self.progress.data,
            note=self.note.data or "",
        )

    def expected_versions(self) -> dict[int, str]:
        return parse_id_pairs(self.expected.data)


class BulkReviewForm(BaseForm):
    """Several follow-up reviews closed with one note."""

    reviews = CheckboxListField(
        _l("Opfølgninger"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Vælg mindst én opfølgning."))],
    )
    note = TextAreaField(
        _l("Fælles note"),
        description=_l("Gemmes på hver opfølgning, fx hvor de blev drøftet."),
        validators=[Optional(), Length(max=5000)],
    )
    submit = SubmitField(_l("Afslut de valgte opfølgninger"))
