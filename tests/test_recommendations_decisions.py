"""Political decisions on recommendations: the state table × roles × stale, outcomes, bulk,
notices to former members and followers, the routes, bad input and the councillors' overview."""

import re
import secrets
from datetime import UTC, datetime, timedelta

import pytest

from committees.models import (
    ActionStatus,
    AuditEntry,
    BodyKind,
    CouncilMeeting,
    Decision,
    DecisionOutcome,
    DecisionState,
    Follow,
    FollowUpReview,
    Handover,
    ImplementationAction,
    MemberType,
    Notice,
    Recommendation,
    RecommendationStatus,
    Role,
)
from committees.models.base import local_today
from tests.test_query_counts import count_queries
from tests.test_route_permissions import LOGIN, PEOPLE, _expect
from workflows import delivery
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.recommendations import decisions
from workflows.recommendations.followup import add_months

D = DecisionState
O = DecisionOutcome  # noqa: E741
ALLOWED = ("councillor", "secretariat", "admin")
FORBIDDEN = ("member", "facilitator", "citizen", "anonymous", "outsider")
YESTERDAY = local_today() - timedelta(days=1)


@pytest.fixture
def bodies(make_body):
    return {
        "standing": make_body("Kultur- og Fritidsudvalget", BodyKind.standing_committee),
        "finance": make_body("Økonomiudvalget", BodyKind.finance_committee),
        "council": make_body("Kommunalbestyrelsen", BodyKind.council),
    }


@pytest.fixture
def handed(make_recommendation, people):
    """handed(state=awaiting, committee=people's committee) -> a handed-over recommendation."""

    def make(state: DecisionState = D.awaiting, committee=None, **kw) -> Recommendation:
        status = (
            RecommendationStatus.endorsed
            if state is D.not_handed_over
            else RecommendationStatus.handed_over
        )
        return make_recommendation(
            committee or people["committee"], status=status, decision_state=state, **kw
        )

    return make


def decide(rec, actor, body, outcome=O.approved, final=True, expected="__same__", **kw):
    return decisions.record_decision(
        rec,
        body=body,
        decided_on=kw.pop("decided_on", YESTERDAY),
        agenda_reference=kw.pop("agenda_reference", "Punkt 7"),
        outcome=outcome,
        final=final,
        reason=kw.pop("reason", "Fordi"),
        changed_text=kw.pop("changed_text", ""),
        actor=actor,
        expected_state=rec.decision_state.name if expected == "__same__" else expected,
    )


def on_agenda(rec, actor, body, expected="__same__"):
    return decisions.put_on_agenda(
        rec,
        body=body,
        on=local_today() + timedelta(days=7),
        agenda_reference="Punkt 3",
        actor=actor,
        expected_state=rec.decision_state.name if expected == "__same__" else expected,
    )


ACTIONS = {"put_on_agenda": on_agenda, "decide": decide}


# --- the state table ---------------------------------------------------------------------------


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", list(D))
def test_state_table_every_action_state_and_role(db, action, state, people, handed, bodies):
    step = decisions.BY_NAME[action]
    open_ = state in step.sources
    for who in ALLOWED + FORBIDDEN:
        rec = handed(state)
        actor = people[who]
        offered = action in [s.name for s in decisions.allowed_actions(rec, actor)]
        assert offered == (open_ and who in ALLOWED), (who, state)
        if who in FORBIDDEN:
            with pytest.raises(PermissionDenied):
                ACTIONS[action](rec, actor, bodies["standing"])
        elif not open_:
            with pytest.raises(NotAllowed):
                ACTIONS[action](rec, actor, bodies["standing"])
        else:
            ACTIONS[action](rec, actor, bodies["standing"])
            db.session.refresh(rec)
            assert rec.decision_state is not state or state is D.in_treatment
        db.session.refresh(rec)
        if who in FORBIDDEN or not open_:
            assert rec.decision_state is state


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_stale_page_is_refused_and_nothing_changes(db, action, people, handed, bodies):
    rec = handed(D.awaiting)
    with pytest.raises(StaleState):
        ACTIONS[action](rec, people["councillor"], bodies["standing"], expected="on_agenda")
    db.session.refresh(rec)
    assert rec.decision_state is D.awaiting and rec.public_since is None
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0


def test_a_recommendation_not_handed_over_offers_nothing(people, make_recommendation, bodies):
    rec = make_recommendation(people["committee"])  # a draft
    assert decisions.allowed_actions(rec, people["secretariat"]) == []
    with pytest.raises(NotAllowed):
        decide(rec, people["secretariat"], bodies["council"])


# --- outcomes ----------------------------------------------------------------------------------

FINAL_TARGET = {
    O.approved: D.approved,
    O.approved_with_changes: D.approved_with_changes,
    O.partly_approved: D.partly_approved,
    O.noted: D.noted,
    O.rejected: D.rejected,
    O.postponed: D.in_treatment,
    O.referred: D.in_treatment,
    O.consultation: D.in_treatment,
}


@pytest.mark.parametrize("outcome", list(O))
@pytest.mark.parametrize(
    "kind,final", [("standing", True), ("standing", False), ("council", False)]
)
def test_outcome_to_state(db, outcome, kind, final, people, handed, bodies):
    rec = handed(D.on_agenda)
    decision = decide(rec, people["councillor"], bodies[kind], outcome, final, changed_text="Ny")
    db.session.refresh(rec)
    is_final = final or kind == "council"  # the council's decision is always final
    expected = FINAL_TARGET[outcome] if is_final else D.in_treatment
    assert rec.decision_state is expected
    assert decision.final is expected.is_final
    assert rec.decided_on == (YESTERDAY if expected.is_final else None)
    reviews = db.session.scalars(
        db.select(FollowUpReview).filter_by(recommendation_id=rec.id).order_by("months")
    ).all()
    if expected.leads_to_implementation:
        assert [(r.months, r.due_on) for r in reviews] == [
            (m, add_months(YESTERDAY, m)) for m in (3, 6, 12)
        ]
    else:
        assert reviews == []


def test_a_standing_committee_recommends_onward_then_the_council_decides(
    db, people, handed, bodies
):
    rec = handed(D.awaiting)
    decide(rec, people["councillor"], bodies["standing"], O.approved, final=False)
    db.session.refresh(rec)
    assert rec.decision_state is D.in_treatment
    decide(rec, people["secretariat"], bodies["council"], O.approved, final=False)
    db.session.refresh(rec)
    assert rec.decision_state is D.approved and len(rec.decisions) == 2
    assert decisions.allowed_actions(rec, people["councillor"]) == []


def test_an_approval_plans_the_review_reminders(db, people, handed, bodies):
    rec = handed()
    decide(rec, people["councillor"], bodies["council"], O.approved)
    kinds = set(
        db.session.scalars(
            db.select(Notice.kind).where(Notice.kind.like("followup_%"), Notice.due_at.is_not(None))
        )
    )
    assert kinds == {"followup_update_due", "followup_update_overdue"}


@pytest.mark.parametrize(
    "outcome,field,message",
    [
        (O.approved_with_changes, "changed_text", "hvad der blev ændret"),
        (O.partly_approved, "changed_text", "hvad der blev ændret"),
        (O.rejected, "reason", "begrundelsen"),
        (O.postponed, "reason", "begrundelsen"),
        (O.referred, "reason", "begrundelsen"),
        (O.consultation, "reason", "begrundelsen"),
    ],
)
def test_required_reason_or_changed_text(db, outcome, field, message, people, handed, bodies):
    rec = handed()
    with pytest.raises(NotAllowed) as refused:
        decide(rec, people["councillor"], bodies["council"], outcome, **{field: "  "})
    assert message in " ".join(refused.value.reasons)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0


def test_a_future_date_or_a_date_before_the_handover_is_refused(db, people, handed, bodies):
    rec = handed()
    with pytest.raises(NotAllowed, match="kan ikke registreres"):
        decide(
            rec, people["councillor"], bodies["council"], decided_on=local_today() + timedelta(1)
        )
    handover = Handover(committee_id=rec.committee_id, handed_over_on=YESTERDAY)
    db.session.add(handover)
    db.session.flush()
    rec.handover_id = handover.id
    db.session.commit()
    with pytest.raises(NotAllowed) as refused:
        decide(rec, people["councillor"], bodies["council"], decided_on=YESTERDAY - timedelta(1))
    assert "før afleveringen" in " ".join(refused.value.reasons)
    decide(rec, people["councillor"], bodies["council"], decided_on=YESTERDAY)


def test_put_on_agenda_makes_it_public_and_is_audited(db, people, handed, bodies):
    rec = handed()
    assert not rec.is_public
    on_agenda(rec, people["secretariat"], bodies["standing"])
    db.session.refresh(rec)
    assert rec.decision_state is D.on_agenda and rec.is_public
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="recommendation.on_agenda"))
    assert entry.details["body"] == "Kultur- og Fritidsudvalget"
    assert entry.details["agenda"] == "Punkt 3" and entry.to_state == "on_agenda"
    first = rec.public_since
    decide(rec, people["councillor"], bodies["council"])
    db.session.refresh(rec)
    assert rec.public_since == first  # set once, never moved


def test_a_decision_makes_it_public(db, people, handed, bodies):
    rec = handed()
    decide(rec, people["councillor"], bodies["standing"], O.postponed, reason="Mangler tal")
    db.session.refresh(rec)
    assert rec.is_public and rec.decision_state is D.in_treatment


def test_a_duplicate_decision_is_a_message(db, people, handed, bodies):
    rec = handed()
    decide(rec, people["councillor"], bodies["standing"], O.approved, final=False)
    with pytest.raises(NotAllowed) as refused:
        decide(rec, people["councillor"], bodies["standing"], O.approved, final=False)
    assert "allerede en beslutning" in " ".join(refused.value.reasons)


def test_a_duplicate_past_the_check_is_still_a_message(db, people, handed, bodies, monkeypatch):
    """Two requests at once: the unique constraint catches what the check missed."""
    rec = handed()
    decide(rec, people["councillor"], bodies["standing"], O.approved, final=False)
    monkeypatch.setattr(decisions, "_duplicate", lambda _rec, _data: False)
    with pytest.raises(NotAllowed, match="allerede registreret"):
        decide(rec, people["councillor"], bodies["standing"], O.approved, final=False)
    db.session.refresh(rec)
    assert len(rec.decisions) == 1 and rec.decision_state is D.in_treatment


# --- bulk --------------------------------------------------------------------------------------


def bulk(recs, actor, body, outcome=O.approved, expected=None, **kw):
    return decisions.record_bulk(
        recs,
        body=body,
        decided_on=kw.pop("decided_on", YESTERDAY),
        agenda_reference="Punkt 12",
        outcome=outcome,
        final=kw.pop("final", True),
        reason="",
        changed_text="",
        actor=actor,
        expected_states=expected
        if expected is not None
        else {r.id: r.decision_state.name for r in recs},
    )


def test_bulk_records_one_decision_each_in_one_batch(db, people, handed, bodies):
    recs = [handed(D.awaiting), handed(D.on_agenda), handed(D.in_treatment)]
    made = bulk(recs, people["councillor"], bodies["council"])
    assert len(made) == 3 and len({d.batch for d in made}) == 1 and made[0].batch
    for rec in recs:
        db.session.refresh(rec)
        assert rec.decision_state is D.approved and len(rec.reviews) == 3
    audits = db.session.scalars(db.select(AuditEntry).filter_by(action="recommendation.decided"))
    assert sorted(a.object_id for a in audits) == sorted(r.id for r in recs)
    member = people["member"]
    told = db.session.scalars(
        db.select(Notice).filter_by(kind="recommendation_decided", recipient_id=member.id)
    ).all()
    assert sorted(n.subject_id for n in told) == sorted(r.id for r in recs)


def test_one_stale_recommendation_refuses_the_whole_batch(db, people, handed, bodies):
    recs = [handed(), handed(), handed()]
    expected = {r.id: "awaiting" for r in recs}
    expected[recs[1].id] = "on_agenda"  # the page showed another state
    with pytest.raises(StaleState, match=recs[1].label):
        bulk(recs, people["councillor"], bodies["council"], expected=expected)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Notice.id))) == 0
    for rec in recs:
        db.session.refresh(rec)
        assert rec.decision_state is D.awaiting and rec.public_since is None


def test_one_not_allowed_recommendation_refuses_the_whole_batch(db, people, handed, bodies):
    recs = [handed(), handed(D.rejected)]
    with pytest.raises(NotAllowed) as refused:
        bulk(recs, people["councillor"], bodies["council"])
    assert recs[1].label in " ".join(refused.value.reasons)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0


def test_bulk_with_a_duplicate_names_it_and_writes_nothing(db, people, handed, bodies):
    recs = [handed(), handed()]
    decide(recs[0], people["councillor"], bodies["standing"], O.approved, final=False)
    db.session.refresh(recs[0])
    with pytest.raises(NotAllowed) as refused:
        bulk(recs, people["councillor"], bodies["standing"], final=False)
    assert recs[0].label in " ".join(refused.value.reasons)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 1


def test_bulk_needs_a_permitted_actor_and_a_recommendation(db, people, handed, bodies):
    with pytest.raises(PermissionDenied):
        bulk([handed()], people["member"], bodies["council"])
    with pytest.raises(NotAllowed):
        bulk([], people["councillor"], bodies["council"])


# --- notices to former members and followers ---------------------------------------------------


def _follow(db, committee, *, user=None, email=None, confirmed=True) -> Follow:
    f = Follow(
        committee_id=committee.id,
        user_id=user.id if user else None,
        email=email,
        target=f"c:{committee.id}",
        who=f"u:{user.id}" if user else f"e:{email}",
        token=secrets.token_urlsafe(24),
        confirmed_at=datetime.now(UTC) if confirmed else None,
    )
    db.session.add(f)
    db.session.commit()
    return f


def test_former_members_and_followers_are_told_once_by_email(
    db, people, handed, bodies, make_member, make_user, smtp_sink
):
    c = people["committee"]
    former = make_member(
        c,
        MemberType.citizen,
        start_date=local_today() - timedelta(days=400),
        end_date=local_today() - timedelta(days=30),
    ).user
    account_follower = make_user(Role.citizen)
    _follow(db, c, user=account_follower)
    _follow(db, c, user=people["member"])  # a member who also follows: one notice
    _follow(db, c, email="borger@example.org")
    _follow(db, c, email="ubekraeftet@example.org", confirmed=False)
    rec = handed()
    decide(rec, people["secretariat"], bodies["council"], O.rejected, reason="For dyrt")
    delivery.sweep()
    to = [m["To"] for m in smtp_sink if "har besluttet" in m["Subject"]]
    addresses = " ".join(to)
    for person in (former, account_follower, people["member"], people["facilitator"]):
        assert addresses.count(person.email) == 1, person.email
    assert addresses.count("borger@example.org") == 1
    assert "ubekraeftet@example.org" not in addresses
    assert people["councillor"].email not in addresses  # not a member, not a follower
    mail = next(m for m in smtp_sink if former.email in m["To"])
    assert "Kommunalbestyrelsen" in mail["Subject"] and "Afvist" in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "For dyrt" in body and rec.title in body


def test_on_agenda_tells_members_and_followers_once_which_body_and_when(
    db, people, handed, bodies, make_member, make_user, smtp_sink
):
    """The agenda is the moment it becomes public: members past and present and followers hear
    which body treats it, on which day and under which item, in their own language."""
    c = people["committee"]
    former = make_member(
        c,
        MemberType.citizen,
        start_date=local_today() - timedelta(days=400),
        end_date=local_today() - timedelta(days=30),
    ).user
    former.locale = "en"
    _follow(db, c, email="borger@example.org")
    _follow(db, c, email="ubekraeftet@example.org", confirmed=False)
    rec = handed()
    on_agenda(rec, people["secretariat"], bodies["standing"])
    db.session.refresh(rec)
    assert rec.agenda_body == bodies["standing"] and rec.agenda_reference == "Punkt 3"
    assert rec.agenda_on == local_today() + timedelta(days=7)
    delivery.sweep()
    delivery.sweep()  # a second sweep sends nothing twice
    mails = [m for m in smtp_sink if "dagsordenen" in m["Subject"] or "agenda" in m["Subject"]]
    to = " ".join(m["To"] for m in mails)
    for person in (former, people["member"], people["facilitator"]):
        assert to.count(person.email) == 1, person.email
    assert to.count("borger@example.org") == 1 and "ubekraeftet@example.org" not in to
    assert people["councillor"].email not in to
    danish = next(m for m in mails if people["member"].email in m["To"])
    assert "Kultur- og Fritidsudvalget" in danish["Subject"]
    body = danish.get_body(preferencelist=("plain",)).get_content()
    assert rec.title in body and "Punkt 3" in body
    day = local_today() + timedelta(days=7)
    assert f"{day.day}. " in body and str(day.year) in body
    english = next(m for m in mails if former.email in m["To"])
    assert "agenda" in english["Subject"].lower()
    follower = next(m for m in mails if "borger@example.org" in m["To"])
    assert follower["List-Unsubscribe"]


def test_the_agenda_meeting_cannot_be_before_the_handover(db, people, handed, bodies):
    rec = handed()
    handover = Handover(committee_id=rec.committee_id, handed_over_on=local_today())
    db.session.add(handover)
    db.session.flush()
    rec.handover_id = handover.id
    db.session.commit()
    with pytest.raises(NotAllowed, match="før afleveringen"):
        decisions.put_on_agenda(
            rec,
            body=bodies["standing"],
            on=local_today() - timedelta(days=1),
            agenda_reference="",
            actor=people["secretariat"],
            expected_state="awaiting",
        )
    db.session.refresh(rec)
    assert rec.decision_state is D.awaiting and rec.agenda_body is None and not rec.is_public
    assert db.session.scalar(db.select(db.func.count(Notice.id))) == 0


# --- routes ------------------------------------------------------------------------------------

RECORD = _expect(403, anonymous=LOGIN, citizen=404, outsider=404, **dict.fromkeys(ALLOWED, 200))
RECORD_POST = {**RECORD, **dict.fromkeys(ALLOWED, 302)}
OVERVIEW = _expect(403, anonymous=LOGIN, **dict.fromkeys(ALLOWED, 200))


def _form(body, **kw) -> dict:
    data = {
        "body": str(body.id),
        "decided_on": YESTERDAY.isoformat(),
        "agenda_reference": "Punkt 4",
        "outcome": "approved",
        "final": "y",
        "reason": "",
        "changed_text": "",
        "expected_state": "awaiting",
    }
    data.update(kw)
    return data


def _as(person, people, login, client):
    client.post("/konto/log-ud")
    if people[person] is not None:
        login(people[person])


@pytest.mark.parametrize("person", PEOPLE)
def test_routes_by_person(person, people, handed, bodies, login, client):
    c = people["committee"]
    rec = handed()
    _as(person, people, login, client)
    base = f"/arbejdsrum/{c.id}/anbefalinger"
    assert client.get(f"{base}/{rec.number}/beslutning").status_code == RECORD[person]
    assert client.get(f"{base}/beslutninger").status_code == RECORD[person]
    assert client.get("/politisk-overblik").status_code == OVERVIEW[person]
    agenda = {
        "agenda-body": str(bodies["standing"].id),
        "agenda-meets_on": local_today().isoformat(),
        "agenda-agenda_reference": "Punkt 1",
        "agenda-expected_state": "awaiting",
    }
    resp = client.post(f"{base}/{rec.number}/dagsorden", data=agenda)
    assert resp.status_code == RECORD_POST[person]
    state = "on_agenda" if person in ALLOWED else "awaiting"
    resp = client.post(
        f"{base}/{rec.number}/beslutning", data=_form(bodies["council"], expected_state=state)
    )
    assert resp.status_code == RECORD_POST[person]
    rec2 = handed()
    data = {**_form(bodies["council"]), "recommendations": [str(rec2.id)]}
    data["expected_states"] = f"{rec2.id}=awaiting"
    assert client.post(f"{base}/beslutninger", data=data).status_code == RECORD_POST[person]


def test_decide_page_shows_the_forms_and_the_decisions(people, handed, bodies, login, client):
    rec = handed()
    login(people["councillor"])
    url = f"/arbejdsrum/{rec.committee_id}/anbefalinger/{rec.number}/beslutning"
    page = client.get(url).get_data(as_text=True)
    assert "Sæt på dagsordenen" in page and "Registrér politisk beslutning" in page
    assert "Taget til efterretning" in page and "Kommunalbestyrelsen" in page
    resp = client.post(url, data=_form(bodies["council"], outcome="noted"))
    assert resp.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Punkt 4" in page and "Taget til efterretning" in page
    assert "kan ikke få en politisk beslutning" in page


@pytest.mark.parametrize(
    "change,message",
    [
        ({"decided_on": "31-02-2026"}, "gyldig dato"),
        ({"decided_on": "i går"}, "gyldig dato"),
        ({"decided_on": ""}, "gyldig dato"),
        ({"outcome": "bogus"}, ""),
        ({"outcome": ""}, "Vælg beslutningen"),
        ({"body": "x"}, ""),
        ({"body": "99999"}, ""),
        ({"outcome": "rejected", "reason": ""}, "begrundelsen"),
        ({"outcome": "partly_approved"}, "hvilke dele"),
        ({"decided_on": (local_today() + timedelta(days=3)).isoformat()}, "fremtiden"),
        ({"agenda_reference": "x" * 500}, ""),
    ],
)
def test_bad_input_re_renders_with_a_message(
    db, change, message, people, handed, bodies, login, client
):
    rec = handed()
    login(people["secretariat"])
    url = f"/arbejdsrum/{rec.committee_id}/anbefalinger/{rec.number}/beslutning"
    data = {**_form(bodies["council"], reason="Husk"), **change}
    resp = client.post(url, data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400, page[:300]
    assert "Der er problemer" in page and message in page
    assert f'value="{data["agenda_reference"]}"' in page  # the input is kept
    assert data["reason"] in page
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0


def test_bad_agenda_and_bulk_input_re_render(db, people, handed, bodies, login, client):
    rec = handed()
    login(people["secretariat"])
    base = f"/arbejdsrum/{rec.committee_id}/anbefalinger"
    resp = client.post(
        f"{base}/{rec.number}/dagsorden",
        data={"agenda-body": "x", "agenda-meets_on": "nej", "agenda-expected_state": "awaiting"},
    )
    assert resp.status_code == 400 and "Der er problemer" in resp.get_data(as_text=True)
    for junk in ({"recommendations": ["x"]}, {"recommendations": []}, {"expected_states": "??"}):
        data = {**_form(bodies["council"]), "recommendations": [str(rec.id)], **junk}
        resp = client.post(f"{base}/beslutninger", data=data)
        if "expected_states" in junk:  # unreadable states: nothing to compare, still decided
            assert resp.status_code == 302
        else:
            assert resp.status_code == 400, junk
    resp = client.post(f"{base}/{rec.number}/beslutning", data=_form(bodies["council"]))
    assert resp.status_code == 409  # it was decided in bulk meanwhile


def test_duplicate_through_the_browser_is_a_message_not_a_500(
    db, people, handed, bodies, login, client
):
    rec = handed()
    login(people["councillor"])
    url = f"/arbejdsrum/{rec.committee_id}/anbefalinger/{rec.number}/beslutning"
    data = _form(bodies["standing"], final="")
    assert client.post(url, data=data).status_code == 302
    resp = client.post(url, data={**data, "expected_state": "in_treatment"})
    assert resp.status_code == 400
    assert "allerede en beslutning" in resp.get_data(as_text=True)


def test_bulk_page_decides_the_chosen_and_refuses_stale(db, people, handed, bodies, login, client):
    recs = [handed(), handed(D.on_agenda), handed(D.approved)]
    login(people["secretariat"])
    url = f"/arbejdsrum/{people['committee'].id}/anbefalinger/beslutninger"
    page = client.get(url).get_data(as_text=True)
    boxes = re.findall(r'name="recommendations"\s+value="(\d+)"', page)
    assert boxes == [str(recs[0].id), str(recs[1].id)]
    assert "Allerede endeligt besluttet" in page and recs[2].title in page
    data = {
        **_form(bodies["council"]),
        "recommendations": [str(recs[0].id), str(recs[2].id)],
        "expected_states": f"{recs[0].id}=awaiting;{recs[2].id}=approved",
    }
    resp = client.post(url, data=data)  # one already decided: named, nothing saved
    assert resp.status_code == 400 and "Intet er gemt" in resp.get_data(as_text=True)
    assert recs[2].label in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0
    states = f"{recs[0].id}=awaiting;{recs[1].id}=awaiting"  # the second changed meanwhile
    data = {
        **_form(bodies["council"]),
        "recommendations": [str(recs[0].id), str(recs[1].id)],
        "expected_states": states,
    }
    resp = client.post(url, data=data)
    assert resp.status_code == 409 and recs[1].label in resp.get_data(as_text=True)
    data["expected_states"] = f"{recs[0].id}=awaiting;{recs[1].id}=on_agenda"
    assert client.post(url, data=data).status_code == 302
    made = db.session.scalars(db.select(Decision)).all()
    assert len(made) == 2 and len({d.batch for d in made}) == 1


# --- the councillors' overview -----------------------------------------------------------------


def _grow(db, make_committee, handed, bodies, n: int) -> None:
    today = local_today()
    for i in range(n):
        c = make_committee()
        handover = Handover(committee_id=c.id, handed_over_on=today - timedelta(days=20 + i))
        db.session.add(handover)
        db.session.commit()
        handed(D.awaiting, committee=c, handover_id=handover.id)
        approved = handed(D.approved, committee=c)
        db.session.add(
            ImplementationAction(
                recommendation_id=approved.id,
                title=f"Handling {i}",
                owner_unit="Kultur",
                owner_body_id=bodies["standing"].id,
                due_on=today - timedelta(days=1),
                status=ActionStatus.on_track if i % 2 else ActionStatus.delayed,
            )
        )
        db.session.add(
            FollowUpReview(recommendation_id=approved.id, months=3, due_on=today - timedelta(1))
        )
        db.session.commit()


def test_overview_lists_awaiting_and_troubled_with_constant_queries(
    db, people, handed, bodies, make_committee, login, client
):
    db.session.add(
        CouncilMeeting(body_id=bodies["council"].id, meets_on=local_today() + timedelta(9))
    )
    db.session.commit()
    login(people["councillor"])
    _grow(db, make_committee, handed, bodies, 2)
    with count_queries(db) as small:
        page = client.get("/politisk-overblik").get_data(as_text=True)
    assert "Afventer politisk beslutning (2)" in page
    assert "Handling 0" in page and "Handling 1" in page and "overskredet" in page
    assert "Opfølgninger over fristen (2)" in page and "20 dage" in page
    assert "Kommunalbestyrelsen" in page
    _grow(db, make_committee, handed, bodies, 10)
    with count_queries(db) as large:
        page = client.get("/politisk-overblik").get_data(as_text=True)
    assert "Afventer politisk beslutning (12)" in page
    assert large["n"] == small["n"], (small["n"], large["n"])


def test_overview_leaves_out_done_and_decided(db, people, handed, bodies, login, client):
    approved = handed(D.approved)
    handed(D.not_handed_over)
    db.session.add(
        ImplementationAction(
            recommendation_id=approved.id,
            title="Færdig handling",
            owner_unit="Kultur",
            due_on=local_today() - timedelta(days=10),
            status=ActionStatus.done,
        )
    )
    db.session.add(
        FollowUpReview(
            recommendation_id=approved.id,
            months=3,
            due_on=local_today() - timedelta(1),
            done_at=datetime.now(UTC),
        )
    )
    db.session.commit()
    login(people["secretariat"])
    page = client.get("/politisk-overblik").get_data(as_text=True)
    assert "Ingen anbefalinger venter" in page and "Færdig handling" not in page
    assert "Ingen opfølgninger er over fristen" in page


def test_the_panel_offers_the_link_only_when_allowed(app, people, handed):
    from flask import render_template_string
    from flask_login import login_user

    rec = handed()
    src = '{% include "recommendations/_decisions_panel.html" %}'
    for who, shown in (("councillor", True), ("member", False)):
        with app.test_request_context("/"):
            login_user(people[who])
            html = render_template_string(src, rec=rec)
        assert ("Registrér beslutning" in html) is shown, who
        assert "Ingen politiske beslutninger endnu" in html


def test_the_decision_page_says_where_and_when_it_is_on_the_agenda(
    db, people, handed, bodies, login, client
):
    rec = handed()
    on_agenda(rec, people["secretariat"], bodies["standing"])
    login(people["secretariat"])
    c = people["committee"]
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/{rec.number}/beslutning")
    text = page.get_data(as_text=True)
    day = local_today() + timedelta(days=7)
    assert "På dagsordenen i Kultur- og Fritidsudvalget, mødet" in text
    assert f"{day.day}. " in text and "(Punkt 3)" in text


def test_the_agenda_body_cannot_decide_before_its_meeting(db, people, handed, bodies):
    """On the standing committee's agenda for next week: its decision dated yesterday is refused
    (another body's is not)."""
    rec = handed()
    on_agenda(rec, people["secretariat"], bodies["standing"])
    db.session.refresh(rec)
    with pytest.raises(NotAllowed) as refused:
        decide(rec, people["councillor"], bodies["standing"], final=False)
    assert "på dagsordenen til mødet" in " ".join(refused.value.reasons)
    assert db.session.scalar(db.select(db.func.count(Decision.id))) == 0
    decide(rec, people["councillor"], bodies["council"])
    db.session.refresh(rec)
    assert rec.decision_state is D.approved
