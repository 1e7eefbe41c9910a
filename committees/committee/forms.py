"""Forms for creating and editing a committee."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from committees.extensions import db
from committees.forms_common import (
    BaseForm,
    CheckboxListField,
    end_not_before,
    enum_choices,
    enum_value,
)
from committees.models import Committee, MinutesRule, PoliticalBody
from committees.models.base import local_today
from workflows import committee_copy

SERVICE_LEVEL_FIELDS = ("agenda_days_before", "minutes_days_after", "approval_days", "minutes_rule")


class CommitteeForm(BaseForm):
    """Name, short description, planned period and anchoring (forankring)."""

    name = StringField(
        _l("Navn"),
        validators=[InputRequired(_l("Udvalget skal have et navn.")), Length(max=200)],
    )
    summary = TextAreaField(
        _l("Kort beskrivelse"),
        description=_l("Vises på den offentlige oversigt. Markdown er tilladt."),
        validators=[Optional(), Length(max=2000)],
    )
    planned_start = DateField(_l("Planlagt start"), validators=[Optional()], format="%Y-%m-%d")
    planned_end = DateField(
        _l("Planlagt afslutning"),
        validators=[
            Optional(),
            end_not_before("planned_start", _l("Afslutningen kan ikke ligge før starten.")),
        ],
        format="%Y-%m-%d",
    )
    parent_bodies = CheckboxListField(
        _l("Forankring (stående udvalg)"), coerce=int, validators=[Optional()]
    )
    agenda_days_before = IntegerField(
        _l("Dagsorden udsendes (hverdage før mødet)"),
        default=4,
        validators=[InputRequired(_l("Skriv et antal hverdage.")), NumberRange(0, 30)],
    )
    minutes_days_after = IntegerField(
        _l("Referat skrives inden (hverdage efter mødet)"),
        default=2,
        validators=[InputRequired(_l("Skriv et antal hverdage.")), NumberRange(0, 30)],
    )
    approval_days = IntegerField(
        _l("Frist for godkendelse af referat (hverdage)"),
        default=5,
        validators=[InputRequired(_l("Skriv et antal hverdage.")), NumberRange(1, 30)],
    )
    minutes_rule = RadioField(
        _l("Referatet er godkendt"),
        coerce=enum_value,
        choices=enum_choices(MinutesRule),
        default=MinutesRule.all.value,
    )
    submit = SubmitField(_l("Gem"))

    def __init__(self, *args, committee: Committee | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._committee = committee
        if committee is None:  # a new committee starts with the default service levels
            for name in SERVICE_LEVEL_FIELDS:
                delattr(self, name)
        bodies = db.session.scalars(
            db.select(PoliticalBody)
            .where(PoliticalBody.active.is_(True))
            .order_by(PoliticalBody.position, PoliticalBody.name)
        ).all()
        self.parent_bodies.choices = [(b.id, b.name) for b in bodies if b.can_anchor_committee]

    def validate_name(self, field) -> None:
        """Names are unique, so the public can tell committees apart."""
        stmt = db.select(Committee.id).where(Committee.name == field.data.strip())
        existing = db.session.scalar(stmt)
        if existing is not None and (self._committee is None or existing != self._committee.id):
            raise ValidationError(_l("Der findes allerede et udvalg med det navn."))

    def selected_bodies(self) -> list[PoliticalBody]:
        """The chosen political bodies as objects."""
        ids = self.parent_bodies.data or []
        if not ids:
            return []
        return list(db.session.scalars(db.select(PoliticalBody).where(PoliticalBody.id.in_(ids))))


def _unique_name(name: str) -> None:
    if db.session.scalar(db.select(Committee.id).where(Committee.name == name)) is not None:
        raise ValidationError(_l("Der findes allerede et udvalg med det navn."))


class CopyCommitteeForm(BaseForm):
    """A new committee from a past one: its name, its start and what to take over."""

    name = StringField(
        _l("Navn på det nye udvalg"),
        validators=[InputRequired(_l("Udvalget skal have et navn.")), Length(max=200)],
    )
    planned_start = DateField(
        _l("Planlagt start"),
        description=_l(
            "Kommissoriets periode og afleveringsdato flyttes med starten, møderne i hele uger, "
            "så de beholder ugedag og klokkeslæt. I dag eller senere."
        ),
        validators=[InputRequired(_l("Skriv den planlagte start som en dato."))],
        format="%Y-%m-%d",
    )
    parts = CheckboxListField(
        _l("Det kopieres"), default=list(committee_copy.PARTS), validators=[Optional()]
    )
    submit = SubmitField(_l("Opret udvalget"))

    def __init__(self, source: committee_copy.Source, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.parts.choices = part_choices(source)

    def validate_name(self, field) -> None:
        """Names are unique, so the public can tell committees apart."""
        _unique_name(field.data.strip())

    def validate_planned_start(self, field) -> None:
        """A new committee starts today or later (past meetings are never planned)."""
        if field.data is not None and field.data < local_today():
            raise ValidationError(_l("Den planlagte start kan ikke ligge før i dag."))


def part_choices(source: committee_copy.Source) -> list[tuple[str, str]]:
    """The parts a copy can take, each said with what it holds in this source."""
    m = source.mandate
    questions = len(m.task_questions) if m else 0
    seats = (m.seats_councillors, m.seats_citizens, m.seats_stakeholders) if m else (0, 0, 0)
    bodies = ", ".join(b.name for b in source.bodies) or _("ingen stående udvalg")
    return [
        (
            "mandate",
            _(
                "Kommissoriets tekst som et nyt udkast: baggrund, formål, opgavespørgsmål "
                "(%(n)s), leverancer, arbejdsform og rammer",
                n=questions,
            ),
        ),
        (
            "composition",
            _(
                "Sammensætning: %(c)s kommunalbestyrelsesmedlemmer, %(b)s borgere, %(s)s andre; "
                "regler for formand og næstformand; kompetenceprofiler",
                c=seats[0],
                b=seats[1],
                s=seats[2],
            ),
        ),
        (
            "meetings",
            _(
                "Mødeplanen: %(n)s møder med art, titel, tid og sted, uden dagsorden",
                n=len(source.meetings),
            ),
        ),
        ("reminders", _("Påmindelser og serviceniveau for møder")),
        ("bodies", _("Forankring: %(bodies)s", bodies=bodies)),
    ]


class CopySourceForm(BaseForm):
    """Which past committee a new one starts from (a GET form: it only leads to a page)."""

    class Meta:
        csrf = False

    udvalg = SelectField(
        _l("Tidligere udvalg"),
        validators=[InputRequired(_l("Vælg det udvalg, det nye skal starte ud fra."))],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        committees = db.session.scalars(db.select(Committee).order_by(Committee.name)).all()
        finished = [c for c in committees if c.state.public_phase == "finished"]
        others = [c for c in committees if c.state.public_phase != "finished"]
        self.udvalg.choices = [("", _("Vælg et udvalg"))] + [
            (str(c.id), f"{c.name} ({c.state.label})") for c in finished + others
        ]

    @property
    def has_choices(self) -> bool:
        return len(self.udvalg.choices) > 1
