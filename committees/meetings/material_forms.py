"""Forms for materials (bilag): a new bilag, a new version, and the small state buttons.

The file itself is checked by the workflow (type by content, size, zip bombs); the form only
requires that one was chosen.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from committees.forms_common import BaseForm
from committees.models import Meeting

FILE_REQUIRED = _l("Vælg en fil.")


def item_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The meeting as a whole, then its agenda items in order."""
    return [("", _l("Mødet som helhed"))] + [
        (str(i.id), f"{i.position}. {i.label}") for i in meeting.items
    ]


class MaterialForm(BaseForm):
    """Upload a new bilag to the meeting or one of its items."""

    title = StringField(
        _l("Titel"),
        description=_l("Lad feltet stå tomt for at bruge filens navn."),
        validators=[Optional(), Length(max=200)],
    )
    file = FileField(_l("Fil"), validators=[FileRequired(FILE_REQUIRED)])
    item_id = SelectField(_l("Hører til"), choices=[], validators=[Optional()])
    is_closed = BooleanField(
        _l("Lukket bilag"),
        description=_l("Kun udvalgets medlemmer og sekretariatet kan se et lukket bilag."),
    )
    submit = SubmitField(_l("Upload bilag"))

    def __init__(self, meeting: Meeting, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item_id.choices = item_choices(meeting)

    @property
    def chosen_item_id(self) -> int | None:
        """The chosen agenda item's id, or None for the meeting as a whole."""
        return int(self.item_id.data) if self.item_id.data else None


class MaterialVersionForm(BaseForm):
    """Upload a new version of a bilag; the earlier ones are kept."""

    file = FileField(_l("Ny version"), validators=[FileRequired(FILE_REQUIRED)])
    submit = SubmitField(_l("Upload ny version"))


class MaterialClosedForm(BaseForm):
    """Make a bilag closed or open."""

    is_closed = BooleanField(_l("Lukket bilag"))


class ConfirmForm(BaseForm):
    """A POST with nothing but the CSRF token (delete)."""
