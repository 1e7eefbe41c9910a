"""The public forms of recruitment: the application and the withdrawal button."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from committees.forms_common import BaseForm, CheckboxListField, enum_value
from committees.models import AgeBand, Gender, RecruitmentCall
from workflows.recruitment import ANSWER_MAX, MOTIVATION_MAX


def strip(value):
    return value.strip() if isinstance(value, str) else value


def one_newline(value):
    # Browsers count a line break as one character and send two (CRLF); count as they do.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ApplicationForm(BaseForm):
    """A citizen's application to a call; the call's own questions are added per call."""

    name = StringField(
        _l("Navn"),
        filters=[strip],
        validators=[DataRequired(_l("Skriv dit navn.")), Length(max=200)],
    )
    email = EmailField(
        _l("E-mail"),
        description=_l("Vi sender et link hertil, som du skal åbne for at bekræfte ansøgningen."),
        filters=[strip],
        validators=[
            DataRequired(_l("Skriv din e-mail.")),
            Email(_l("Skriv en gyldig e-mailadresse, f.eks. navn@eksempel.dk.")),
            Length(max=254),
        ],
    )
    phone = StringField(
        _l("Telefon (frivilligt)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^\+?[0-9][0-9 ()-]*\Z",
                message=_l("Skriv telefonnummeret med tal, f.eks. 12 34 56 78."),
            ),
        ],
    )
    age_band = SelectField(
        _l("Alder"),
        description=_l("Bruges kun til at se, om ansøgerne tilsammen har forskellig alder."),
        coerce=enum_value,
        validators=[InputRequired(_l("Vælg din aldersgruppe."))],
    )
    postal_code = StringField(
        _l("Postnummer"),
        description=_l("Bruges kun til at se, om ansøgerne kommer fra hele kommunen."),
        filters=[strip],
        validators=[
            DataRequired(_l("Skriv dit postnummer.")),
            Regexp(r"^[0-9]{4}\Z", message=_l("Skriv et dansk postnummer med 4 cifre.")),
        ],
    )
    gender = RadioField(
        _l("Køn (frivilligt)"),
        coerce=enum_value,
        validate_choice=False,  # checked in validate_gender, so an empty answer is allowed
    )
    profiles = CheckboxListField(
        _l("Hvilke af profilerne passer på dig? (frivilligt)"),
        description=_l("Sæt gerne flere kryds. Du kan også søge, selvom ingen passer præcist."),
        coerce=int,
    )
    motivation = TextAreaField(
        _l("Hvorfor vil du være med?"),
        description=_l(
            "Fortæl kort om dig selv, og hvad du kan bidrage med. Højst %(n)s tegn.",
            n=MOTIVATION_MAX,
        ),
        filters=[one_newline, strip],
        validators=[
            DataRequired(_l("Skriv, hvorfor du vil være med.")),
            Length(max=MOTIVATION_MAX, message=_l("Skriv højst %(max)d tegn.")),
        ],
    )
    consent = BooleanField(
        _l("Samtykke"),
        validators=[DataRequired(_l("Du skal give samtykke, før vi kan behandle ansøgningen."))],
    )
    publish_name = BooleanField(_l("Offentliggørelse af navn (frivilligt)"))
    # A honeypot: hidden from people (and screen readers); a filled-in value means a robot.
    website = StringField(_l("Lad dette felt være tomt"))
    submit = SubmitField(_l("Send ansøgning"))

    def __init__(self, *args, call: RecruitmentCall, **kw):
        super().__init__(*args, **kw)
        self.age_band.choices = [("", _l("Vælg aldersgruppe"))] + [
            (a.value, a.label) for a in AgeBand
        ]
        self.gender.choices = [(g.value, g.label) for g in Gender]
        self.profiles.choices = [(p.id, p.name) for p in call.profiles]
        self.consent.label.text = call.consent_text
        self.publish_name.label.text = call.publish_consent_text

    def validate_gender(self, field) -> None:
        """Empty is no answer; anything else must be one of the choices."""
        if not field.data:
            field.data = None
        elif field.data not in Gender._value2member_map_:
            raise ValidationError(_l("Vælg en af mulighederne, eller lad feltet stå tomt."))

    def answer_fields(self) -> list:
        """The fields for the call's own questions, in order."""
        return [f for name, f in self._fields.items() if name.startswith("answer_")]


def application_form(call: RecruitmentCall, **kw) -> ApplicationForm:
    """The application form with one field per question of this call."""
    questions = call.questions or []
    if not questions:
        return ApplicationForm(call=call, **kw)
    fields = {}
    step = 1 / (len(questions) + 1)
    for i, question in enumerate(questions):
        field = TextAreaField(
            question,
            description=_l("Frivilligt. Højst %(n)s tegn.", n=ANSWER_MAX),
            filters=[one_newline, strip],
            validators=[
                Optional(),
                Length(max=ANSWER_MAX, message=_l("Skriv højst %(max)d tegn.")),
            ],
        )
        # Placed between motivation and consent, so the error summary follows the page.
        field.creation_counter = ApplicationForm.motivation.creation_counter + (i + 1) * step
        fields[f"answer_{i}"] = field
    return type("CallApplicationForm", (ApplicationForm,), fields)(call=call, **kw)


class WithdrawForm(BaseForm):
    """One button, with CSRF protection."""

    submit = SubmitField(_l("Træk min ansøgning tilbage"))
