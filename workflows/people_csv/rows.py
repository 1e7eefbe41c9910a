"""The rows of a file judged against the database: new, updated, unchanged or refused, and why."""

import enum
import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from committees.extensions import db
from committees.models import PoliticalBody, Role, User
from workflows.people_csv.dialect import Record, clean_name, read, short

IMPORTABLE = (Role.administrator, Role.secretariat, Role.councillor)
MAX_BODIES = 50
MAX_NAME = 200
MAX_EMAIL = 254


class Status(enum.Enum):
    """What importing a row would do."""

    new = "new"
    updated = "updated"
    unchanged = "unchanged"
    refused = "refused"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    Status.new: _l("Ny"),
    Status.updated: _l("Opdateres"),
    Status.unchanged: _l("Uændret"),
    Status.refused: _l("Afvist"),
}
STATUS_TONES = {
    Status.new: "success",
    Status.updated: "info",
    Status.unchanged: "neutral",
    Status.refused: "error",
}
CHANGE_LABELS = {"name": _l("navn"), "role": _l("rolle"), "bodies": _l("udvalg")}


@dataclass
class Row:
    """One data line of the file: what it says, what importing it would do, and why not."""

    number: int
    name: str
    email: str
    role_text: str
    body_text: str | None  # None: the file has no bodies column
    role: Role | None = None
    bodies: list[PoliticalBody] = field(default_factory=list)
    user: User | None = None
    status: Status = Status.refused
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return self.status.label

    @property
    def state_tone(self) -> str:
        return STATUS_TONES[self.status]

    @property
    def role_shown(self) -> str:
        return self.role.label if self.role is not None else self.role_text

    @property
    def bodies_shown(self) -> str:
        if self.status is Status.refused:  # as the file says it, since that is what to correct
            return self.body_text or ""
        return ", ".join(b.name for b in self.bodies)

    @property
    def changes_shown(self) -> str:
        return ", ".join(str(CHANGE_LABELS[c]) for c in self.changes)

    def wanted_bodies(self) -> set[int] | None:
        """The active bodies the person is to sit on; None when the file does not say."""
        if self.role is not Role.councillor:
            return set()
        return None if self.body_text is None else {b.id for b in self.bodies}


@dataclass
class Preview:
    """The rows of a file, judged against the database as it is now."""

    rows: list[Row]

    def count(self, status: Status) -> int:
        """How many rows have this status."""
        return sum(1 for r in self.rows if r.status is status)

    @property
    def has_changes(self) -> bool:
        return any(r.status in (Status.new, Status.updated) for r in self.rows)

    @property
    def digest(self) -> str:
        return digest(self.rows)


@dataclass
class _Known:
    """What the rows are judged against, loaded once for the whole file."""

    actor: User
    delimiter: str
    users: dict[str, User]  # normalized e-mail → account
    bodies: dict[str, PoliticalBody]  # _key(name) → body, retired ones too
    seats: dict[int, set[int]]  # user id → the active bodies they sit on
    roles: dict[str, Role]
    lines: dict[str, list[int]]  # normalized e-mail → the rows that give it


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).replace(",", ", ").split()).lower()


def _listed(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(short(i) for i in items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _role_names() -> dict[str, Role]:
    names = {role.value: role for role in Role}
    for locale in ("da", "en"):
        with force_locale(locale):
            names.update({role.label.lower(): role for role in Role})
    return names


def _known(rows: list[Row], actor: User, delimiter: str) -> _Known:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if row.email:
            lines[User.normalize_email(row.email)].append(row.number)
    emails = sorted(lines)
    users: dict[str, User] = {}
    for start in range(0, len(emails), 500):  # well below any database's limit on parameters
        chunk = emails[start : start + 500]
        stmt = db.select(User).where(db.func.lower(User.email).in_(chunk))
        users.update({User.normalize_email(u.email): u for u in db.session.scalars(stmt)})
    every = db.session.scalars(
        db.select(PoliticalBody).options(selectinload(PoliticalBody.members))
    ).all()
    seats: dict[int, set[int]] = defaultdict(set)
    for body in every:
        for member in body.members if body.active else ():
            seats[member.id].add(body.id)
    bodies = {_key(b.name): b for b in every}
    return _Known(actor, delimiter, users, bodies, seats, _role_names(), lines)


def _greedy(pieces: list[str], joiner: str, known: dict[str, PoliticalBody]) -> list[str]:
    # A name may itself hold the separator ("Børne-, Unge- og Kulturudvalget"): take the
    # longest run of pieces (at most six) that names a body, else the piece on its own.
    names, i = [], 0
    while i < len(pieces):
        j = next(
            (
                j
                for j in range(min(len(pieces), i + 6), i + 1, -1)
                if _key(joiner.join(pieces[i:j])) in known
            ),
            i + 1,
        )
        names.append(joiner.join(pieces[i:j]).strip())
        i = j
    return [n for n in names if n]


def _body_names(text: str, known: _Known) -> list[str]:
    names = []
    for part in _greedy(text.split("|"), "|", known.bodies):
        if known.delimiter == ";" and "," in part and _key(part) not in known.bodies:
            names.extend(_greedy(part.split(","), ",", known.bodies))
        else:
            names.append(part)
    return names


def _name_problems(row: Row) -> list[str]:
    if not row.name:
        return [_("Navnet mangler.")]
    if len(row.name) > MAX_NAME:
        return [_("Navnet er for langt: højst %(max)d tegn.", max=MAX_NAME)]
    return []


def _email_problems(row: Row, known: _Known) -> list[str]:
    if not row.email:
        return [_("E-mailadressen mangler.")]
    try:
        if len(row.email) > MAX_EMAIL:
            raise EmailNotValidError
        validate_email(row.email, check_deliverability=False)
    except EmailNotValidError:
        return [_("»%(email)s« er ikke en gyldig e-mailadresse.", email=short(row.email))]
    others = [str(n) for n in known.lines[User.normalize_email(row.email)] if n != row.number]
    if others:
        return [_("Samme e-mailadresse står også i række %(rows)s.", rows=_listed(others))]
    return []


def _role_problems(row: Row, known: _Known) -> list[str]:
    row.role = known.roles.get(row.role_text.lower())
    if not row.role_text:
        return [_("Rollen mangler.")]
    if row.role is None:
        roles = ", ".join(r.label for r in IMPORTABLE)
        return [
            _(
                "Ukendt rolle »%(role)s«. Brug en af: %(roles)s.",
                role=short(row.role_text),
                roles=roles,
            )
        ]
    if row.role not in IMPORTABLE:
        return [_("Borgere importeres ikke: de kommer ind gennem rekrutteringen.")]
    return []


def _body_problems(row: Row, known: _Known) -> list[str]:
    names = _body_names(row.body_text or "", known)
    if not names:
        return []
    if len(names) > MAX_BODIES:
        return [_("Rækken nævner for mange udvalg: højst %(max)d.", max=MAX_BODIES)]
    if row.role is not None and row.role is not Role.councillor:
        return [
            _("Kun kommunalbestyrelsesmedlemmer sidder i politiske udvalg: lad udvalg stå tom.")
        ]
    unknown = [n for n in names if _key(n) not in known.bodies]
    found = list(dict.fromkeys(known.bodies[_key(n)] for n in names if _key(n) in known.bodies))
    retired = [b.name for b in found if not b.active]
    row.bodies = [b for b in found if b.active]
    problems = []
    if unknown:
        problems.append(_("Ukendt udvalg: %(names)s.", names=_listed(unknown)))
    if retired:
        problems.append(_("Udvalget er nedlagt: %(names)s.", names=_listed(retired)))
    return problems


def _changes(row: Row, known: _Known) -> list[str]:
    user = row.user
    assert user is not None
    changes = []
    if user.name != row.name:
        changes.append("name")
    if user.role is not row.role:
        changes.append("role")
    wanted = row.wanted_bodies()
    if wanted is not None and wanted != known.seats.get(user.id, set()):
        changes.append("bodies")
    return changes


def _judge(row: Row, known: _Known) -> None:
    row.user = known.users.get(User.normalize_email(row.email)) if row.email else None
    row.reasons = [
        *_name_problems(row),
        *_email_problems(row, known),
        *_role_problems(row, known),
        *_body_problems(row, known),
    ]
    if row.user is not None and not row.reasons:
        row.changes = _changes(row, known)
        if row.user.id == known.actor.id and row.changes:
            row.reasons.append(
                _("Din egen konto ændres ikke ved en import: ret den under Brugere.")
            )
        wanted = row.wanted_bodies() or set()
        if not row.user.active and wanted - known.seats.get(row.user.id, set()):
            row.reasons.append(_("Kontoen er deaktiveret og kan ikke sættes i et udvalg."))
    if row.reasons:
        row.status, row.changes = Status.refused, []
    elif row.user is None:
        row.status = Status.new
    else:
        row.status = Status.updated if row.changes else Status.unchanged


def _row(record: Record) -> Row:
    number, cells = record
    return Row(
        number=number,
        name=clean_name(cells["name"]),
        email=cells["email"].strip(),
        role_text=" ".join(cells["role"].split()),
        body_text=cells.get("bodies"),
    )


def parse(data: bytes, actor: User) -> Preview:
    """Read a file and say, row by row, what importing it would do; nothing is written."""
    delimiter, records = read(data)
    rows = [_row(record) for record in records]
    known = _known(rows, actor, delimiter)
    for row in rows:
        _judge(row, known)
    return Preview(rows)


def digest(rows: list[Row]) -> str:
    """A fingerprint of what the rows would do, to tell whether a preview is still true."""
    h = hashlib.sha256()
    for r in rows:
        wanted = r.wanted_bodies()
        h.update(
            repr(
                (
                    r.number,
                    r.status.value,
                    User.normalize_email(r.email),
                    r.name,
                    r.role.value if r.role else None,
                    sorted(wanted) if wanted is not None else None,
                    r.user.id if r.user else None,
                    r.changes,
                )
            ).encode()
        )
    return h.hexdigest()
