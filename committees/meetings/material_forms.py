"""Forms for materials (bilag): a new bilag, a new version, and the small state buttons.

The file itself is checked by the workflow (type by content, size, zip bombs); the form only
requires that one was chosen.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from committees.forms_common import BaseForm, CheckboxListField, parse_id_pairs
from committees.models import Material, Meeting

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


class MaterialAccessForm(BaseForm):
    """Several bilag of a meeting made open (published) or closed at once."""

    # Not checked against a list: one deleted since the page was opened reaches the workflow,
    # which names it (stale) instead of failing as an unknown choice.
    materials = CheckboxListField(
        _l("Bilag"),
        coerce=int,
        validate_choice=False,
        validators=[InputRequired(_l("Vælg mindst ét bilag."))],
    )
    access = RadioField(
        _l("Ny adgang"),
        validators=[InputRequired(_l("Vælg om bilagene skal være åbne eller lukkede."))],
    )
    # "id=closed;id=open": each bilag's access as the page showed it (the stale check).
    expected = HiddenField(validators=[Length(max=20000)])
    submit = SubmitField(_l("Skift adgang for de valgte bilag"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.access.choices = [  # built here, so they are in the reader's language
            (
                "open",
                _l("Åbne: alle, der kan se mødet, også offentligheden, hvis mødet er offentligt"),
            ),
            ("closed", _l("Lukkede: kun udvalgets medlemmer og sekretariatet")),
        ]

    def prefill(self, materials: list[Material]) -> None:
        """Each bilag's access as the page shows it."""
        self.expected.data = ";".join(
            f"{m.id}={'closed' if m.is_closed else 'open'}" for m in materials
        )

    @property
    def closing(self) -> bool:
        return self.access.data == "closed"

    def expected_closed(self) -> dict[int, bool]:
        """Whether the page showed each bilag closed."""
        return {k: v == "closed" for k, v in parse_id_pairs(self.expected.data).items()}
