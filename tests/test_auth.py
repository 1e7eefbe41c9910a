"""Login, server-side logout, rate limiting, invitations and password reset."""

import re
import time
from email import message_from_string, policy

from committees.models import Role, User
from tests.conftest import PASSWORD
from workflows import accounts, delivery


def _link(eml: str) -> str:
    msg = message_from_string(eml, policy=policy.default)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+(/konto/\S+)", text).group(1)


def test_login_page_renders(client):
    resp = client.get("/konto/log-ind")
    assert resp.status_code == 200 and "Log ind" in resp.get_data(as_text=True)


def test_login_success_and_wrong_password(client, make_user):
    user = make_user(Role.secretariat)
    bad = client.post("/konto/log-ind", data={"email": user.email, "password": "forkert"})
    assert bad.status_code == 200
    page = bad.get_data(as_text=True)
    assert "Forkert e-mail eller adgangskode" in page and user.email in page
    ok = client.post("/konto/log-ind", data={"email": user.email.upper(), "password": PASSWORD})
    assert ok.status_code == 302


def test_login_refuses_open_redirects(client, make_user):
    user = make_user(Role.secretariat)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        resp = client.post(
            "/konto/log-ind", data={"email": user.email, "password": PASSWORD, "next": target}
        )
        assert resp.headers["Location"].endswith("/arbejdsrum/")
        client.post("/konto/log-ud")


def test_inactive_and_passwordless_users_cannot_log_in(client, make_user):
    inactive = make_user(Role.citizen, active=False)
    invited = make_user(Role.citizen, password=None)
    for u in (inactive, invited):
        resp = client.post("/konto/log-ind", data={"email": u.email, "password": PASSWORD})
        assert resp.status_code == 200


def test_logout_invalidates_a_copied_session_cookie(app, make_user, login, client):
    user = make_user(Role.secretariat)
    login(user)
    stolen = client.get_cookie("session").value
    assert client.get("/overblik").status_code == 200
    client.post("/konto/log-ud")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    resp = thief.get("/overblik")
    assert resp.status_code == 302 and "/konto/log-ind" in resp.headers["Location"]


def test_messages_left_for_one_person_do_not_greet_the_next(client, make_user, login):
    login(make_user(Role.secretariat))
    with client.session_transaction() as s:  # a message not yet shown (e.g. it named someone)
        s["_flashes"] = [("success", "Ansøgningen fra Sofie Hansen er indstillet.")]
    client.post("/konto/log-ud")
    login(make_user(Role.citizen))
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Sofie Hansen" not in page


def test_logout_needs_post(client, make_user, login):
    login(make_user(Role.citizen))
    assert client.get("/konto/log-ud").status_code == 405


def test_login_is_rate_limited_with_a_clear_message(client, make_user):
    user = make_user(Role.citizen)
    codes = [
        client.post("/konto/log-ind", data={"email": user.email, "password": "x"}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [200] * 5 and codes[5] == 429
    resp = client.post("/konto/log-ind", data={"email": user.email, "password": PASSWORD})
    assert resp.status_code == 429
    assert "For mange" in resp.get_data(as_text=True)


def test_forgot_password_sends_a_single_use_link(client, make_user, outbox):
    user = make_user(Role.citizen)
    resp = client.post("/konto/glemt-adgangskode", data={"email": user.email})
    assert resp.status_code == 302
    path = _link(outbox()[-1])
    assert client.get(path).status_code == 200
    new = "en helt ny og lang adgangskode"
    resp = client.post(path, data={"password": new, "confirm": new})
    assert resp.status_code == 302
    assert (
        client.post("/konto/log-ind", data={"email": user.email, "password": new}).status_code
        == 302
    )
    client.post("/konto/log-ud")
    again = client.get(path)
    assert again.status_code == 302 and "glemt-adgangskode" in again.headers["Location"]


def test_forgot_password_says_the_same_for_unknown_addresses(client, outbox):
    resp = client.post("/konto/glemt-adgangskode", data={"email": "ingen@test.example"})
    assert resp.status_code == 302 and outbox() == []


def test_reset_password_form_errors_keep_the_page(client, make_user, app):
    user = make_user(Role.citizen)
    with app.test_request_context():
        token = accounts.make_token(user, accounts.RESET)
    resp = client.post(f"/konto/nulstil/{token}", data={"password": "kort", "confirm": "andet"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "12" in page and "ikke ens" in page


def test_tampered_and_expired_tokens_are_refused(client, make_user, app):
    user = make_user(Role.citizen)
    with app.test_request_context():
        token = accounts.make_token(user, accounts.RESET)
    assert client.get(f"/konto/nulstil/{token}x").status_code == 302
    assert client.get(f"/konto/invitation/{token}").status_code == 302  # wrong purpose
    app.config["RESET_MAX_AGE"] = app.config["RESET_MAX_AGE"] * 0
    time.sleep(1.1)
    assert client.get(f"/konto/nulstil/{token}").status_code == 302


def test_invitation_sets_the_first_password(client, make_user, outbox, login, db):
    admin = make_user(Role.secretariat)
    login(admin)
    resp = client.post(
        "/brugere/ny",
        data={"name": "Ny Borger", "email": "ny@test.example", "role": "citizen", "locale": "da"},
    )
    assert resp.status_code == 302
    client.post("/konto/log-ud")
    delivery.sweep()  # the invitation goes through the outbox
    eml = outbox()[-1]
    assert "ny@test.example" in eml
    path = _link(eml)
    pw = "min egen adgangskode her"
    assert client.post(path, data={"password": pw, "confirm": pw}).status_code == 302
    assert User.by_email("ny@test.example").has_password
    assert client.get(path).status_code == 302  # used once


def test_mail_goes_to_smtp_when_configured(client, make_user, smtp_sink, outbox):
    user = make_user(Role.citizen, locale="en")
    client.post("/konto/glemt-adgangskode", data={"email": user.email})
    for _ in range(50):
        if smtp_sink:
            break
        time.sleep(0.05)
    assert len(smtp_sink) == 1 and outbox() == []
    msg = smtp_sink[0]
    assert msg["To"] == user.email and msg["Message-ID"]
    assert msg.is_multipart()
