"""Forms for creating and editing a committee."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from committees.extensions import db
from committees.forms_common import BaseForm, CheckboxListField, end_not_before, enum_value
from committees.models import Committee, MinutesRule, PoliticalBody

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
        choices=[(r.value, r.label) for r in MinutesRule],
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
