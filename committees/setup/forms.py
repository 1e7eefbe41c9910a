"""Forms of the set-up area: the municipality's facts, logo, closing days, test e-mail, bodies."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from committees.extensions import db
from committees.forms_common import BaseForm, CheckboxListField, enum_choices, enum_value
from committees.models import BodyKind, PoliticalBody
from workflows import setup

_URL_MESSAGE = _l("Skriv en hel webadresse, der begynder med https://.")
_URL = URL(require_tld=False, message=_URL_MESSAGE)


def _web_address(form, field) -> None:
    """Only http(s): the address becomes a link on every page (no javascript: or data:)."""
    if field.data and not field.data.strip().lower().startswith(("https://", "http://")):
        raise ValidationError(_URL_MESSAGE)


def _one_line(form, field) -> None:
    """A name that goes into e-mail headers: no line breaks or other control characters."""
    if field.data and any(ch < " " for ch in field.data):
        raise ValidationError(_l("Skriv det på én linje."))


class MunicipalityForm(BaseForm):
    """What the public, applicants and e-mails say about the municipality."""

    name = StringField(
        _l("Kommunens navn"),
        validators=[InputRequired(_l("Skriv kommunens navn.")), Length(max=120), _one_line],
    )
    web_url = URLField(
        _l("Kommunens hjemmeside"), validators=[Optional(), _web_address, _URL, Length(max=300)]
    )
    contact_email = EmailField(
        _l("Kontakt-e-mail"),
        validators=[Optional(), Email(_l("Skriv en gyldig e-mailadresse.")), Length(max=254)],
    )
    contact_phone = StringField(
        _l("Telefon"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^\+?[0-9 ]{8,20}$",
                message=_l("Skriv et telefonnummer med cifre, fx 39 98 00 00."),
            ),
        ],
    )
    accessibility_url = URLField(
        _l("Adresse på tilgængelighedserklæringen"),
        validators=[Optional(), _web_address, _URL, Length(max=300)],
    )
    dpo_contact = TextAreaField(
        _l("Kontakt til databeskyttelsesrådgiveren"), validators=[Optional(), Length(max=2000)]
    )
    privacy_notice = TextAreaField(
        _l("Tekst om behandling af personoplysninger (vises for ansøgere)"),
        validators=[Optional(), Length(max=20000)],
    )
    sender_name = StringField(
        _l("Afsendernavn i e-mails"), validators=[Optional(), Length(max=120), _one_line]
    )
    submit = SubmitField(_l("Gem"))


class LogoForm(BaseForm):
    """The logo: SVG or PNG, checked before it is stored."""

    logo = FileField(_l("Logo (SVG eller PNG, højst 512 kB)"))
    remove = BooleanField(_l("Fjern logoet"))
    submit = SubmitField(_l("Gem logo"))


class ClosingDaysForm(BaseForm):
    """Days the municipality is closed, besides weekends and public holidays."""

    days = TextAreaField(_l("Lukkedage"), validators=[Length(max=4000)])
    submit = SubmitField(_l("Gem lukkedage"))

    def validate_days(self, field) -> None:
        """Every line a day: MM-DD every year, or YYYY-MM-DD once."""
        good, bad = setup.parse_closing_days(field.data or "")
        if sum(len(d) == 5 for d in good) > setup.MAX_YEARLY_CLOSING_DAYS:
            raise ValidationError(
                _l("Højst %(n)d faste lukkedage om året.", n=setup.MAX_YEARLY_CLOSING_DAYS)
            )
        if bad:
            raise ValidationError(
                _l(
                    "Ikke en dato: %(items)s. Skriv MM-DD (hvert år) eller ÅÅÅÅ-MM-DD.",
                    items=", ".join(bad[:5]),
                )
            )


class MailTestForm(BaseForm):
    """Send a test message to me."""

    submit = SubmitField(_l("Send en testbesked til mig"))


class BodyForm(BaseForm):
    """A political body's name, kind and place in lists."""

    name = StringField(
        _l("Navn"), validators=[InputRequired(_l("Skriv udvalgets navn.")), Length(max=120)]
    )
    kind = SelectField(_l("Slags"), coerce=enum_value, choices=enum_choices(BodyKind))
    position = IntegerField(
        _l("Rækkefølge"),
        default=0,
        validators=[Optional(), NumberRange(0, 999, _l("Skriv et tal fra 0 til 999."))],
    )
    submit = SubmitField(_l("Gem"))

    def __init__(self, *args, body: PoliticalBody | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k.value, k.label) for k in BodyKind]
        self._body = body

    def validate_name(self, field) -> None:
        """Two bodies never share a name."""
        name = (field.data or "").strip()
        other = db.session.scalar(
            db.select(PoliticalBody).where(db.func.lower(PoliticalBody.name) == name.lower())
        )
        if other is not None and (self._body is None or other.id != self._body.id):
            raise ValidationError(_l("Der findes allerede et udvalg med det navn."))


class BodyMembersForm(BaseForm):
    """The councillors who sit on the body."""

    members = CheckboxListField(_l("Medlemmer"), coerce=int)
    submit = SubmitField(_l("Gem medlemmer"))


class ConfirmForm(BaseForm):
    """A POST with its CSRF token and, to retire or reactivate, the state wanted."""

    active = HiddenField(validators=[Optional(), Length(max=1)])
