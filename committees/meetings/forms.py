"""Forms for planning meetings, the agenda, guests and RSVP."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from committees.forms_common import BaseForm, CheckboxListField, SubForm, enum_choices, enum_value
from committees.models import (
    InviteScope,
    ItemKind,
    Meeting,
    MeetingKind,
    RsvpAnswer,
    WorkingGroup,
)
from committees.models.base import LOCAL_TZ
from workflows import workdays
from workflows.meetings.agenda import ItemData
from workflows.meetings.plan import MeetingData


def _moment(day: date | None, at: time | None) -> datetime | None:
    return workdays.local_moment(day, at) if day and at else None


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def _online_url(form, field) -> None:
    if field.data and not field.data.lower().startswith(("https://", "http://")):
        raise ValidationError(_l("Linket skal begynde med https://"))


class MeetingFields:
    """The fields a meeting has, shared by the single form and the plan's rows."""

    kind = SelectField(
        _l("Type"),
        coerce=enum_value,
        choices=enum_choices(MeetingKind),
        validators=[InputRequired()],
    )
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Skriv en titel.")), Length(max=200)]
    )
    day = DateField(_l("Dato"), validators=[InputRequired(_l("Skriv datoen."))])
    start = TimeField(_l("Starttid"), validators=[InputRequired(_l("Skriv starttidspunktet."))])
    end = TimeField(_l("Sluttid"), validators=[InputRequired(_l("Skriv sluttidspunktet."))])
    place = StringField(_l("Sted"), validators=[Optional(), Length(max=300)])

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data <= self.start.data:
            raise ValidationError(_l("Sluttiden skal ligge efter starttiden."))

    def times(self) -> tuple[datetime | None, datetime | None]:
        return _moment(self.day.data, self.start.data), _moment(self.day.data, self.end.data)


class MeetingForm(MeetingFields, BaseForm):
    """One meeting: what, when, where, who."""

    online_url = StringField(
        _l("Link til onlinemøde"),
        validators=[Optional(), Length(max=500), URL(require_tld=False), _online_url],
    )
    is_public = BooleanField(_l("Vis mødet offentligt (dato, sted, åbne punkter og referat)"))
    invite_scope = RadioField(
        _l("Hvem er indkaldt"),
        coerce=enum_value,
        choices=enum_choices(InviteScope),
        default=InviteScope.committee.value,
    )
    working_group = SelectField(_l("Arbejdsgruppe"), coerce=int, validators=[Optional()])
    expected_sequence = HiddenField(validators=[Length(max=10)])
    submit = SubmitField(_l("Gem mødet"))
    # After a clash warning: the clashes the user saw, and the button that saves anyway.
    clash_digest = HiddenField(validators=[Length(max=64)])
    save_anyway = SubmitField(_l("Gem alligevel"))

    def __init__(self, *args, groups: list[WorkingGroup] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.working_group.choices = [(0, _l("Ingen"))] + [(g.id, g.name) for g in groups]

    def validate_working_group(self, field) -> None:
        if self.invite_scope.data == InviteScope.working_group.value and not field.data:
            raise ValidationError(_l("Vælg arbejdsgruppen."))

    def prefill(self, meeting: Meeting) -> None:
        start, end = _local(meeting.starts_at), _local(meeting.ends_at)
        self.kind.data = meeting.kind.value
        self.title.data = meeting.title
        self.day.data, self.start.data, self.end.data = start.date(), start.time(), end.time()
        self.place.data, self.online_url.data = meeting.place, meeting.online_url
        self.is_public.data = meeting.is_public
        self.invite_scope.data = meeting.invite_scope.value
        self.working_group.data = meeting.working_group_id or 0
        self.expected_sequence.data = str(meeting.sequence)

    def data_object(self) -> MeetingData:
        starts, ends = self.times()
        scope = InviteScope(self.invite_scope.data)
        return MeetingData(
            kind=MeetingKind(self.kind.data),
            title=self.title.data,
            starts_at=starts,
            ends_at=ends,
            place=self.place.data or "",
            online_url=self.online_url.data or "",
            is_public=bool(self.is_public.data),
            invite_scope=scope,
            working_group_id=self.working_group.data or None,
        )


def _kind_or_default(value) -> str:
    return enum_value(value) if value else MeetingKind.committee_meeting.value


class PlanRow(MeetingFields, SubForm):
    """A row of the meeting and activity plan; an empty row is skipped."""

    kind = SelectField(
        _l("Type"),
        coerce=_kind_or_default,
        choices=enum_choices(MeetingKind),
        default=MeetingKind.committee_meeting.value,
    )

    day = DateField(_l("Dato"), validators=[Optional()])
    start = TimeField(_l("Starttid"), validators=[Optional()])
    end = TimeField(_l("Sluttid"), validators=[Optional()])
    title = StringField(_l("Titel"), validators=[Optional(), Length(max=200)])

    @property
    def is_empty(self) -> bool:
        return not (self.day.data or self.title.data or self.place.data)

    def validate(self, extra_validators=None) -> bool:
        """A filled row needs a title, a date and both times; an empty row needs nothing."""
        ok = super().validate(extra_validators)
        if self.is_empty:
            return ok
        required = (
            (self.title, _l("Skriv en titel.")),
            (self.day, _l("Skriv datoen.")),
            (self.start, _l("Skriv starttidspunktet.")),
            (self.end, _l("Skriv sluttidspunktet.")),
        )
        for field, message in required:
            if not field.data and not field.errors:
                field.errors = [*field.errors, message]
                ok = False
        return ok


PLAN_ROWS = 7


class PlanForm(BaseForm):
    """The meeting and activity plan: up to seven meetings entered at once."""

    rows = FieldList(FormField(PlanRow), min_entries=PLAN_ROWS, max_entries=PLAN_ROWS)
    submit = SubmitField(_l("Gem planen"))
    clash_digest = HiddenField(validators=[Length(max=64)])
    save_anyway = SubmitField(_l("Gem alligevel"))

    def meetings(self) -> list[MeetingData]:
        out = []
        for row in self.rows:
            if row.form.is_empty:
                continue
            starts, ends = row.form.times()
            out.append(
                MeetingData(
                    kind=MeetingKind(row.form.kind.data),
                    title=row.form.title.data,
                    starts_at=starts,
                    ends_at=ends,
                    place=row.form.place.data or "",
                    is_public=MeetingKind(row.form.kind.data).public_by_default,
                )
            )
        return out


class CancelForm(BaseForm):
    """Cancelling a meeting; the reason goes to everyone invited."""

    expected_sequence = HiddenField(validators=[Length(max=10)])
    reason = TextAreaField(
        _l("Begrundelse (sendes til de indkaldte)"), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField(_l("Aflys mødet"))


class PublishForm(BaseForm):
    """Publishing the agenda: carries the status the user saw."""

    expected_status = HiddenField(validators=[Length(max=30)])


class ItemForm(BaseForm):
    """An agenda item."""

    kind = RadioField(
        _l("Punktets type"),
        coerce=enum_value,
        choices=enum_choices(ItemKind),
        validators=[InputRequired(_l("Vælg punktets type."))],
    )
    title = StringField(
        _l("Overskrift"), validators=[DataRequired(_l("Skriv en overskrift.")), Length(max=200)]
    )
    case_text = TextAreaField(_l("Sagsfremstilling"), validators=[Optional(), Length(max=20000)])
    proposal = TextAreaField(_l("Indstilling"), validators=[Optional(), Length(max=5000)])
    is_closed = BooleanField(_l("Lukket punkt (kun for udvalgets medlemmer)"))
    submit = SubmitField(_l("Gem punktet"))

    def item_data(self) -> ItemData:
        return ItemData(
            kind=ItemKind(self.kind.data),
            title=self.title.data,
            case_text=self.case_text.data or "",
            proposal=self.proposal.data or "",
            is_closed=bool(self.is_closed.data),
        )


class MoveForm(BaseForm):
    """Move an item up or down."""

    direction = IntegerField(validators=[InputRequired()])


class GuestForm(BaseForm):
    """Invite a named guest by e-mail."""

    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv gæstens navn.")), Length(max=200)]
    )
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(_l("Skriv gæstens e-mail.")), Length(max=254), Email()],
    )
    submit = SubmitField(_l("Invitér gæsten"))


class RsvpForm(BaseForm):
    """Deltager or afbud, with an optional reason for the afbud."""

    answer = RadioField(
        _l("Dit svar"),
        coerce=enum_value,
        choices=enum_choices(RsvpAnswer),
        validators=[InputRequired(_l("Vælg deltager eller afbud."))],
    )
    reason = StringField(
        _l("Begrundelse for afbud (valgfri)"), validators=[Optional(), Length(max=500)]
    )
    submit = SubmitField(_l("Send svar"))


class GroupForm(BaseForm):
    """A new working group."""

    name = StringField(
        _l("Arbejdsgruppens navn"),
        validators=[DataRequired(_l("Skriv et navn.")), Length(max=200)],
    )
    members = CheckboxListField(_l("Medlemmer"), coerce=int)
    submit = SubmitField(_l("Opret arbejdsgruppen"))

    def __init__(self, *args, memberships=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.members.choices = [(m.user_id, m.user.name) for m in memberships]
