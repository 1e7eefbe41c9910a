"""Staff and councillors in bulk: a CSV file read into a preview, applied in one go, written out.

The file's first line names its columns, in Danish or English and in any case: navn/name,
e-mail/email, rolle/role and, optionally, udvalg/bodies (without it nobody's bodies are touched).
Values are separated by semicolons (Excel in Danish) or commas, in UTF-8 with or without a BOM;
at most 1 MB and 2,000 rows. A role is its name (Administrator, Sekretariat,
Kommunalbestyrelsesmedlem, in Danish or English) or its code (administrator, secretariat,
councillor); citizens come through recruitment, not a file. Several bodies in one cell are
separated by `|`; in a semicolon file a comma works too. The bodies in the file replace the
councillor's active bodies. An account is found by its e-mail in any case, so a file never makes
a second one; the administrator's own account is never changed by a file.
"""

from workflows.people_csv.applying import Summary, apply, example, export_csv
from workflows.people_csv.dialect import MAX_BYTES, MAX_ROWS, FileProblem
from workflows.people_csv.rows import IMPORTABLE, Preview, Row, Status, digest, parse

__all__ = [
    "IMPORTABLE",
    "MAX_BYTES",
    "MAX_ROWS",
    "FileProblem",
    "Preview",
    "Row",
    "Status",
    "Summary",
    "apply",
    "digest",
    "example",
    "export_csv",
    "parse",
]
