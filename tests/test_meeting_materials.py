"""Materials (bilag): files checked by content, stored under generated names outside static/,
versions kept, and downloads only for those allowed (everyone else gets 404).

Every file is built here: a real PDF, PNG, GIF, WebP, .docx/.xlsx/.pptx and .odt/.ods/.odp, and
the bad ones (renamed executables and HTML, corrupt and encrypted zips, macros, zip bombs).
"""

import base64
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from flask import g
from werkzeug.datastructures import FileStorage

from committees.models import (
    AuditEntry,
    Material,
    MaterialVersion,
    MeetingStatus,
    MinutesStatus,
)
from committees.models.base import local_today, utcnow
from tests.test_query_counts import count_queries
from tests.test_route_permissions import LOGIN, PEOPLE, _expect
from workflows.errors import NotAllowed, PermissionDenied
from workflows.meetings import materials

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."


# --- files ------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Bilag", pad: int = 0) -> bytes:
    """A minimal but well-formed PDF (catalog, page, content stream, xref, trailer)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if pad:
        out += b"%" + b"x" * pad + b"\n"  # a comment: still a PDF, just a big one
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png_bytes() -> bytes:
    """A real 1×1 PNG with correct chunk CRCs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xc8\x10\x2e")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
# A JFIF header and end marker: enough for any content sniffer to call it JPEG.
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")
OLE = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)  # a legacy .doc/.xls container
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
TEXT = b"Bare noget tekst, ikke en PDF.\n"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{main}"/>'
    "</Types>"
)
OOXML_PARTS = {
    "docx": ("word/document.xml", OOXML + "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", OOXML + "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", OOXML + "presentationml.presentation.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def ooxml_bytes(kind: str = "docx", extra: dict[str, bytes] | None = None) -> bytes:
    """A real Office Open XML package: [Content_Types].xml, _rels/.rels and the main part."""
    part, main = OOXML_PARTS[kind]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, main=main))
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/officeDocument" Target="{part}"/></Relationships>',
        )
        z.writestr(part, "<document><body><p>Bilag til mødet</p></body></document>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def odf_bytes(kind: str = "text", extra: dict[str, bytes] | None = None) -> bytes:
    """A real OpenDocument package: the `mimetype` member first and stored, then the rest."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", ODF + kind, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", "<office:document-content>Bilag</office:document-content>")
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def plain_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("readme.txt", "hej")
    return buf.getvalue()


def encrypted_zip() -> bytes:
    """A .docx whose members carry the 'encrypted' flag (zipfile cannot write real ZipCrypto)."""
    data = bytearray(ooxml_bytes())
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        flags = match.start() + 8
        data[flags] |= 0x01
    return bytes(data)


_BOMB: dict[str, bytes] = {}


def zip_bomb_docx() -> bytes:
    """A .docx with a member of 300 MB of zeros (about 1.4 MB packed), written as a stream."""
    if "docx" not in _BOMB:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            part, main = OOXML_PARTS["docx"]
            z.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, main=main))
            with z.open("word/document.xml", "w", force_zip64=True) as member:
                zeros = bytes(1024 * 1024)
                for _ in range(300):
                    member.write(zeros)
        _BOMB["docx"] = buf.getvalue()
    return _BOMB["docx"]


def file(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def uploads(app, tmp_path) -> Path:
    """Uploads go to a throwaway folder, never into instance/."""
    folder = tmp_path / "uploads"
    app.config.update(UPLOAD_FOLDER=str(folder))
    return folder


@pytest.fixture
def setup(people, make_meeting, uploads, db):
    """A meeting of the people's committee, not public, agenda still a draft."""
    meeting = make_meeting(people["committee"], items=2)
    return people, meeting


def publish(db, meeting, public: bool = False) -> None:
    meeting.status = MeetingStatus.agenda_published
    meeting.agenda_published_at = utcnow()
    meeting.is_public = public
    db.session.commit()


def stored_files(folder: Path) -> list[Path]:
    root = folder / "materials"
    return sorted(p for p in root.iterdir()) if root.exists() else []


def add(meeting, actor, data=None, name="bilag.pdf", item=None, closed=False, title="Bilag"):
    data = pdf_bytes() if data is None else data
    return materials.upload(meeting, item, title, file(data, name), closed, actor)


def as_person(client, login, person) -> None:
    """Sign in through the session (the login form is rate-limited; matrices sign in often).

    The requests share the test's app context, so Flask-Login's cached user on `g` goes too."""
    g.pop("_login_user", None)
    with client.session_transaction() as session:
        session.clear()
        if person is not None:
            session["_user_id"] = person.get_id()
            session["_fresh"] = True


def upload_url(meeting) -> str:
    return f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}/bilag"


def post_file(client, url, data: bytes, name: str, **fields):
    return client.post(
        url,
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


# --- accepted files ---------------------------------------------------------------------------

GOOD = [
    ("rapport.pdf", pdf_bytes(), "application/pdf"),
    ("foto.png", png_bytes(), "image/png"),
    ("foto.jpg", JPEG, "image/jpeg"),
    ("foto.JPEG", JPEG, "image/jpeg"),
    ("kort.gif", GIF, "image/gif"),
    ("kort.webp", WEBP, "image/webp"),
    ("notat.docx", ooxml_bytes("docx"), OOXML + "wordprocessingml.document"),
    ("budget.xlsx", ooxml_bytes("xlsx"), OOXML + "spreadsheetml.sheet"),
    ("slides.pptx", ooxml_bytes("pptx"), OOXML + "presentationml.presentation"),
    ("notat.odt", odf_bytes("text"), ODF + "text"),
    ("budget.ods", odf_bytes("spreadsheet"), ODF + "spreadsheet"),
    ("slides.odp", odf_bytes("presentation"), ODF + "presentation"),
]


@pytest.mark.parametrize(("name", "data", "mimetype"), GOOD, ids=[g[0] for g in GOOD])
def test_good_files_are_stored_under_a_generated_name(setup, uploads, db, name, data, mimetype):
    people, meeting = setup
    material = add(meeting, people["secretariat"], data, name)
    version = material.current
    assert version.number == 1
    assert version.content_type == mimetype
    assert version.original_name == name
    assert version.size == len(data)
    assert re.fullmatch(r"[0-9a-f]{64}", version.sha256)
    path = materials.path_of(version)
    assert path.read_bytes() == data
    assert path.is_relative_to(uploads)
    assert "static" not in path.parts
    assert path.name != name and re.fullmatch(r"[0-9a-f]{32}", path.name)
    assert stored_files(uploads) == [path]  # no temporary file left behind


def test_upload_writes_an_audit_entry_with_ids_only(setup, db):
    people, meeting = setup
    item = meeting.items[0]
    material = add(meeting, people["facilitator"], item=item, title="Personfølsomt navn")
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "material.uploaded"))
    assert entry.actor_id == people["facilitator"].id
    assert entry.committee_id == meeting.committee_id
    assert entry.details == {
        "meeting": meeting.id,
        "item": item.id,
        "material": material.id,
        "version": 1,
    }
    assert "Personfølsomt" not in str(entry.details) + entry.comment


def test_title_defaults_to_the_file_name_and_paths_are_stripped(setup, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"], name="../../etc/Økonomi 2027.pdf", title=" ")
    assert material.title == "Økonomi 2027"
    assert material.current.original_name == "Økonomi 2027.pdf"
    windows = add(meeting, people["secretariat"], name="C:\\Users\\x\\notat.pdf")
    assert windows.current.original_name == "notat.pdf"


# --- refused files ----------------------------------------------------------------------------

BAD = [
    ("html-as-pdf", "rapport.pdf", HTML, "passer ikke til endelsen .pdf"),
    ("text-as-pdf", "rapport.pdf", TEXT, "passer ikke til endelsen .pdf"),
    ("exe-as-pdf", "rapport.pdf", EXE, "passer ikke til endelsen .pdf"),
    ("png-as-pdf", "rapport.pdf", png_bytes(), "passer ikke til endelsen .pdf"),
    ("pdf-as-docx", "notat.docx", pdf_bytes(), "passer ikke til endelsen .docx"),
    ("zip-as-docx", "notat.docx", plain_zip(), "passer ikke til endelsen .docx"),
    ("odt-as-docx", "notat.docx", odf_bytes(), "passer ikke til endelsen .docx"),
    ("docx-as-xlsx", "budget.xlsx", ooxml_bytes("docx"), "passer ikke til endelsen .xlsx"),
    ("exe", "program.exe", EXE, "Filtypen kan ikke bruges"),
    ("html", "side.html", HTML, "Filtypen kan ikke bruges"),
    ("svg", "tegning.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Filtypen kan ikke"),
    ("no-extension", "rapport", pdf_bytes(), "Filtypen kan ikke bruges"),
    ("legacy-doc", "notat.doc", OLE, "Filtypen kan ikke bruges"),
    ("docm", "makro.docm", ooxml_bytes("docm"), "Filtypen kan ikke bruges"),
    ("ole-as-docx", "notat.docx", OLE, "beskyttet med adgangskode"),
    ("encrypted-zip", "notat.docx", encrypted_zip(), "beskyttet med adgangskode"),
    ("corrupt-zip", "notat.docx", b"PK\x03\x04" + b"\x00garbage" * 50, "beskadiget"),
    ("truncated-docx", "notat.docx", ooxml_bytes()[:200], "beskadiget"),
    (
        "vba-project",
        "notat.docx",
        ooxml_bytes("docx", {"word/vbaProject.bin": b"\x00" * 64}),
        "makroer",
    ),
    ("macro-enabled-type", "notat.docx", ooxml_bytes("docm"), "makroer"),
    (
        "odf-basic-macro",
        "notat.odt",
        odf_bytes("text", {"Basic/Standard/Module1.xml": b"<script:module/>"}),
        "makroer",
    ),
    ("empty", "tom.pdf", b"", "Filen er tom"),
]


@pytest.mark.parametrize(("name", "data", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_files_are_refused_and_leave_nothing(setup, uploads, db, name, data, message):
    people, meeting = setup
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], data, name)
    assert message in refused.value.message
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0
    assert stored_files(uploads) == []


def test_wrong_type_says_which_types_are_allowed(setup):
    people, meeting = setup
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], HTML, "rapport.pdf")
    for label in ("PDF (.pdf)", "Word (.docx)", "Excel (.xlsx)", "PNG-billede (.png)"):
        assert label in refused.value.message


def test_zip_bomb_inside_a_docx_is_refused_without_unpacking(setup, uploads, db):
    people, meeting = setup
    bomb = zip_bomb_docx()
    assert len(bomb) < 2 * 1024 * 1024  # small on the wire …
    with zipfile.ZipFile(io.BytesIO(bomb)) as z:  # … 300 MB unpacked
        assert sum(i.file_size for i in z.infolist()) >= 300 * 1024 * 1024
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], bomb, "notat.docx")
    assert "pakkes ud" in refused.value.message
    assert stored_files(uploads) == []


def test_many_members_that_unpack_beyond_the_cap_are_refused(app, setup, uploads):
    """No single member is suspicious; together they pass MATERIAL_MAX_UNPACKED_BYTES."""
    app.config.update(MATERIAL_MAX_UNPACKED_BYTES=256 * 1024)
    people, meeting = setup
    noise = {f"word/media/image{n}.bin": bytes(range(256)) * 200 for n in range(10)}  # 500 kB
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], ooxml_bytes("docx", noise), "notat.docx")
    assert "pakkes ud" in refused.value.message
    app.config.update(MATERIAL_MAX_UNPACKED_BYTES=10 * 1024 * 1024)
    assert add(meeting, people["secretariat"], ooxml_bytes("docx", noise), "notat.docx")


def test_too_large_file_names_the_cap_in_megabytes(app, setup, uploads):
    app.config.update(MATERIAL_MAX_BYTES=512 * 1024)
    people, meeting = setup
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], pdf_bytes(pad=600 * 1024))
    assert refused.value.message == "Filen er for stor. Et bilag må højst fylde 0,5 MB."
    assert stored_files(uploads) == []
    assert add(meeting, people["secretariat"], pdf_bytes(pad=400 * 1024))


def test_allowed_types_are_configurable(app, setup):
    app.config.update(MATERIAL_ALLOWED_TYPES=("pdf",))
    people, meeting = setup
    with pytest.raises(NotAllowed) as refused:
        add(meeting, people["secretariat"], png_bytes(), "foto.png")
    assert "PDF (.pdf)" in refused.value.message and "PNG" not in refused.value.message


def test_a_failed_commit_removes_the_stored_file(setup, uploads, db, monkeypatch):
    people, meeting = setup

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(materials, "_audit", broken)
    with pytest.raises(RuntimeError):
        add(meeting, people["secretariat"])
    assert stored_files(uploads) == []
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0


# --- who may upload ---------------------------------------------------------------------------


def test_only_managers_may_upload_in_the_workflow(setup, db):
    people, meeting = setup
    for who in ("member", "councillor", "citizen", "outsider"):
        with pytest.raises(PermissionDenied):
            add(meeting, people[who])
    assert add(meeting, people["facilitator"]).current.uploaded_by_id == people["facilitator"].id


def test_no_new_materials_on_a_cancelled_meeting_but_closing_and_deleting_work(setup, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    meeting.status = MeetingStatus.cancelled
    db.session.commit()
    with pytest.raises(NotAllowed, match="aflyst"):
        add(meeting, people["secretariat"])
    with pytest.raises(NotAllowed, match="aflyst"):
        materials.replace(material, file(pdf_bytes("v2"), "v2.pdf"), people["secretariat"])
    materials.set_closed(material, True, people["facilitator"])
    assert material.is_closed
    materials.delete(material, people["facilitator"])
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0


def test_an_item_of_another_meeting_is_refused(setup, make_meeting):
    people, meeting = setup
    other = make_meeting(people["committee"], days=14)
    with pytest.raises(NotAllowed):
        add(meeting, people["secretariat"], item=other.items[0])


MANAGERS = {"secretariat", "admin", "facilitator"}
MANAGE_POST = _expect(
    403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=302, admin=302, facilitator=302
)


@pytest.mark.parametrize("person", PEOPLE)
def test_who_may_upload_and_replace_through_the_views(setup, client, login, db, person):
    people, meeting = setup
    existing = add(meeting, people["secretariat"])
    as_person(client, login, people[person])
    expected = MANAGE_POST[person]
    resp = post_file(client, upload_url(meeting), pdf_bytes(), "ny.pdf", title="Nyt bilag")
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]
    replace_url = f"{upload_url(meeting)}/{existing.id}/ny-version"
    resp = post_file(client, replace_url, pdf_bytes("v2"), "v2.pdf")
    assert resp.status_code == expected
    count = db.session.scalar(db.select(db.func.count(Material.id)))
    versions = db.session.scalar(db.select(db.func.count(MaterialVersion.id)))
    assert (count, versions) == ((2, 3) if person in MANAGERS else (1, 1))
    if person == "anonymous":
        assert "/konto/log-ind" in resp.headers["Location"]


def test_upload_view_redirects_to_the_meeting_page(setup, client, login, db):
    people, meeting = setup
    login(people["facilitator"])
    item = meeting.items[1]
    resp = post_file(
        client,
        upload_url(meeting),
        ooxml_bytes(),
        "Notat.docx",
        title="Notat om parker",
        item_id=str(item.id),
        is_closed="y",
    )
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(
        f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}#bilag"
    )
    material = db.session.scalar(db.select(Material))
    assert (material.title, material.agenda_item_id, material.is_closed) == (
        "Notat om parker",
        item.id,
        True,
    )


def test_a_refused_upload_shows_the_form_again_with_the_reason(setup, client, login, db):
    people, meeting = setup
    login(people["secretariat"])
    item = meeting.items[0]
    resp = post_file(
        client,
        upload_url(meeting),
        HTML,
        "rapport.pdf",
        title="Mit fine bilag",
        item_id=str(item.id),
        is_closed="y",
    )
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "passer ikke til endelsen .pdf" in page
    assert 'value="Mit fine bilag"' in page
    assert re.search(
        rf'<option selected value="{item.id}"|<option value="{item.id}" selected', page
    )
    assert re.search(r'id="is_closed"[^>]*checked|checked[^>]*id="is_closed"', page)
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0


def test_a_missing_file_or_bad_item_is_a_form_error(setup, client, login, make_meeting):
    people, meeting = setup
    login(people["secretariat"])
    resp = client.post(upload_url(meeting), data={"title": "Uden fil"})
    assert resp.status_code == 400
    assert "Vælg en fil." in resp.get_data(as_text=True)
    other = make_meeting(people["committee"], days=14)
    resp = post_file(client, upload_url(meeting), pdf_bytes(), "a.pdf", item_id=other.items[0].id)
    assert resp.status_code == 400


def test_a_bomb_through_the_view_is_a_form_error(setup, client, login):
    people, meeting = setup
    login(people["secretariat"])
    resp = post_file(client, upload_url(meeting), zip_bomb_docx(), "notat.docx", title="Bombe")
    assert resp.status_code == 400
    assert "pakkes ud" in resp.get_data(as_text=True)


def test_replace_refusal_shows_the_version_form(setup, client, login, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    login(people["secretariat"])
    resp = post_file(client, f"{upload_url(meeting)}/{material.id}/ny-version", EXE, "x.pdf")
    assert resp.status_code == 400
    assert "passer ikke til endelsen .pdf" in resp.get_data(as_text=True)
    assert len(material.versions) == 1


def test_wrong_committee_or_meeting_id_is_404(setup, client, login, make_meeting):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    other_meeting = make_meeting(people["other"])
    login(people["secretariat"])
    wrong = f"/arbejdsrum/{people['other'].id}/moeder/{meeting.id}/bilag"
    assert post_file(client, wrong, pdf_bytes(), "a.pdf").status_code == 404
    assert (
        post_file(client, f"{wrong}/{material.id}/ny-version", pdf_bytes(), "a.pdf").status_code
        == 404
    )
    # the material under another meeting of the right committee's id pair
    elsewhere = f"{upload_url(other_meeting)}/{material.id}/ny-version"
    assert post_file(client, elsewhere, pdf_bytes(), "a.pdf").status_code == 404
    assert (
        client.get(f"/arbejdsrum/{people['other'].id}/moeder/{meeting.id}/bilag").status_code == 404
    )
    assert client.get("/bilag/9999").status_code == 404
    assert client.get(f"/bilag/{material.id}/version/7").status_code == 404


# --- request size -----------------------------------------------------------------------------


def test_uploads_may_exceed_the_global_request_limit(app, setup, client, login, db):
    """MAX_CONTENT_LENGTH is 2 MiB for the app; a bilag may be up to MATERIAL_MAX_BYTES."""
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
    people, meeting = setup
    login(people["secretariat"])
    big = pdf_bytes(pad=3 * 1024 * 1024)
    resp = post_file(client, upload_url(meeting), big, "stor.pdf", title="Stor")
    assert resp.status_code == 302
    assert db.session.scalar(db.select(Material)).current.size == len(big)


def test_a_body_over_the_material_cap_gets_the_413_page(app, setup, client, login, db):
    app.config.update(MATERIAL_MAX_BYTES=1024 * 1024)
    people, meeting = setup
    login(people["secretariat"])
    resp = post_file(client, upload_url(meeting), pdf_bytes(pad=2 * 1024 * 1024), "stor.pdf")
    assert resp.status_code == 413
    assert "for stor" in resp.get_data(as_text=True)
    # Just over the cap but inside the request margin: the form says so, with the cap.
    resp = post_file(client, upload_url(meeting), pdf_bytes(pad=1024 * 1024), "stor.pdf")
    assert resp.status_code == 400
    assert "højst fylde 1 MB" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 0


def test_other_routes_keep_the_global_limit(setup, client, login):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    login(people["secretariat"])
    url = f"{upload_url(meeting)}/{material.id}/lukket"
    resp = post_file(client, url, pdf_bytes(pad=3 * 1024 * 1024), "x.pdf", is_closed="y")
    assert resp.status_code == 413


def test_large_uploads_work_with_csrf_switched_on(app, setup, client, login, db):
    """The upload views parse the body only after raising the limit, then check the token."""
    people, meeting = setup
    login(people["secretariat"])
    app.config.update(WTF_CSRF_ENABLED=True)
    page = client.get(upload_url(meeting)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    big = pdf_bytes(pad=3 * 1024 * 1024)
    resp = post_file(client, upload_url(meeting), big, "stor.pdf", csrf_token=token)
    assert resp.status_code == 302
    resp = post_file(client, upload_url(meeting), big, "stor.pdf")
    assert resp.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Material.id))) == 1


# --- versions ---------------------------------------------------------------------------------


def test_replace_adds_a_version_and_keeps_the_old_one(setup, client, login, db, uploads):
    people, meeting = setup
    publish(db, meeting)
    material = add(meeting, people["secretariat"], pdf_bytes("v1"), "plan.pdf")
    first_path = materials.path_of(material.current)
    version = materials.replace(material, file(ooxml_bytes(), "plan.docx"), people["facilitator"])
    assert version.number == 2
    assert [v.number for v in material.versions] == [1, 2]
    assert material.current is version
    assert first_path.exists() and materials.path_of(version) != first_path
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "material.replaced"))
    assert entry.details["version"] == 2 and entry.details["material"] == material.id

    login(people["member"])
    newest = client.get(f"/bilag/{material.id}")
    assert newest.status_code == 200 and newest.data == ooxml_bytes()
    assert "plan.docx" in newest.headers["Content-Disposition"]
    old = client.get(f"/bilag/{material.id}/version/1")
    assert old.status_code == 200 and old.data == pdf_bytes("v1")
    assert client.get(f"/bilag/{material.id}/version/2").data == ooxml_bytes()


def test_earlier_versions_are_for_staff_and_members_only(setup, client, login, db):
    people, meeting = setup
    publish(db, meeting, public=True)
    material = add(meeting, people["secretariat"], pdf_bytes("v1"))
    materials.replace(material, file(pdf_bytes("v2"), "v2.pdf"), people["secretariat"])
    expected = _expect(404, secretariat=200, admin=200, member=200, facilitator=200)
    for person in PEOPLE:
        as_person(client, login, people[person])
        assert client.get(f"/bilag/{material.id}").status_code == 200, person
        assert client.get(f"/bilag/{material.id}/version/1").status_code == expected[person], person


def test_a_refused_replacement_keeps_the_current_version(setup, uploads, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    with pytest.raises(NotAllowed):
        materials.replace(material, file(TEXT, "v2.pdf"), people["secretariat"])
    assert [v.number for v in material.versions] == [1]
    assert len(stored_files(uploads)) == 1


# --- who may download -------------------------------------------------------------------------

CLOSED_READERS = MANAGERS | {"member"}
INTERNAL = CLOSED_READERS | {"councillor"}
EVERYONE = set(PEOPLE)

# (published, public meeting, what is closed) → who gets the file; everyone else gets 404.
ACCESS = [
    (False, False, "open", MANAGERS),
    (False, False, "closed", MANAGERS),
    (False, True, "open", MANAGERS),
    (True, False, "open", INTERNAL),
    (True, False, "closed", CLOSED_READERS),
    (True, False, "closed item", CLOSED_READERS),
    (True, True, "open", EVERYONE),
    (True, True, "meeting-level", EVERYONE),
    (True, True, "closed", CLOSED_READERS),
    (True, True, "closed item", CLOSED_READERS),
]


@pytest.mark.parametrize(
    ("published", "public", "closed", "allowed"),
    ACCESS,
    ids=[
        f"{'published' if a[0] else 'draft'}-{'public' if a[1] else 'internal'}-{a[2]}"
        for a in ACCESS
    ],
)
def test_download_access(setup, client, login, db, published, public, closed, allowed):
    people, meeting = setup
    item = None if closed == "meeting-level" else meeting.items[0]
    if closed == "closed item":
        item.is_closed = True
        db.session.commit()
    material = add(meeting, people["secretariat"], item=item, closed=(closed == "closed"))
    meeting.is_public = public
    db.session.commit()
    if published:
        publish(db, meeting, public=public)
    for person in PEOPLE:
        as_person(client, login, people[person])
        resp = client.get(f"/bilag/{material.id}")
        assert resp.status_code == (200 if person in allowed else 404), person
        if person in allowed:
            assert resp.data == pdf_bytes()
        shown = materials.for_meeting(meeting, people[person])
        assert (material in shown.get(item.id if item else None, [])) == (person in allowed)


def test_a_former_facilitator_loses_closed_material(setup, client, login, db):
    from datetime import timedelta

    people, meeting = setup
    publish(db, meeting)
    closed = add(meeting, people["secretariat"], closed=True)
    opened = add(meeting, people["secretariat"])
    membership = next(m for m in people["committee"].memberships if m.user == people["facilitator"])
    membership.end_date = local_today() - timedelta(days=1)
    db.session.commit()
    login(people["facilitator"])
    assert client.get(f"/bilag/{closed.id}").status_code == 404
    assert client.get(f"/bilag/{opened.id}").status_code == 200


def test_download_headers(setup, client, login, db):
    people, meeting = setup
    publish(db, meeting, public=True)
    pdf = add(meeting, people["secretariat"], name="Referat.pdf")
    docx = add(meeting, people["secretariat"], ooxml_bytes(), "Høringssvar æøå.docx")
    closed = add(meeting, people["secretariat"], png_bytes(), "kort.png", closed=True)

    resp = client.get(f"/bilag/{pdf.id}")
    assert resp.mimetype == "application/pdf"
    assert resp.headers["Content-Disposition"].startswith("inline")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Cache-Control"].startswith("public")

    resp = client.get(f"/bilag/{docx.id}")
    assert resp.mimetype == OOXML + "wordprocessingml.document"
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=UTF-8''H%C3%B8ringssvar%20%C3%A6%C3%B8%C3%A5.docx" in disposition

    login(people["member"])
    resp = client.get(f"/bilag/{closed.id}")
    assert resp.status_code == 200 and resp.mimetype == "image/png"
    assert "private" in resp.headers["Cache-Control"]
    assert "no-store" in resp.headers["Cache-Control"]
    etag = resp.headers["ETag"]
    assert client.get(f"/bilag/{closed.id}", headers={"If-None-Match": etag}).status_code == 304


def test_a_file_missing_on_disk_is_404_not_500(setup, client, login, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    materials.path_of(material.current).unlink()
    login(people["secretariat"])
    assert client.get(f"/bilag/{material.id}").status_code == 404


def test_for_meeting_groups_by_item_and_does_not_grow_in_queries(setup, db):
    people, meeting = setup
    first, second = meeting.items
    add(meeting, people["secretariat"], title="Hele mødet")
    add(meeting, people["secretariat"], item=first, title="Punkt 1")
    shown = materials.for_meeting(meeting, people["secretariat"])
    assert [m.title for m in shown[None]] == ["Hele mødet"]
    assert [m.title for m in shown[first.id]] == ["Punkt 1"]
    assert second.id not in shown

    def queries() -> int:
        db.session.expire_all()
        meeting_again = db.session.get(type(meeting), meeting.id)
        _ = meeting_again.items, meeting_again.committee.memberships
        with count_queries(db) as counter:
            materials.for_meeting(meeting_again, people["member"])
        return counter["n"]

    few = queries()
    for n in range(6):
        created = add(meeting, people["secretariat"], item=second, title=f"B{n}")
        materials.replace(created, file(pdf_bytes("v2"), "v2.pdf"), people["secretariat"])
    assert queries() == few <= 3


# --- open/closed, delete and the pages --------------------------------------------------------


def test_set_closed_and_delete(setup, client, login, db, uploads):
    people, meeting = setup
    publish(db, meeting)
    material = add(meeting, people["secretariat"])
    materials.replace(material, file(pdf_bytes("v2"), "v2.pdf"), people["secretariat"])
    base = f"{upload_url(meeting)}/{material.id}"

    login(people["member"])
    assert client.post(f"{base}/lukket", data={"is_closed": "y"}).status_code == 403
    assert client.post(f"{base}/slet").status_code == 403

    login(people["facilitator"])
    assert client.post(f"{base}/lukket", data={"is_closed": "y"}).status_code == 302
    db.session.refresh(material)
    assert material.is_closed
    login(people["councillor"])
    assert client.get(f"/bilag/{material.id}").status_code == 404

    login(people["facilitator"])
    assert client.post(f"{base}/lukket", data={"is_closed": ""}).status_code == 302
    db.session.refresh(material)
    assert not material.is_closed
    assert client.post(f"{base}/slet").status_code == 302
    assert db.session.get(Material, material.id) is None
    assert stored_files(uploads) == []
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"material.closed", "material.opened", "material.deleted"} <= actions


def test_materials_cannot_be_deleted_after_the_minutes_are_approved(setup, client, login, db):
    people, meeting = setup
    material = add(meeting, people["secretariat"])
    meeting.minutes_status = MinutesStatus.approved
    db.session.commit()
    login(people["secretariat"])
    resp = client.post(f"{upload_url(meeting)}/{material.id}/slet")
    assert resp.status_code == 302
    assert db.session.get(Material, material.id) is not None


def test_materials_page_lists_and_offers_the_form(setup, client, login, db):
    people, meeting = setup
    add(meeting, people["secretariat"], title="Budgetnotat")
    add(meeting, people["secretariat"], item=meeting.items[0], title="Bilag til punkt 1")
    login(people["facilitator"])
    page = client.get(upload_url(meeting)).get_data(as_text=True)
    assert "Budgetnotat" in page and "Bilag til punkt 1" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".pdf,' in page
    login(people["member"])
    assert client.get(upload_url(meeting)).status_code == 403


def test_partial_lists_what_the_user_may_see(setup, client, login, db, app):
    """The meeting page includes the partial once per item and once for the whole meeting."""
    from flask import render_template_string
    from flask_login import login_user

    people, meeting = setup
    publish(db, meeting)
    item = meeting.items[0]
    add(meeting, people["secretariat"], item=item, title="Åbent bilag", name="a.pdf")
    add(meeting, people["secretariat"], item=item, title="Hemmeligt bilag", closed=True)
    source = '{% include "meetings/_materials.html" %}'

    def render(user, can_manage=False) -> str:
        with app.test_request_context():
            login_user(user)
            return render_template_string(
                source,
                meeting=meeting,
                committee=meeting.committee,
                item=item,
                materials_by_item=materials.for_meeting(meeting, user),
                can_manage=can_manage,
            )

    councillor = render(people["councillor"])
    assert "Åbent bilag" in councillor and "Hemmeligt bilag" not in councillor
    assert re.search(r"\(PDF, \d+,\d kB\)", councillor)
    assert "Upload ny version" not in councillor and "<form" not in councillor
    member = render(people["member"])
    assert "Hemmeligt bilag" in member and "Lukket" in member
    manager = render(people["facilitator"], can_manage=True)
    assert "Upload ny version" in manager and "Tilføj bilag til punktet" in manager
    assert f'name="item_id" value="{item.id}"' in manager
    assert len(re.findall(r'<label class="form-label" for="([^"]+)"', manager)) == len(
        set(re.findall(r'<label class="form-label" for="([^"]+)"', manager))
    )


def test_meeting_page_shows_the_materials(setup, client, login, db):
    people, meeting = setup
    publish(db, meeting)
    material = add(meeting, people["secretariat"], item=meeting.items[0], title="Skitse")
    add(meeting, people["secretariat"], title="Lukket notat", closed=True)
    login(people["councillor"])
    page = client.get(f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'href="/bilag/{material.id}"' in text and "Skitse" in text
    assert "Lukket notat" not in text


def test_meeting_page_for_a_manager_has_the_forms_with_unique_ids(setup, client, login, db):
    people, meeting = setup
    add(meeting, people["secretariat"], item=meeting.items[0], title="Skitse")
    add(meeting, people["secretariat"], title="Hele mødet")
    login(people["facilitator"])
    text = client.get(f"/arbejdsrum/{meeting.committee_id}/moeder/{meeting.id}").get_data(
        as_text=True
    )
    ids = re.findall(r'id="(bilag[^"]*)"', text)
    assert len(ids) == len(set(ids))
    assert text.count("Tilføj bilag til punktet") == len(meeting.items)
    assert text.count('name="file"') == len(meeting.items) + 1 + 2  # new ones + 2 versions
    for label_for in re.findall(r'<label class="form-label" for="(bilag[^"]*)"', text):
        assert f'id="{label_for}"' in text


def test_public_page_shows_open_materials_only(setup, client, db):
    people, meeting = setup
    publish(db, meeting, public=True)
    shown = add(meeting, people["secretariat"], item=meeting.items[0], title="Offentligt notat")
    add(meeting, people["secretariat"], item=meeting.items[0], title="Lukket notat", closed=True)
    add(meeting, people["secretariat"], title="Lukket helhed", closed=True)
    text = client.get(f"/udvalg/{meeting.committee_id}/moeder/{meeting.id}").get_data(as_text=True)
    assert "Offentligt notat" in text and f'href="/bilag/{shown.id}"' in text
    assert "Lukket notat" not in text and "Lukket helhed" not in text
    assert "<form" not in text.split('id="dagsorden"')[1]
