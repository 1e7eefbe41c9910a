"""Form pieces shared by several areas."""

import enum

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectMultipleField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Length, Optional, ValidationError

from committees import form_messages


def clean_text(value):
    # NUL and other control characters are never meant in a form field, and PostgreSQL
    # refuses NUL outright; drop them (keeping tab and newlines) instead of failing.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def enum_choices(kind: type[enum.Enum], members=None) -> list[tuple[str, LazyString]]:
    """(value, label) for a select or radio field, the label read when the form is drawn (in
    the reader's language), not when the module is imported (in whatever language that was)."""
    return [(m.value, LazyString(lambda m=m: m.label)) for m in (members or kind)]


def enum_value(value) -> str:
    """Coerce for SelectFields over enums: accepts the enum (from `obj=`) or its value."""
    return value.value if isinstance(value, enum.Enum) else str(value)


class BaseForm(FlaskForm):
    """Every form of the app: CSRF from Flask-WTF, control characters filtered from text."""

    class Meta:
        def get_translations(self, form):
            return form_messages.translations

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, (FieldList, FormField)):
                return unbound_field.bind(form=form, **options)  # their inner fields filter
            filters = [*unbound_field.kwargs.get("filters", ()), clean_text]
            return unbound_field.bind(form=form, filters=filters, **options)


class SubForm(Form):
    """A form nested in a FieldList/FormField: no CSRF of its own, same text filter."""

    class Meta:
        def get_translations(self, form):
            return form_messages.translations

        def bind_field(self, form, unbound_field, options):
            filters = [*unbound_field.kwargs.get("filters", ()), clean_text]
            return unbound_field.bind(form=form, filters=filters, **options)


class StateForm(BaseForm):
    """A POST that changes state carries the state the user saw, and an optional comment."""

    expected_state = HiddenField(validators=[Length(max=40)])
    comment = TextAreaField(_l("Kommentar"), validators=[Optional(), Length(max=1000)])


class CheckboxListField(SelectMultipleField):
    """A multiple choice rendered as checkboxes (keyboard- and screen-reader-friendly)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def parse_id_pairs(text: str | None) -> dict[int, str]:
    """What a bulk page showed of each item, sent as "id=value;id=value" in a hidden field.

    Malformed pairs are left out: the workflow then finds those items stale.
    """
    out: dict[int, str] = {}
    for pair in (text or "").split(";"):
        key, _sep, value = pair.partition("=")
        if key.strip().isdigit() and value.strip():
            out[int(key)] = value.strip()
    return out


def end_not_before(start_field: str, message):
    """A validator: this date may not be before the date in `start_field`."""

    def check(form, field) -> None:
        start = getattr(form, start_field).data
        if field.data and start and field.data < start:
            raise ValidationError(message)

    return check
