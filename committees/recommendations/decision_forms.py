"""Forms for political decisions on recommendations: one at a time, in bulk, on the agenda."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from committees.extensions import db
from committees.forms_common import BaseForm, CheckboxListField, enum_choices, enum_value
from committees.models import BodyKind, DecisionOutcome, PoliticalBody
from committees.models.base import local_today
from workflows.recommendations.decisions import needs_reason


def _body_id(value) -> int | None:
    """A select's value as an id; junk ("x") becomes None and fails the choice check."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BodyChoice:
    """A select among the active political bodies."""

    body = SelectField(
        _l("Politisk udvalg"),
        coerce=_body_id,
        validators=[InputRequired(_l("Vælg det politiske udvalg."))],
    )

    def _load_bodies(self) -> None:
        self._bodies = {
            b.id: b
            for b in db.session.scalars(
                db.select(PoliticalBody)
                .where(PoliticalBody.active.is_(True))
                .order_by(PoliticalBody.name)
            )
        }
        self.body.choices = [(b.id, f"{b.name} ({b.kind.label})") for b in self._bodies.values()]

    @property
    def selected_body(self) -> PoliticalBody | None:
        return self._bodies.get(self.body.data)


class DecisionFields(BodyChoice):
    """What a body decided: the fields shared by the single and the bulk form."""

    decided_on = DateField(
        _l("Mødedato"),
        validators=[InputRequired(_l("Skriv mødedatoen som en gyldig dato."))],
    )
    agenda_reference = StringField(
        _l("Dagsordenspunkt"),
        description=_l("F.eks. punkt 7 på Kultur- og Fritidsudvalgets møde."),
        validators=[Optional(), Length(max=120)],
    )
    outcome = RadioField(
        _l("Beslutning"),
        coerce=enum_value,
        choices=enum_choices(DecisionOutcome),
        validators=[InputRequired(_l("Vælg beslutningen."))],
    )
    final = BooleanField(
        _l("Endelig beslutning"),
        description=_l(
            "Sæt kryds, når udvalgets beslutning er den endelige. Kommunalbestyrelsens "
            "beslutning er altid endelig."
        ),
    )
    reason = TextAreaField(
        _l("Begrundelse"),
        description=_l("Skal udfyldes ved afvist, udsat, oversendt og sendt i høring."),
        validators=[Optional(), Length(max=5000)],
    )
    changed_text = TextAreaField(
        _l("Ændringer eller godkendte dele"),
        description=_l(
            "Skal udfyldes ved godkendt med ændringer (hvad blev ændret) og delvist godkendt "
            "(hvilke dele blev godkendt)."
        ),
        validators=[Optional(), Length(max=10000)],
    )

    def _prepare(self) -> None:
        self._load_bodies()
        self.outcome.choices = [(o.value, o.label) for o in DecisionOutcome]

    @property
    def outcome_enum(self) -> DecisionOutcome | None:
        return DecisionOutcome.__members__.get(self.outcome.data or "")

    @property
    def is_final(self) -> bool:
        body = self.selected_body
        return bool(self.final.data) or (body is not None and body.kind is BodyKind.council)

    def validate_decided_on(self, field) -> None:
        """A decision is recorded after the meeting, not before."""
        if field.data and field.data > local_today():
            raise ValidationError(_l("Mødedatoen kan ikke ligge i fremtiden."))

    def validate_reason(self, field) -> None:
        outcome = self.outcome_enum
        if outcome is not None and needs_reason(outcome) and not (field.data or "").strip():
            raise ValidationError(_l("Skriv begrundelsen for beslutningen."))

    def validate_changed_text(self, field) -> None:
        outcome = self.outcome_enum
        if outcome is not None and outcome.needs_text and not (field.data or "").strip():
            raise ValidationError(
                _l("Skriv, hvad der blev ændret, eller hvilke dele der blev godkendt.")
            )

    def decision_kwargs(self) -> dict:
        """The workflow's keyword arguments for the decision."""
        return {
            "body": self.selected_body,
            "decided_on": self.decided_on.data,
            "agenda_reference": self.agenda_reference.data or "",
            "outcome": self.outcome_enum,
            "final": self.is_final,
            "reason": self.reason.data or "",
            "changed_text": self.changed_text.data or "",
        }


class DecisionForm(DecisionFields, BaseForm):
    """One body's decision on one recommendation."""

    expected_state = HiddenField(validators=[Length(max=40)])
    submit = SubmitField(_l("Registrér beslutning"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prepare()


class AgendaForm(BodyChoice, BaseForm):
    """A body has put the recommendation on its agenda (it becomes public)."""

    expected_state = HiddenField(validators=[Length(max=40)])
    meets_on = DateField(
        _l("Mødedato"), validators=[InputRequired(_l("Skriv mødedatoen som en gyldig dato."))]
    )
    agenda_reference = StringField(_l("Dagsordenspunkt"), validators=[Optional(), Length(max=120)])
    submit = SubmitField(_l("Sæt på dagsordenen"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, prefix="agenda", **kwargs)
        self._load_bodies()


class BulkDecisionForm(DecisionFields, BaseForm):
    """The same decision on several recommendations, each recorded on its own."""

    recommendations = CheckboxListField(
        _l("Anbefalinger"),
        coerce=int,
        validators=[InputRequired(_l("Vælg mindst én anbefaling."))],
    )
    # "id=state;id=state": the decision state of each recommendation as the page showed it.
    expected_states = HiddenField(validators=[Length(max=4000)])
    submit = SubmitField(_l("Registrér beslutningen for de valgte"))

    def __init__(self, *args, recs=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prepare()
        self.recommendations.choices = [(r.id, f"{r.label}: {r.title}") for r in recs]

    def parsed_expected_states(self) -> dict[int, str]:
        """The states the page showed; malformed pairs are ignored (then nothing is checked)."""
        out: dict[int, str] = {}
        for pair in (self.expected_states.data or "").split(";"):
            key, _sep, state = pair.partition("=")
            if key.strip().isdigit() and state.strip():
                out[int(key)] = state.strip()
        return out
