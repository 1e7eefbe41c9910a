"""Forms for implementation actions, progress updates, follow-up reviews and the evaluation."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from committees.extensions import db
from committees.forms_common import BaseForm, enum_choices, enum_value
from committees.models import (
    ActionStatus,
    BodyKind,
    ImplementationAction,
    PoliticalBody,
    Role,
    User,
)
from committees.models.base import local_today
from workflows.recommendations.implementation import ActionData, UpdateData

OWNER_BODY_KINDS = (BodyKind.standing_committee, BodyKind.finance_committee)
CONTACT_ROLES = (Role.secretariat, Role.administrator, Role.councillor)


def owner_bodies() -> list[PoliticalBody]:
    """Active standing committees and the finance committee: who can own an action."""
    return list(
        db.session.scalars(
            db.select(PoliticalBody)
            .where(PoliticalBody.active.is_(True), PoliticalBody.kind.in_(OWNER_BODY_KINDS))
            .order_by(PoliticalBody.name)
        )
    )


def contacts() -> list[User]:
    """Active accounts of the secretariat, administrators and councillors."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.active.is_(True), User.role.in_(CONTACT_ROLES))
            .order_by(User.name, User.id)
        )
    )


class ActionForm(BaseForm):
    """An implementation action: what, owner (unit and/or committee), contact, due date."""

    title = StringField(
        _l("Handling"), validators=[DataRequired(_l("Skriv hvad der skal gøres.")), Length(max=200)]
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=10000)])
    owner_unit = StringField(_l("Ansvarlig enhed"), validators=[Optional(), Length(max=200)])
    owner_body = SelectField(_l("Ansvarligt udvalg"), coerce=int, validators=[Optional()])
    contact = SelectField(_l("Kontaktperson"), coerce=int, validators=[Optional()])
    due_on = DateField(_l("Frist"), validators=[Optional()])
    expected = HiddenField(validators=[Length(max=40)])
    submit = SubmitField(_l("Gem handlingen"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._bodies = {b.id: b for b in owner_bodies()}
        self._contacts = {u.id: u for u in contacts()}
        self.owner_body.choices = [(0, _l("Intet udvalg"))] + [
            (b.id, b.name) for b in self._bodies.values()
        ]
        self.contact.choices = [(0, _l("Ingen kontaktperson"))] + [
            (u.id, f"{u.name} ({u.role.label})") for u in self._contacts.values()
        ]

    def validate_owner_unit(self, field) -> None:
        if not (field.data or "").strip() and not self.owner_body.data:
            raise ValidationError(_l("Angiv en ansvarlig enhed eller et udvalg."))

    def prefill(self, action: ImplementationAction, token: str) -> None:
        self.title.data, self.description.data = action.title, action.description
        self.owner_unit.data = action.owner_unit
        self.owner_body.data = action.owner_body_id or 0
        self.contact.data = action.contact_id or 0
        self.due_on.data = action.due_on
        self.expected.data = token

    def data_object(self) -> ActionData:
        return ActionData(
            title=self.title.data or "",
            description=self.description.data or "",
            owner_unit=self.owner_unit.data or "",
            owner_body=self._bodies.get(self.owner_body.data),
            contact=self._contacts.get(self.contact.data),
            due_on=self.due_on.data,
        )


class UpdateForm(BaseForm):
    """A dated progress update on an action."""

    written_on = DateField(_l("Dato"), validators=[InputRequired(_l("Skriv datoen."))])
    status = SelectField(
        _l("Status"),
        coerce=enum_value,
        choices=enum_choices(ActionStatus),
        validators=[InputRequired()],
    )
    progress = IntegerField(
        _l("Fremdrift i procent"),
        validators=[
            InputRequired(_l("Skriv fremdriften i procent.")),
            NumberRange(0, 100, _l("Fremdriften skal være mellem 0 og 100 procent.")),
        ],
    )
    text = TextAreaField(
        _l("Hvad er der sket?"),
        validators=[DataRequired(_l("Skriv hvad der er sket.")), Length(max=10000)],
    )
    dropped_reason = TextAreaField(
        _l("Begrundelse for at opgive handlingen"), validators=[Optional(), Length(max=5000)]
    )
    submit = SubmitField(_l("Gem opdateringen"))

    def validate_written_on(self, field) -> None:
        if field.data and field.data > local_today():
            raise ValidationError(_l("Datoen kan ikke ligge i fremtiden."))

    def validate_dropped_reason(self, field) -> None:
        if self.status.data == ActionStatus.dropped.value and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hvorfor handlingen er opgivet."))

    def data_object(self) -> UpdateData:
        status = ActionStatus(self.status.data)
        return UpdateData(
            written_on=self.written_on.data,
            text=self.text.data or "",
            status=status,
            progress=100 if status is ActionStatus.done else self.progress.data,
            dropped_reason=self.dropped_reason.data or "",
        )


class ReviewForm(BaseForm):
    """Close a follow-up review with a note."""

    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5000)])


class EvaluationForm(BaseForm):
    """The lessons learned; saved as a draft, or saved and the committee closed."""

    expected_state = HiddenField(validators=[Length(max=40)])
    lessons_learned = TextAreaField(
        _l("Erfaringer (lessons learned)"),
        description=_l("Markdown. Vises offentligt i arkivet, når udvalget er afsluttet."),
        validators=[Optional(), Length(max=20000)],
    )
    save = SubmitField(_l("Gem som kladde"))
    close = SubmitField(_l("Afslut udvalget med evaluering"))
