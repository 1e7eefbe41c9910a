"""Day one: `flask setup`, `flask users`, the Opsætning area, bodies, the checklist."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller

from committees.models import (
    AuditEntry,
    BodyKind,
    CouncilMeeting,
    Municipality,
    Notice,
    PoliticalBody,
    Role,
    User,
)
from committees.models.base import local_today
from tests.conftest import PASSWORD, free_port
from tests.test_recruitment_public import call, committee, staff  # noqa: F401 (fixtures)
from workflows import delivery, setup

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#004"/></svg>'
)


def _audits(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


# --- the command line ------------------------------------------------------------------------


def test_setup_makes_the_row_and_the_first_administrator_with_a_single_use_link(app, db, client):
    runner = app.test_cli_runner()
    out = runner.invoke(
        args=["setup", "--municipality", "Gentofte Kommune", "--admin-email", "It@Gentofte.DK"]
    )
    assert out.exit_code == 0, out.output
    admin = User.by_email("it@gentofte.dk")
    assert admin.role is Role.administrator and not admin.has_password
    assert db.session.get(Municipality, 1).name == "Gentofte Kommune"
    link = re.search(r"https?://\S+/konto/foerste-adgang/\S+", out.output).group(0)
    page = client.get(_path(link))
    assert page.status_code == 200 and "Gentofte Kommune" in page.get_data(as_text=True)
    pw = "en lang og god adgangskode"
    assert client.post(_path(link), data={"password": pw, "confirm": pw}).status_code == 302
    assert User.by_email("it@gentofte.dk").has_password
    assert client.get(_path(link)).status_code == 302  # used once
    entries = _audits(db, "user.created_from_cli") + _audits(db, "municipality.set_up")
    assert len(entries) == 2 and all(e.details["via"] == "command line" for e in entries)


def test_the_setup_link_lasts_24_hours(app, db, client):
    out = app.test_cli_runner().invoke(
        args=["setup", "--municipality", "X Kommune", "--admin-email", "a@x.dk"]
    )
    link = _path(re.search(r"https?://\S+", out.output).group(0))
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=25)):
        assert client.get(link).status_code == 302  # expired: sent to ask for a new one


def test_setup_twice_refuses_and_add_admin_adds(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["setup", "--municipality", "X Kommune", "--admin-email", "a@x.dk"])
    again = runner.invoke(args=["setup", "--municipality", "Y", "--admin-email", "b@x.dk"])
    assert again.exit_code != 0 and "allerede en administrator" in again.output
    assert db.session.get(Municipality, 1).name == "X Kommune" and User.by_email("b@x.dk") is None
    more = runner.invoke(args=["setup", "--add-admin", "--admin-email", "b@x.dk"])
    assert more.exit_code == 0 and User.by_email("b@x.dk").role is Role.administrator
    same = runner.invoke(args=["setup", "--add-admin", "--admin-email", "B@x.dk"])
    assert same.exit_code != 0 and "findes allerede" in same.output


@pytest.mark.parametrize(
    "args",
    [
        ["setup", "--admin-email", "a@x.dk"],  # no municipality on the first set-up
        ["setup", "--municipality", "X", "--admin-email", "ikke-en-adresse"],
        ["setup", "--add-admin", "--admin-email", "a@x.dk"],  # nothing set up yet
        ["users", "create", "--role", "king", "--email", "a@x.dk", "--name", "A"],
        ["users", "create", "--role", "secretariat", "--email", "a@x.dk", "--name", " "],
        ["users", "deactivate", "nobody@x.dk"],
    ],
)
def test_the_commands_refuse_bad_input_with_a_message(app, db, args):
    out = app.test_cli_runner().invoke(args=args)
    assert out.exit_code != 0 and out.output.strip() and "Traceback" not in out.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_users_create_list_and_deactivate(app, db, make_user):
    make_user(Role.administrator, email="boss@x.dk")
    runner = app.test_cli_runner()
    mailed = runner.invoke(
        args=["users", "create", "--role", "secretariat", "--email", "m@x.dk", "--name", "Mette"]
    )
    assert mailed.exit_code == 0 and "outbox" in mailed.output
    assert db.session.scalar(db.select(Notice).where(Notice.kind == "invitation")) is not None
    printed = runner.invoke(
        args=[
            "users",
            "create",
            "--role",
            "councillor",
            "--email",
            "k@x.dk",
            "--name",
            "K",
            "--print-link",
        ]
    )
    assert "/konto/invitation/" in printed.output
    listing = runner.invoke(args=["users", "list"]).output
    assert "m@x.dk" in listing and "secretariat" in listing and "invited" in listing
    assert runner.invoke(args=["users", "deactivate", "m@x.dk"]).exit_code == 0
    assert not User.by_email("m@x.dk").active
    last = runner.invoke(args=["users", "deactivate", "boss@x.dk"])
    assert last.exit_code != 0 and "eneste aktive administrator" in last.output
    assert len(_audits(db, "user.created_from_cli")) == 2
    assert len(_audits(db, "user.deactivated_from_cli")) == 1


# --- the municipality's facts ------------------------------------------------------------------


@pytest.fixture
def admin(make_user, login):
    user = make_user(Role.administrator, name="Ada Admin")
    login(user)
    return user


FACTS = {
    "name": "Gentofte Kommune",
    "web_url": "https://www.gentofte.dk",
    "contact_email": "opgaveudvalg@gentofte.dk",
    "contact_phone": "39 98 00 00",
    "accessibility_url": "https://www.was.digst.dk/gentofte-dk",
    "dpo_contact": "DPO, dpo@gentofte.dk",
    "privacy_notice": "Vi behandler dine oplysninger **fortroligt**.",
    "sender_name": "Gentofte Kommune",
}


def test_the_facts_are_used_at_once_everywhere(admin, client, db):
    assert client.post("/opsaetning/kommune", data=FACTS).status_code == 302
    front = client.get("/").get_data(as_text=True)
    assert "Gentofte Kommune" in front and "39 98 00 00" in front
    assert "https://www.was.digst.dk/gentofte-dk" in front  # the footer's statement
    privacy = client.get("/privatliv").get_data(as_text=True)
    assert "<strong>fortroligt</strong>" in privacy and "dpo@gentofte.dk" in privacy
    (entry,) = _audits(db, "municipality.changed")
    assert "contact_phone" in entry.details["fields"]
    from committees import mail

    with client.application.test_request_context():
        assert mail.sender_address().startswith("Gentofte Kommune <")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", "", "Skriv kommunens navn"),
        ("web_url", "gentofte", "https://"),
        ("contact_email", "ikke@", "gyldig e-mailadresse"),
        ("contact_phone", "ring til os", "telefonnummer"),
        ("name", "x" * 100_000, "120"),
    ],
)
def test_a_bad_fact_keeps_the_input_and_explains(admin, client, db, field, value, says):
    resp = client.post("/opsaetning/kommune", data={**FACTS, field: value})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and says in page
    assert FACTS["dpo_contact"] in page  # the rest of the input is kept
    assert db.session.get(Municipality, 1) is None or not _audits(db, "municipality.changed")


@pytest.mark.parametrize(("data", "name", "ok"), [(PNG, "logo.png", True), (SVG, "logo.svg", True)])
def test_a_png_or_svg_logo_is_stored_and_served(admin, client, db, data, name, ok):
    from io import BytesIO

    resp = client.post("/opsaetning/kommune/logo", data={"logo": (BytesIO(data), name)})
    assert resp.status_code == 302
    logo = client.get("/logo")
    assert logo.status_code == 200 and logo.data == data
    assert logo.headers["Content-Type"] in ("image/png", "image/svg+xml")
    assert "default-src 'none'" in logo.headers["Content-Security-Policy"]
    assert 'class="portal-logo"' in client.get("/").get_data(as_text=True)
    client.post("/opsaetning/kommune/logo", data={"remove": "y"})
    assert client.get("/logo").status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"", "tom.png", "tom"),
        (b"GIF89a" + b"\0" * 20, "logo.gif", "SVG- eller PNG"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "x.svg",
            "script",
        ),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "x.svg", "script"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/x.png'/></svg>",
            "x.svg",
            "links",
        ),
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "x.svg", "script"),
        (b"<svg><rect></svg>", "x.svg", "kan ikke læses"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">'
            b"<s:script>alert(1)</s:script></svg>",
            "x.svg",
            "script",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'.encode("utf-16"),
            "x.svg",
            "læses",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg">'
            b'<set attributeName="href" to="javascript&#58;alert(1)"/></svg>',
            "x.svg",
            "script",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:u\\72l(https://x)"/></svg>',
            "x.svg",
            "script",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil/x)"/></svg>',
            "x.svg",
            "script",
        ),
        (PNG + b"\0" * 600_000, "big.png", "512 kB"),
    ],
)
def test_a_bad_logo_is_refused_with_a_reason(admin, client, db, data, name, says):
    from io import BytesIO

    resp = client.post("/opsaetning/kommune/logo", data={"logo": (BytesIO(data), name)})
    assert resp.status_code == 400 and says in resp.get_data(as_text=True)
    assert client.get("/logo").status_code == 404


def test_closing_days_are_validated_and_saved(admin, client, db):
    bad = client.post("/opsaetning/lukkedage", data={"days": "12-24\n2027-13-01\nfoo"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "2027-13-01" in page and "foo" in page
    ok = client.post("/opsaetning/lukkedage", data={"days": "12-31, 12-24\n2027-05-07\n"})
    assert ok.status_code == 302
    m = db.session.get(Municipality, 1)
    assert m.closing_days == ["12-24", "12-31", "2027-05-07"] and m.closing_days_saved_at
    assert _audits(db, "municipality.closing_days_changed")


class _Refuse:
    async def handle_RCPT(self, server, session, envelope, address, options):
        return "550 5.7.1 Relaying denied for this sender"


def test_the_test_message_reports_success_or_the_relays_own_words(
    admin, client, db, smtp_sink, app
):
    ok = client.post("/opsaetning/e-mail", data={})
    assert "har modtaget testbeskeden" in ok.get_data(as_text=True)
    assert [m["To"] for m in smtp_sink][-1].endswith(admin.email)
    assert db.session.get(Municipality, 1).mail_tested_at is not None
    port = free_port()
    refusing = Controller(_Refuse(), hostname="127.0.0.1", port=port)
    refusing.start()
    try:
        app.config["MAIL_PORT"] = port
        said = client.post("/opsaetning/e-mail", data={}).get_data(as_text=True)
        assert "550 5.7.1 Relaying denied for this sender" in said
    finally:
        refusing.stop()
    app.config["MAIL_PORT"] = free_port()  # nobody listens: connection refused
    said = client.post("/opsaetning/e-mail", data={}).get_data(as_text=True)
    assert "blev ikke sendt" in said and "refused" in said.lower()


def test_without_a_mail_server_the_test_says_so(admin, client, app):
    app.config["MAIL_SERVER"] = ""
    said = client.post("/opsaetning/e-mail", data={}).get_data(as_text=True)
    assert "MAIL_SERVER" in said


# --- political bodies -------------------------------------------------------------------------


def test_bodies_are_created_renamed_ordered_and_given_councillors(admin, client, db, make_user):
    resp = client.post(
        "/opsaetning/udvalg",
        data={"name": "Kommunalbestyrelsen", "kind": "council", "position": 90},
    )
    assert resp.status_code == 302
    body = db.session.scalar(db.select(PoliticalBody))
    dup = client.post("/opsaetning/udvalg", data={"name": "kommunalbestyrelsen", "kind": "council"})
    assert dup.status_code == 400 and "findes allerede" in dup.get_data(as_text=True)
    client.post(
        f"/opsaetning/udvalg/{body.id}", data={"name": "Byrådet", "kind": "council", "position": 5}
    )
    assert (body.name, body.position) == ("Byrådet", 5)
    councillor = make_user(Role.councillor, name="Karen K")
    citizen = make_user(Role.citizen)
    refused = client.post(f"/opsaetning/udvalg/{body.id}/medlemmer", data={"members": [citizen.id]})
    assert refused.status_code == 400 and body.members == []
    client.post(f"/opsaetning/udvalg/{body.id}/medlemmer", data={"members": [councillor.id]})
    assert body.members == [councillor]
    actions = {e.action for e in db.session.scalars(db.select(AuditEntry))}
    assert {"body.created", "body.changed", "body.members_changed"} <= actions


def test_a_body_in_use_is_retired_not_deleted(admin, client, db):
    used = PoliticalBody(name="Kultur- og Fritidsudvalget", kind=BodyKind.standing_committee)
    spare = PoliticalBody(name="Fejludvalget", kind=BodyKind.standing_committee)
    db.session.add_all([used, spare])
    db.session.flush()
    db.session.add(CouncilMeeting(body_id=used.id, meets_on=local_today()))
    db.session.commit()
    refused = client.post(f"/opsaetning/udvalg/{used.id}/slet", follow_redirects=True)
    assert "kun gøre det inaktivt" in refused.get_data(as_text=True)
    assert db.session.get(PoliticalBody, used.id) is not None
    client.post(f"/opsaetning/udvalg/{used.id}/aktiv", data={"active": "0"})
    assert not used.active
    client.post(f"/opsaetning/udvalg/{used.id}/aktiv", data={"active": "0"})  # a double submit
    assert not used.active
    client.post(f"/opsaetning/udvalg/{used.id}/aktiv", data={"active": "1"})
    assert used.active
    assert client.post(f"/opsaetning/udvalg/{used.id}/aktiv").status_code == 400
    assert client.post(f"/opsaetning/udvalg/{spare.id}/slet").status_code == 302
    assert db.session.get(PoliticalBody, spare.id) is None


# --- the checklist ----------------------------------------------------------------------------


def test_the_checklist_stays_on_the_dashboard_until_every_step_is_done(
    admin, client, db, make_user, smtp_sink
):
    assert [s.done for s in setup.checklist()] == [False] * 7
    assert "Opsætningen er ikke færdig" in client.get("/overblik").get_data(as_text=True)
    client.post("/opsaetning/kommune", data=FACTS)
    for name, kind in [
        ("KB", "council"),
        ("ØU", "finance_committee"),
        ("BSU", "standing_committee"),
    ]:
        client.post("/opsaetning/udvalg", data={"name": name, "kind": kind})
    council = db.session.scalar(db.select(PoliticalBody).where(PoliticalBody.name == "KB"))
    councillor = make_user(Role.councillor)
    client.post(f"/opsaetning/udvalg/{council.id}/medlemmer", data={"members": [councillor.id]})
    db.session.add(CouncilMeeting(body_id=council.id, meets_on=local_today() + timedelta(days=30)))
    db.session.commit()
    client.post("/opsaetning/lukkedage", data={"days": "12-24"})
    client.post("/opsaetning/e-mail", data={})
    assert [s.key for s in setup.checklist() if not s.done] == ["people"]
    make_user(Role.secretariat)
    assert setup.is_complete()
    assert "Opsætningen er ikke færdig" not in client.get("/overblik").get_data(as_text=True)


def test_the_secretariat_is_told_an_administrator_must_finish(client, make_user, login):
    login(make_user(Role.secretariat))
    page = client.get("/overblik").get_data(as_text=True)
    assert "En administrator mangler" in page and "/opsaetning/kommune" not in page


SETUP_PAGES = [
    "/opsaetning/",
    "/opsaetning/kommune",
    "/opsaetning/lukkedage",
    "/opsaetning/e-mail",
    "/opsaetning/udvalg",
]


@pytest.mark.parametrize("path", SETUP_PAGES)
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
def test_only_administrators_set_up(client, make_user, login, path, role, expected):
    if role is not None:
        login(make_user(role))
    assert client.get(path).status_code == expected
    if role is not None and expected == 403 and path != "/opsaetning/":
        assert client.post(path, data={"name": "X", "days": "12-24"}).status_code == 403


def test_login_works_for_the_first_administrator(app, db, client):
    out = app.test_cli_runner().invoke(
        args=[
            "setup",
            "--municipality",
            "X Kommune",
            "--admin-email",
            "a@x.dk",
            "--admin-name",
            "Anna",
        ]
    )
    link = _path(re.search(r"https?://\S+", out.output).group(0))
    client.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    resp = client.post("/konto/log-ind", data={"email": "a@x.dk", "password": PASSWORD})
    assert resp.status_code == 302
    assert "Opsætning" in client.get("/overblik").get_data(as_text=True)
    delivery.sweep()  # nothing was queued for the first administrator: the link was printed


def test_applicants_see_the_privacy_notice(client, db, call, make_user):  # noqa: F811
    from workflows import setup as setup_flow

    setup_flow.update_facts(FACTS, make_user(Role.administrator))
    page = client.get(f"/udvalg/{call.committee_id}/ansoeg").get_data(as_text=True)
    assert "Sådan behandler kommunen dine oplysninger" in page
    assert "<strong>fortroligt</strong>" in page


# --- the migration keeps an existing installation's values ------------------------------------


def test_the_migration_seeds_the_row_from_the_old_variables_only_where_there_are_users(
    app, db, monkeypatch
):
    from flask_migrate import downgrade, upgrade

    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(revision="3b8e5f1c2a90")
    monkeypatch.setenv("MUNICIPALITY_NAME", "Gladsaxe Kommune")
    monkeypatch.setenv("MUNICIPAL_CLOSING_DAYS", "12-24,12-31,06-05")
    with db.engine.begin() as conn:
        conn.execute(
            db.text(
                "INSERT INTO users (email, name, role, locale, active, session_token, created_at,"
                " link_secret) VALUES ('a@x.dk', 'A', 'administrator', 'da', true, 't', :now, 's')"
            ),
            {"now": datetime.now(UTC)},
        )
    upgrade()
    m = db.session.get(Municipality, 1)
    assert m.name == "Gladsaxe Kommune" and m.closing_days == ["12-24", "12-31", "06-05"]
    assert m.accessibility_url == "https://www.was.digst.dk/"
    db.session.remove()
    downgrade(revision="base")  # the next test on this database builds its schema again


def test_the_migration_leaves_an_empty_database_for_flask_setup(app, db):
    from flask_migrate import downgrade, upgrade

    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    assert db.session.get(Municipality, 1) is None
    db.session.remove()
    downgrade(revision="base")


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.citizen, 403), (Role.councillor, 403), (Role.secretariat, 403)],
)
def test_only_administrators_change_a_body(client, db, make_user, login, role, expected):
    body = PoliticalBody(name="Teknik- og Miljøudvalget", kind=BodyKind.standing_committee)
    db.session.add(body)
    db.session.commit()
    if role is not None:
        login(make_user(role))
    base = f"/opsaetning/udvalg/{body.id}"
    assert client.get(base).status_code == expected
    for path in (base, base + "/medlemmer", base + "/aktiv", base + "/slet"):
        assert client.post(path, data={"name": "X", "kind": "council"}).status_code == expected
    assert client.post("/opsaetning/kommune/logo", data={}).status_code == expected
    db.session.expire_all()
    assert db.session.get(PoliticalBody, body.id).name == "Teknik- og Miljøudvalget"


def test_an_unknown_body_is_404(admin, client):
    assert client.get("/opsaetning/udvalg/999").status_code == 404
    assert client.post("/opsaetning/udvalg/999/slet").status_code == 404


def test_a_change_is_seen_by_the_next_task_without_a_restart(app, db, make_user, smtp_sink):
    """The worker reads the row per task: an e-mail after the change carries the new name."""
    admin = make_user(Role.administrator)
    setup.update_facts({**FACTS, "sender_name": "Borgerservice"}, admin)
    from workflows import accounts

    user = make_user(Role.citizen, password=None)
    accounts.send_invitation(user, admin)
    delivery.sweep()
    msg = smtp_sink[-1]
    assert (
        "Borgerservice" in str(msg["From"])
        and "Gentofte Kommune" in msg.get_body(preferencelist=("plain",)).get_content()
    )


def test_the_last_active_administrator_cannot_be_deactivated_or_demoted(admin, client, db):
    data = {"name": admin.name, "email": admin.email, "role": "administrator", "locale": "da"}
    resp = client.post(f"/brugere/{admin.id}", data={**data, "active": ""})
    assert resp.status_code == 200 and "eneste aktive administrator" in resp.get_data(as_text=True)
    resp = client.post(f"/brugere/{admin.id}", data={**data, "role": "secretariat", "active": "y"})
    assert "eneste aktive administrator" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert admin.active and admin.role is Role.administrator


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("web_url", "javascript://example.com/%0aalert(1)"),
        ("accessibility_url", "data://text/html,x"),
        ("name", "Gentofte\r\nBcc: alle@example.dk"),
        ("sender_name", "X\nY"),
    ],
)
def test_no_script_address_or_header_break_gets_in(admin, client, db, field, value):
    resp = client.post("/opsaetning/kommune", data={**FACTS, field: value})
    assert resp.status_code == 400
    assert db.session.get(Municipality, 1) is None


def test_closing_days_are_shown_in_words_and_capped(admin, client, db):
    client.post("/opsaetning/lukkedage", data={"days": "12-24\n2027-05-07"})
    page = client.get("/opsaetning/lukkedage").get_data(as_text=True)
    assert "24. december hvert år" in page and "7. maj 2027" in page
    every_day = "\n".join(f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29))
    resp = client.post("/opsaetning/lukkedage", data={"days": every_day})
    assert resp.status_code == 400 and "Højst 60" in resp.get_data(as_text=True)


def test_a_new_address_or_a_deactivation_kills_the_links_sent_before(app, db, make_user):
    from workflows import accounts, users

    admin = make_user(Role.administrator)
    person = make_user(Role.citizen, email="tasted@x.dk", password=None)
    with app.test_request_context():
        link = accounts.make_token(person, accounts.INVITE)
        users.update(
            person,
            name=person.name,
            email="typo-fixed@x.dk",
            role=person.role,
            locale="da",
            active=True,
            actor=admin,
        )
        assert accounts.load_token(link, accounts.INVITE) is None
        link = accounts.make_token(person, accounts.INVITE)
        users.update(
            person,
            name=person.name,
            email=person.email,
            role=person.role,
            locale="da",
            active=False,
            actor=admin,
        )
        users.update(
            person,
            name=person.name,
            email=person.email,
            role=person.role,
            locale="da",
            active=True,
            actor=admin,
        )
        assert accounts.load_token(link, accounts.INVITE) is None
        again = accounts.make_token(person, accounts.INVITE)
        accounts.send_invitation(person, admin)  # a new invitation replaces the old link
        assert accounts.load_token(again, accounts.INVITE) is None


def test_the_settings_row_being_unreachable_never_breaks_a_page(app, client, db):
    with db.engine.begin() as conn:
        conn.execute(db.text("DROP TABLE municipalities"))
    page = client.get("/")
    assert page.status_code == 200 and "Opgaveudvalg" in page.get_data(as_text=True)
