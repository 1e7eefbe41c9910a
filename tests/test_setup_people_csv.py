"""Import of staff and councillors from a CSV file (preview, confirm) and the export back out."""

import io
import re
from html import unescape

import pytest

from committees.models import AuditEntry, BodyKind, Notice, Role, User
from committees.setup.people_forms import pack
from workflows import delivery, people_csv
from workflows.errors import PermissionDenied
from workflows.people_csv import Status

IMPORT = "/opsaetning/personer/import"
EXPORT = "/opsaetning/personer/eksport.csv"
COMMA_BODY = "Børne-, Unge- og Uddannelsesudvalget"

PLAIN = (
    b"name,email,role,bodies\n"
    b"Anne Hansen,anne@test.example,councillor,Kommunalbestyrelsen|\xc3\x98konomiudvalget\n"
    b"Bo Berg,bo@test.example,secretariat,\n"
    b"Carl Dahl,carl@test.example,Administrator,\n"
)
# Excel in Danish: BOM, semicolons, CRLF, Danish header and labels, bodies split by a comma
# although one of them has a comma in its name.
EXCEL = (
    "\ufeffNavn;E-mail;Rolle;Udvalg\r\n"
    f"Søren Ærø;soeren@test.example;Kommunalbestyrelsesmedlem;Kommunalbestyrelsen,{COMMA_BODY}\r\n"
    "Åse Østergård;aase@test.example;sekretariat;\r\n"
    ";;;\r\n"
).encode()


@pytest.fixture
def bodies(make_body, db):
    """The council, the finance committee, a standing committee with a comma, a retired one."""
    made = {
        "council": make_body("Kommunalbestyrelsen", BodyKind.council),
        "finance": make_body("Økonomiudvalget", BodyKind.finance_committee),
        "children": make_body(COMMA_BODY),
        "old": make_body("Gammelt Udvalg"),
    }
    made["old"].active = False
    db.session.commit()
    return made


@pytest.fixture
def admin(make_user, login, bodies):
    user = make_user(Role.administrator, email="ada@test.example", name="Ada Admin")
    login(user)
    return user


def _upload(client, data: bytes, name: str = "personer.csv"):
    return client.post(
        IMPORT, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def _confirm_fields(page: str) -> dict[str, str]:
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'name="(confirm-[a-z]+)"[^>]*value="([^"]*)"', page)
    }
    assert set(fields) >= {"confirm-payload", "confirm-digest"}, page[:2000]
    return {**fields, "confirm-submit": "Importér"}


def _import(client, data: bytes):
    page = _upload(client, data).get_data(as_text=True)
    return client.post(IMPORT, data=_confirm_fields(page))


def _counts(db) -> tuple[int, int, int]:
    count = db.func.count
    return (
        db.session.scalar(db.select(count(User.id))),
        db.session.scalar(db.select(count(AuditEntry.id))),
        db.session.scalar(db.select(count(Notice.id))),
    )


def _rows(data: bytes, actor: User) -> dict[str, people_csv.Row]:
    return {r.email.lower() or str(r.number): r for r in people_csv.parse(data, actor).rows}


# --- preview ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "summary", "names"),
    [
        (PLAIN, "Ny: 3, Opdateres: 0, Uændret: 0, Afvist: 0.", ["Anne Hansen", "Carl Dahl"]),
        (EXCEL, "Ny: 2, Opdateres: 0, Uændret: 0, Afvist: 0.", ["Søren Ærø", "Åse Østergård"]),
    ],
    ids=["plain", "excel-danish"],
)
def test_preview_lists_rows_and_writes_nothing(client, db, admin, data, summary, names):
    before = _counts(db)
    resp = _upload(client, data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert summary in page
    assert all(name in page for name in names)
    assert 'name="confirm-payload"' in page
    assert _counts(db) == before


def test_excel_file_finds_bodies_with_commas_in_their_names(app, admin, bodies):
    row = _rows(EXCEL, admin)["soeren@test.example"]
    assert row.status is Status.new and row.role is Role.councillor
    assert {b.name for b in row.bodies} == {"Kommunalbestyrelsen", COMMA_BODY}
    assert row.number == 2


# --- confirm ------------------------------------------------------------------------------------


def test_confirm_creates_accounts_bodies_audit_and_invitations(client, db, admin, bodies, outbox):
    resp = _import(client, EXCEL)
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "2 oprettet, 0 opdateret, 0 afvist" in page
    soeren, aase = User.by_email("soeren@test.example"), User.by_email("aase@test.example")
    assert soeren.role is Role.councillor and soeren.name == "Søren Ærø"
    assert aase.role is Role.secretariat and not aase.has_password
    assert soeren in bodies["council"].members and soeren in bodies["children"].members
    assert soeren not in bodies["finance"].members
    entries = db.session.scalars(db.select(AuditEntry)).all()
    created = [e for e in entries if e.action == "user.created"]
    assert {e.object_id for e in created} == {soeren.id, aase.id}
    assert all(e.details["source"] == "csv" and e.actor_id == admin.id for e in created)
    seated = [e for e in entries if e.action == "body.members_changed"]
    assert {e.object_id for e in seated} == {bodies["council"].id, bodies["children"].id}
    assert all(e.details["source"] == "csv" for e in seated)
    notices = db.session.scalars(db.select(Notice)).all()
    assert sorted((n.kind, n.recipient_id) for n in notices) == sorted(
        [("invitation", soeren.id), ("invitation", aase.id)]
    )
    delivery.sweep()
    mails = outbox()
    assert len(mails) == 2
    assert sum("soeren@test.example" in m for m in mails) == 1
    assert sum("aase@test.example" in m for m in mails) == 1


def test_the_same_file_twice_changes_nothing_and_sends_nothing(client, db, admin, outbox):
    page = _upload(client, PLAIN).get_data(as_text=True)
    fields = _confirm_fields(page)
    assert client.post(IMPORT, data=fields).status_code == 302
    delivery.sweep()
    sent, before = len(outbox()), _counts(db)
    # The old confirmation again: its preview is no longer true, so a new one is shown instead.
    again = client.post(IMPORT, data=fields)
    assert again.status_code == 200
    assert "ændret, siden forhåndsvisningen" in again.get_data(as_text=True)
    assert "Ny: 0, Opdateres: 0, Uændret: 3, Afvist: 0." in again.get_data(as_text=True)
    # A fresh preview has nothing to confirm; applying it anyway writes nothing.
    fresh = _upload(client, PLAIN).get_data(as_text=True)
    assert "Der er intet at importere" in fresh and 'name="confirm-payload"' not in fresh
    summary = people_csv.apply(people_csv.parse(PLAIN, admin).rows, admin)
    assert summary == people_csv.Summary(created=0, updated=0, unchanged=3, refused=0)
    delivery.sweep()
    assert _counts(db) == before and len(outbox()) == sent


def test_same_email_in_another_case_updates_and_never_duplicates(
    client, db, admin, make_user, bodies, outbox
):
    bo = make_user(Role.councillor, email="bo@test.example", name="Bo B")
    bodies["finance"].members.append(bo)
    db.session.commit()
    token = bo.session_token
    data = b"name,email,role\nBo Berg,BO@Test.Example,Sekretariat\n"
    row = _rows(data, admin)["bo@test.example"]
    assert row.status is Status.updated and row.changes == ["name", "role", "bodies"]
    assert _import(client, data).status_code == 302
    matches = db.session.scalars(
        db.select(User).where(db.func.lower(User.email) == "bo@test.example")
    )
    assert [u.id for u in matches] == [bo.id]
    assert bo.name == "Bo Berg" and bo.role is Role.secretariat
    assert bo.session_token != token  # a new role ends the old sessions
    assert bo not in bodies["finance"].members  # only councillors sit on bodies
    changed = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.changed"))
    assert changed.details["source"] == "csv" and changed.from_state == "councillor"
    delivery.sweep()
    assert outbox() == []  # no invitation for an account that exists


def test_without_a_bodies_column_nobodys_bodies_change(app, db, admin, make_user, bodies):
    councillor = make_user(Role.councillor, email="c@test.example", name="C")
    bodies["council"].members.append(councillor)
    db.session.commit()
    row = _rows(b"navn;e-mail;rolle\nC;c@test.example;councillor\n", admin)["c@test.example"]
    assert row.status is Status.unchanged
    row = _rows(b"navn;e-mail;rolle;udvalg\nC;c@test.example;councillor;\n", admin)
    assert row["c@test.example"].changes == ["bodies"]


def test_decomposed_letters_from_a_mac_match_the_stored_name(app, admin, make_user):
    make_user(Role.secretariat, email="aase@test.example", name="Åse Ø")
    data = "name,email,role\nA\u030ase Ø,aase@test.example,secretariat\n".encode()
    assert _rows(data, admin)["aase@test.example"].status is Status.unchanged


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (";x@test.example;councillor;", "Navnet mangler."),
        (f"{'N' * 201};x@test.example;councillor;", "Navnet er for langt: højst 200 tegn."),
        ("X;;councillor;", "E-mailadressen mangler."),
        ("X;ikke-en-adresse;councillor;", "»ikke-en-adresse« er ikke en gyldig e-mailadresse."),
        (f"X;{'a' * 250}@test.example;councillor;", "er ikke en gyldig e-mailadresse."),
        ("X;x@test.example;;", "Rollen mangler."),
        ("X;x@test.example;chef;", "Ukendt rolle »chef«. Brug en af: Administrator, Sekretariat"),
        ("X;x@test.example;Borger;", "Borgere importeres ikke"),
        ("X;x@test.example;citizen;", "Borgere importeres ikke"),
        ("X;x@test.example;councillor;Findes Ikke", "Ukendt udvalg: Findes Ikke."),
        ("X;x@test.example;councillor;Gammelt Udvalg", "Udvalget er nedlagt: Gammelt Udvalg."),
        ("X;x@test.example;secretariat;Økonomiudvalget", "Kun kommunalbestyrelsesmedlemmer"),
        ("X;x@test.example;councillor;" + "|".join(["A"] * 51), "for mange udvalg: højst 50."),
        ("Ada;ada@test.example;secretariat;", "Din egen konto ændres ikke"),
        ("Ada Anden;ADA@test.example;administrator;", "Din egen konto ændres ikke"),
        ("Ina;inactive@test.example;councillor;Økonomiudvalget", "Kontoen er deaktiveret"),
    ],
)
def test_each_refusal_has_its_reason(app, admin, make_user, line, reason):
    make_user(Role.councillor, email="inactive@test.example", name="Ina", active=False)
    rows = people_csv.parse(f"navn;e-mail;rolle;udvalg\n{line}\n".encode(), admin).rows
    assert rows[0].status is Status.refused
    assert any(reason in r for r in rows[0].reasons), rows[0].reasons


def test_the_same_email_twice_refuses_both_rows(app, admin):
    data = b"name,email,role\nA,dup@test.example,councillor\nB,DUP@test.example,councillor\n"
    rows = people_csv.parse(data, admin).rows
    assert [r.status for r in rows] == [Status.refused, Status.refused]
    assert "Samme e-mailadresse står også i række 3." in rows[0].reasons
    assert "Samme e-mailadresse står også i række 2." in rows[1].reasons


def test_the_acting_administrator_unchanged_is_fine(app, admin):
    row = _rows(b"navn;e-mail;rolle\nAda Admin;ada@test.example;Administrator\n", admin)
    assert row["ada@test.example"].status is Status.unchanged


def test_refused_rows_are_skipped_and_the_rest_imported(client, db, admin):
    data = b"name,email,role\nGod,god@test.example,councillor\nDaarlig,nej,councillor\n"
    resp = _import(client, data)
    assert "1 oprettet, 0 opdateret, 1 afvist" in client.get(resp.headers["Location"]).get_data(
        as_text=True
    )
    assert User.by_email("god@test.example") is not None


def test_only_an_administrator_applies(app, make_user, bodies):
    secretary = make_user(Role.secretariat)
    rows = people_csv.parse(b"name,email,role\nX,x@test.example,councillor\n", secretary).rows
    with pytest.raises(PermissionDenied):
        people_csv.apply(rows, secretary)


# --- bad files ----------------------------------------------------------------------------------

BAD_FILES = [
    (b"", "Filen er tom."),
    (b" \r\n\r\n", "Filen er tom."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "den indeholder binære data"),
    (b"name,email,role\nA\x00B,a@test.example,councillor\n", "den indeholder binære data"),
    ("navn;e-mail;rolle\nSøren;s@test.example;councillor\n".encode("cp1252"), "UTF-8"),
    ("navn;e-mail;rolle\n".encode("utf-16"), "UTF-8"),
    (b"\xff\xd8\xff\xe0garbage\xfe", "UTF-8"),
    (b"a" * (people_csv.MAX_BYTES + 1), "højst fylde 1 MB"),
    (b"name,email,role\n" + b"A,a@test.example,councillor\n" * 2001, "højst 2000"),
    (b"name,email,role\n", "ingen rækker med personer"),
    (b"name,email\nA,a@test.example\n", "Der mangler: rolle."),
    (b"Anne;anne@test.example;councillor\n", "Der mangler: navn, e-mail, rolle."),
    (b"name,email,role,navn\nA,a@test.example,councillor,B\n", "Kolonnen »navn« står to gange"),
    (b'name,email,role\n"' + b"x" * 140_000 + b'",a@test.example,councillor\n', "som CSV"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_files_get_a_clear_message_and_no_500(client, db, admin, data, message):
    before = _counts(db)
    resp = _upload(client, data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert message in page, page[-3000:]
    assert 'name="confirm-payload"' not in page
    assert _counts(db) == before


def test_a_100000_character_field_is_refused_row_by_row(client, admin):
    data = (
        b"name,email,role,bodies\n"
        + b"N" * 100_000
        + b",a@test.example,councillor,"
        + (b"B" * 100_000)
    )
    resp = _upload(client, data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Navnet er for langt" in page and "Ukendt udvalg" in page
    assert len(page) < 100_000  # long values are cut short on the page


def test_an_upload_beyond_the_request_limit_is_413_not_500(client, admin):
    assert _upload(client, b"a" * (3 * 1024 * 1024)).status_code == 413


def test_a_post_without_a_file_explains(client, admin):
    resp = client.post(IMPORT, data={"file": "ikke en fil"})
    assert resp.status_code == 200 and "Vælg en CSV-fil." in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "payload",
    ["", "ikke base64 !!", pack(b"x")[:-4], "\x00", pack(b"a" * (2 * 1024 * 1024)), "é" * 10],
)
def test_a_tampered_confirmation_explains_and_writes_nothing(client, db, admin, payload):
    before = _counts(db)
    resp = client.post(
        IMPORT, data={"confirm-payload": payload, "confirm-digest": "x", "confirm-submit": "1"}
    )
    assert resp.status_code == 200
    assert "Forhåndsvisningen kunne ikke læses" in resp.get_data(as_text=True)
    assert _counts(db) == before


def test_a_confirmation_of_a_bad_file_explains(client, db, admin):
    resp = client.post(IMPORT, data={"confirm-payload": pack(b"\x00"), "confirm-submit": "1"})
    assert resp.status_code == 200 and "binære data" in resp.get_data(as_text=True)


# --- export -------------------------------------------------------------------------------------


def test_export_is_excel_danish_and_reads_back_unchanged(client, db, admin, make_user, bodies):
    c1 = make_user(Role.councillor, email="c1@test.example", name="Ærlige Øjvind")
    c2 = make_user(Role.councillor, email="c2@test.example", name="=SUM(A1)")
    make_user(Role.secretariat, email="s@test.example", name="Sekretær; med semikolon")
    make_user(Role.citizen, email="borger@test.example", name="Ikke Med")
    bodies["council"].members.extend([c1, c2])
    bodies["children"].members.append(c1)
    db.session.commit()
    resp = client.get(EXPORT)
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert resp.headers["Content-Disposition"].startswith('attachment; filename="personer-')
    data = resp.get_data()
    assert data.startswith(b"\xef\xbb\xbfnavn;e-mail;rolle;udvalg\r\n")
    text = data.decode("utf-8-sig")
    assert "borger@test.example" not in text
    assert "'=SUM(A1)" in text  # a spreadsheet does not run it
    assert f"{COMMA_BODY}|Kommunalbestyrelsen" in text  # in the bodies' order
    rows = people_csv.parse(data, admin).rows
    assert len(rows) == 4
    assert {r.status for r in rows} == {Status.unchanged}, [(r.email, r.reasons) for r in rows]


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [IMPORT, EXPORT])
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        (Role.citizen, 403),
        (Role.councillor, 403),
        (Role.secretariat, 403),
        (Role.administrator, 200),
    ],
)
def test_only_administrators_reach_the_pages(client, make_user, login, url, role, expected):
    if role is not None:
        login(make_user(role))
    resp = client.get(url)
    assert resp.status_code == expected
    if role is None:
        assert "/konto/log-ind" in resp.headers["Location"]


@pytest.mark.parametrize("role", [Role.citizen, Role.councillor, Role.secretariat])
def test_others_may_not_post_an_import(client, db, make_user, login, role):
    login(make_user(role))
    before = _counts(db)
    assert _upload(client, PLAIN).status_code == 403
    data = {"confirm-payload": pack(PLAIN), "confirm-submit": "1"}
    assert client.post(IMPORT, data=data).status_code == 403
    assert _counts(db) == before


def test_the_import_page_explains_the_columns(client, admin):
    page = client.get(IMPORT).get_data(as_text=True)
    assert "navn;e-mail;rolle;udvalg" in page
    assert EXPORT in page and 'enctype="multipart/form-data"' in page
    assert '<label class="form-label" for="file">' in page


def test_every_row_kind_shows_in_the_preview_table(client, db, admin, make_user):
    make_user(Role.secretariat, email="same@test.example", name="Same")
    make_user(Role.secretariat, email="old@test.example", name="Old")
    data = (
        b"name,email,role\nNew,new@test.example,councillor\nSame,same@test.example,secretariat\n"
        b"Older,old@test.example,secretariat\nBad,bad,secretariat\n"
    )
    page = _upload(client, data).get_data(as_text=True)
    assert "Ny: 1, Opdateres: 1, Uændret: 1, Afvist: 1." in page
    assert '<th scope="row"' in page and "<caption>" in page
    assert "Ændrer: navn" in page
    for label in ("Ny", "Opdateres", "Uændret", "Afvist"):
        assert f">{label}</span>" in page
