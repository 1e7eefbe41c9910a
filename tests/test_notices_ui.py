"""The notices pages: inbox, preferences, failed deliveries, the committee's log, e-mails.

Every notices route × people in the style of test_route_permissions, then the pages' behaviour
through the real workflows (notify, plan, sweep, record_decision); nothing is mocked. Editing
reminder moments is in test_notices_policies_ui.
"""

import email
import email.policy
import socket
from datetime import timedelta

import pytest
import time_machine

from committees.models import (
    ApprovalOutcome,
    BodyKind,
    CommitteeState,
    DeliveryMode,
    Notice,
    NoticePreference,
    NoticeStatus,
    Role,
)
from committees.models.base import local_today, utcnow
from workflows import delivery, notices
from workflows import mandate as mandate_flow

PEOPLE = [
    "anonymous",
    "citizen",
    "councillor",
    "secretariat",
    "admin",
    "member",
    "facilitator",
    "outsider",
]
LOGIN = 302


def _expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PEOPLE, default)
    table.update(overrides)
    return table


SIGNED_IN = _expect(200, anonymous=LOGIN)
SIGNED_IN_REDIRECT = _expect(302)
STAFF_ONLY = _expect(403, anonymous=LOGIN, secretariat=200, admin=200)
STAFF_ONLY_COMMITTEE = _expect(
    403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=200, admin=200
)
POLICY = "composition_incomplete"

ROUTES = [
    ("GET", "/varsler/", None, SIGNED_IN),
    ("GET", "/varsler/indstillinger", None, SIGNED_IN),
    ("POST", "/varsler/indstillinger", {"kind_committee_phase": "daily"}, SIGNED_IN_REDIRECT),
    ("POST", "/varsler/{own}/laest", {}, SIGNED_IN_REDIRECT),
    ("POST", "/varsler/laest", {}, SIGNED_IN_REDIRECT),
    ("GET", "/varsler/paamindelser", None, STAFF_ONLY),
    ("GET", f"/varsler/paamindelser/{POLICY}", None, STAFF_ONLY),
    ("GET", "/varsler/paamindelser/ukendt", None, {**STAFF_ONLY, "secretariat": 404, "admin": 404}),
    ("GET", f"/varsler/udvalg/{{c}}/paamindelser/{POLICY}", None, STAFF_ONLY_COMMITTEE),
    # An empty POST is a form with errors (the first moment is required): 200 for staff.
    ("POST", f"/varsler/udvalg/{{c}}/paamindelser/{POLICY}", {}, STAFF_ONLY_COMMITTEE),
    ("POST", "/varsler/{failed}/gensend", {}, {**STAFF_ONLY, "secretariat": 302, "admin": 302}),
]

CASES = [
    pytest.param(method, url, data, person, table[person], id=f"{method} {url} as {person}")
    for method, url, data, table in ROUTES
    for person in PEOPLE
]


def _phase_notice(user, committee, due_at=None, key="") -> int:
    """An FYI notice (the committee moved on) to `user`, written as the workflow does."""
    notice_id = notices.notify(
        user,
        "committee_phase",
        key=notices.dedupe_key("test-phase", committee.id, user.id, key),
        subject=committee,
        committee_id=committee.id,
        context={
            "committee": committee.name,
            "state": committee.state.name,
            "comment": "",
            "link": {"committee_id": committee.id},
        },
        due_at=due_at,
    )
    return notice_id


def _failed_notice(db, app, user, committee) -> Notice:
    """A notice that failed for real: SMTP on a closed port, one attempt allowed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    notice_id = _phase_notice(user, committee, key="failing")
    db.session.commit()
    saved = {k: app.config[k] for k in ("MAIL_SERVER", "MAIL_PORT", "NOTICE_MAX_ATTEMPTS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port, NOTICE_MAX_ATTEMPTS=1)
    try:
        result = delivery.sweep()
    finally:
        app.config.update(saved)
    assert result.failed == 1
    notice = db.session.get(Notice, notice_id)
    assert notice.status is NoticeStatus.failed and notice.last_error
    return notice


@pytest.fixture
def world(people, db, app):
    """`people` plus one failed notice, then one (undelivered) notice of each person's own."""
    c = people["committee"]
    people["failed"] = _failed_notice(db, app, people["member"], c)
    own = {}
    for person in PEOPLE[1:]:
        own[person] = _phase_notice(people[person], c)
    db.session.commit()
    people["own"] = own
    return people


@pytest.mark.parametrize(("method", "url", "data", "person", "expected"), CASES)
def test_route_access(method, url, data, person, expected, world, login, client):
    path = url.format(
        c=world["committee"].id,
        own=world["own"].get(person, 0),
        failed=world["failed"].id,
    )
    if world[person] is not None:
        login(world[person])
    resp = client.get(path) if method == "GET" else client.post(path, data=data)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]
    if expected == LOGIN and person == "anonymous":
        assert "/konto/log-ind" in resp.headers["Location"]


def test_nobody_marks_another_persons_notice(world, login, client, db):
    login(world["citizen"])
    theirs = world["own"]["member"]
    assert client.post(f"/varsler/{theirs}/laest").status_code == 404
    assert client.post("/varsler/99999/laest").status_code == 404
    assert db.session.get(Notice, theirs).read_at is None


def test_committee_policy_page_is_404_for_an_unknown_committee_or_kind(world, login, client):
    login(world["secretariat"])
    assert client.get(f"/varsler/udvalg/99999/paamindelser/{POLICY}").status_code == 404
    assert client.get(f"/varsler/udvalg/{world['committee'].id}/paamindelser/x").status_code == 404
    assert client.post("/varsler/99999/gensend").status_code == 404


# --- the inbox ------------------------------------------------------------------------------


def _sections(page: str) -> tuple[str, str]:
    """(the "Kræver handling" section, the "Til orientering" section) of the inbox."""
    actions = page.split('id="actions-heading"', 1)[1].split('id="info-heading"', 1)[0]
    info = page.split('id="info-heading"', 1)[1].split("</main>", 1)[0]
    return actions, info


def _unread_badge(page: str) -> str:
    """The header's screen-reader text for the unread count ("" when there is none)."""
    marker = 'class="badge nav-badge" aria-hidden="true">'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split("</span>", 1)[0]


@pytest.fixture
def submitted(make_committee, make_user, make_body):
    """A committee whose mandate is with the politicians; the secretariat is reminded."""
    staff = make_user(Role.secretariat, name="Sara Sekretær")
    c = make_committee(state=CommitteeState.mandate_draft, approved=False, name="Byliv")
    v = c.latest_mandate
    mandate_flow.save_draft(
        v,
        mandate_flow.MandateContent(
            {
                "title": "Byliv",
                "background": "Bymidten mangler liv.",
                "purpose": "At skabe byliv.",
                "start_date": local_today() + timedelta(days=120),
                "end_date": local_today() + timedelta(days=400),
            },
            ["Hvad skaber liv i byen?"],
            ["Anbefalinger"],
            [],
        ),
        staff,
        "draft",
    )
    mandate_flow.submit(v, staff, "draft")  # plans the "decision pending" reminder
    make_body("Kommunalbestyrelsen", BodyKind.council)
    return staff, c, v


def test_inbox_splits_action_and_information_and_drops_done_actions(
    submitted, db, client, login, make_body
):
    staff, c, v = submitted
    reminder = db.session.scalar(db.select(Notice).where(Notice.kind == "mandate_decision_pending"))
    assert reminder.recipient_id == staff.id and reminder.status is NoticeStatus.pending
    _phase_notice(staff, c)
    db.session.commit()
    with time_machine.travel(reminder.due_at + timedelta(hours=1), tick=True):
        delivery.sweep()
        login(staff)
        page = client.get("/varsler/").get_data(as_text=True)
        actions, info = _sections(page)
        assert "Kommissoriet for Byliv afventer stadig politisk beslutning" in actions
        assert f'href="/arbejdsrum/{c.id}/kommissorium/version/1"' in actions
        assert "Byliv: ny fase" in info and "afventer stadig" not in info
        assert "Ulæst" in actions and "Ulæst" in info

        mandate_flow.record_decision(
            v,
            body=make_body("Kommunalbestyrelsen", BodyKind.council),
            decided_on=local_today(),
            agenda_reference="Punkt 1",
            outcome=ApprovalOutcome.approved,
            note="",
            actor=staff,
            expected_status="submitted",
        )
        db.session.refresh(reminder)
        assert reminder.action_done_at is not None
        actions, info = _sections(client.get("/varsler/").get_data(as_text=True))
        assert "Der er ikke noget, der venter på dig." in actions
        # Done, it stays in the person's history as information.
        assert "afventer stadig politisk beslutning" in info


def test_unread_count_in_the_header_and_marking_read(world, db, client, login):
    member, c = world["member"], world["committee"]
    second = _phase_notice(member, c, key="second")
    _phase_notice(member, c, due_at=utcnow() + timedelta(days=3), key="future")
    db.session.commit()
    login(member)
    # Their own, the failed one and the second; the future one is not due and not counted.
    page = client.get("/varsler/").get_data(as_text=True)
    assert _unread_badge(page) == "3" and "(3 ulæste)" in page
    assert page.count("Markér som læst") == 3
    assert 'aria-current="page"><span>Varsler' in page

    resp = client.post(f"/varsler/{second}/laest")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/varsler/")
    page = client.get("/arbejdsrum/").get_data(as_text=True)
    assert _unread_badge(page) == "2" and "(2 ulæste)" in page

    client.post("/varsler/laest")
    page = client.get("/varsler/").get_data(as_text=True)
    assert _unread_badge(page) == "" and "Markér som læst" not in page
    assert "Alle varsler er markeret som læst." in page
    assert "Markér alle som læst" not in page


def test_empty_inbox(client, login, make_user):
    login(make_user(Role.citizen))
    page = client.get("/varsler/").get_data(as_text=True)
    assert "Der er ikke noget, der venter på dig." in page
    assert "Du har ingen varsler til orientering." in page
    assert page.count("<h1") == 1 and "/varsler/indstillinger" in page


def test_an_invitation_in_the_inbox_has_no_link_and_does_not_fail(db, client, login, make_user):
    user = make_user(Role.citizen)
    notices.notify(
        user,
        "invitation",
        key="test-invitation",
        subject=user,
        committee_id=None,
        context={"inviter": "Jonas"},
    )
    db.session.commit()
    login(user)
    resp = client.get("/varsler/")
    assert resp.status_code == 200 and "Invitation til Opgaveudvalg" in resp.get_data(as_text=True)


def test_the_inbox_in_english(world, client, login, db):
    member = world["member"]
    member.locale = "en"
    db.session.commit()
    login(member)
    page = client.get("/varsler/").get_data(as_text=True)
    assert "Needs action" in page and "For your information" in page
    assert "(2 unread)" in page and "new phase" in page and "Mark as read" in page


# --- preferences ----------------------------------------------------------------------------


def test_saving_a_digest_mode_stores_it(client, login, make_user, db):
    user = make_user(Role.citizen)
    login(user)
    page = client.get("/varsler/indstillinger").get_data(as_text=True)
    assert 'name="kind_committee_phase"' in page and 'name="kind_mandate_approved"' in page
    for mandatory in ("invitation", "appointment", "mandate_decision_pending"):
        assert f'name="kind_{mandatory}"' not in page
    assert "Disse varsler sendes altid med det samme" in page
    assert "Udpegning til et udvalg" in page  # a mandatory kind, listed by its label

    resp = client.post(
        "/varsler/indstillinger",
        data={"kind_committee_phase": "daily", "kind_mandate_approved": "off"},
    )
    assert resp.status_code == 302
    chosen = dict(
        db.session.execute(
            db.select(NoticePreference.kind, NoticePreference.mode).where(
                NoticePreference.user_id == user.id
            )
        ).all()
    )
    changed = {k: v for k, v in chosen.items() if v is not DeliveryMode.immediate}
    assert changed == {"committee_phase": DeliveryMode.daily, "mandate_approved": DeliveryMode.off}
    page = client.get("/varsler/indstillinger").get_data(as_text=True)
    assert '<option selected value="daily">' in page or 'value="daily" selected' in page


def test_mandatory_kinds_cannot_be_chosen_and_bad_values_are_form_errors(
    client, login, make_user, db
):
    user = make_user(Role.citizen)
    login(user)
    resp = client.post("/varsler/indstillinger", data={"kind_committee_phase": "hourly"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Der er problemer" in page
    assert 'aria-invalid="true"' in page
    assert db.session.scalar(db.select(db.func.count(NoticePreference.id))) == 0
    client.post("/varsler/indstillinger", data={"kind_invitation": "off"})
    kinds = db.session.scalars(db.select(NoticePreference.kind)).all()
    assert "invitation" not in kinds


# --- dashboard and committee page -----------------------------------------------------------


def test_dashboard_lists_failed_notices_and_resend_queues_one_again(
    world, client, login, db, outbox
):
    failed = world["failed"]
    login(world["secretariat"])
    page = client.get("/overblik").get_data(as_text=True)
    section = page.split('id="failed-heading"', 1)[1].split("</section>", 1)[0]
    assert world["member"].name in section and world["member"].email in section
    assert "Et udvalg skifter fase" in section and "ConnectionRefusedError" in section
    assert f'action="/varsler/{failed.id}/gensend"' in section
    assert 'href="/varsler/paamindelser"' in page

    resp = client.post(f"/varsler/{failed.id}/gensend")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/overblik")
    db.session.refresh(failed)
    assert (failed.status, failed.attempts, failed.last_error) == (NoticeStatus.pending, 0, "")
    page = client.get("/overblik").get_data(as_text=True)
    assert "Ingen fejlede varsler." in page and "Varslet er sat i kø igen." in page

    delivery.sweep()
    db.session.refresh(failed)
    assert failed.status is NoticeStatus.sent
    assert any(world["member"].email in m for m in outbox())
    # A notice that has not failed is not sent again.
    client.post(f"/varsler/{failed.id}/gensend")
    assert "Varslet er ikke fejlet" in client.get("/overblik").get_data(as_text=True)


def test_dashboard_without_failed_notices(client, login, make_user):
    login(make_user(Role.secretariat))
    assert "Ingen fejlede varsler." in client.get("/overblik").get_data(as_text=True)


def test_committee_page_shows_who_was_told_what(world, client, login, db):
    c = world["committee"]
    delivery.sweep()
    login(world["secretariat"])
    page = client.get(f"/arbejdsrum/{c.id}").get_data(as_text=True)
    section = page.split('id="notices-heading"', 1)[1].split("</section>", 1)[0]
    assert f"{c.name}: ny fase" in section
    assert world["member"].name in section and world["citizen"].name in section
    # Staff may give the committee its own reminder moments.
    assert f'href="/varsler/udvalg/{c.id}/paamindelser/{POLICY}"' in page
    assert f'href="/varsler/udvalg/{c.id}/paamindelser/mandate_decision_pending"' in page
    login(world["member"])
    page = client.get(f"/arbejdsrum/{c.id}").get_data(as_text=True)
    assert "Sendte varsler" in page and "/paamindelser/" not in page


def test_committee_page_without_sent_notices(people, client, login):
    login(people["secretariat"])
    page = client.get(f"/arbejdsrum/{people['committee'].id}").get_data(as_text=True)
    assert "Der er ikke sendt nogen varsler om udvalget endnu." in page


# --- e-mails --------------------------------------------------------------------------------


def test_notice_and_digest_emails_read_well(people, db, outbox, app):
    member, c = people["member"], people["committee"]
    _phase_notice(member, c)
    db.session.commit()
    delivery.sweep()
    (immediate,) = [_text(m) for m in outbox()]
    assert immediate["subject"].startswith(f"{c.name}: ny fase")
    assert f"Hej {member.name}" in immediate["text"] and f"Hej {member.name}" in immediate["html"]
    assert f"/arbejdsrum/{c.id}" in immediate["text"] and "Læs mere" in immediate["html"]
    assert "/varsler/indstillinger" in immediate["text"]

    db.session.add(
        NoticePreference(user_id=member.id, kind="committee_phase", mode=DeliveryMode.daily)
    )
    db.session.commit()
    _phase_notice(member, c, key="digest")
    db.session.commit()
    digest_at = db.session.scalar(db.select(Notice.due_at).where(Notice.mode == DeliveryMode.daily))
    assert delivery.send_digests(now=digest_at + timedelta(minutes=1)).sent == 1
    # .eml names sort by the second they were written, so pick the digest out by its text.
    (digest,) = [m for m in map(_text, outbox()) if "Her er dine varsler samlet" in m["text"]]
    assert digest["subject"].endswith("fra Opgaveudvalg")
    assert c.name in digest["text"] and c.name in digest["html"]


def _text(raw: str) -> dict:
    """Subject, plain text and HTML of an .eml file from the test outbox."""
    msg = email.message_from_string(raw, policy=email.policy.default)
    return {
        "subject": str(msg["Subject"]),
        "text": msg.get_body(preferencelist=("plain",)).get_content(),
        "html": msg.get_body(preferencelist=("html",)).get_content(),
    }
