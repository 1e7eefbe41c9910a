"""Materials (bilag): a file is trusted by its content, not its name (PDF and images by magic
bytes, Office Open XML and OpenDocument by their zip directory, read without unpacking), stored
under a generated name outside static/, kept in every version, and served only to those allowed."""

import hashlib
import logging
import os
import re
import secrets
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from committees.extensions import db
from committees.models import AgendaItem, Material, MaterialVersion, Meeting, User
from workflows import audit, permissions, storage
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.meetings import materials_bulk

log = logging.getLogger(__name__)
MAX_ZIP_MEMBERS = 5000
RATIO_FROM_BYTES = 1024 * 1024
MAX_RATIO = 200  # deflate tops out near 1030:1; real Office XML stays far below 100:1
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
Viewer = User | AnonymousUserMixin | None  # current_user, or None outside a request
STORED_NAME = re.compile(r"[0-9a-f]{32}")
# vbaProject.bin (Office); Basic/<library>/… and Scripts/… (OpenDocument; Basic/script-lc.xml not)
MACRO_PARTS = re.compile(r"(.*/)?vbaproject\.bin|scripts/.*|basic/[^/]+/.*")


@dataclass(frozen=True)
class Kind:
    """A file type we accept: how it is named, sent and shown."""

    name: str
    label: object  # a lazy string
    mimetype: str
    extensions: tuple[str, ...]


OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
KINDS = {
    k.name: k
    for k in (
        Kind("pdf", _l("PDF (.pdf)"), "application/pdf", ("pdf",)),
        Kind("docx", _l("Word (.docx)"), OOXML + "wordprocessingml.document", ("docx",)),
        Kind("xlsx", _l("Excel (.xlsx)"), OOXML + "spreadsheetml.sheet", ("xlsx",)),
        Kind("pptx", _l("PowerPoint (.pptx)"), OOXML + "presentationml.presentation", ("pptx",)),
        Kind("odt", _l("OpenDocument-tekst (.odt)"), ODF + "text", ("odt",)),
        Kind("ods", _l("OpenDocument-regneark (.ods)"), ODF + "spreadsheet", ("ods",)),
        Kind("odp", _l("OpenDocument-præsentation (.odp)"), ODF + "presentation", ("odp",)),
        Kind("png", _l("PNG-billede (.png)"), "image/png", ("png",)),
        Kind("jpeg", _l("JPEG-billede (.jpg)"), "image/jpeg", ("jpg", "jpeg")),
        Kind("gif", _l("GIF-billede (.gif)"), "image/gif", ("gif",)),
        Kind("webp", _l("WebP-billede (.webp)"), "image/webp", ("webp",)),
    )
}
SNIFFED = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "gif": "gif", "webp": "webp"}
# The main part each Office Open XML kind declares in [Content_Types].xml, and its folder.
OOXML_MAIN = {
    "docx": ("word/", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/", b"spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/", b"presentationml.presentation.main+xml"),
}
ODF_KINDS = {ODF + "text": "odt", ODF + "spreadsheet": "ods", ODF + "presentation": "odp"}


def allowed_kinds() -> list[Kind]:
    """The kinds this installation accepts (MATERIAL_ALLOWED_TYPES, default: all)."""
    names = current_app.config.get("MATERIAL_ALLOWED_TYPES") or tuple(KINDS)
    return [KINDS[n] for n in names if n in KINDS]


def megabytes(size: int) -> str:
    """A size in MB as the user's locale writes it (20 MB, 0,5 MB)."""
    return format_decimal(size / (1024 * 1024), format="#,##0.#")


def key_of(version: MaterialVersion | str) -> str:
    """The storage key of a version's file (the stored name is ours, never the user's)."""
    name = version if isinstance(version, str) else version.stored_name
    if not STORED_NAME.fullmatch(name):
        raise ValueError("unexpected stored name")
    return f"materials/{name}"


def path_of(version: MaterialVersion) -> Path:
    """Where a version's file lies in the local folder (STORAGE_BACKEND=local only)."""
    path = storage.backend().local_path(key_of(version))
    if path is None:
        raise ValueError("materials are not kept in a local folder here")
    return path


REFUSALS = {
    "none": _l("Vælg en fil."),
    "empty": _l("Filen er tom."),
    "size": _l("Filen er for stor. Et bilag må højst fylde %(mb)s MB."),
    "type": _l("Filtypen kan ikke bruges som bilag. Tilladte typer: %(types)s."),
    "mismatch": _l("Filens indhold passer ikke til endelsen .%(ext)s. Tilladte typer: %(types)s."),
    "protected": _l("Filen er beskyttet med adgangskode eller gemt i et ældre format."),
    "damaged": _l("Filen fylder for meget, når den pakkes ud, eller den er beskadiget."),
    "macros": _l("Filen indeholder makroer og kan ikke bruges som bilag. Gem den uden makroer."),
}


def refused(reason: str, **values: object) -> NotAllowed:
    """The refusal for a file, in the user's language, naming the allowed types."""
    values.setdefault("types", ", ".join(str(k.label) for k in allowed_kinds()))
    return NotAllowed(str(REFUSALS[reason]) % values)


def _check_zip_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse encrypted, exotic or bomb-like archives from the directory alone."""
    limit = int(current_app.config["MATERIAL_MAX_UNPACKED_BYTES"])
    ratio = float(current_app.config.get("MATERIAL_MAX_ZIP_RATIO", MAX_RATIO))
    if len(infos) > MAX_ZIP_MEMBERS:
        raise refused("damaged")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refused("protected")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refused("damaged")
        total += info.file_size
        # Past 1 MB, a member may not be compressed beyond the ratio (a bomb's hallmark).
        if total > limit or info.file_size > max(RATIO_FROM_BYTES, ratio * info.compress_size):
            raise refused("damaged")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise refused("damaged")
    with zf.open(info) as member:
        return member.read(limit + 1)[:limit]


def _zip_kind(path: Path) -> str | None:
    """The Office Open XML or OpenDocument kind of a zip, or None for any other zip."""
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        _check_zip_sizes(infos)
        by_name = {i.filename: i for i in infos}
        if any(MACRO_PARTS.fullmatch(n.lower()) for n in by_name):
            raise refused("macros")
        if "[Content_Types].xml" in by_name:
            types = _read_member(zf, by_name["[Content_Types].xml"], 1024 * 1024).lower()
            if b"macroenabled" in types:
                raise refused("macros")
            for kind, (folder, main) in OOXML_MAIN.items():
                if main in types and any(n.startswith(folder) for n in by_name):
                    return kind
            return None
        if "mimetype" in by_name:
            mimetype = _read_member(zf, by_name["mimetype"], 200).decode("ascii", "replace")
            return ODF_KINDS.get(mimetype.strip())
    return None


def sniff(path: Path) -> str | None:
    """The kind a file's content shows, or None; raises NotAllowed for bad archives."""
    with path.open("rb") as f:
        head = f.read(8192)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in SNIFFED:
        return SNIFFED[guess.extension]
    if head.startswith(b"PK"):
        try:
            return _zip_kind(path)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as e:
            raise refused("damaged") from e
    if head.startswith(OLE_MAGIC):
        return "ole"
    return None


def validate(path: Path, filename: str) -> Kind:
    """The kind of an uploaded file: allowed, and its content agrees with its extension."""
    ext = Path(filename).suffix.lower().lstrip(".")
    kind = next((k for k in allowed_kinds() if ext in k.extensions), None)
    if kind is None:
        raise refused("type")
    found = sniff(path)
    if found == "ole" and kind.name in OOXML_MAIN:
        raise refused("protected")
    if found != kind.name:
        raise refused("mismatch", ext=ext)
    return kind


def clean_filename(name: str) -> str:
    """The user's file name without folders or control characters, at most 200 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    stem, suffix = os.path.splitext(name)
    return stem[: 200 - len(suffix[:20])] + suffix[:20]


def _copy(source: IO[bytes], target: IO[bytes], limit: int) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise refused("size", mb=megabytes(limit))
        digest.update(chunk)
        target.write(chunk)
    target.flush()
    os.fsync(target.fileno())
    return size, digest.hexdigest()


def store(file_storage: FileStorage, actor: User) -> MaterialVersion:
    """Check an upload and move it atomically into place under a generated name (unsaved)."""
    original = clean_filename(file_storage.filename or "")
    if not original:
        raise refused("none")
    name = secrets.token_hex(16)
    files = storage.backend()
    fd, tmp_name = tempfile.mkstemp(dir=files.staging_dir(key_of(name)), prefix=".upload-")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            size, sha = _copy(file_storage.stream, out, current_app.config["MATERIAL_MAX_BYTES"])
        if size == 0:
            raise refused("empty")
        kind = validate(tmp, original)
        files.put_file(key_of(name), tmp, kind.mimetype)
    except storage.Unavailable as e:
        log.error("material upload not stored: %s", e)
        raise NotAllowed(_("Filen kunne ikke gemmes lige nu. Prøv igen om lidt.")) from e
    finally:
        tmp.unlink(missing_ok=True)
    return MaterialVersion(
        stored_name=name,
        original_name=original,
        content_type=kind.mimetype,
        size=size,
        sha256=sha,
        uploaded_by_id=actor.id,
    )


@contextmanager
def _kept_if_committed(version: MaterialVersion) -> Iterator[None]:
    """Commit the rows that point at the file; if they do not make it, neither does the file."""
    try:
        yield
        db.session.commit()
    except BaseException as e:
        db.session.rollback()
        _remove_files([version.stored_name])
        if isinstance(e, IntegrityError):  # two new versions at once: the numbers clashed
            raise StaleState(_("Bilaget blev ændret samtidig af en anden. Prøv igen.")) from e
        raise


def _check_can_manage(meeting: Meeting, actor: User, adding: bool = True) -> None:
    if not permissions.can_manage_meetings(actor, meeting.committee):
        raise PermissionDenied(_("Du kan ikke ændre bilag til dette møde."))
    if adding and meeting.is_cancelled:  # closing or deleting stays possible
        raise NotAllowed(_("Mødet er aflyst."))


def _audit(action: str, material: Material, actor: User, version: MaterialVersion | None = None):
    """An audit entry with ids only (titles and file names may be personal data)."""
    details = {"meeting": material.meeting_id, "item": material.agenda_item_id}
    details |= {"material": material.id, "version": version.number if version else None}
    audit.record(
        action, material, actor, committee_id=material.meeting.committee_id, details=details
    )


@atomic
def upload(
    meeting: Meeting,
    item: AgendaItem | None,
    title: str,
    file_storage: FileStorage,
    is_closed: bool,
    actor: User,
) -> Material:
    """Add a bilag to the meeting or one of its items, as version 1."""
    _check_can_manage(meeting, actor)
    if item is not None and item.meeting_id != meeting.id:
        raise NotAllowed(_("Punktet hører ikke til dette møde."))
    version = store(file_storage, actor)
    version.number = 1
    title = (title or "").strip() or os.path.splitext(version.original_name)[0]
    material = Material(meeting=meeting, item=item, title=title[:200], is_closed=is_closed)
    material.versions.append(version)
    with _kept_if_committed(version):
        db.session.add(material)
        db.session.flush()
        _audit("material.uploaded", material, actor, version)
    return material


@atomic
def replace(material: Material, file_storage: FileStorage, actor: User) -> MaterialVersion:
    """Upload a new version; the earlier ones are kept and stay downloadable."""
    _check_can_manage(material.meeting, actor)
    version = store(file_storage, actor)
    with _kept_if_committed(version):
        lock = db.select(Material.id).where(Material.id == material.id).with_for_update()
        db.session.execute(lock)
        numbers = db.select(MaterialVersion.number).where(
            MaterialVersion.material_id == material.id
        )
        version.number = max(db.session.scalars(numbers), default=0) + 1
        material.versions.append(version)
        db.session.flush()
        _audit("material.replaced", material, actor, version)
    return version


@atomic
def set_closed(material: Material, is_closed: bool, actor: User) -> None:
    """Make a bilag closed (members only) or open; the invited members hear of a change once
    the agenda is out (as of a bulk change: materials_bulk)."""
    _check_can_manage(material.meeting, actor, adding=False)
    changed = material.is_closed is not is_closed
    material.is_closed = is_closed
    _audit("material.closed" if is_closed else "material.opened", material, actor)
    if changed:
        materials_bulk.tell(material.meeting, [material], is_closed, actor, uuid.uuid4().hex)
    db.session.commit()


@atomic
def delete(material: Material, actor: User) -> None:
    """Remove a bilag and all its versions; not once the minutes are approved."""
    meeting = material.meeting
    _check_can_manage(meeting, actor, adding=False)
    if meeting.minutes_status.locked:
        raise NotAllowed(_("Referatet er godkendt; bilagene kan ikke længere slettes."))
    names = [v.stored_name for v in material.versions]
    _audit("material.deleted", material, actor)
    db.session.delete(material)
    db.session.commit()
    _remove_files(names)  # after the commit: a failed delete leaves an orphan file, no dead link


def _remove_files(names: list[str]) -> None:
    """Delete stored files; a failure is logged (an orphan file), never raised."""
    files = storage.backend()
    for name in names:
        try:
            files.delete(key_of(name))
        except (storage.Unavailable, OSError) as e:
            log.error("material file %s not deleted: %s", name, e)


def get(material_id: int) -> Material | None:
    """A material with its versions (its meeting and item load when asked for)."""
    stmt = db.select(Material).where(Material.id == material_id)
    return db.session.scalar(stmt.options(selectinload(Material.versions)))


def is_closed(material: Material, item: AgendaItem | None = None) -> bool:
    """Closed itself, or attached to a closed agenda item."""
    item = item if item is not None else material.item
    return material.is_closed or (item is not None and item.is_closed)


def can_download(user: Viewer, material: Material, item: AgendaItem | None = None) -> bool:
    """Managers always; others once the agenda is out: closed material to the members and
    staff, open material to whoever sees the meeting, and to the public if it is public."""
    meeting = material.meeting
    committee = meeting.committee
    if permissions.can_manage_meetings(user, committee):
        return True
    if not meeting.agenda_is_published:
        return False
    if is_closed(material, item):
        return permissions.can_view_closed(user, committee)
    public = permissions.can_view_public_meeting(meeting)
    return public or permissions.can_view_meetings(user, committee)


def can_download_version(user: Viewer, version: MaterialVersion) -> bool:
    """The newest version for whoever may download; earlier ones for staff and members."""
    material = version.material
    committee = material.meeting.committee
    if version is not material.current and not permissions.can_view_closed(user, committee):
        return False
    return can_download(user, material)


def for_meeting(meeting: Meeting, user: Viewer) -> dict[int | None, list[Material]]:
    """The materials the user may see, by agenda item id (None: the meeting as a whole)."""
    items = {i.id: i for i in meeting.items}
    rows = db.session.scalars(
        db.select(Material)
        .where(Material.meeting_id == meeting.id)
        .options(selectinload(Material.versions))
        .order_by(Material.created_at, Material.id)
    )
    shown: dict[int | None, list[Material]] = {}
    for material in rows:
        item = items.get(material.agenda_item_id) if material.agenda_item_id else None
        if can_download(user, material, item):
            shown.setdefault(material.agenda_item_id, []).append(material)
    return shown
