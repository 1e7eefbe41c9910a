"""Following by e-mail (confirmed through a real SMTP server on loopback, one-click
unsubscribe), following with an account, and the periodic "what became of our
recommendations" digest."""

# The fixtures come from the public-page tests; pytest passes them in by name.
# ruff: noqa: F811

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine

from committees.models import (
    CommitteeState,
    Decision,
    DecisionOutcome,
    DeliveryMode,
    Follow,
    Notice,
    ProgressUpdate,
)
from tasks.recommendations import send_committee_digests
from tests.test_recommendations_public import (  # noqa: F401 (fixtures)
    PEOPLE,
    add_trail,
    as_person,
    body,
    committee,
    hidden_rec,
    public_rec,
    show_url,
)
from workflows import delivery
from workflows.recommendations import audience, digest, follows

ANNA = "anna@test.example"


def rec_form(rec, email=ANNA, mode="immediate") -> dict:
    return {"target_type": "r", "target_id": str(rec.id), "email": email, "mode": mode}


def committee_form(committee, email=ANNA, mode="immediate") -> dict:
    return {"target_type": "c", "target_id": str(committee.id), "email": email, "mode": mode}


def follows_of(db) -> list[Follow]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Follow).order_by(Follow.id)))


def notices_of(db, kind: str) -> list[Notice]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Notice).filter_by(kind=kind).order_by(Notice.id)))


def mails_to(sink, address: str) -> list:
    return [m for m in sink if m["To"] == address]


def text_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def link(msg, word: str) -> str:
    urls = re.findall(r"https?://\S+", text_of(msg))
    (url,) = [u for u in urls if word in u]
    return urlsplit(url).path


def decide(db, rec, body, day: date, event: str = "1") -> int:
    """Tell the audience of a decision, as the decisions workflow does."""
    n = audience.tell(
        rec,
        "recommendation_decided",
        event,
        {
            "committee": rec.committee.name,
            "number": rec.number,
            "title": rec.title,
            "body": body.name,
            "outcome": DecisionOutcome.approved.name,
            "decided_on": day.isoformat(),
            "reason": "Godt forslag.",
        },
    )
    db.session.commit()
    return n


# --- following by e-mail, end to end ----------------------------------------------------------


def test_follow_confirm_hear_unsubscribe_in_one_click(db, app, client, public_rec, body, smtp_sink):
    resp = client.post("/foelg", data=rec_form(public_rec, email="Anna@Test.example"))
    assert resp.status_code == 302 and resp.location.endswith("/foelg/sendt")
    (f,) = follows_of(db)
    assert f.who == f"e:{ANNA}" and f.target == f"r:{public_rec.id}" and not f.is_confirmed
    delivery.sweep()
    (confirm_mail,) = mails_to(smtp_sink, ANNA)
    assert "Bekræft" in confirm_mail["Subject"]
    assert client.get(link(confirm_mail, "/foelg/bekraeft/")).status_code == 200
    assert follows_of(db)[0].is_confirmed

    assert decide(db, public_rec, body, date(2026, 5, 1)) >= 1
    delivery.sweep()
    told = mails_to(smtp_sink, ANNA)[-1]
    assert "har besluttet" in told["Subject"]
    unsubscribe = told["List-Unsubscribe"].strip().strip("<>")
    assert told["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text_of(told)

    app.config["WTF_CSRF_ENABLED"] = True  # the one-click POST carries no CSRF token
    path = urlsplit(unsubscribe).path
    resp = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert resp.status_code == 200 and "afmeldt" in resp.get_data(as_text=True)
    assert follows_of(db) == []
    before = len(mails_to(smtp_sink, ANNA))
    decide(db, public_rec, body, date(2026, 6, 1), event="2")
    delivery.sweep()
    assert len(mails_to(smtp_sink, ANNA)) == before
    assert client.post(path).status_code == 404  # a second click: friendly page, no error


def test_unsubscribe_page_asks_first(db, client, public_rec):
    client.post("/foelg", data=rec_form(public_rec))
    (f,) = follows_of(db)
    page = client.get(f"/foelg/afmeld/{f.token}")
    assert page.status_code == 200 and "Vil du afmelde dig?" in page.get_data(as_text=True)
    assert len(follows_of(db)) == 1


def test_same_answer_for_a_known_and_an_unknown_address(db, client, public_rec, smtp_sink):
    client.post("/foelg", data=rec_form(public_rec))
    follows.confirm(follows_of(db)[0])
    known = client.post("/foelg", data=rec_form(public_rec), follow_redirects=True)
    unknown = client.post(
        "/foelg", data=rec_form(public_rec, email="ny@test.example"), follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    delivery.sweep()
    already = mails_to(smtp_sink, ANNA)[-1]
    assert "allerede" in already["Subject"] and "/foelg/bekraeft/" not in text_of(already)
    assert len(follows_of(db)) == 2


def test_asking_is_limited_per_address_per_day(db, app, client, public_rec):
    app.config["FOLLOW_MAX_PER_EMAIL_PER_DAY"] = 3
    for _ in range(3):
        assert client.post("/foelg", data=rec_form(public_rec)).status_code == 302
    resp = client.post("/foelg", data=rec_form(public_rec))
    assert resp.status_code == 429 and "mange" in resp.get_data(as_text=True)
    assert len(notices_of(db, "follow_confirm")) == 3
    other = client.post("/foelg", data=rec_form(public_rec, email="bo@test.example"))
    assert other.status_code == 302


@pytest.mark.parametrize("token", ["garbled", "x" * 300, "eyJhIjoxfQ.abc.def", "%00", "a.b"])
def test_garbled_links_get_a_friendly_page(client, token):
    for path in (f"/foelg/bekraeft/{token}", f"/foelg/afmeld/{token}"):
        resp = client.get(path)
        assert resp.status_code == 404 and "Linket virker ikke" in resp.get_data(as_text=True)
    assert client.post(f"/foelg/afmeld/{token}").status_code == 404


def test_an_expired_confirmation_link_gets_a_friendly_page(db, client, public_rec):
    client.post("/foelg", data=rec_form(public_rec))
    (f,) = follows_of(db)
    token = follows.confirm_token(f)
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        resp = client.get(f"/foelg/bekraeft/{token}")
    assert resp.status_code == 404 and "Linket virker ikke" in resp.get_data(as_text=True)
    assert not follows_of(db)[0].is_confirmed
    assert client.get(f"/foelg/bekraeft/{token}").status_code == 200


def test_a_target_not_public_cannot_be_followed(db, client, hidden_rec, committee):
    assert client.post("/foelg", data=rec_form(hidden_rec)).status_code == 404
    assert (
        client.post("/foelg", data={**rec_form(hidden_rec), "target_id": "999"}).status_code == 404
    )
    assert (
        client.post("/foelg", data={**rec_form(hidden_rec), "target_type": "x"}).status_code == 404
    )
    committee.state = CommitteeState.mandate_draft
    db.session.commit()
    assert client.post("/foelg", data=committee_form(committee)).status_code == 404
    assert follows_of(db) == []


@pytest.mark.parametrize("email", ["", "ikke-en-adresse", "a@" + "b" * 260 + ".dk"])
def test_bad_address_re_renders_with_the_input(db, client, public_rec, email):
    resp = client.post("/foelg", data=rec_form(public_rec, email=email))
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "Der er problemer" in page and (email[:20] in page)
    assert follows_of(db) == []


def test_digest_only_follower_is_not_told_at_once(db, client, public_rec, body):
    client.post("/foelg", data=rec_form(public_rec, mode="digest"))
    (f,) = follows_of(db)
    assert f.mode is not DeliveryMode.immediate
    follows.confirm(f)
    decide(db, public_rec, body, date(2026, 5, 1))
    assert [n.to_email for n in notices_of(db, "recommendation_decided")] == ["", ""]


# --- following with an account ----------------------------------------------------------------


def test_account_follow_toggle_with_csrf(db, app, client, people, login, public_rec):
    login(people["citizen"])
    app.config["WTF_CSRF_ENABLED"] = True
    url = show_url(public_rec) + "/foelg"
    assert client.post(url).status_code == 400
    page = client.get(show_url(public_rec)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    (f,) = follows_of(db)
    assert f.who == f"u:{people['citizen'].id}" and f.is_confirmed and f.email is None
    assert "Følg ikke længere" in client.get(show_url(public_rec)).get_data(as_text=True)
    client.post(url, data={"csrf_token": token})
    assert follows_of(db) == []


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("target", ["committee", "rec"])
def test_follow_toggle_for_each_kind_of_person(who, target, db, client, people, login, public_rec):
    as_person(people, login, client, who)
    base = show_url(public_rec) if target == "rec" else f"/udvalg/{public_rec.committee_id}"
    resp = client.post(base + "/foelg")
    assert resp.status_code == 302
    if who == "anonymous":
        assert "/konto/log-ind" in resp.location and follows_of(db) == []
    else:
        (f,) = follows_of(db)
        assert f.user_id == people[who].id


@pytest.mark.parametrize("who", PEOPLE)
def test_follow_by_email_for_each_kind_of_person(who, db, client, people, login, public_rec):
    as_person(people, login, client, who)
    assert client.post("/foelg", data=committee_form(public_rec.committee)).status_code == 302
    assert len(follows_of(db)) == 1


@pytest.mark.parametrize("who", PEOPLE)
def test_toggle_on_hidden_is_404(who, client, people, login, hidden_rec):
    as_person(people, login, client, who)
    resp = client.post(show_url(hidden_rec) + "/foelg")
    assert resp.status_code == (302 if who == "anonymous" else 404)


def test_account_follower_is_told_of_a_decision(db, client, people, login, public_rec, body):
    login(people["citizen"])
    client.post(show_url(public_rec) + "/foelg")
    decide(db, public_rec, body, date(2026, 5, 1))
    recipients = {n.recipient_id for n in notices_of(db, "recommendation_decided")}
    assert people["citizen"].id in recipients and people["member"].id in recipients


# --- the periodic digest ----------------------------------------------------------------------


def _record_update(db, rec, when: datetime) -> None:
    action = rec.actions[0]
    action.updates.append(
        ProgressUpdate(
            written_on=when.date(), text="Nyt", status=action.status, progress=50, created_at=when
        )
    )
    db.session.commit()


@pytest.fixture
def followed(db, client, public_rec):
    """An e-mail follower of the committee (digest only) and one of the recommendation."""
    client.post("/foelg", data=committee_form(public_rec.committee, mode="digest"))
    client.post("/foelg", data=rec_form(public_rec, email="bo@test.example"))
    for f in follows_of(db):
        follows.confirm(f)
    return public_rec


def test_digest_runs_twice_and_sends_once(db, app, followed, people, smtp_sink):
    days = app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    now = datetime.combine(digest.EPOCH + timedelta(days=days * 40 + 3), datetime.min.time(), UTC)
    _record_update(db, followed, now - timedelta(days=days))
    with time_machine.travel(now):
        first = send_committee_digests()
        second = send_committee_digests()
    assert first > 0 and second == 0
    sent = notices_of(db, digest.KIND)
    assert len(sent) == first
    to = sorted(n.to_email or str(n.recipient_id) for n in sent)
    assert ANNA in to and "bo@test.example" not in to  # committee followers only
    assert str(people["member"].id) in to and str(people["facilitator"].id) in to
    with time_machine.travel(now + timedelta(minutes=1)):
        delivery.sweep()
    (mail,) = [m for m in mails_to(smtp_sink, ANNA) if "Bekræft" not in m["Subject"]]
    assert "Hvad blev der af vores anbefalinger?" in mail["Subject"]
    assert followed.title in text_of(mail) and mail["List-Unsubscribe"]


def test_no_digest_when_nothing_happened(db, app, followed):
    days = app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    now = datetime.combine(digest.EPOCH + timedelta(days=days * 40 + 3), datetime.min.time(), UTC)
    _record_update(db, followed, now - timedelta(days=3 * days))
    with time_machine.travel(now):
        assert send_committee_digests() == 0
    with time_machine.travel(now - timedelta(days=2 * days)):  # the period after the update
        assert send_committee_digests() > 0


def test_an_agenda_alone_is_worth_a_digest(db, app, followed):
    """The period's only news: a recommendation went on a political agenda (became public)."""
    days = app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    now = datetime.combine(digest.EPOCH + timedelta(days=days * 40 + 3), datetime.min.time(), UTC)
    followed.public_since = now - timedelta(days=days * 3)
    db.session.commit()
    with time_machine.travel(now):
        assert send_committee_digests() == 0
    followed.public_since = now - timedelta(days=days)
    db.session.commit()
    with time_machine.travel(now + timedelta(hours=1)):
        assert send_committee_digests() > 0


@pytest.mark.parametrize("state", [CommitteeState.dissolved, CommitteeState.evaluated])
def test_a_dissolved_committee_still_gets_digests(db, app, followed, state, body):
    followed.committee.state = state
    days = app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    now = datetime.combine(digest.EPOCH + timedelta(days=days * 41 + 1), datetime.min.time(), UTC)
    followed.decisions.append(
        Decision(
            body=body,
            decided_on=(now - timedelta(days=5)).date(),
            outcome=DecisionOutcome.noted,
            recorded_at=now - timedelta(days=5),
        )
    )
    db.session.commit()
    with time_machine.travel(now):
        assert send_committee_digests() > 0


def test_digest_leaves_out_what_is_not_public(db, app, followed, hidden_rec):
    days = app.config["RECOMMENDATIONS_DIGEST_DAYS"]
    now = datetime.combine(digest.EPOCH + timedelta(days=days * 40 + 3), datetime.min.time(), UTC)
    _record_update(db, followed, now - timedelta(days=days))
    with time_machine.travel(now):
        send_committee_digests()
    for n in notices_of(db, digest.KIND):
        assert [i["title"] for i in n.context["items"]] == [followed.title]
