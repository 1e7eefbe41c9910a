"""The file itself: bytes to cells (encoding, delimiter, header, limits) and rows to text."""

import csv
import io
import unicodedata

from flask_babel import gettext as _

from workflows.errors import NotAllowed
from workflows.meetings.attendance import FORMULA_STARTS, safe_cell

MAX_BYTES = 1024 * 1024
MAX_ROWS = 2000
HEADER = ("navn", "e-mail", "rolle", "udvalg")
# Column title (lower case) → field; the Danish titles are the ones the export writes.
COLUMNS = {
    "navn": "name",
    "name": "name",
    "e-mail": "email",
    "email": "email",
    "rolle": "role",
    "role": "role",
    "udvalg": "bodies",
    "bodies": "bodies",
}
REQUIRED = {"name": "navn", "email": "e-mail", "role": "rolle"}

Record = tuple[int, dict[str, str]]  # (row number as a spreadsheet counts it, field → cell)


class FileProblem(NotAllowed):
    """The file as a whole cannot be read, so no row of it is looked at."""


def short(text: str, limit: int = 60) -> str:
    """The text, cut to `limit` characters for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_name(text: str) -> str:
    """A name without control characters (a line break in a cell becomes a space), in NFC."""
    text = "".join(" " if ch in "\t\r\n" else ch for ch in unicodedata.normalize("NFC", text))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def _unescape(text: str) -> str:
    # The export writes ' before a cell a spreadsheet would run as a formula: take it off again.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _decode(data: bytes) -> str:
    not_utf8 = _(
        "Filen er ikke gemt som UTF-8. Gem den i Excel som »CSV UTF-8 (kommasepareret)«, "
        "og prøv igen."
    )
    if len(data) > MAX_BYTES:
        raise FileProblem(_("Filen er for stor: den må højst fylde 1 MB."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, Excel's "Unicode text"
        raise FileProblem(not_utf8)
    if b"\x00" in data:
        raise FileProblem(_("Filen er ikke en CSV-fil: den indeholder binære data."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(not_utf8) from None
    if not text.strip():
        raise FileProblem(_("Filen er tom."))
    return text


def _delimiter(text: str) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    return ";" if ";" in first and first.count(";") >= first.count(",") else ","


def _lines(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    lines: list[tuple[int, list[str]]] = []
    try:
        # Numbered as a spreadsheet numbers its rows: the header is row 1, blank rows count.
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue
            if header is None:
                header = values
                continue
            lines.append((number, values))
            if len(lines) > MAX_ROWS:
                raise FileProblem(_("Filen har for mange rækker: højst %(max)d.", max=MAX_ROWS))
    except csv.Error:
        raise FileProblem(
            _("Filen kan ikke læses som CSV (række %(line)d).", line=reader.line_num)
        ) from None
    if header is None:
        raise FileProblem(_("Filen er tom."))
    return header, lines


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = COLUMNS.get(" ".join(title.split()).lower())
        if key is None:
            continue  # a column of the municipality's own is left alone
        if key in found:
            raise FileProblem(
                _("Kolonnen »%(name)s« står to gange i første linje.", name=short(title.strip()))
            )
        found[key] = index
    missing = [title for key, title in REQUIRED.items() if key not in found]
    if missing:
        raise FileProblem(
            _(
                "Første linje skal navngive kolonnerne navn, e-mail, rolle og evt. udvalg. "
                "Der mangler: %(missing)s.",
                missing=", ".join(missing),
            )
        )
    return found


def read(data: bytes) -> tuple[str, list[Record]]:
    """The delimiter and the data rows of a file; a field whose column is missing is absent."""
    text = _decode(data)
    delimiter = _delimiter(text)
    header, lines = _lines(text, delimiter)
    columns = _columns(header)
    if not lines:
        raise FileProblem(_("Filen har kolonnenavne, men ingen rækker med personer."))
    records = [
        (
            number,
            {key: _unescape(values[i]) if i < len(values) else "" for key, i in columns.items()},
        )
        for number, values in lines
    ]
    return delimiter, records


def write(rows: list[list[str]]) -> str:
    """The rows under the header, as Excel in Danish reads them: BOM, semicolons, CRLF."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()
