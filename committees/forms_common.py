"""Form pieces shared by several areas."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import Length, Optional, ValidationError


class StateForm(FlaskForm):
    """A POST that changes state carries the state the user saw, and an optional comment."""

    expected_state = HiddenField(validators=[Length(max=40)])
    comment = TextAreaField(
        _l("Kommentar"), validators=[Optional(), Length(max=1000)]
    )


class CheckboxListField(SelectMultipleField):
    """A multiple choice rendered as checkboxes (keyboard- and screen-reader-friendly)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def end_not_before(start_field: str, message):
    """A validator: this date may not be before the date in `start_field`."""

    def check(form, field) -> None:
        start = getattr(form, start_field).data
        if field.data and start and field.data < start:
            raise ValidationError(message)

    return check
