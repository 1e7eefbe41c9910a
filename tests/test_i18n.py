"""Danish by default, English on request; times shown in Copenhagen, stored in UTC."""

import email
import email.policy
from datetime import UTC, datetime

from flask_babel import force_locale, format_datetime

from committees.models import AuditEntry, CommitteeState, Role


def test_danish_by_default(client):
    resp = client.get("/konto/log-ind")
    assert '<html lang="da"' in resp.get_data(as_text=True)
    assert "Adgangskode" in resp.get_data(as_text=True)


def test_switch_to_english_for_an_anonymous_visitor(client):
    resp = client.post("/sprog", data={"language": "en", "next": "/konto/log-ind"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/konto/log-ind")
    page = client.get("/konto/log-ind").get_data(as_text=True)
    assert '<html lang="en-GB"' in page and "Password" in page


def test_language_is_remembered_on_the_account(client, make_user, login):
    user = make_user(Role.secretariat)
    login(user)
    client.post("/sprog", data={"language": "en", "next": "/overblik"})
    assert user.locale == "en"
    page = client.get("/overblik").get_data(as_text=True)
    assert '<html lang="en-GB"' in page


def test_language_switch_refuses_foreign_redirects_and_languages(client):
    resp = client.post("/sprog", data={"language": "en", "next": "https://evil.example/"})
    assert resp.headers["Location"] == "/"
    client.post("/sprog", data={"language": "xx", "next": "/"})
    assert '<html lang="en-GB"' in client.get("/").get_data(as_text=True)


def test_times_are_stored_in_utc_and_shown_in_copenhagen(
    app, db, make_committee, client, login, make_user
):
    c = make_committee(state=CommitteeState.working)
    # 31 October 2027, 00:30 UTC is 02:30 summer time, 1:30 after the change at 01:00 UTC.
    summer = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    winter = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    for at in (summer, winter):
        db.session.add(
            AuditEntry(action="committee.edited", object_type="Committee", committee_id=c.id, at=at)
        )
    db.session.commit()
    stored = db.session.scalars(db.select(AuditEntry.at).order_by(AuditEntry.at)).all()
    assert [s.utcoffset().total_seconds() for s in stored] == [0, 0]
    with app.test_request_context(), force_locale("da"):
        assert format_datetime(summer, "HH:mm") == "02:30"
        assert format_datetime(winter, "HH:mm") == "02:30"
    login(make_user(Role.secretariat))
    page = client.get(f"/arbejdsrum/{c.id}").get_data(as_text=True)
    assert "31.10.2027 02.30" in page or "31.10.2027 02:30" in page


def test_emails_are_rendered_in_the_recipients_language(app, make_user):
    from committees.mail import render_email
    from workflows.accounts import RESET, make_token

    user = make_user(Role.citizen, locale="en")
    with app.test_request_context():
        msg = render_email(
            user.email,
            "x",
            "reset_password",
            "en",
            user=user,
            link="http://x/" + make_token(user, RESET),
        )
    parsed = email.message_from_bytes(bytes(msg), policy=email.policy.default)  # as received
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert "password" in text.lower() and "adgangskode" not in text.lower()
