"""The public trail: a recommendation's timeline (public vs internal), "what became of the
recommendations" per committee, 404 for everything not yet public, and no N+1."""

from datetime import UTC, date, datetime, timedelta

import pytest

from committees.models import (
    ActionStatus,
    BodyKind,
    CommitteeState,
    Decision,
    DecisionOutcome,
    DecisionState,
    FollowUpReview,
    Handover,
    ImplementationAction,
    ProgressUpdate,
    RecommendationComment,
    RecommendationStatus,
    RecommendationVersion,
)
from tests.test_query_counts import count_queries
from workflows.recommendations import trail

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
START = date(2026, 3, 2)


def add_trail(db, rec, body, n: int = 1) -> None:
    """A handover, n decisions, one action with n updates and a review, on `rec`."""
    committee = rec.committee
    handover = Handover(committee=committee, handed_over_on=START)
    db.session.add(handover)
    rec.handover = handover
    rec.endorsed_on = START - timedelta(days=7)
    rec.public_since = datetime(2026, 3, 10, 9, tzinfo=UTC)
    for i in range(n):
        rec.decisions.append(
            Decision(
                body=body,
                decided_on=START + timedelta(days=14 + i),
                agenda_reference=f"Punkt {i + 1}",
                outcome=DecisionOutcome.approved if i == n - 1 else DecisionOutcome.postponed,
                final=i == n - 1,
                reason=f"Begrundelse {i + 1}",
            )
        )
    action = ImplementationAction(
        title="Flere bænke",
        owner_unit="Park og Vej",
        due_on=START + timedelta(days=200),
        status=ActionStatus.on_track,
        progress=40,
        created_at=datetime(2026, 4, 1, 9, tzinfo=UTC),
    )
    for i in range(n):
        action.updates.append(
            ProgressUpdate(
                written_on=START + timedelta(days=60 + i),
                text=f"Opdatering {i + 1}",
                status=ActionStatus.on_track,
                progress=10 * (i + 1),
            )
        )
    rec.actions.append(action)
    rec.reviews.append(FollowUpReview(months=3, due_on=START + timedelta(days=110)))
    rec.decision_state = DecisionState.approved
    rec.status = RecommendationStatus.handed_over
    rec.decided_on = START + timedelta(days=14 + n - 1)
    db.session.commit()


@pytest.fixture
def body(make_body):
    return make_body("Kultur- og Fritidsudvalget", BodyKind.standing_committee)


@pytest.fixture
def committee(people):
    return people["committee"]


@pytest.fixture
def public_rec(db, committee, body, make_recommendation):
    rec = make_recommendation(committee, title="Flere bænke ved stranden", public=True)
    add_trail(db, rec, body)
    return rec


@pytest.fixture
def hidden_rec(make_recommendation, committee):
    return make_recommendation(
        committee,
        title="Hemmeligt udkast om havnen",
        status=RecommendationStatus.handed_over,
        decision_state=DecisionState.awaiting,
    )


def show_url(rec) -> str:
    return f"/udvalg/{rec.committee_id}/anbefalinger/{rec.number}"


def index_url(committee) -> str:
    return f"/udvalg/{committee.id}/anbefalinger"


def as_person(people, login, client, who: str) -> None:
    if people[who] is not None:
        login(people[who])


# --- the timeline -----------------------------------------------------------------------------


def test_timeline_runs_from_question_to_review_in_date_order(db, public_rec):
    events = trail.timeline(trail.load(public_rec.committee_id, public_rec.number), False)
    kinds = [e.kind for e in events]
    assert kinds == [
        "question",
        "endorsed",
        "handover",
        "agenda",
        "decision",
        "action",
        "update",
        "review",
    ]
    dated = [e.on for e in events if e.on]
    assert dated == sorted(dated)
    decision = next(e for e in events if e.kind == "decision")
    assert "Godkendt" in decision.title and decision.text == "Begrundelse 1"
    assert ("Dagsordenspunkt", "Punkt 1") in decision.facts


def test_the_agenda_step_names_the_body_the_meeting_and_the_item(db, public_rec, body, client):
    """Decided without an agenda step: "on the political agenda" from the day it became public;
    put on an agenda: which body, the meeting day and the agenda item."""
    rec = trail.load(public_rec.committee_id, public_rec.number)
    agenda = next(e for e in trail.timeline(rec, False) if e.kind == "agenda")
    assert agenda.title == "På den politiske dagsorden" and agenda.facts == []
    public_rec.agenda_body, public_rec.agenda_on = body, START + timedelta(days=12)
    public_rec.agenda_reference = "Punkt 9"
    db.session.commit()
    db.session.expire_all()
    rec = trail.load(public_rec.committee_id, public_rec.number)
    events = trail.timeline(rec, False)
    agenda = next(e for e in events if e.kind == "agenda")
    assert agenda.title == "På dagsordenen i Kultur- og Fritidsudvalget"
    assert agenda.on == START + timedelta(days=12)
    assert agenda.facts == [("Politisk organ", body.name), ("Dagsordenspunkt", "Punkt 9")]
    assert [e.kind for e in events].index("agenda") < [e.kind for e in events].index("decision")
    page = client.get(show_url(public_rec)).get_data(as_text=True)
    assert "På dagsordenen i Kultur- og Fritidsudvalget" in page and "Punkt 9" in page


def test_internal_timeline_adds_versions_and_comment_counts(db, public_rec, people):
    public_rec.versions.append(RecommendationVersion(number=2, title="Ny titel", change_note="Ret"))
    public_rec.comments.append(
        RecommendationComment(version_number=1, text="God idé", author_id=people["member"].id)
    )
    db.session.commit()
    rec = trail.load(public_rec.committee_id, public_rec.number, internal=True)
    internal = trail.timeline(rec, internal=True)
    public = trail.timeline(rec, internal=False)
    versions = [e for e in internal if e.kind == "version"]
    assert [v.facts for v in versions] == [[("Kommentarer", "1")], [("Kommentarer", "0")]]
    assert not any(e.kind == "version" for e in public)


def test_a_hidden_recommendation_shows_only_the_committee_side_publicly(db, hidden_rec, body):
    rec = trail.load(hidden_rec.committee_id, hidden_rec.number)
    assert {e.kind for e in trail.timeline(rec, internal=False)} <= {"question", "endorsed"}


def test_timeline_query_count_does_not_grow(db, committee, body, make_recommendation):
    small = make_recommendation(committee, public=True)
    add_trail(db, small, body, n=1)
    large = make_recommendation(committee, public=True)
    add_trail(db, large, body, n=6)
    counts = []
    for rec in (small, large):
        db.session.expire_all()
        with count_queries(db) as q:
            events = trail.timeline(trail.load(committee.id, rec.number, True), internal=True)
        counts.append(q["n"])
    assert len(events) > 12
    assert counts[0] == counts[1], counts


# --- the public pages -------------------------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_public_recommendation_page_for_everyone(who, client, people, login, public_rec):
    as_person(people, login, client, who)
    resp = client.get(show_url(public_rec))
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "Flere bænke ved stranden" in page and "Begrundelse 1" in page
    assert "Opdatering 1" in page and "Hvordan gør vi det bedre?" in page


@pytest.mark.parametrize("who", PEOPLE)
def test_hidden_recommendation_is_404_for_everyone_publicly(who, client, people, login, hidden_rec):
    as_person(people, login, client, who)
    assert client.get(show_url(hidden_rec)).status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_index_lists_public_recommendations_only(
    who, client, people, login, public_rec, hidden_rec
):
    as_person(people, login, client, who)
    resp = client.get(index_url(public_rec.committee))
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "Hvad blev der af anbefalingerne?" in page
    assert "Flere bænke ved stranden" in page and "Punkt 1" not in page
    assert "Hemmeligt udkast om havnen" not in page
    assert "0 af 1 handling er gennemført" in page


def test_withdrawn_and_unknown_are_404(db, client, public_rec, committee):
    assert client.get(f"/udvalg/{committee.id}/anbefalinger/99").status_code == 404
    assert client.get("/udvalg/999/anbefalinger").status_code == 404
    public_rec.status = RecommendationStatus.withdrawn
    db.session.commit()
    assert client.get(show_url(public_rec)).status_code == 404
    assert "Flere bænke" not in client.get(index_url(committee)).get_data(as_text=True)


@pytest.mark.parametrize("state", [CommitteeState.idea, CommitteeState.mandate_draft])
def test_a_committee_not_yet_public_has_no_public_recommendations(
    db, client, state, public_rec, committee
):
    committee.state = state
    db.session.commit()
    assert client.get(show_url(public_rec)).status_code == 404
    assert client.get(index_url(committee)).status_code == 404


@pytest.mark.parametrize("state", [CommitteeState.dissolved, CommitteeState.evaluated])
def test_a_dissolved_or_evaluated_committee_keeps_its_trail_public(
    db, client, state, public_rec, committee
):
    committee.state = state
    db.session.commit()
    assert client.get(show_url(public_rec)).status_code == 200
    assert client.get(index_url(committee)).status_code == 200


def test_public_show_query_count_does_not_grow(db, client, committee, body, make_recommendation):
    small = make_recommendation(committee, public=True)
    add_trail(db, small, body, n=1)
    large = make_recommendation(committee, public=True)
    add_trail(db, large, body, n=6)
    counts = []
    for rec in (small, large):
        db.session.expire_all()
        with count_queries(db) as q:
            assert client.get(show_url(rec)).status_code == 200
        counts.append(q["n"])
    assert counts[0] == counts[1], counts


def test_index_query_count_does_not_grow(db, client, committee, body, make_recommendation):
    def grow(n: int) -> None:
        for _ in range(n):
            add_trail(db, make_recommendation(committee, public=True), body, n=2)

    grow(1)
    db.session.expire_all()
    with count_queries(db) as small:
        assert client.get(index_url(committee)).status_code == 200
    grow(5)
    db.session.expire_all()
    with count_queries(db) as large:
        assert client.get(index_url(committee)).status_code == 200
    assert small["n"] == large["n"], (small["n"], large["n"])


def test_index_is_paginated(db, app, client, committee, make_recommendation):
    app.config["PER_PAGE"] = 2
    for n in range(5):
        make_recommendation(committee, public=True, title=f"Offentlig nummer {n + 1}")
    first = client.get(index_url(committee)).get_data(as_text=True)
    third = client.get(index_url(committee) + "?page=3").get_data(as_text=True)
    assert "Offentlig nummer 1" in first and "Offentlig nummer 3" not in first
    assert "Offentlig nummer 5" in third
    assert client.get(index_url(committee) + "?page=abc").status_code == 200
