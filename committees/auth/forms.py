"""Forms for logging in and setting passwords."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from committees.forms_common import BaseForm

COMMON_PASSWORDS = {"password", "adgangskode", "1234567890", "qwertyuiop", "123456789012"}


class LoginForm(BaseForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(_l("Skriv din e-mail.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Adgangskode"),
        validators=[InputRequired(_l("Skriv din adgangskode.")), Length(max=200)],
    )
    next = HiddenField(validators=[Length(max=2000)])
    submit = SubmitField(_l("Log ind"))


class ForgotPasswordForm(BaseForm):
    """Ask for a reset link."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Skriv din e-mail.")),
            Email(_l("Skriv en gyldig e-mailadresse.")),
            Length(max=254),
        ],
    )
    submit = SubmitField(_l("Send link"))


class SetPasswordForm(BaseForm):
    """Choose a password (invitation or reset)."""

    password = PasswordField(
        _l("Ny adgangskode"),
        description=_l("Mindst 12 tegn. Brug gerne en sætning, du kan huske."),
        validators=[
            InputRequired(_l("Vælg en adgangskode.")),
            Length(min=12, max=200, message=_l("Adgangskoden skal være 12–200 tegn.")),
        ],
    )
    confirm = PasswordField(
        _l("Gentag adgangskoden"),
        validators=[
            InputRequired(_l("Gentag adgangskoden.")),
            EqualTo("password", _l("De to adgangskoder er ikke ens.")),
        ],
    )
    submit = SubmitField(_l("Gem adgangskode"))

    def validate_password(self, field) -> None:
        """Refuse the passwords every attacker tries first."""
        if field.data and field.data.lower() in COMMON_PASSWORDS:
            raise ValidationError(_l("Den adgangskode er for let at gætte."))
