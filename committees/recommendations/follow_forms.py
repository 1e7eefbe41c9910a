"""Forms for following a committee or a recommendation (by e-mail, or with an account)."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, IntegerField, RadioField, SubmitField
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from committees.forms_common import BaseForm
from committees.models import DeliveryMode

# "Only the periodic digest" is stored as a digest mode: audience.tell then skips the address
# and only the committee digest (workflows/recommendations/digest.py) reaches it.
MODES = {"immediate": DeliveryMode.immediate, "digest": DeliveryMode.weekly}


def strip(value):
    return value.strip() if isinstance(value, str) else value


class FollowForm(BaseForm):
    """Follow by e-mail, without an account."""

    target_type = HiddenField(validators=[InputRequired(), AnyOf(["c", "r"])])
    target_id = IntegerField(widget=HiddenInput(), validators=[InputRequired(), NumberRange(min=1)])
    email = EmailField(
        _l("Din e-mail"),
        description=_l("Vi sender et link, som du skal åbne for at bekræfte."),
        filters=[strip],
        validators=[
            DataRequired(_l("Skriv din e-mail.")),
            Email(_l("Skriv en gyldig e-mailadresse, f.eks. navn@eksempel.dk.")),
            Length(max=254),
        ],
    )
    mode = RadioField(
        _l("Hvor ofte vil du have besked?"),
        choices=[
            ("immediate", _l("Ved hver beslutning og hvert nyt om gennemførelsen")),
            ("digest", _l("Kun et samlet overblik med jævne mellemrum")),
        ],
        default="immediate",
        validators=[InputRequired(_l("Vælg hvor ofte."))],
    )
    submit = SubmitField(_l("Følg"))

    @property
    def delivery_mode(self) -> DeliveryMode:
        return MODES[self.mode.data]


class ToggleForm(BaseForm):
    """Follow or stop following with an account: one button, with CSRF."""

    submit = SubmitField(_l("Følg"))


class UnfollowForm(BaseForm):
    """The unsubscribe button (its route is authorised by the token, not by CSRF)."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Afmeld"))
