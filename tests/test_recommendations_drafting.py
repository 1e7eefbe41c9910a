"""Drafting recommendations: the state table (action × state × role: allowed, forbidden, stale),
versions, the comment window in working days and its reminder, endorsing the set at a held
meeting, coverage of the mandate's questions, and every page × every kind of person."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from committees.models import (
    ApprovalOutcome,
    AuditEntry,
    BodyKind,
    DecisionState,
    Handover,
    MeetingStatus,
    Notice,
    NoticeStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    TaskQuestion,
)
from committees.models.base import local_today
from tests.test_query_counts import count_queries
from workflows import mandate as mandate_flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.recommendations import coverage, drafting, endorsement

S = RecommendationStatus
LOGIN = 302
PEOPLE = ["anonymous", "citizen", "councillor", "secretariat", "admin", "member", "facilitator"]
PEOPLE += ["outsider"]


@pytest.fixture
def world(db, people, make_meeting):
    """`people`, a second task question in the approved mandate, and a meeting held yesterday."""
    c = people["committee"]
    mandate = c.approved_mandate
    mandate.task_questions.append(TaskQuestion(position=2, text="Hvem skal involveres?"))
    db.session.commit()
    return {
        **people,
        "q1": mandate.task_questions[0],
        "q2": mandate.task_questions[1],
        "held": make_meeting(c, days=-1),
    }


def _notices(db, kind: str) -> list[Notice]:
    return list(db.session.scalars(db.select(Notice).where(Notice.kind == kind)))


# --- the state table ---------------------------------------------------------------------------

MANAGERS = ("facilitator", "secretariat", "admin")
OTHERS = ("member", "councillor", "citizen", "outsider")
STEP_SOURCES = {
    "open_comments": {S.draft},
    "close_comments": {S.commenting},
    "reopen": {S.endorsed},
    "withdraw": {S.draft},
}
TARGET = {
    "open_comments": S.commenting,
    "close_comments": S.draft,
    "reopen": S.draft,
    "withdraw": S.withdrawn,
}


@pytest.mark.parametrize("action", list(STEP_SOURCES))
@pytest.mark.parametrize("status", [S.draft, S.commenting, S.endorsed, S.withdrawn])
@pytest.mark.parametrize("role", ["facilitator", "secretariat", "member", "councillor"])
def test_state_table(action, status, role, world, make_recommendation, db):
    rec = make_recommendation(world["committee"], status=status)
    actor = world[role]
    allowed_here = status in STEP_SOURCES[action]
    shown = [a.name for a in drafting.allowed_actions(rec, actor)]
    assert (action in shown) == (allowed_here and role in MANAGERS)
    if role not in MANAGERS:
        with pytest.raises(PermissionDenied):
            drafting.run(action, rec, actor, status.name)
    elif not allowed_here:
        with pytest.raises(NotAllowed):
            drafting.run(action, rec, actor, status.name)
    else:
        drafting.run(action, rec, actor, status.name)
        db.session.refresh(rec)
        assert rec.status is TARGET[action]
        entry = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.to_state == TARGET[action].name and entry.from_state == status.name
        return
    db.session.refresh(rec)
    assert rec.status is status  # a refusal changes nothing


@pytest.mark.parametrize("action", list(STEP_SOURCES))
def test_stale_state_is_refused(action, world, make_recommendation, db):
    source = next(iter(STEP_SOURCES[action]))
    rec = make_recommendation(world["committee"], status=source)
    with pytest.raises(StaleState):
        drafting.run(action, rec, world["facilitator"], "handed_over")
    db.session.refresh(rec)
    assert rec.status is source


def test_unknown_action_is_refused(world, make_recommendation):
    rec = make_recommendation(world["committee"])
    with pytest.raises(NotAllowed):
        drafting.run("endorse", rec, world["facilitator"], "draft")


def test_reopen_only_before_handover(world, make_recommendation, db):
    c = world["committee"]
    rec = make_recommendation(c, status=S.endorsed)
    rec.handover = Handover(committee=c, handed_over_on=local_today())
    db.session.commit()
    [action] = drafting.allowed_actions(rec, world["facilitator"])
    assert action.name == "reopen" and not action.enabled
    with pytest.raises(NotAllowed):
        drafting.reopen(rec, world["facilitator"], "endorsed")


# --- writing and versions ----------------------------------------------------------------------


def test_create_numbers_and_first_version(world, db):
    c, f = world["committee"], world["facilitator"]
    one = drafting.create(c, "Første", "Tekst", "", [world["q1"].id], f)
    two = drafting.create(c, "Anden", "Tekst", "Fordi", [world["q1"].id, world["q2"].id], f)
    assert (one.number, two.number) == (1, 2)
    assert [v.number for v in two.versions] == [1] and two.versions[0].created_by_id == f.id
    assert {q.id for q in two.questions} == {world["q1"].id, world["q2"].id}


def test_create_refuses_questions_outside_the_approved_mandate(world, db):
    foreign = world["other"].approved_mandate.task_questions[0]
    with pytest.raises(NotAllowed):
        drafting.create(world["committee"], "T", "x", "", [foreign.id], world["facilitator"])
    assert db.session.scalar(db.select(db.func.count(Recommendation.id))) == 0


def test_create_needs_a_manager(world):
    with pytest.raises(PermissionDenied):
        drafting.create(world["committee"], "T", "x", "", [], world["member"])


def test_revise_writes_a_version_and_checks_the_version_seen(world, make_recommendation, db):
    rec = make_recommendation(world["committee"], status=S.commenting)
    f, q2 = world["facilitator"], world["q2"].id
    drafting.revise(rec, "Ny titel", "Ny tekst", "", [q2], "Rettet efter kommentarer", f, 1)
    db.session.refresh(rec)
    assert rec.version == 2 and rec.title == "Ny titel" and rec.status is S.commenting
    assert [(v.number, v.change_note) for v in rec.versions][-1] == (2, "Rettet efter kommentarer")
    with pytest.raises(StaleState):
        drafting.revise(rec, "Gammel", "x", "", [q2], "", f, 1)
    db.session.refresh(rec)
    assert rec.title == "Ny titel" and rec.version == 2


def test_revise_refused_after_endorsement(world, make_recommendation):
    rec = make_recommendation(world["committee"], status=S.endorsed)
    with pytest.raises(NotAllowed):
        drafting.revise(rec, "T", "x", "", [], "", world["facilitator"], 1)


# --- the comment window ------------------------------------------------------------------------


def test_comment_window_deadline_skips_christmas(world, make_recommendation, db):
    rec = make_recommendation(world["committee"])
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=UTC), tick=False):
        drafting.open_comments(rec, world["facilitator"], "draft")
        db.session.refresh(rec)
        # 22, 23 (24 closed, 25–27 holiday and weekend), 28, 29, 30: five working days.
        assert rec.comment_deadline == date(2026, 12, 30)
        assert drafting.comment_window_open(rec)
        sent = _notices(db, "recommendation_comments_open")
        assert {n.recipient_id for n in sent} == {world["member"].id, world["facilitator"].id}
        assert sent[0].context["deadline"] == "2026-12-30"
    with time_machine.travel(datetime(2026, 12, 31, 9, tzinfo=UTC), tick=False):
        assert not drafting.comment_window_open(rec)
        with pytest.raises(NotAllowed):
            drafting.add_comment(rec, "For sent", world["member"])


def test_reminder_only_for_members_who_did_not_comment(world, make_recommendation, db):
    rec = make_recommendation(world["committee"])
    with time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=UTC), tick=False):
        drafting.open_comments(rec, world["facilitator"], "draft")
        planned = _notices(db, "recommendation_comment_deadline")
        assert {n.recipient_id for n in planned} == {world["member"].id, world["facilitator"].id}
        assert all(n.context["anchor"] == "2026-12-30" for n in planned)
        drafting.add_comment(rec, "Godt forslag, men husk børnene.", world["member"])
        pending = [
            n
            for n in _notices(db, "recommendation_comment_deadline")
            if n.status is NoticeStatus.pending
        ]
        assert [n.recipient_id for n in pending] == [world["facilitator"].id]
        # The comment went to the facilitator, on the version it was written on.
        told = _notices(db, "recommendation_commented")
        assert [n.recipient_id for n in told] == [world["facilitator"].id]
        db.session.refresh(rec)
        assert rec.comments[0].version_number == 1
        # Closing the window drops the reminder.
        drafting.close_comments(rec, world["facilitator"], "commenting")
        assert not [
            n
            for n in _notices(db, "recommendation_comment_deadline")
            if n.status is NoticeStatus.pending
        ]


@pytest.mark.parametrize("who", ["secretariat", "councillor", "outsider"])
def test_only_current_members_comment(who, world, make_recommendation):
    rec = make_recommendation(
        world["committee"], status=S.commenting, comment_deadline=local_today() + timedelta(days=3)
    )
    with pytest.raises(PermissionDenied):
        drafting.add_comment(rec, "Hej", world[who])


def test_empty_comment_is_refused(world, make_recommendation):
    rec = make_recommendation(
        world["committee"], status=S.commenting, comment_deadline=local_today() + timedelta(days=3)
    )
    with pytest.raises(NotAllowed):
        drafting.add_comment(rec, "   ", world["member"])


# --- endorsing the set -------------------------------------------------------------------------


def test_endorse_the_set_at_a_held_meeting(world, make_recommendation, db):
    c, held = world["committee"], world["held"]
    one = make_recommendation(c, questions=[world["q1"]])
    two = make_recommendation(c, status=S.commenting, questions=[world["q2"]])
    gone = make_recommendation(c, status=S.withdrawn)
    done = endorsement.endorse_set(c, held, world["facilitator"], endorsement.signature([one, two]))
    assert [r.number for r in done] == [1, 2]
    for rec in (one, two):
        db.session.refresh(rec)
        assert rec.status is S.endorsed and rec.endorsed_at_meeting_id == held.id
        assert rec.endorsed_on == held.local_date and rec.version == 2
        assert rec.versions[-1].number == 2
    db.session.refresh(gone)
    assert gone.status is S.withdrawn
    told = _notices(db, "recommendations_endorsed")
    assert {n.recipient_id for n in told} == {world["member"].id, world["facilitator"].id}


@pytest.mark.parametrize("which", ["future", "cancelled", "other"])
def test_endorse_refuses_other_meetings(which, world, make_recommendation, make_meeting, db):
    c = world["committee"]
    rec = make_recommendation(c, questions=[world["q1"], world["q2"]])
    meeting = {
        "future": lambda: make_meeting(c, days=3),
        "cancelled": lambda: make_meeting(c, days=-2, status=MeetingStatus.cancelled),
        "other": lambda: make_meeting(world["other"], days=-2),
    }[which]()
    with pytest.raises(NotAllowed):
        endorsement.endorse_set(c, meeting, world["facilitator"], None)
    db.session.refresh(rec)
    assert rec.status is S.draft


def test_endorse_blocked_by_a_recommendation_without_question(world, make_recommendation, db):
    c = world["committee"]
    make_recommendation(c, questions=[world["q1"], world["q2"]])
    make_recommendation(c, questions=[])
    with pytest.raises(NotAllowed) as refused:
        endorsement.endorse_set(c, world["held"], world["facilitator"], None)
    assert any("2" in r for r in refused.value.reasons)
    with pytest.raises(NotAllowed):  # an empty set is no set
        endorsement.endorse_set(world["other"], world["held"], world["secretariat"], None)


def test_unanswered_question_must_be_confirmed(world, make_recommendation, db):
    c = world["committee"]
    rec = make_recommendation(c, questions=[world["q1"]])
    assert coverage.unanswered(c) == [world["q2"]]
    with pytest.raises(NotAllowed):
        endorsement.endorse_set(c, world["held"], world["facilitator"], None)
    endorsement.endorse_set(c, world["held"], world["facilitator"], None, confirm_unanswered=True)
    db.session.refresh(rec)
    assert rec.status is S.endorsed


def test_endorse_stale_set(world, make_recommendation):
    c = world["committee"]
    rec = make_recommendation(c, questions=[world["q1"], world["q2"]])
    seen = endorsement.signature([rec])
    make_recommendation(c, questions=[world["q1"]])
    with pytest.raises(StaleState):
        endorsement.endorse_set(c, world["held"], world["facilitator"], seen)


def test_endorse_needs_a_manager(world, make_recommendation):
    make_recommendation(world["committee"], questions=[world["q1"], world["q2"]])
    with pytest.raises(PermissionDenied):
        endorsement.endorse_set(world["committee"], world["held"], world["member"], None)


# --- coverage ----------------------------------------------------------------------------------


def test_a_revised_mandate_carries_links_to_questions_with_the_same_text(
    world, make_recommendation, make_body, db
):
    """The council approves a new mandate version: links follow an unchanged question (even
    if it moved or its spacing changed); a reworded question is unanswered until linked again."""
    c, q1, q2 = world["committee"], world["q1"], world["q2"]
    one = make_recommendation(c, questions=[q1])
    two = make_recommendation(c, questions=[q2])
    both = make_recommendation(c, questions=[q1, q2])
    assert coverage.unanswered(c) == []
    staff = world["secretariat"]
    draft = mandate_flow.new_version(c, staff)
    draft.task_questions = [
        TaskQuestion(position=1, text="Hvem  skal involveres? "),  # moved up, extra spaces
        TaskQuestion(position=2, text=q1.text + " Og hvordan?"),  # reworded
        TaskQuestion(position=3, text="Et nyt spørgsmål"),
    ]
    db.session.commit()
    mandate_flow.submit(draft, staff, None)
    council = make_body("Kommunalbestyrelsen", BodyKind.council)
    mandate_flow.record_decision(
        draft,
        body=council,
        decided_on=local_today(),
        agenda_reference="Punkt 2",
        outcome=ApprovalOutcome.approved,
        note="",
        actor=staff,
        expected_status="submitted",
    )
    db.session.expire_all()
    assert c.approved_mandate.id == draft.id
    new_q1, reworded, fresh = draft.task_questions
    assert [q.id for q in two.questions] == [new_q1.id]
    assert [q.id for q in one.questions] == [q1.id]  # stays on the old, reworded question
    assert {q.id for q in both.questions} == {q1.id, new_q1.id}
    assert {q.id for q in coverage.unanswered(c)} == {reworded.id, fresh.id}
    answered = {cov.question.id: cov.recommendations for cov in coverage.coverage(c)}
    assert {r.id for r in answered[new_q1.id]} == {two.id, both.id}


def test_a_wording_asked_twice_in_the_new_mandate_is_not_carried(
    world, make_recommendation, make_body, db
):
    c, q1 = world["committee"], world["q1"]
    rec = make_recommendation(c, questions=[q1])
    staff = world["secretariat"]
    draft = mandate_flow.new_version(c, staff)
    draft.task_questions = [
        TaskQuestion(position=1, text=q1.text),
        TaskQuestion(position=2, text=q1.text.upper()),
    ]
    db.session.commit()
    mandate_flow.submit(draft, staff, None)
    mandate_flow.record_decision(
        draft,
        body=make_body("Kommunalbestyrelsen", BodyKind.council),
        decided_on=local_today(),
        agenda_reference="",
        outcome=ApprovalOutcome.approved,
        note="",
        actor=staff,
        expected_status="submitted",
    )
    db.session.expire_all()
    assert [q.id for q in rec.questions] == [q1.id]
    assert len(coverage.unanswered(c)) == 2


def test_coverage_flags_unanswered_and_ignores_withdrawn(world, make_recommendation, login, client):
    c = world["committee"]
    one = make_recommendation(c, questions=[world["q1"]])
    make_recommendation(c, status=S.withdrawn, questions=[world["q2"]])
    rows = coverage.coverage(c)
    assert [(r.question.id, [x.id for x in r.recommendations]) for r in rows] == [
        (world["q1"].id, [one.id]),
        (world["q2"].id, []),
    ]
    login(world["member"])
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/daekning").get_data(as_text=True)
    assert "Ikke besvaret" in page and "Hvem skal involveres?" in page
    listing = client.get(f"/arbejdsrum/{c.id}/anbefalinger").get_data(as_text=True)
    assert "Ubesvarede spørgsmål fra kommissoriet" in listing


# --- pages × people ----------------------------------------------------------------------------


def _expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PEOPLE, default)
    table.update(overrides)
    return table


VIEW = _expect(200, anonymous=LOGIN, citizen=404, outsider=404)
MANAGE = _expect(403, anonymous=LOGIN, citizen=404, outsider=404, secretariat=200, admin=200)
MANAGE = {**MANAGE, "facilitator": 200}
MANAGE_POST = {k: (302 if v == 200 else v) for k, v in MANAGE.items()}
COMMENT = _expect(403, anonymous=LOGIN, citizen=404, outsider=404, member=302, facilitator=302)
BASE = "/arbejdsrum/{c}/anbefalinger"
ROUTES = [
    ("GET", BASE, None, VIEW),
    ("GET", BASE + "/1", None, VIEW),
    ("GET", BASE + "/1/versioner", None, VIEW),
    ("GET", BASE + "/daekning", None, VIEW),
    ("GET", BASE + "/ny", None, MANAGE),
    ("GET", BASE + "/1/rediger", None, MANAGE),
    ("GET", BASE + "/vedtag", None, MANAGE),
    ("POST", BASE + "/ny", {"title": "T", "text": "Tekst", "questions": ["{q1}"]}, MANAGE_POST),
    (
        "POST",
        BASE + "/1/rediger",
        {"title": "T2", "text": "x", "expected_version": "1"},
        MANAGE_POST,
    ),
    (
        "POST",
        BASE + "/1/handling",
        {"action": "close_comments", "expected_state": "commenting"},
        MANAGE_POST,
    ),
    ("POST", BASE + "/vedtag", {"meeting": "{m}", "expected_set": "1:1"}, MANAGE_POST),
    ("POST", BASE + "/1/kommentar", {"text": "En kommentar"}, COMMENT),
]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("method", "url", "data", "expected"), ROUTES)
def test_route_access(
    method, url, data, expected, person, world, make_recommendation, login, client
):
    c = world["committee"]
    make_recommendation(
        c,
        status=S.commenting,
        questions=[world["q1"], world["q2"]],
        comment_deadline=local_today() + timedelta(days=3),
    )
    if world[person] is not None:
        login(world[person])
    path = url.format(c=c.id)
    values = {"q1": world["q1"].id, "m": world["held"].id}
    if data is not None:
        data = {
            k: [x.format(**values) for x in v] if isinstance(v, list) else v.format(**values)
            for k, v in data.items()
        }
    resp = client.get(path) if method == "GET" else client.post(path, data=data)
    assert resp.status_code == expected[person], resp.get_data(as_text=True)[:800]
    if person == "anonymous":
        assert "/konto/log-ind" in resp.headers["Location"]


def test_other_committees_recommendation_is_404(world, make_recommendation, login, client):
    make_recommendation(world["other"])
    login(world["secretariat"])
    assert client.get(f"/arbejdsrum/{world['committee'].id}/anbefalinger/1").status_code == 404
    assert client.get(f"/arbejdsrum/{world['committee'].id}/anbefalinger/abc").status_code == 404


# --- pages: bad input, stale, markdown, versions, query counts ---------------------------------


@pytest.fixture
def as_facilitator(world, login):
    login(world["facilitator"])
    return world


def test_new_creates_and_shows(as_facilitator, client, db):
    w = as_facilitator
    c = w["committee"]
    resp = client.post(
        f"/arbejdsrum/{c.id}/anbefalinger/ny",
        data={"title": "Flere bænke", "text": "Sæt **bænke** op.", "questions": [w["q2"].id]},
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/anbefalinger/1")
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "<strong>bænke</strong>" in page and "Hvem skal involveres?" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "text": "x"}, "Skriv en titel."),
        ({"title": "x" * 201, "text": "x"}, "x" * 201),
        ({"title": "Titel kept", "text": ""}, "Skriv anbefalingens tekst."),
        ({"title": "Titel kept", "text": "x", "questions": ["999"]}, "godkendte kommissorium"),
        ({"title": "Titel kept", "text": "x", "questions": ["abc"]}, "Titel kept"),
    ],
)
def test_new_bad_input_rerenders(data, message, as_facilitator, client, db):
    c = as_facilitator["committee"]
    resp = client.post(f"/arbejdsrum/{c.id}/anbefalinger/ny", data=data)
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Recommendation.id))) == 0


def test_edit_stale_is_409_with_input_kept(as_facilitator, make_recommendation, client, db):
    w = as_facilitator
    c = w["committee"]
    rec = make_recommendation(c, questions=[w["q1"]])
    drafting.revise(rec, "Andens titel", "x", "", [w["q1"].id], "", w["secretariat"], 1)
    resp = client.post(
        f"/arbejdsrum/{c.id}/anbefalinger/1/rediger",
        data={"title": "Min titel", "text": "Min tekst", "expected_version": "1"},
    )
    body = resp.get_data(as_text=True)
    assert resp.status_code == 409 and "Min titel" in body and "Min tekst" in body
    db.session.refresh(rec)
    assert rec.title == "Andens titel" and rec.version == 2


@pytest.mark.parametrize("junk", ["²", "abc", "-1", "1" * 30])
def test_edit_junk_version_is_400(junk, as_facilitator, make_recommendation, client):
    c = as_facilitator["committee"]
    make_recommendation(c)
    resp = client.post(
        f"/arbejdsrum/{c.id}/anbefalinger/1/rediger",
        data={"title": "Min titel", "text": "x", "expected_version": junk},
    )
    assert resp.status_code == 400 and "Min titel" in resp.get_data(as_text=True)


def test_edit_writes_version_and_versions_page_diffs(
    as_facilitator, make_recommendation, client, db
):
    w = as_facilitator
    c = w["committee"]
    make_recommendation(c, text="Vi anbefaler cykelstier.")
    resp = client.post(
        f"/arbejdsrum/{c.id}/anbefalinger/1/rediger",
        data={
            "title": "Anbefaling om emne 1",
            "text": "Vi anbefaler brede cykelstier.",
            "questions": [w["q1"].id],
            "change_note": "Efter mødet",
            "expected_version": "1",
        },
    )
    assert resp.status_code == 302
    versions = db.session.scalars(db.select(RecommendationVersion)).all()
    assert sorted(v.number for v in versions) == [1, 2]
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/1/versioner").get_data(as_text=True)
    assert "<ins>brede</ins>" in page and "Efter mødet" in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "expected_state": "draft"},
        {"action": "", "expected_state": "draft"},
        {"action": "withdraw", "expected_state": "x" * 100},
    ],
)
def test_act_bad_input_is_400(data, as_facilitator, make_recommendation, client):
    make_recommendation(as_facilitator["committee"])
    c = as_facilitator["committee"]
    assert client.post(f"/arbejdsrum/{c.id}/anbefalinger/1/handling", data=data).status_code == 400


def test_act_stale_is_409(as_facilitator, make_recommendation, client, db):
    c = as_facilitator["committee"]
    rec = make_recommendation(c)
    resp = client.post(
        f"/arbejdsrum/{c.id}/anbefalinger/1/handling",
        data={"action": "withdraw", "expected_state": "commenting"},
    )
    assert resp.status_code == 409
    db.session.refresh(rec)
    assert rec.status is S.draft


@pytest.mark.parametrize("meeting", ["abc", "0", "99999", ""])
def test_endorse_bad_meeting_is_400(meeting, as_facilitator, make_recommendation, client, db):
    c = as_facilitator["committee"]
    rec = make_recommendation(c, questions=[as_facilitator["q1"], as_facilitator["q2"]])
    resp = client.post(f"/arbejdsrum/{c.id}/anbefalinger/vedtag", data={"meeting": meeting})
    assert resp.status_code == 400
    db.session.refresh(rec)
    assert rec.status is S.draft


def test_endorse_page_flags_and_needs_confirmation(as_facilitator, make_recommendation, client, db):
    w = as_facilitator
    c = w["committee"]
    rec = make_recommendation(c, questions=[w["q1"]])
    url = f"/arbejdsrum/{c.id}/anbefalinger/vedtag"
    page = client.get(url).get_data(as_text=True)
    assert "Vi afleverer vidende, at spørgsmål 2 ikke er besvaret" in page
    data = {"meeting": w["held"].id, "expected_set": "1:1"}
    assert client.post(url, data=data).status_code == 400
    resp = client.post(url, data={**data, "confirm_unanswered": "y"})
    assert resp.status_code == 302
    db.session.refresh(rec)
    assert rec.status is S.endorsed


def test_comment_bad_input_rerenders(world, make_recommendation, login, client, db):
    c = world["committee"]
    make_recommendation(c, status=S.commenting, comment_deadline=local_today() + timedelta(days=2))
    login(world["member"])
    resp = client.post(f"/arbejdsrum/{c.id}/anbefalinger/1/kommentar", data={"text": ""})
    assert resp.status_code == 400 and "Skriv din kommentar." in resp.get_data(as_text=True)
    resp = client.post(f"/arbejdsrum/{c.id}/anbefalinger/1/kommentar", data={"text": "x" * 2001})
    assert resp.status_code == 400


def test_markdown_is_sanitized(as_facilitator, make_recommendation, client):
    c = as_facilitator["committee"]
    make_recommendation(
        c, text="<script>alert('x')</script> og [link](javascript:alert(1))", rationale="*ok*"
    )
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/1").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "<em>ok</em>" in page


def test_show_offers_the_steps(as_facilitator, make_recommendation, client):
    c = as_facilitator["committee"]
    make_recommendation(c)
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/1").get_data(as_text=True)
    assert 'value="open_comments"' in page and 'value="withdraw"' in page
    assert 'value="reopen"' not in page


def test_list_query_count_does_not_grow(as_facilitator, make_recommendation, client, db):
    w = as_facilitator
    c = w["committee"]
    for _ in range(2):
        make_recommendation(c, questions=[w["q1"], w["q2"]])
    url = f"/arbejdsrum/{c.id}/anbefalinger"
    with count_queries(db) as small:
        assert client.get(url).status_code == 200
    for n in range(10):
        make_recommendation(c, status=[S.draft, S.commenting, S.endorsed][n % 3])
    with count_queries(db) as large:
        assert client.get(url).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


@pytest.mark.parametrize(
    ("status", "decision_state"),
    [
        (S.endorsed, DecisionState.not_handed_over),
        (S.handed_over, DecisionState.awaiting),
        (S.handed_over, DecisionState.approved),
        (S.withdrawn, DecisionState.not_handed_over),
    ],
)
def test_show_and_list_render_in_every_state(
    status, decision_state, world, make_recommendation, login, client
):
    c = world["committee"]
    make_recommendation(c, status=status, decision_state=decision_state)
    for who in ("member", "facilitator"):
        login(world[who])
        assert client.get(f"/arbejdsrum/{c.id}/anbefalinger/1").status_code == 200
        page = client.get(f"/arbejdsrum/{c.id}/anbefalinger")
        assert page.status_code == 200 and status.label in page.get_data(as_text=True)


def test_edit_of_an_endorsed_recommendation_is_refused(
    as_facilitator, make_recommendation, client, db
):
    c = as_facilitator["committee"]
    rec = make_recommendation(c, status=S.endorsed)
    url = f"/arbejdsrum/{c.id}/anbefalinger/1/rediger"
    assert client.get(url).status_code == 302
    resp = client.post(url, data={"title": "Ny", "text": "x", "expected_version": "1"})
    assert resp.status_code == 302
    db.session.refresh(rec)
    assert rec.version == 1 and rec.title != "Ny"
