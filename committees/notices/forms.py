"""Forms for notice preferences and reminder policies."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, IntegerField, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError

from committees.forms_common import BaseForm, SubForm, enum_value
from committees.models import DeliveryMode

NOT_OFF = _l(
    "Påmindelser om dine egne frister kan ikke slås fra. Vælg »Med det samme« eller en samlet "
    "e-mail."
)


class ModeField(SelectField):
    """A kind's e-mail choice; "off" where the kind refuses it says why, not "not a choice"."""

    def pre_validate(self, form) -> None:
        offered = {value for value, _label in self.choices}
        if self.data == DeliveryMode.off.value and self.data not in offered:
            raise ValidationError(NOT_OFF)
        super().pre_validate(form)


class PreferenceForm(BaseForm):
    """One select per optional kind, offering the modes the kind allows (a reminder of one's
    own deadline has no "off"); mandatory kinds are shown, not chosen."""

    submit = SubmitField(_l("Gem indstillinger"))

    @classmethod
    def for_kinds(cls, kinds, current: dict[str, DeliveryMode], formdata=None):
        """A form class with a field per optional kind, filled with the person's choices."""

        class Form(cls):
            pass

        for kind in kinds:
            allowed = kind.allowed_modes()
            chosen = current.get(kind.name, DeliveryMode.immediate)
            setattr(
                Form,
                f"kind_{kind.name}",
                ModeField(
                    kind.label,
                    choices=[(m.value, m.label) for m in allowed],
                    coerce=enum_value,
                    # A stored "off" the kind no longer allows counts as at once (as it is sent).
                    default=(chosen if chosen in allowed else DeliveryMode.immediate).value,
                ),
            )
        return Form(formdata=formdata)

    def chosen(self) -> dict[str, DeliveryMode]:
        """Kind name → chosen mode."""
        return {
            name[len("kind_") :]: DeliveryMode(field.data)
            for name, field in self._fields.items()
            if name.startswith("kind_")
        }


def _required_when_active(form, field) -> None:
    """A ticked moment needs its number; the page's blank, unticked row is simply left out."""
    if field.raw_data and str(field.raw_data[0]).strip():
        return
    if form.active.data:
        field.errors[:] = []
        raise StopValidation(_l("Skriv et antal hverdage."))


class OffsetForm(SubForm):
    """One reminder moment: N working days before (negative) or after (positive)."""

    offset_days = IntegerField(
        _l("Hverdage i forhold til datoen"),
        description=_l("Negativt tal: før datoen. Positivt: efter."),
        validators=[
            _required_when_active,
            Optional(),
            NumberRange(min=-60, max=60, message=_l("Vælg mellem −60 og 60 hverdage.")),
        ],
    )
    only_not_acted = BooleanField(_l("Kun til dem, der ikke har handlet endnu"), default=True)
    active = BooleanField(_l("Aktiv"), default=True)


class PolicyForm(BaseForm):
    """The reminder moments of one kind (for the municipality or one committee)."""

    offsets = FieldList(FormField(OffsetForm), min_entries=1, max_entries=6)
    use_defaults = BooleanField(_l("Brug standarden i stedet (slet egne indstillinger)"))
    submit = SubmitField(_l("Gem påmindelser"))

    def validate_offsets(self, field) -> None:
        """The same moment twice would remind twice; at least one moment must be ticked."""
        values = [
            e.form.offset_days.data for e in field.entries if e.form.offset_days.data is not None
        ]
        if len(values) != len(set(values)):
            raise ValidationError(_l("Det samme antal hverdage står to gange."))
        # No ticked moment would save nothing, which means the defaults: say so instead.
        if not self.use_defaults.data and not any(e.form.active.data for e in field.entries):
            raise ValidationError(
                _l("Sæt flueben ved »Aktiv« ved mindst ét tidspunkt, eller vælg standarden.")
            )
