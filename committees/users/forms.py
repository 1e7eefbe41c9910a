"""Forms for creating and changing accounts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from committees.extensions import db
from committees.forms_common import BaseForm, enum_value
from committees.models import Role, User

LAST_ADMIN = _l("Det er den eneste aktive administrator; tilføj en anden først.")


class UserForm(BaseForm):
    """Name, e-mail, role and language of an account."""

    name = StringField(
        _l("Navn"), validators=[InputRequired(_l("Skriv et navn.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Skriv en e-mail.")),
            Email(_l("Skriv en gyldig e-mailadresse.")),
            Length(max=254),
        ],
    )
    role = SelectField(_l("Rolle"), coerce=enum_value)
    locale = SelectField(_l("Sprog i e-mails"), choices=[("da", "Dansk"), ("en", "English")])
    active = BooleanField(_l("Aktiv (kan logge ind)"), default=True)
    submit = SubmitField(_l("Gem"))

    def __init__(self, *args, user: User | None = None, may_grant_staff: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._user = user
        roles = list(Role) if may_grant_staff else [Role.councillor, Role.citizen]
        if user is not None and user.role not in roles:
            roles.append(user.role)
        self.role.choices = [(r.value, r.label) for r in roles]
        self._may_grant_staff = may_grant_staff

    def validate_email(self, field) -> None:
        """One account per e-mail address."""
        existing = User.by_email(field.data or "")
        if existing is not None and (self._user is None or existing.id != self._user.id):
            raise ValidationError(_l("Der findes allerede en bruger med den e-mail."))

    def _last_administrator(self) -> bool:
        u = self._user
        if u is None or u.role is not Role.administrator or not u.active:
            return False
        others = db.session.scalar(
            db.select(db.func.count(User.id)).where(
                User.role == Role.administrator, User.active.is_(True), User.id != u.id
            )
        )
        return others == 0

    def validate_active(self, field) -> None:
        """The installation always keeps an active administrator."""
        if not field.data and self._last_administrator():
            raise ValidationError(
                _l("Det er den eneste aktive administrator; tilføj en anden først.")
            )

    def validate_role(self, field) -> None:
        """Only administrators grant or take away staff roles."""
        if field.data != Role.administrator.value and self._last_administrator():
            raise ValidationError(
                _l("Det er den eneste aktive administrator; tilføj en anden først.")
            )
        staff = {Role.administrator.value, Role.secretariat.value}
        changed = self._user is None or self._user.role.value != field.data
        if changed and field.data in staff and not self._may_grant_staff:
            raise ValidationError(_l("Kun en administrator kan give den rolle."))
