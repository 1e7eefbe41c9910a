"""Public recruitment: the call on the committee page, the application form, confirming by
e-mail (through a real SMTP server on loopback), replacing an application, withdrawing it."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine

from committees.models import (
    Application,
    ApplicationStatus,
    CommitteeState,
    CompetenceProfile,
    Notice,
    Role,
)
from committees.models.base import utcnow
from workflows import delivery, recruitment
from workflows.recruitment import ANSWER_MAX, MOTIVATION_MAX, CallData

CONSENT = "Jeg giver samtykke til, at kommunen behandler mine oplysninger."
PUBLISH = "Hvis jeg bliver udpeget, må mit navn stå på siden."
QUESTION = "Hvad er din erfaring med kysten?"


@pytest.fixture
def committee(db, make_committee):
    c = make_committee(CommitteeState.recruiting, name="Kystudvalget")
    c.approved_mandate.purpose = "Udvalget skal give råd om **kystsikring**."
    c.approved_mandate.competence_profiles = [
        CompetenceProfile(position=1, name="Ung under 30", description="Du er *ung*."),
        CompetenceProfile(position=2, name="Forælder", description=""),
    ]
    db.session.commit()
    return c


def _call_data(committee, **changes) -> CallData:
    now = utcnow()
    data = {
        "seats": 2,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=14),
        "meetings": 6,
        "period": "januar til juni 2027",
        "place": "Rådhuset, mødesal 2",
        "consent_text": CONSENT,
        "publish_consent_text": PUBLISH,
        "questions": [QUESTION],
        "profile_ids": [p.id for p in committee.approved_mandate.competence_profiles],
        "tell_applicants_of_extension": False,
    }
    data.update(changes)
    return CallData(**data)


@pytest.fixture
def staff(make_user):
    return make_user(Role.secretariat)


@pytest.fixture
def call(committee, staff):
    return recruitment.open_call(committee, _call_data(committee), staff)


def form(call, **changes) -> dict:
    """A valid application; a change to None leaves the field out."""
    data = {
        "name": "Anna Borger",
        "email": "anna@test.example",
        "phone": "12 34 56 78",
        "age_band": "18_29",
        "postal_code": "8000",
        "gender": "woman",
        "profiles": [str(call.profiles[0].id)],
        "motivation": "Jeg bor ved kysten og vil gerne hjælpe.",
        "answer_0": "Jeg sejler hver sommer.",
        "consent": "y",
        "publish_name": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def apply_url(call) -> str:
    return f"/udvalg/{call.committee_id}/ansoeg"


def applications(db) -> list[Application]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Application).order_by(Application.id)))


def notices_of(db, kind: str) -> list[Notice]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Notice).filter_by(kind=kind).order_by(Notice.id)))


def mails_to(sink, address: str) -> list:
    return [m for m in sink if m["To"] == address]


def part(msg, subtype: str) -> str:
    return msg.get_body(preferencelist=(subtype,)).get_content()


def link(msg, word: str) -> str:
    """The path of the link in the e-mail's text part whose path contains `word`."""
    urls = re.findall(r"https?://\S+", part(msg, "plain"))
    (url,) = [u for u in urls if word in u]
    return urlsplit(url).path


# --- the call on the public page ------------------------------------------------------------


def test_public_page_shows_the_open_call_and_the_button(client, call):
    page = client.get(f"/udvalg/{call.committee_id}").get_data(as_text=True)
    assert "Søg om at deltage" in page and apply_url(call) in page
    assert "Rådhuset, mødesal 2" in page and "januar til juni 2027" in page
    assert "Cirka 6 møder" in page and "Ung under 30" in page and "<em>ung</em>" in page
    assert "Ansøgningsfrist" in page


def test_public_page_has_no_button_without_an_open_call(client, db, committee, call):
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(f"/udvalg/{committee.id}").get_data(as_text=True)
    assert apply_url(call) not in page


def test_form_shows_the_call_and_every_field(client, call):
    resp = client.get(apply_url(call))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<strong>kystsikring</strong>" in page  # the mandate's purpose
    assert "Hvordan gør vi det bedre?" in page  # the mandate's task questions
    assert "Rådhuset, mødesal 2" in page and "Ung under 30" in page and "Forælder" in page
    for name in ("name", "email", "phone", "age_band", "postal_code", "motivation", "answer_0"):
        assert f'name="{name}"' in page and f'for="{name}"' in page
    assert QUESTION in page and CONSENT in page and PUBLISH in page
    assert "Ønsker ikke at oplyse" in page and "18–29 år" in page
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot


# --- applying, confirming, replacing, withdrawing -------------------------------------------


def test_apply_confirm_and_withdraw_end_to_end(client, db, call, smtp_sink):
    resp = client.post(apply_url(call), data=form(call))
    assert resp.status_code == 302
    sent = client.get(resp.headers["Location"])
    assert "Tjek din e-mail for at bekræfte" in sent.get_data(as_text=True)
    (a,) = applications(db)
    assert a.status is ApplicationStatus.unconfirmed and a.name == "Anna Borger"
    assert a.postal_code == "8000" and a.age_band.value == "18_29" and a.gender.value == "woman"
    assert [p.name for p in a.profiles] == ["Ung under 30"] and a.publish_name
    assert a.answers == [{"question": QUESTION, "answer": "Jeg sejler hver sommer."}]
    assert a.consent_text == CONSENT and a.locale == "da"
    assert len(notices_of(db, "application_confirm")) == 1

    delivery.sweep()
    (mail,) = mails_to(smtp_sink, "anna@test.example")
    confirm = link(mail, "/ansoegning/bekraeft/")
    page = client.get(confirm)
    assert page.status_code == 200 and "Din ansøgning er modtaget" in page.get_data(as_text=True)
    (a,) = applications(db)
    assert a.status is ApplicationStatus.received and a.confirmed_at is not None
    assert len(notices_of(db, "application_received")) == 1

    again = client.get(confirm)  # the link opened twice (or by a mail scanner first)
    assert again.status_code == 200 and "Din ansøgning er modtaget" in again.get_data(as_text=True)
    assert len(notices_of(db, "application_received")) == 1

    delivery.sweep()
    received = mails_to(smtp_sink, "anna@test.example")[-1]
    withdraw = link(received, "/ansoegning/traek-tilbage/")
    ask = client.get(withdraw)
    text = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Træk min ansøgning tilbage" in text
    assert 'method="post"' in text and applications(db)  # a GET changes nothing
    done = client.post(withdraw)
    assert done.status_code == 200
    assert "dine oplysninger er slettet" in done.get_data(as_text=True)
    assert applications(db) == []
    assert client.get(withdraw).status_code == 404 and client.post(withdraw).status_code == 404


def test_a_second_application_replaces_the_first_once_confirmed(client, db, call, smtp_sink):
    client.post(apply_url(call), data=form(call))
    delivery.sweep()
    client.get(link(mails_to(smtp_sink, "anna@test.example")[0], "/bekraeft/"))
    (first,) = applications(db)

    changed = form(
        call,
        email="Anna@Test.example",
        motivation="Ny motivation.",
        profiles=[str(call.profiles[1].id)],
        gender="undisclosed",
        publish_name=None,
    )
    resp = client.post(apply_url(call), data=changed)
    assert resp.status_code == 302  # the same page as a first application: nothing revealed
    assert len(applications(db)) == 2  # the new one waits for its confirmation
    delivery.sweep()
    update_mail = [
        m for m in mails_to(smtp_sink, "anna@test.example") if "Bekræft" in m["Subject"]
    ][-1]
    assert "ny udgave" in part(update_mail, "plain")
    assert client.get(link(update_mail, "/bekraeft/")).status_code == 200

    (kept,) = applications(db)
    assert kept.id == first.id and kept.status is ApplicationStatus.received
    assert kept.motivation == "Ny motivation." and kept.gender.value == "undisclosed"
    assert [p.name for p in kept.profiles] == ["Forælder"] and not kept.publish_name


def test_an_application_made_in_english_gets_english_mail(client, db, call, smtp_sink):
    client.post("/sprog", data={"language": "en", "next": "/"})
    assert client.get(apply_url(call)).status_code == 200
    assert client.post(apply_url(call), data=form(call)).status_code == 302
    (a,) = applications(db)
    assert a.locale == "en"


# --- bad input ------------------------------------------------------------------------------

BAD = [
    ("name", {"name": ""}, "Skriv dit navn."),
    ("name", {"name": "   "}, "Skriv dit navn."),
    ("name", {"name": "x" * 201}, "200 tegn"),
    ("email", {"email": "ikke-en-adresse"}, "gyldig e-mailadresse"),
    ("email", {"email": None}, "Skriv din e-mail."),
    ("phone", {"phone": "ring til mig"}, "med tal"),
    ("postal_code", {"postal_code": "12a4"}, "4 cifre"),
    ("postal_code", {"postal_code": "123"}, "4 cifre"),
    ("postal_code", {"postal_code": "١٢٣٤"}, "4 cifre"),  # Arabic-Indic digits are not Danish
    ("motivation", {"motivation": "x" * (MOTIVATION_MAX + 1)}, "højst 2000 tegn"),
    ("motivation", {"motivation": ""}, "hvorfor du vil være med"),
    ("answer_0", {"answer_0": "x" * (ANSWER_MAX + 1)}, "højst 1000 tegn"),
    ("consent", {"consent": None}, "samtykke"),
    ("consent", {"consent": "false"}, "samtykke"),
    ("profiles", {"profiles": ["999999"]}, "gyldig"),
    ("profiles", {"profiles": ["abc"]}, "Ugyldigt valg"),
    ("age_band", {"age_band": "200_300"}, "gyldigt valg"),
    ("age_band", {"age_band": ""}, "aldersgruppe"),
    ("gender", {"gender": "<script>"}, "Vælg en af mulighederne"),
]


@pytest.mark.parametrize(("field", "change", "message"), BAD)
def test_bad_input_is_refused_on_the_form_with_the_input_kept(
    client, db, call, field, change, message
):
    data = form(call, **change)
    resp = client.post(apply_url(call), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert message.lower() in page.lower()
    assert f'href="#{field}"' in page  # the error summary links to the field
    if field != "name":
        assert 'value="Anna Borger"' in page
    if field != "motivation":
        assert data["motivation"] in page
    assert applications(db) == []


def test_empty_gender_and_no_profiles_are_fine(client, db, call):
    resp = client.post(apply_url(call), data=form(call, gender=None, profiles=None, phone=""))
    assert resp.status_code == 302
    (a,) = applications(db)
    assert a.gender is None and a.profiles == [] and a.phone == ""


def test_garbage_never_gives_a_500(client, db, call):
    junk = [
        {},
        {"name": "\x00\x01", "email": "\x00@x.dk", "motivation": "\x00"},
        {"age_band": ["a", "b"], "gender": ["woman", "man"], "profiles": ["1", "1", "-5"]},
        {"answer_0": "x", "answer_7": "y", "consent": "y" * 5000},
        {**form(call), "postal_code": "8000\n", "email": "anna@test.example\n"},
        {**form(call), "profiles": ["99999999999999999999999"]},
    ]
    for data in junk:
        assert client.post(apply_url(call), data=data).status_code in (200, 302)


def test_control_characters_are_dropped(client, db, call):
    resp = client.post(apply_url(call), data=form(call, name="An\x00na\x07", motivation="Hej\x00"))
    assert resp.status_code == 302
    (a,) = applications(db)
    assert a.name == "Anna" and a.motivation == "Hej"


def test_the_per_address_limit_of_the_workflow_is_shown_on_the_form(client, db, app, call):
    app.config["RECRUITMENT_MAX_PER_EMAIL_PER_DAY"] = 1
    assert client.post(apply_url(call), data=form(call)).status_code == 302
    resp = client.post(apply_url(call), data=form(call))
    assert resp.status_code == 200 and "mange ansøgninger" in resp.get_data(as_text=True)
    assert len(applications(db)) == 1


def test_honeypot_pretends_success_and_stores_nothing(client, db, call):
    resp = client.post(apply_url(call), data=form(call, website="http://spam.example"))
    assert resp.status_code == 302
    assert "Tjek din e-mail" in client.get(resp.headers["Location"]).get_data(as_text=True)
    assert applications(db) == [] and notices_of(db, "application_confirm") == []


def test_html_is_escaped_on_pages_and_in_the_email(client, db, call, smtp_sink):
    evil = "<b>Anna</b><script>alert(1)</script>"
    resp = client.post(apply_url(call), data=form(call, name=evil, motivation=evil))
    assert resp.status_code == 302
    delivery.sweep()
    (mail,) = mails_to(smtp_sink, "anna@test.example")
    html = part(mail, "html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    # Kept on a re-rendered form, escaped too.
    page = client.post(apply_url(call), data=form(call, name=evil, postal_code="x")).get_data(
        as_text=True
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


# --- closed, hidden, forged ------------------------------------------------------------------


def test_a_closed_call_shows_the_closed_page_and_refuses_a_post(client, db, call):
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client.get(apply_url(call))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Der er lukket for ansøgninger" in text and 'name="motivation"' not in text
    post = client.post(apply_url(call), data=form(call))
    assert post.status_code == 200 and "Der er lukket for ansøgninger" in post.get_data(
        as_text=True
    )
    assert applications(db) == []


def test_a_call_not_yet_open_says_when_it_opens(client, db, call):
    call.opens_at = utcnow() + timedelta(days=2)
    db.session.commit()
    text = client.get(apply_url(call)).get_data(as_text=True)
    assert "ikke åbnet for ansøgninger endnu" in text and 'name="motivation"' not in text


def test_confirming_after_the_deadline_is_refused_with_a_message(client, db, call, smtp_sink):
    client.post(apply_url(call), data=form(call))
    delivery.sweep()
    confirm = link(mails_to(smtp_sink, "anna@test.example")[0], "/bekraeft/")
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    recruitment.close_due_calls()
    resp = client.get(confirm)
    assert resp.status_code == 409 and "Fristen er overskredet" in resp.get_data(as_text=True)
    (a,) = applications(db)
    assert a.status is ApplicationStatus.unconfirmed


def test_no_form_for_a_committee_that_is_not_public_or_has_no_call(
    client, db, make_committee, committee, staff
):
    idea = make_committee(CommitteeState.idea)
    assert client.get(f"/udvalg/{idea.id}/ansoeg").status_code == 404
    assert client.post(f"/udvalg/{idea.id}/ansoeg", data={}).status_code == 404
    assert client.get(f"/udvalg/{committee.id}/ansoeg").status_code == 404  # no call yet
    assert client.get("/udvalg/999999/ansoeg").status_code == 404


def test_a_committee_hidden_again_hides_its_call(client, db, committee, call):
    committee.state = CommitteeState.mandate_draft  # as a test fixture, not a transition
    db.session.commit()
    assert client.get(apply_url(call)).status_code == 404


def test_forged_expired_and_crossed_tokens_are_not_accepted(client, db, app, call):
    client.post(apply_url(call), data=form(call))
    (a,) = applications(db)
    withdraw_token = recruitment.token_for(a, recruitment.WITHDRAW)
    confirm_token = recruitment.token_for(a, recruitment.CONFIRM)
    for path in (
        "/ansoegning/bekraeft/forfalsket",
        "/ansoegning/bekraeft/" + confirm_token[:-2] + "xx",
        "/ansoegning/bekraeft/" + withdraw_token,  # a withdrawal token does not confirm
        "/ansoegning/traek-tilbage/" + confirm_token,  # nor the other way round
        "/ansoegning/traek-tilbage/x",
    ):
        resp = client.get(path)
        assert resp.status_code == 404, path
        assert "Linket virker ikke" in resp.get_data(as_text=True)
    assert client.post("/ansoegning/traek-tilbage/x").status_code == 404
    with time_machine.travel(utcnow() + timedelta(days=8)):
        assert client.get("/ansoegning/bekraeft/" + confirm_token).status_code == 404
    (a,) = applications(db)
    assert a.status is ApplicationStatus.unconfirmed


# --- rate limit -----------------------------------------------------------------------------


def test_sent_applications_are_limited_per_address(client, db, app, call):
    app.config["RECRUITMENT_APPLY_RATE_LIMIT"] = "3 per hour"
    for i in range(3):
        resp = client.post(apply_url(call), data=form(call, email=f"p{i}@test.example"))
        assert resp.status_code == 302
    # The limit is used up: every POST is refused now, while the form itself still shows.
    assert client.post(apply_url(call), data=form(call, name="")).status_code == 429
    assert client.get(apply_url(call)).status_code == 200
    assert len(applications(db)) == 3


def test_mistakes_do_not_use_up_the_limit(client, db, app, call):
    app.config["RECRUITMENT_APPLY_RATE_LIMIT"] = "2 per hour"
    for _ in range(5):
        assert client.post(apply_url(call), data=form(call, name="")).status_code == 200
    assert client.post(apply_url(call), data=form(call)).status_code == 302


def test_withdrawing_erases_every_version_of_the_application(client, db, call, smtp_sink):
    """The link in the update's e-mail says "your data is erased": the first version goes too."""
    client.post(apply_url(call), data=form(call))
    delivery.sweep()
    client.get(link(mails_to(smtp_sink, "anna@test.example")[0], "/bekraeft/"))
    client.post(apply_url(call), data=form(call, motivation="Ny udgave."))
    delivery.sweep()
    update_mail = mails_to(smtp_sink, "anna@test.example")[-1]
    assert "ny udgave" in part(update_mail, "plain")
    assert len(applications(db)) == 2
    resp = client.post(link(update_mail, "/traek-tilbage/"))
    assert resp.status_code == 200 and applications(db) == []
    # The update's confirmation link now leads nowhere.
    assert client.get(link(update_mail, "/bekraeft/")).status_code == 404


def test_withdrawing_the_first_also_erases_an_update_waiting(client, db, call, smtp_sink):
    client.post(apply_url(call), data=form(call))
    delivery.sweep()
    client.get(link(mails_to(smtp_sink, "anna@test.example")[0], "/bekraeft/"))
    delivery.sweep()
    received = mails_to(smtp_sink, "anna@test.example")[-1]
    client.post(apply_url(call), data=form(call, motivation="Ny udgave."))
    delivery.sweep()
    update_mail = mails_to(smtp_sink, "anna@test.example")[-1]
    assert client.post(link(received, "/traek-tilbage/")).status_code == 200
    assert applications(db) == []
    assert client.get(link(update_mail, "/bekraeft/")).status_code == 404


def test_forms_carry_csrf_tokens_when_csrf_is_on(client, db, app, call):
    app.config["WTF_CSRF_ENABLED"] = True
    token_of = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
    page = client.get(apply_url(call)).get_data(as_text=True)
    assert client.post(apply_url(call), data=form(call)).status_code == 400
    resp = client.post(apply_url(call), data={**form(call), "csrf_token": token_of.search(page)[1]})
    assert resp.status_code == 302
    (a,) = applications(db)
    withdraw = "/ansoegning/traek-tilbage/" + recruitment.token_for(a, recruitment.WITHDRAW)
    assert client.post(withdraw).status_code == 400 and len(applications(db)) == 1
    csrf = token_of.search(client.get(withdraw).get_data(as_text=True))[1]
    assert client.post(withdraw, data={"csrf_token": csrf}).status_code == 200
    assert applications(db) == []
