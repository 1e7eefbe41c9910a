"""The form on the calendar settings page: create, renew or turn off the feed address."""

from wtforms import HiddenField
from wtforms.validators import AnyOf, DataRequired

from committees.forms_common import BaseForm

CREATE = "create"
RENEW = "renew"
REVOKE = "revoke"


class CalendarTokenForm(BaseForm):
    """One button per action; the action travels in a hidden field next to the CSRF token."""

    action = HiddenField(validators=[DataRequired(), AnyOf([CREATE, RENEW, REVOKE])])
