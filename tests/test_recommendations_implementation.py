"""Implementation actions, progress updates, follow-up reviews and their reminders, evaluation
and the archive: workflows (action × state × role) and routes (× the 8 kinds of people)."""

import secrets
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from flask import render_template
from flask_login import login_user

from committees.models import (
    ActionStatus,
    AuditEntry,
    CommitteeState,
    DecisionState,
    DeliveryMode,
    Follow,
    FollowUpReview,
    ImplementationAction,
    MemberType,
    Notice,
    NoticeStatus,
    ProgressUpdate,
    RecommendationStatus,
    Role,
)
from committees.models.base import local_today
from tests.test_query_counts import count_queries
from workflows import delivery, notices, reminders, workdays
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.recommendations import evaluation, followup, implementation
from workflows.recommendations.implementation import ActionData, UpdateData

DS = DecisionState
S = CommitteeState
REVIEW_KINDS = ("followup_update_due", "followup_update_overdue")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def world(people, make_recommendation, make_user, make_body, db):
    """The `people` committee with an approved, public recommendation, an action whose contact
    is a councillor (not one of `people`), and a second recommendation elsewhere."""
    c = people["committee"]
    rec = make_recommendation(
        c, status=RecommendationStatus.handed_over, decision_state=DS.approved, public=True
    )
    contact = make_user(Role.councillor, name="Kontakt Person")
    body = make_body("Teknik- og Miljøudvalget")
    action = implementation.add_action(
        rec,
        ActionData(title="Nye stier", owner_unit="Vej og Park", owner_body=body, contact=contact),
        people["secretariat"],
    )
    other_rec = make_recommendation(
        people["other"],
        status=RecommendationStatus.handed_over,
        decision_state=DS.approved,
        public=True,
    )
    other_action = implementation.add_action(
        other_rec, ActionData(title="Andet", owner_unit="By"), people["secretariat"]
    )
    return {
        **people,
        "rec": rec,
        "action": action,
        "contact": contact,
        "body": body,
        "other_rec": other_rec,
        "other_action": other_action,
    }


def _update(**kw) -> UpdateData:
    values = {
        "written_on": local_today(),
        "text": "Vi er i gang.",
        "status": ActionStatus.on_track,
        "progress": 40,
        **kw,
    }
    return UpdateData(**values)


# --- actions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (DS.approved, True),
        (DS.approved_with_changes, True),
        (DS.partly_approved, True),
        (DS.noted, False),
        (DS.rejected, False),
        (DS.awaiting, False),
        (DS.on_agenda, False),
        (DS.in_treatment, False),
        (DS.not_handed_over, False),
    ],
)
def test_actions_only_for_approved_recommendations(world, make_recommendation, state, allowed):
    rec = make_recommendation(
        world["committee"], status=RecommendationStatus.handed_over, decision_state=state
    )
    data = ActionData(title="Gør det", owner_unit="Kultur")
    if allowed:
        action = implementation.add_action(rec, data, world["secretariat"])
        assert action.status is ActionStatus.not_started and action.progress == 0
    else:
        with pytest.raises(NotAllowed):
            implementation.add_action(rec, data, world["secretariat"])
        assert rec.actions == []


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("secretariat", True),
        ("admin", True),
        ("councillor", False),
        ("member", False),
        ("facilitator", False),
        ("citizen", False),
    ],
)
def test_only_staff_add_and_edit_actions(world, role, allowed):
    data = ActionData(title="Mere", owner_unit="Kultur")
    token = implementation.version_token(world["action"])
    if allowed:
        implementation.add_action(world["rec"], data, world[role])
        implementation.edit_action(world["action"], data, world[role], token)
        assert world["action"].title == "Mere"
    else:
        with pytest.raises(PermissionDenied):
            implementation.add_action(world["rec"], data, world[role])
        with pytest.raises(PermissionDenied):
            implementation.edit_action(world["action"], data, world[role], token)


def test_an_action_needs_a_title_and_an_owner(world):
    for data in (ActionData(title="", owner_unit="X"), ActionData(title="Uden ejer")):
        with pytest.raises(NotAllowed):
            implementation.add_action(world["rec"], data, world["secretariat"])


def test_a_stale_edit_is_refused(world):
    action = world["action"]
    old = implementation.version_token(action)
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=5)):
        implementation.edit_action(
            action, ActionData(title="Ny titel", owner_unit="X"), world["secretariat"], old
        )
    with pytest.raises(StaleState):
        implementation.edit_action(
            action, ActionData(title="Igen", owner_unit="X"), world["secretariat"], old
        )
    assert action.title == "Ny titel"


# --- progress updates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"progress": 101},
        {"progress": -1},
        {"written_on": local_today() + timedelta(days=2)},
        {"status": ActionStatus.dropped},
        {"status": ActionStatus.dropped, "dropped_reason": "  "},
        {"text": " "},
    ],
)
def test_update_rules_refuse_bad_input(world, db, bad):
    with pytest.raises(NotAllowed):
        implementation.write_update(world["action"], _update(**bad), world["secretariat"])
    assert db.session.scalar(db.select(db.func.count(ProgressUpdate.id))) == 0
    assert world["action"].status is ActionStatus.not_started


def test_done_means_100_and_dropped_keeps_its_reason(world):
    action = world["action"]
    row = implementation.write_update(
        action, _update(status=ActionStatus.done, progress=60), world["contact"]
    )
    assert (row.progress, action.progress, action.status) == (100, 100, ActionStatus.done)
    implementation.write_update(
        action,
        _update(status=ActionStatus.dropped, progress=10, dropped_reason="Ingen penge"),
        world["secretariat"],
    )
    assert action.status is ActionStatus.dropped and action.dropped_reason == "Ingen penge"
    assert [u.status for u in action.updates][:2] == [ActionStatus.dropped, ActionStatus.done]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("contact", True),
        ("secretariat", True),
        ("admin", True),
        ("councillor", False),
        ("member", False),
        ("facilitator", False),
        ("outsider", False),
    ],
)
def test_the_contact_and_staff_may_update_others_may_not(world, db, who, allowed):
    if allowed:
        row = implementation.write_update(world["action"], _update(), world[who])
        assert row.author_id == world[who].id and world["action"].progress == 40
        entry = db.session.scalar(
            db.select(AuditEntry).filter_by(action="recommendation.progress_update")
        )
        assert entry.to_state == "on_track" and entry.details["progress"] == 40
    else:
        with pytest.raises(PermissionDenied):
            implementation.write_update(world["action"], _update(), world[who])


# --- reviews and reminders ------------------------------------------------------------------------


def test_reviews_at_3_6_12_months_to_the_end_of_the_month(world, db):
    rec = world["rec"]
    followup.schedule_reviews(rec, date(2026, 8, 31))
    db.session.commit()
    assert [(r.months, r.due_on) for r in rec.reviews] == [
        (3, date(2026, 11, 30)),
        (6, date(2027, 2, 28)),
        (12, date(2027, 8, 31)),
    ]
    followup.schedule_reviews(rec, date(2026, 9, 15))  # moved: the open reviews follow
    assert [r.due_on for r in rec.reviews] == [
        date(2026, 12, 15),
        date(2027, 3, 15),
        date(2027, 9, 15),
    ]


def _reminders(db, kind=None, status=None):
    q = db.select(Notice).where(Notice.kind.in_([kind] if kind else REVIEW_KINDS))
    if status is not None:
        q = q.where(Notice.status == status)
    return db.session.scalars(q.order_by(Notice.due_at, Notice.id)).all()


def _at_eight(day: date) -> datetime:
    return workdays.local_moment(day, time(8, 0))


def _schedule(db, rec, decided_on: date) -> None:
    followup.schedule_reviews(rec, decided_on)
    followup.plan_reviews(rec)
    db.session.commit()


def test_reminders_are_due_in_working_days_around_christmas(world, db):
    with time_machine.travel(utc(2026, 9, 29, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 9, 28))  # 3 months: Monday 28 December 2026
        first = world["rec"].reviews[0]
        assert first.due_on == date(2026, 12, 28)
        due = [n for n in _reminders(db, "followup_update_due") if n.subject_id == first.id]
        late = [n for n in _reminders(db, "followup_update_overdue") if n.subject_id == first.id]
    # 5 working days before: not 25/12 (holiday), not 24/12 (closing day), so Thu 17 Dec.
    assert [n.due_at for n in due] == [_at_eight(date(2026, 12, 17))]
    # 3 working days after: 29, 30 Dec; 31/12 is closed and 1/1 a holiday, so Mon 4 Jan.
    assert [n.due_at for n in late] == [_at_eight(date(2027, 1, 4))]
    assert {n.recipient_id for n in due + late} == {world["contact"].id}
    assert due[0].needs_action and due[0].context["anchor"] == "2026-12-28"
    assert due[0].context["link"] == {"committee_id": world["committee"].id, "number": 1}


def test_without_a_contact_the_staff_are_reminded(world, db):
    action = world["action"]
    implementation.edit_action(
        action, ActionData(title="Uden kontakt", owner_unit="X"), world["secretariat"], None
    )
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
    pending = _reminders(db, status=NoticeStatus.pending)
    assert pending and {n.recipient_id for n in pending} == {world["facilitator"].id}


def test_planning_twice_creates_no_duplicates(world, db):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
        first = [(n.kind, n.subject_id, n.due_at) for n in _reminders(db)]
        reminders.plan(world["committee"])
        followup.plan_reviews(world["rec"])
        db.session.commit()
        again = [(n.kind, n.subject_id, n.due_at) for n in _reminders(db)]
    assert len(first) == 6 and again == first  # 3 reviews × (due, overdue) × 1 contact


def test_a_review_done_before_its_reminder_sends_nothing(world, db, smtp_sink):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
    review = world["rec"].reviews[0]
    due = [n for n in _reminders(db) if n.subject_id == review.id]
    review.done_at = utc(2026, 11, 1, 9)  # done behind the engine's back: still_true catches it
    db.session.commit()
    delivery.sweep(now=max(n.due_at for n in due) + timedelta(minutes=1))
    for n in due:
        db.session.refresh(n)
    assert {n.status for n in due} == {NoticeStatus.cancelled}
    assert not [m for m in smtp_sink if "opfølgning" in m["Subject"].lower()]


def test_an_update_answers_the_due_review_and_stops_its_reminders(world, db):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
    first, second = world["rec"].reviews[:2]
    # 20 days before the review is due: inside the 30-day window.
    with time_machine.travel(utc(2026, 11, 10, 10), tick=False):
        row = implementation.write_update(world["action"], _update(), world["contact"])
    assert row.review_id == first.id and first.is_done and not second.is_done
    for n in _reminders(db):
        if n.subject_id == first.id:
            assert n.status is NoticeStatus.cancelled and n.action_done_at is not None
        else:
            assert n.status is NoticeStatus.pending


def test_an_early_update_answers_no_review(world, db):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
        row = implementation.write_update(world["action"], _update(), world["contact"])
    assert row.review_id is None and not any(r.is_done for r in world["rec"].reviews)


def test_staff_complete_a_review_once(world, db):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
        review = world["rec"].reviews[0]
        with pytest.raises(PermissionDenied):
            implementation.complete_review(review, "", world["contact"])
        implementation.complete_review(review, "Drøftet i udvalget", world["secretariat"])
        assert review.is_done and review.note == "Drøftet i udvalget"
        with pytest.raises(StaleState):
            implementation.complete_review(review, "", world["secretariat"])
    assert {n.status for n in _reminders(db) if n.subject_id == review.id} == {
        NoticeStatus.cancelled
    }


def test_reminders_go_on_after_the_committee_is_evaluated(world, db, smtp_sink):
    c = world["committee"]
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
        before = [n.id for n in _reminders(db, status=NoticeStatus.pending)]
        c.state = S.implementing
        db.session.commit()
        evaluation.evaluate(c, "Vi lærte meget.", world["secretariat"], "implementing")
        reminders.plan(c)
        db.session.commit()
        after = [n.id for n in _reminders(db, status=NoticeStatus.pending)]
    assert c.state is S.evaluated and before and after == before
    first_due = min(n.due_at for n in _reminders(db, "followup_update_due"))
    delivery.sweep(now=first_due + timedelta(minutes=1))
    sent = [m for m in smtp_sink if m["To"] == world["contact"].email]
    assert len(sent) == 1 and "opfølgning" in sent[0]["Subject"]


# --- who hears about an update --------------------------------------------------------------------


def test_an_update_reaches_a_former_member_and_a_confirmed_follower(
    world, db, make_member, smtp_sink
):
    c = world["committee"]
    former = make_member(
        c,
        MemberType.citizen,
        start_date=local_today() - timedelta(days=400),
        end_date=local_today() - timedelta(days=30),
    ).user
    email = "nabo@borger.example"
    db.session.add(
        Follow(
            committee_id=c.id,
            email=email,
            target=f"c:{c.id}",
            who=f"e:{email}",
            token=secrets.token_urlsafe(24),
            confirmed_at=datetime.now(UTC),
            mode=DeliveryMode.immediate,
        )
    )
    db.session.add(
        Follow(
            committee_id=c.id,
            email="ubekraeftet@borger.example",
            target=f"c:{c.id}",
            who="e:ubekraeftet@borger.example",
            token=secrets.token_urlsafe(24),
        )
    )
    db.session.commit()
    implementation.write_update(
        world["action"], _update(text="Første etape er færdig."), world["contact"]
    )
    delivery.sweep()
    progress = [m for m in smtp_sink if "nyt om »Nye stier«" in m["Subject"]]
    recipients = {m["To"] for m in progress}
    assert former.email in recipients and email in recipients
    assert "ubekraeftet@borger.example" not in recipients
    body = next(m for m in progress if m["To"] == email).get_body(("plain",)).get_content()
    assert "Første etape er færdig." in body and "40" in body


# --- evaluation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [s for s in CommitteeState if s is not S.implementing])
def test_evaluation_only_from_implementing(world, db, state):
    c = world["committee"]
    c.state = state
    db.session.commit()
    with pytest.raises(NotAllowed):
        evaluation.evaluate(c, "Erfaringer", world["secretariat"], None)
    assert c.state is state and c.evaluated_at is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("secretariat", True),
        ("admin", True),
        ("councillor", False),
        ("facilitator", False),
        ("member", False),
    ],
)
def test_only_staff_evaluate(world, db, role, allowed):
    c = world["committee"]
    c.state = S.implementing
    db.session.commit()
    if allowed:
        evaluation.evaluate(c, "## Erfaringer\nGod proces.", world[role], "implementing")
        assert c.state is S.evaluated and c.evaluated_at is not None
        assert c.lessons_learned.startswith("## Erfaringer")
        entry = db.session.scalar(db.select(AuditEntry).filter_by(action="committee.evaluate"))
        assert (entry.from_state, entry.to_state) == ("implementing", "evaluated")
    else:
        with pytest.raises(PermissionDenied):
            evaluation.evaluate(c, "Erfaringer", world[role], "implementing")
        assert c.state is S.implementing


def test_evaluation_needs_lessons_and_a_fresh_page_and_keeps_a_draft(world, db):
    c = world["committee"]
    c.state = S.implementing
    db.session.commit()
    evaluation.save_lessons(c, "Kladde", world["secretariat"], "implementing")
    assert c.lessons_learned == "Kladde" and c.state is S.implementing
    with pytest.raises(NotAllowed):
        evaluation.evaluate(c, "   ", world["secretariat"], "implementing")
    with pytest.raises(StaleState):
        evaluation.evaluate(c, "Erfaringer", world["secretariat"], "dissolved")
    with pytest.raises(PermissionDenied):
        evaluation.save_lessons(c, "Nej", world["councillor"])
    assert c.lessons_learned == "Kladde"


# --- pages ----------------------------------------------------------------------------------------

PEOPLE = ("anonymous", "citizen", "councillor", "secretariat", "admin", "member", "facilitator")
PEOPLE += ("outsider",)
STAFF = ("secretariat", "admin")
VIEWERS = ("councillor", "secretariat", "admin", "member", "facilitator")


def _table(ok: int, allowed, viewers=VIEWERS) -> dict:
    """Who gets `ok`; the rest who can see the committee 403; others 404; anonymous → login."""
    return {
        p: 302 if p == "anonymous" else ok if p in allowed else 403 if p in viewers else 404
        for p in PEOPLE
    }


R = "/arbejdsrum/{c}/anbefalinger/{n}"
ACTION = {"title": "Ny handling", "owner_unit": "Kultur", "owner_body": "0", "contact": "0"}
UPDATE = {"written_on": "", "status": "on_track", "progress": "50", "text": "Godt i gang"}
ROUTES = [
    ("GET", R + "/handlinger/ny", {}, _table(200, STAFF)),
    ("POST", R + "/handlinger/ny", ACTION, _table(302, STAFF)),
    ("GET", R + "/handlinger/{a}/rediger", {}, _table(200, STAFF)),
    ("POST", R + "/handlinger/{a}/rediger", ACTION, _table(302, STAFF)),
    ("GET", R + "/handlinger/{a}/opdatering", {}, _table(200, STAFF)),
    ("POST", R + "/handlinger/{a}/opdatering", UPDATE, _table(302, STAFF)),
    ("POST", R + "/opfoelgning/{r}", {"note": "OK"}, _table(302, STAFF)),
    ("GET", "/arbejdsrum/{c}/evaluering", {}, _table(200, VIEWERS)),
    (
        "POST",
        "/arbejdsrum/{c}/evaluering",
        {"lessons_learned": "Erfaringer", "expected_state": "implementing", "close": "1"},
        _table(302, STAFF),
    ),
    ("GET", "/arkiv", {}, dict.fromkeys(PEOPLE, 200)),
]


@pytest.fixture
def route_world(world, db):
    c = world["committee"]
    c.state = S.implementing
    followup.schedule_reviews(world["rec"], local_today() - timedelta(days=10))
    db.session.commit()
    return world


@pytest.mark.parametrize(
    ("method", "url", "data", "person", "expected"),
    [
        pytest.param(method, url, data, person, table[person], id=f"{method} {url} {person}")
        for method, url, data, table in ROUTES
        for person in PEOPLE
    ],
)
def test_route_access(method, url, data, person, expected, route_world, login, client):
    w = route_world
    path = url.format(
        c=w["committee"].id, n=w["rec"].number, a=w["action"].id, r=w["rec"].reviews[0].id
    )
    if w[person] is not None:
        login(w[person])
    form = {k: (v or local_today().isoformat()) for k, v in data.items()}
    resp = client.get(path) if method == "GET" else client.post(path, data=form)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]


def test_the_contact_may_update_through_the_page(route_world, login, client, db):
    w = route_world
    login(w["contact"])
    url = f"/arbejdsrum/{w['committee'].id}/anbefalinger/{w['rec'].number}/handlinger/"
    assert client.get(url + f"{w['action'].id}/opdatering").status_code == 200
    data = {**UPDATE, "written_on": local_today().isoformat(), "status": "done", "progress": "80"}
    resp = client.post(url + f"{w['action'].id}/opdatering", data=data)
    assert resp.status_code == 302
    assert w["action"].status is ActionStatus.done and w["action"].progress == 100
    assert client.get(url + "ny").status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"progress": "150"}, "mellem 0 og 100"),
        ({"progress": "abc"}, "Fremdrift"),
        ({"written_on": "2999-01-01"}, "fremtiden"),
        ({"status": "dropped"}, "opgivet"),
        ({"status": "flying"}, "Status"),
        ({"text": ""}, "Skriv hvad der er sket."),
    ],
)
def test_a_bad_update_re_renders_with_the_input(route_world, login, client, db, data, message):
    w = route_world
    login(w["secretariat"])
    url = f"/arbejdsrum/{w['committee'].id}/anbefalinger/1/handlinger/{w['action'].id}/opdatering"
    form = {**UPDATE, "written_on": local_today().isoformat(), "text": "Min tekst", **data}
    resp = client.post(url, data=form)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400 and message in page
    if data.get("text") != "":
        assert "Min tekst" in page
    assert db.session.scalar(db.select(db.func.count(ProgressUpdate.id))) == 0


def test_a_bad_action_re_renders_and_a_stale_edit_is_409(route_world, login, client, db):
    w = route_world
    login(w["secretariat"])
    base = f"/arbejdsrum/{w['committee'].id}/anbefalinger/1/handlinger/"
    resp = client.post(base + "ny", data={**ACTION, "owner_unit": "", "title": "Uden ejer"})
    assert resp.status_code == 400 and "Uden ejer" in resp.get_data(as_text=True)
    resp = client.post(base + "ny", data={**ACTION, "contact": "999999"})
    assert resp.status_code == 400
    resp = client.post(base + "ny", data={**ACTION, "due_on": "31-02-2027"})
    assert resp.status_code == 400
    url = base + f"{w['action'].id}/rediger"
    resp = client.post(url, data={**ACTION, "expected": "20000101000000000000"})
    assert resp.status_code == 409
    assert db.session.scalar(db.select(db.func.count(ImplementationAction.id))) == 2


def test_no_action_page_for_a_rejected_recommendation(
    route_world, make_recommendation, login, client
):
    w = route_world
    rec = make_recommendation(
        w["committee"], status=RecommendationStatus.handed_over, decision_state=DS.rejected
    )
    login(w["secretariat"])
    url = f"/arbejdsrum/{w['committee'].id}/anbefalinger/{rec.number}/handlinger/ny"
    assert client.post(url, data=ACTION).status_code == 302
    assert rec.actions == []


def test_ids_from_elsewhere_are_404(route_world, login, client, db):
    w = route_world
    followup.schedule_reviews(w["other_rec"], local_today())
    db.session.commit()
    login(w["secretariat"])
    c, n = w["committee"].id, w["rec"].number
    foreign = w["other_action"].id
    assert (
        client.get(f"/arbejdsrum/{c}/anbefalinger/{n}/handlinger/{foreign}/rediger").status_code
        == 404
    )
    url = f"/arbejdsrum/{c}/anbefalinger/{n}/handlinger/{foreign}/opdatering"
    assert client.post(url, data=UPDATE).status_code == 404
    url = f"/arbejdsrum/{c}/anbefalinger/{n}/opfoelgning/{w['other_rec'].reviews[0].id}"
    assert client.post(url, data={"note": ""}).status_code == 404
    assert client.get(f"/arbejdsrum/{c}/anbefalinger/99/handlinger/ny").status_code == 404
    assert not w["other_rec"].reviews[0].is_done


def test_evaluation_page_closes_the_committee_and_the_archive_lists_it(route_world, login, client):
    w = route_world
    c = w["committee"]
    login(w["secretariat"])
    url = f"/arbejdsrum/{c.id}/evaluering"
    resp = client.post(
        url, data={"lessons_learned": "", "expected_state": "implementing", "close": "1"}
    )
    assert resp.status_code == 400 and "Skriv udvalgets erfaringer" in resp.get_data(as_text=True)
    data = {"lessons_learned": "Borgerne **bidrog**", "expected_state": "implementing"}
    assert client.post(url, data={**data, "save": "1"}).status_code == 302
    assert c.state is S.implementing and c.lessons_learned == "Borgerne **bidrog**"
    assert client.post(url, data={**data, "close": "1"}).status_code == 302
    assert c.state is S.evaluated
    assert client.post(url, data={**data, "close": "1"}).status_code == 409
    implementation.write_update(w["action"], _update(status=ActionStatus.done), w["contact"])
    client.post("/konto/log-ud")
    page = client.get("/arkiv").get_data(as_text=True)
    assert c.name in page and "Borgerne bidrog" in page
    assert "Godkendt: 1" in page and "Gennemførte handlinger: 1" in page


def test_the_archive_does_not_grow_in_queries(
    client, db, make_committee, make_recommendation, make_user
):
    staff = make_user(Role.secretariat)

    def grow(n: int) -> None:
        for _ in range(n):
            c = make_committee(state=S.implementing)
            for state in (DS.approved, DS.rejected):
                rec = make_recommendation(
                    c, status=RecommendationStatus.handed_over, decision_state=state, public=True
                )
                if state is DS.approved:
                    implementation.add_action(rec, ActionData(title="A", owner_unit="U"), staff)
            evaluation.evaluate(c, "Lærdom", staff, "implementing")

    grow(2)
    with count_queries(db) as small:
        assert client.get("/arkiv").status_code == 200
    grow(6)
    with count_queries(db) as large:
        page = client.get("/arkiv")
        assert page.status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])
    assert client.get("/arkiv?page=2").status_code == 200


def test_the_panel_shows_actions_progress_and_reviews(app, route_world, db):
    w = route_world
    rec = w["rec"]
    followup.schedule_reviews(rec, local_today() - timedelta(days=80))  # 3 months: ~10 days
    db.session.commit()
    implementation.write_update(w["action"], _update(progress=35), w["contact"])
    with app.test_request_context():
        login_user(w["contact"])
        html = render_template("recommendations/_actions_panel.html", rec=rec)
    assert "Nye stier" in html and "Vej og Park / Teknik- og Miljøudvalget" in html
    assert "Kontakt Person" in html and "35\u00a0% gennemført" in html
    assert 'value="35"' in html and "Skriv en statusopdatering" in html
    assert "Redigér handlingen" not in html and "Tilføj en handling" not in html
    assert "Gennemført" in html  # the first review was answered by the update
    with app.test_request_context():
        login_user(w["secretariat"])
        html = render_template("recommendations/_actions_panel.html", rec=rec)
    assert "Redigér handlingen" in html and "Tilføj en handling" in html
    assert "Afslut opfølgningen" in html


def test_every_reminder_renders_in_danish(app, world, db):
    with time_machine.travel(utc(2026, 9, 1, 10), tick=False):
        _schedule(db, world["rec"], date(2026, 8, 31))
    assert _reminders(db)
    for n in _reminders(db):
        assert delivery.render(n) is not None
        with app.test_request_context("/"):
            title, body = notices.text(n)
            assert notices.link(n) == f"/arbejdsrum/{world['committee'].id}/anbefalinger/1"
        assert "anbefaling 1" in title and "måneder efter beslutningen" in body


def test_review_rows_are_unique(world, db):
    followup.schedule_reviews(world["rec"], date(2026, 8, 31))
    followup.schedule_reviews(world["rec"], date(2026, 8, 31))
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(FollowUpReview.id))) == 3
