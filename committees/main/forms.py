"""Forms of the main area."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import Length

from flask_babel import lazy_gettext as _l


class LanguageForm(FlaskForm):
    """The header's language switch."""

    language = SelectField(_l("Sprog"), choices=[("da", "Dansk"), ("en", "English")])
    next = HiddenField(validators=[Length(max=2000)])
