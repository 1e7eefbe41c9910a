"""Forms for writing a mandate and recording the political decision on it."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from committees.extensions import db
from committees.forms_common import (
    BaseForm,
    SubForm,
    clean_text,
    end_not_before,
    enum_choices,
    enum_value,
)
from committees.models import ApprovalOutcome, PoliticalBody, ViceChairMethod
from committees.models.base import local_today
from workflows.mandate import outcome_allowed

LONG = 20000
BLANK_ROWS = 3
MAX_ROWS = 40


class ProfileForm(SubForm):
    """One competence profile (a sub-form: CSRF is on the outer form)."""

    name = StringField(_l("Profil"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=2000)])


def _text(label, description=None):
    return TextAreaField(label, description=description, validators=[Optional(), Length(max=LONG)])


def _seats(label):
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Skriv et antal (0 hvis ingen).")),
            NumberRange(min=0, max=60, message=_l("Antallet skal være mellem 0 og 60.")),
        ],
    )


class MandateForm(BaseForm):
    """Every field of the kommissorium; the lists are rows of their own."""

    expected_status = HiddenField(validators=[Length(max=20)])
    title = StringField(
        _l("Titel"),
        validators=[InputRequired(_l("Kommissoriet skal have en titel.")), Length(max=200)],
    )
    background = _text(_l("Baggrund"), _l("Hvorfor udvalget nedsættes. Markdown er tilladt."))
    purpose = _text(_l("Formål"))
    task_questions = FieldList(
        TextAreaField(
            _l("Spørgsmål"), validators=[Optional(), Length(max=2000)], filters=[clean_text]
        ),
        label=_l("Opgave: spørgsmål udvalget skal besvare"),
        max_entries=MAX_ROWS,
    )
    deliverables = FieldList(
        StringField(
            _l("Leverance"), validators=[Optional(), Length(max=500)], filters=[clean_text]
        ),
        label=_l("Leverancer"),
        max_entries=MAX_ROWS,
    )
    start_date = DateField(_l("Start"), validators=[Optional()])
    end_date = DateField(
        _l("Slut"),
        validators=[Optional(), end_not_before("start_date", _l("Slut kan ikke ligge før start."))],
    )
    handover_date = DateField(
        _l("Afleveringsdato"),
        validators=[
            Optional(),
            end_not_before("start_date", _l("Afleveringen kan ikke ligge før start.")),
        ],
    )
    seats_councillors = _seats(_l("Pladser til kommunalbestyrelsesmedlemmer"))
    seats_citizens = _seats(_l("Pladser til borgermedlemmer"))
    seats_stakeholders = _seats(_l("Pladser til interessenter/sagkyndige"))
    chair_must_be_councillor = BooleanField(_l("Formanden skal være kommunalbestyrelsesmedlem"))
    vice_chair_method = SelectField(
        _l("Næstformand"), choices=enum_choices(ViceChairMethod), coerce=enum_value
    )
    composition_note = _text(_l("Sammensætning (beskrivelse)"))
    competence_profiles = FieldList(
        FormField(ProfileForm), label=_l("Kompetenceprofiler"), max_entries=MAX_ROWS
    )
    working_method = _text(_l("Arbejdsform"))
    decision_path = _text(_l("Beslutningsvej"))
    frame = _text(_l("Rammer og økonomi"))
    involvement = _text(_l("Inddragelse af andre end medlemmerne"))
    secretariat_contact = _text(_l("Sekretariat (kontakt)"))
    facilitator_contact = _text(_l("Facilitator (kontakt)"))
    change_note = StringField(
        _l("Hvad er ændret i denne version?"), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField(_l("Gem udkast"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.vice_chair_method.choices = [(m.value, m.label) for m in ViceChairMethod]

    def add_blank_rows(self) -> None:
        """Offer empty rows to fill in (works without JavaScript)."""
        for lst in (self.task_questions, self.deliverables, self.competence_profiles):
            for _i in range(BLANK_ROWS):
                if len(lst.entries) < MAX_ROWS:
                    lst.append_entry()

    def rows(self) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        """The filled-in rows, blanks dropped, order kept."""
        questions = [e.data.strip() for e in self.task_questions if (e.data or "").strip()]
        deliverables = [e.data.strip() for e in self.deliverables if (e.data or "").strip()]
        profiles = [
            (e.form.name.data.strip(), (e.form.description.data or "").strip())
            for e in self.competence_profiles
            if (e.form.name.data or "").strip()
        ]
        return questions, deliverables, profiles

    def validate_competence_profiles(self, field) -> None:
        """A profile needs a name if it has a description."""
        for entry in field.entries:
            if (entry.form.description.data or "").strip() and not (
                entry.form.name.data or ""
            ).strip():
                raise ValidationError(_l("En kompetenceprofil med beskrivelse skal have et navn."))


class DecisionForm(BaseForm):
    """A political body's decision on a submitted mandate version."""

    expected_status = HiddenField(validators=[Length(max=20)])
    body = SelectField(_l("Politisk udvalg"), coerce=int)
    decided_on = DateField(_l("Mødedato"), validators=[InputRequired(_l("Skriv mødedatoen."))])
    agenda_reference = StringField(
        _l("Dagsordenspunkt"),
        description=_l("F.eks. punkt 7 på kommunalbestyrelsens møde."),
        validators=[Optional(), Length(max=120)],
    )
    outcome = SelectField(
        _l("Beslutning"), choices=enum_choices(ApprovalOutcome), coerce=enum_value
    )
    note = TextAreaField(_l("Bemærkning"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Registrér beslutning"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outcome.choices = [(o.value, o.label) for o in ApprovalOutcome]
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

    def validate_decided_on(self, field) -> None:
        """A decision is recorded after the meeting, not before."""
        if field.data and field.data > local_today():
            raise ValidationError(_l("Mødedatoen kan ikke ligge i fremtiden."))

    def validate_outcome(self, field) -> None:
        """Only the council approves finally."""
        body = self.selected_body
        if field.data not in ApprovalOutcome.__members__:
            return  # the choice check has already said so
        if body is not None and not outcome_allowed(body, ApprovalOutcome(field.data)):
            raise ValidationError(
                _l("Kun kommunalbestyrelsen kan godkende endeligt. Vælg 'Indstillet'.")
            )
