"""Forms of the main area."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import Length

from committees.forms_common import BaseForm


class LanguageForm(BaseForm):
    """The header's language switch."""

    language = SelectField(_l("Sprog"), choices=[("da", "Dansk"), ("en", "English")])
    next = HiddenField(validators=[Length(max=2000)])
