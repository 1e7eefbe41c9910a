"""Forms for importing people from a CSV file: the upload, and the confirmation that carries it.

Nothing is stored on the server between the preview and the confirmation: the confirmation form
carries the file itself, compressed and base64-encoded (URL-safe, so a form post does not grow it
further) in a hidden field, and a digest of the preview the administrator saw.
"""

import base64
import zlib

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from committees.forms_common import BaseForm
from workflows.people_csv import MAX_BYTES

UNREADABLE = _l("Forhåndsvisningen kunne ikke læses. Upload filen igen.")


def pack(data: bytes) -> str:
    """The file as text for a hidden field."""
    return base64.urlsafe_b64encode(zlib.compress(data, 6)).decode("ascii")


def unpack(text: str) -> bytes | None:
    """The file from `pack`, or None if the text is not one (or unpacks beyond the limit)."""
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.urlsafe_b64decode(text.encode("ascii")), MAX_BYTES + 1)
    except (ValueError, zlib.error):  # binascii.Error and UnicodeEncodeError are ValueErrors
        return None
    if len(data) > MAX_BYTES or not inflater.eof:
        return None
    return data


class PeopleUploadForm(BaseForm):
    """Choose the CSV file to preview."""

    file = FileField(
        _l("CSV-fil"),
        description=_l("Højst 1 MB og 2.000 rækker."),
        validators=[FileRequired(_l("Vælg en CSV-fil."))],
    )
    submit = SubmitField(_l("Vis forhåndsvisning"))

    content: bytes = b""

    def validate_file(self, field) -> None:
        """Read the file, but never more than the limit allows."""
        data = field.data.stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ValidationError(_l("Filen er for stor: den må højst fylde 1 MB."))
        if not data.strip():
            raise ValidationError(_l("Filen er tom."))
        self.content = data


class PeopleConfirmForm(BaseForm):
    """Import the file that was previewed."""

    payload = HiddenField(validators=[InputRequired(UNREADABLE)])
    digest = HiddenField(validators=[Length(max=64)])
    submit = SubmitField(_l("Importér"))

    content: bytes = b""

    def fill(self, content: bytes, digest: str) -> None:
        """Carry this file and the digest of its preview."""
        self.payload.data, self.digest.data = pack(content), digest

    def validate_payload(self, field) -> None:
        """The hidden field must hold a file packed by `pack`."""
        data = unpack(field.data or "")
        if data is None:
            raise ValidationError(UNREADABLE)
        self.content = data
