"""Forms for adding and changing members."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from committees.forms_common import BaseForm, end_not_before, enum_value
from committees.models import Committee, MemberRole, Membership, MemberType, User
from workflows.membership import other_holder, type_fits_user


class MembershipForm(BaseForm):
    """Type, role, period and consent of a membership."""

    member_type = SelectField(
        _l("Medlemstype"), default=MemberType.citizen.value, coerce=enum_value
    )
    role = SelectField(_l("Rolle i udvalget"), default=MemberRole.member.value, coerce=enum_value)
    title = StringField(
        _l("Titel eller organisation"),
        description=_l("F.eks. parti, forening eller fagområde. Vises sammen med navnet."),
        validators=[Optional(), Length(max=200)],
    )
    start_date = DateField(_l("Medlem fra"), validators=[InputRequired(_l("Skriv en startdato."))])
    end_date = DateField(
        _l("Medlem til"),
        validators=[
            Optional(),
            end_not_before("start_date", _l("Slutdatoen ligger før startdatoen.")),
        ],
    )
    publish_name = BooleanField(
        _l("Borgeren har givet samtykke til, at navnet vises offentligt"),
    )
    submit = SubmitField(_l("Gem"))

    def __init__(self, *args, committee: Committee, membership: Membership | None = None, **kw):
        super().__init__(*args, **kw)
        self._committee, self._membership = committee, membership
        self.member_type.choices = [(t.value, t.label) for t in MemberType]
        self.role.choices = [(r.value, r.label) for r in MemberRole]

    def validate_role(self, field) -> None:
        """Only one chair and one vice-chair at a time."""
        if not self.start_date.data or field.data not in MemberRole.__members__:
            return
        holder = other_holder(
            self._committee,
            MemberRole(field.data),
            self.start_date.data,
            self._membership.id if self._membership else None,
        )
        if holder is not None:
            raise ValidationError(
                _l(
                    "%(name)s er allerede %(role)s.",
                    name=holder.user.name,
                    role=holder.role_label.lower(),
                )
            )

    def validate_member_type(self, field) -> None:
        """An existing person's global role must fit the seat."""
        if field.data not in MemberType.__members__:
            return  # the choice check has already said so
        user = self._membership.user if self._membership else self.existing_user()
        if user is not None and not type_fits_user(MemberType(field.data), user):
            raise ValidationError(
                _l(
                    "%(name)s er registreret som %(role)s og kan ikke have denne plads.",
                    name=user.name,
                    role=user.role_label.lower(),
                )
            )

    def existing_user(self) -> User | None:
        return None


class AddMemberForm(MembershipForm):
    """Add a person by e-mail; an account and an invitation are created if needed."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Skriv personens e-mail.")),
            Email(_l("Skriv en gyldig e-mailadresse.")),
            Length(max=254),
        ],
    )
    name = StringField(
        _l("Navn"),
        description=_l("Kun nødvendigt, hvis personen ikke har en konto endnu."),
        validators=[Length(max=200)],
    )
    submit = SubmitField(_l("Tilføj medlem"))

    def existing_user(self) -> User | None:
        return User.by_email(self.email.data) if self.email.data else None

    def validate_email(self, field) -> None:
        """A person sits only once in a committee."""
        user = self.existing_user()
        if user is not None and any(m.user_id == user.id for m in self._committee.memberships):
            raise ValidationError(_l("%(name)s er allerede medlem af udvalget.", name=user.name))

    def validate_name(self, field) -> None:
        """A new account needs a name."""
        if self.email.data and self.existing_user() is None and not (field.data or "").strip():
            raise ValidationError(_l("Personen har ingen konto endnu: skriv navnet."))


class LeaveForm(BaseForm):
    """A leave period (orlov)."""

    leave_start = DateField(_l("Orlov fra"), validators=[InputRequired(_l("Skriv en startdato."))])
    leave_end = DateField(
        _l("Orlov til"),
        validators=[
            InputRequired(_l("Skriv en slutdato.")),
            end_not_before("leave_start", _l("Slutdatoen ligger før startdatoen.")),
        ],
    )
    reason = StringField(_l("Årsag"), validators=[Optional(), Length(max=300)])
    submit_leave = SubmitField(_l("Registrér orlov"))
