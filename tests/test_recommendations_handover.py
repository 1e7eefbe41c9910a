"""The council calendar, the latest handover date in working days, and the handover itself."""

import itertools
from datetime import date, timedelta

import pytest

from committees.models import (
    AuditEntry,
    BodyKind,
    CommitteeState,
    CouncilMeeting,
    DecisionState,
    Handover,
    MemberType,
    Notice,
    PoliticalBody,
    RecommendationStatus,
    Role,
)
from committees.models.base import local_today
from workflows import notices
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.recommendations import council_calendar, handover
from workflows.recommendations.council_calendar import Leads, compute_plan

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
LEADS = Leads(standing=10, finance=5, case=10)
D = date.fromisoformat


# --- the pure computation ----------

COUNCIL = PoliticalBody(id=1, name="Kommunalbestyrelsen", kind=BodyKind.council)
FINANCE = PoliticalBody(id=2, name="Økonomiudvalget", kind=BodyKind.finance_committee)
CULTURE = PoliticalBody(id=3, name="Kultur- og Fritidsudvalget", kind=BodyKind.standing_committee)
SOCIAL = PoliticalBody(id=4, name="Social- og Sundhedsudvalget", kind=BodyKind.standing_committee)


_IDS = itertools.count(100)


def _meeting(body: PoliticalBody, day: str) -> CouncilMeeting:
    return CouncilMeeting(id=next(_IDS), body=body, body_id=body.id, meets_on=D(day))


def _plan(
    council_day: str,
    entries: list[tuple[PoliticalBody, str]],
    parents=(CULTURE,),
    today="2027-01-01",
):
    council = _meeting(COUNCIL, council_day)
    meetings = [_meeting(b, d) for b, d in entries]
    return compute_plan(council, list(parents), [FINANCE], meetings, LEADS, D(today))


def test_ordinary_weeks_take_the_last_meetings_on_or_before_the_lead_dates(app):
    # C = Thu 24 June 2027: finance target 17 June, standing target 10 June.
    plan = _plan(
        "2027-06-24",
        [
            (FINANCE, "2027-06-15"),
            (FINANCE, "2027-06-22"),  # after the finance target: too late for this council
            (CULTURE, "2027-06-07"),
            (CULTURE, "2027-06-14"),  # after the standing target
        ],
    )
    assert plan.finance.on == D("2027-06-15") and plan.finance.from_calendar
    assert [s.on for s in plan.standing] == [D("2027-06-07")]
    assert plan.standing[0].from_calendar and plan.standing[0].body is CULTURE
    # 7 June minus 10 working days (Pentecost Monday 17 May is further back).
    assert plan.latest_handover_on == D("2027-05-24")
    assert [s.on for s in plan.steps] == [D("2027-06-07"), D("2027-06-15"), D("2027-06-24")]


def test_a_meeting_exactly_on_the_boundary_counts(app):
    plan = _plan("2027-06-24", [(FINANCE, "2027-06-17"), (CULTURE, "2027-06-10")])
    assert plan.finance.on == D("2027-06-17") and plan.finance.from_calendar
    assert plan.standing[0].on == D("2027-06-10") and plan.standing[0].from_calendar
    assert plan.latest_handover_on == D("2027-05-27")
    # One day later is too late.
    plan = _plan("2027-06-24", [(FINANCE, "2027-06-18"), (CULTURE, "2027-06-11")])
    assert not plan.finance.from_calendar and plan.finance.on == D("2027-06-17")
    assert not plan.standing[0].from_calendar and plan.standing[0].on == D("2027-06-10")


def test_across_easter_skips_maundy_thursday_good_friday_and_easter_monday(app):
    # C = Thu 8 April 2027; Easter 2027: 25, 26 and 29 March are holidays.
    plan = _plan("2027-04-08", [])
    assert plan.finance.on == D("2027-04-01") and not plan.finance.from_calendar
    assert plan.standing[0].on == D("2027-03-22") and not plan.standing[0].from_calendar
    assert plan.latest_handover_on == D("2027-03-08")


def test_across_christmas_skips_the_closing_days_24_and_31_december(app):
    # C = Thu 7 January 2027: 1 Jan, 31 Dec, 25 Dec and 24 Dec are not working days.
    plan = _plan("2027-01-07", [])
    assert plan.finance.on == D("2026-12-29")
    assert plan.standing[0].on == D("2026-12-18")
    assert plan.latest_handover_on == D("2026-12-04")


def test_missing_calendar_entries_use_the_computed_dates_and_old_entries_are_ignored(app):
    plan = _plan("2027-06-24", [(FINANCE, "2026-09-01"), (CULTURE, "2026-09-01")])
    assert not plan.finance.from_calendar and plan.finance.on == D("2027-06-17")
    assert plan.finance.body is FINANCE  # named, though not from the calendar
    assert not plan.standing[0].from_calendar and plan.standing[0].on == D("2027-06-10")


def test_two_parent_standing_committees_the_earliest_meeting_sets_the_date(app):
    plan = _plan(
        "2027-06-24",
        [(FINANCE, "2027-06-15"), (CULTURE, "2027-06-03"), (SOCIAL, "2027-06-09")],
        parents=(CULTURE, SOCIAL),
    )
    assert {s.body.name: s.on for s in plan.standing} == {
        CULTURE.name: D("2027-06-03"),
        SOCIAL.name: D("2027-06-09"),
    }
    assert plan.latest_handover_on == D("2027-05-20")
    assert len(plan.steps) == 4


def test_a_committee_anchored_in_the_finance_committee_counts_from_its_meeting(app):
    plan = _plan("2027-06-24", [(FINANCE, "2027-06-15")], parents=(FINANCE,))
    assert plan.standing == [plan.finance]
    assert [s.body for s in plan.steps] == [FINANCE, COUNCIL]
    assert plan.latest_handover_on == D("2027-06-01")


def test_both_a_standing_committee_and_the_finance_committee_as_parents(app):
    plan = _plan(
        "2027-06-24", [(FINANCE, "2027-06-15"), (CULTURE, "2027-06-08")], parents=(CULTURE, FINANCE)
    )
    assert [s.body for s in plan.steps] == [CULTURE, FINANCE, COUNCIL]
    assert plan.latest_handover_on == working_days_before_for_test("2027-06-08")


def working_days_before_for_test(day: str) -> date:
    from workflows.workdays import working_days_before

    return working_days_before(D(day), 10)


def test_the_standing_committee_meets_before_the_finance_committee(app):
    # The finance committee's last meeting is early (8 June): a standing meeting on 9 June
    # (before its own target, 10 June) would come after it, so the one before is taken.
    plan = _plan(
        "2027-06-24", [(FINANCE, "2027-06-08"), (CULTURE, "2027-06-09"), (CULTURE, "2027-06-01")]
    )
    assert plan.standing[0].on == D("2027-06-01")


def test_a_council_body_among_the_parents_is_not_a_step(app):
    plan = _plan("2027-06-24", [], parents=(CULTURE, COUNCIL))
    assert [s.body for s in plan.standing] == [CULTURE]


@pytest.mark.parametrize(
    ("today", "late"),
    [("2027-05-23", False), ("2027-05-24", False), ("2027-05-25", True)],
)
def test_late_when_today_is_past_the_latest_date(app, today, late):
    plan = _plan("2027-06-24", [(FINANCE, "2027-06-15"), (CULTURE, "2027-06-07")], today=today)
    assert plan.latest_handover_on == D("2027-05-24")
    assert plan.late is late
    assert plan.is_late(D("2027-05-25")) and not plan.is_late(D("2027-05-24"))


def test_lead_times_come_from_the_config(app):
    app.config.update(
        HANDOVER_LEAD_STANDING_DAYS=15, HANDOVER_LEAD_FINANCE_DAYS=3, HANDOVER_LEAD_CASE_DAYS=2
    )
    assert Leads.from_config() == Leads(standing=15, finance=3, case=2)


# --- with the database ----------


@pytest.fixture
def bodies(make_body):
    return {
        "council": make_body("Kommunalbestyrelsen", BodyKind.council),
        "finance": make_body("Økonomiudvalget", BodyKind.finance_committee),
        "culture": make_body(),  # the committees' default parent
        "social": make_body("Social- og Sundhedsudvalget"),
    }


@pytest.fixture
def calendar(db, bodies):
    """calendar(kind, days_from_today) -> CouncilMeeting."""

    def add(kind: str, days: int, note: str = "") -> CouncilMeeting:
        m = CouncilMeeting(
            body=bodies[kind], meets_on=local_today() + timedelta(days=days), note=note
        )
        db.session.add(m)
        db.session.commit()
        return m

    return add


def test_handover_plan_reads_the_calendar_of_the_committees_parents(
    db, bodies, calendar, make_committee
):
    c = make_committee()
    c.parent_bodies = [bodies["culture"], bodies["social"]]
    db.session.commit()
    council = calendar("council", 70)
    fc = calendar("finance", 60)
    culture = calendar("culture", 40)
    social = calendar("social", 45)
    calendar("culture", 69)  # too late for this council meeting
    plan = council_calendar.handover_plan(c, council)
    assert plan.finance.meeting.id == fc.id
    assert {s.meeting.id for s in plan.standing} == {culture.id, social.id}
    from workflows.workdays import working_days_before

    assert plan.latest_handover_on == working_days_before(culture.meets_on, 10)
    assert not plan.late


# --- the council calendar workflow ----------


def test_add_and_delete_a_council_meeting(db, bodies, make_user):
    staff = make_user(Role.secretariat)
    m = council_calendar.add_council_meeting(bodies["finance"], D("2027-06-15"), " budget ", staff)
    assert m.note == "budget"
    with pytest.raises(NotAllowed):
        council_calendar.add_council_meeting(bodies["finance"], D("2027-06-15"), "", staff)
    council_calendar.delete_council_meeting(m, staff)
    assert db.session.scalar(db.select(db.func.count(CouncilMeeting.id))) == 0
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"council_calendar.added", "council_calendar.deleted"} <= actions


def test_only_the_secretariat_keeps_the_calendar(db, bodies, make_user):
    with pytest.raises(PermissionDenied):
        council_calendar.add_council_meeting(
            bodies["council"], D("2027-06-24"), "", make_user(Role.councillor)
        )


def test_a_meeting_a_handover_points_to_cannot_be_deleted(db, bodies, calendar, make_committee):
    m = calendar("council", 30)
    c = make_committee()
    db.session.add(Handover(committee=c, handed_over_on=local_today(), council_meeting=m))
    db.session.commit()
    with pytest.raises(NotAllowed):
        council_calendar.delete_council_meeting(m, _staff(db))
    assert db.session.get(CouncilMeeting, m.id) is not None


def _staff(db):
    from committees.models import User

    u = User(email="sek@test.example", name="Sekretær", role=Role.secretariat)
    db.session.add(u)
    db.session.commit()
    return u


def test_upcoming_by_body_groups_council_first_and_leaves_out_the_past(db, calendar):
    calendar("culture", 10)
    calendar("council", 20)
    calendar("council", 5)
    calendar("finance", -3)
    groups = council_calendar.upcoming_by_body()
    assert [body.kind for body, _ in groups] == [BodyKind.council, BodyKind.standing_committee]
    assert [m.meets_on for m in groups[0][1]] == sorted(m.meets_on for m in groups[0][1])


# --- the handover workflow ----------


@pytest.fixture
def ready(db, people, calendar, make_recommendation):
    """The people's committee with two endorsed recommendations and a council meeting ahead."""
    c = people["committee"]
    recs = [
        make_recommendation(c, status=RecommendationStatus.endorsed),
        make_recommendation(c, status=RecommendationStatus.endorsed),
    ]
    council = calendar("council", 90)
    return c, recs, council


def test_hand_over_moves_the_committee_and_every_endorsed_recommendation(app, db, people, ready):
    c, recs, council = ready
    withdrawn = _withdrawn(db, c)
    h = handover.hand_over(c, council, local_today(), "Til KFU", people["secretariat"], "working")
    db.session.expire_all()
    assert c.state is CommitteeState.handed_over
    for rec in recs:
        db.session.refresh(rec)
        assert rec.status is RecommendationStatus.handed_over
        assert rec.decision_state is DecisionState.awaiting
        assert rec.handover_id == h.id
    assert withdrawn.status is RecommendationStatus.withdrawn and withdrawn.handover_id is None
    assert h.latest_handover_on == council_calendar.handover_plan(c, council).latest_handover_on
    assert h.council_meeting_id == council.id and h.note == "Til KFU"
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"committee.hand_over", "recommendations.handed_over"} <= actions
    told = set(
        db.session.scalars(
            db.select(Notice.recipient_id).where(Notice.kind == "recommendations_handed_over")
        )
    )
    assert told == {people["member"].id, people["facilitator"].id}
    notice = db.session.scalar(
        db.select(Notice).where(Notice.kind == "recommendations_handed_over").limit(1)
    )
    title, body = notices.text(notice)
    assert c.name in title and body.startswith("2 anbefalinger er afleveret")
    with app.test_request_context():
        assert notices.link(notice) == f"/arbejdsrum/{c.id}/anbefalinger/rapport"
    phase = db.session.scalar(
        db.select(db.func.count(Notice.id)).where(Notice.kind == "committee_phase")
    )
    assert phase == 2


def _withdrawn(db, c):
    from committees.models import Recommendation

    rec = Recommendation(
        committee=c, number=99, title="Trukket", status=RecommendationStatus.withdrawn
    )
    db.session.add(rec)
    db.session.commit()
    return rec


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("secretariat", True),
        ("admin", True),
        ("facilitator", True),
        ("councillor", False),
        ("member", False),
        ("citizen", False),
        ("outsider", False),
    ],
)
def test_who_may_hand_over(db, people, ready, who, allowed):
    c, _recs, council = ready
    if allowed:
        handover.hand_over(c, council, local_today(), "", people[who], "working")
        assert c.state is CommitteeState.handed_over
    else:
        with pytest.raises(PermissionDenied):
            handover.hand_over(c, council, local_today(), "", people[who], "working")
        db.session.refresh(c)
        assert c.state is CommitteeState.working


def test_a_stale_state_is_refused(db, people, ready):
    c, _recs, council = ready
    with pytest.raises(StaleState):
        handover.hand_over(c, council, local_today(), "", people["secretariat"], "constituted")


@pytest.mark.parametrize(
    "state", [CommitteeState.constituted, CommitteeState.handed_over, CommitteeState.dissolved]
)
def test_only_a_working_committee_hands_over(db, people, ready, state):
    c, _recs, council = ready
    c.state = state
    db.session.commit()
    with pytest.raises(NotAllowed):
        handover.hand_over(c, council, local_today(), "", people["secretariat"], state.value)


@pytest.mark.parametrize("status", [RecommendationStatus.draft, RecommendationStatus.commenting])
def test_a_recommendation_still_being_drafted_blocks(
    db, people, ready, make_recommendation, status
):
    c, recs, council = ready
    open_rec = make_recommendation(c, status=status, title="Åben anbefaling")
    with pytest.raises(NotAllowed) as refused:
        handover.hand_over(c, council, local_today(), "", people["secretariat"], "working")
    assert any("Åben anbefaling" in r for r in refused.value.reasons)
    db.session.refresh(recs[0])
    assert recs[0].status is RecommendationStatus.endorsed
    assert open_rec.handover_id is None
    assert db.session.scalar(db.select(db.func.count(Handover.id))) == 0


def test_nothing_endorsed_blocks(db, people, calendar):
    c = people["committee"]
    council = calendar("council", 90)
    assert handover.blockers(c)
    with pytest.raises(NotAllowed):
        handover.hand_over(c, council, local_today(), "", people["secretariat"], "working")


def test_a_handover_date_in_the_future_is_refused(db, people, ready):
    c, _recs, council = ready
    tomorrow = local_today() + timedelta(days=1)
    with pytest.raises(NotAllowed):
        handover.hand_over(c, council, tomorrow, "", people["secretariat"], "working")


def test_only_a_council_meeting_can_be_aimed_at(db, people, ready, calendar):
    c, _recs, _council = ready
    with pytest.raises(NotAllowed):
        handover.hand_over(
            c, calendar("finance", 80), local_today(), "", people["secretariat"], "working"
        )


def test_a_late_handover_is_allowed_and_recorded_as_late(db, people, ready, calendar):
    c, _recs, _council = ready
    soon = calendar("council", 3)
    plan = council_calendar.handover_plan(c, soon)
    assert plan.late
    h = handover.hand_over(c, soon, local_today(), "", people["secretariat"], "working")
    assert h.handed_over_on > h.latest_handover_on
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "recommendations.handed_over")
    )
    assert entry.details["late"] is True


# --- the pages ----------


def _as(login, client, people, who):
    client.post("/konto/log-ud")
    if people[who] is not None:
        login(people[who])


STAFF = {"secretariat", "admin"}


@pytest.mark.parametrize("who", PEOPLE)
def test_calendar_page_is_for_the_secretariat(client, login, people, bodies, who):
    _as(login, client, people, who)
    resp = client.get("/politisk-kalender")
    expected = 302 if who == "anonymous" else 200 if who in STAFF else 403
    assert resp.status_code == expected
    resp = client.post(
        "/politisk-kalender",
        data={"body": bodies["council"].id, "meets_on": "2027-06-24", "note": ""},
    )
    expected = 302 if who == "anonymous" or who in STAFF else 403
    assert resp.status_code == expected


@pytest.mark.parametrize("who", PEOPLE)
def test_calendar_delete_is_for_the_secretariat(db, client, login, people, calendar, who):
    m = calendar("council", 30)
    _as(login, client, people, who)
    resp = client.post(f"/politisk-kalender/{m.id}/slet")
    assert resp.status_code == (302 if who == "anonymous" or who in STAFF else 403)
    gone = db.session.get(CouncilMeeting, m.id) is None
    assert gone is (who in STAFF)


def test_calendar_page_adds_lists_and_refuses_bad_input(db, client, login, people, bodies):
    login(people["secretariat"])
    day = (local_today() + timedelta(days=20)).isoformat()
    resp = client.post(
        "/politisk-kalender",
        data={"body": bodies["finance"].id, "meets_on": day, "note": "Budget"},
        follow_redirects=True,
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "Økonomiudvalget" in page and "Budget" in page
    again = client.post(
        "/politisk-kalender", data={"body": bodies["finance"].id, "meets_on": day, "note": "X"}
    )
    assert again.status_code == 400 and "allerede" in again.get_data(as_text=True)
    bad = client.post("/politisk-kalender", data={"body": "abc", "meets_on": "31-31-2027"})
    assert bad.status_code == 400
    unknown = client.post("/politisk-kalender", data={"body": 9999, "meets_on": day})
    assert unknown.status_code == 400
    assert client.post("/politisk-kalender/9999/slet").status_code == 404


def test_deleting_a_meeting_in_use_shows_a_message(db, client, login, people, ready):
    c, _recs, council = ready
    handover.hand_over(c, council, local_today(), "", people["secretariat"], "working")
    login(people["secretariat"])
    page = client.get("/politisk-kalender").get_data(as_text=True)
    assert "kan ikke slettes" in page
    resp = client.post(f"/politisk-kalender/{council.id}/slet", follow_redirects=True)
    assert resp.status_code == 200
    assert db.session.get(CouncilMeeting, council.id) is not None


VIEW = {
    "anonymous": 302,
    "citizen": 404,
    "outsider": 404,
    "councillor": 200,
    "member": 200,
    "secretariat": 200,
    "admin": 200,
    "facilitator": 200,
}


@pytest.mark.parametrize("who", PEOPLE)
def test_handover_page_view_and_post_per_person(db, client, login, people, ready, who):
    c, _recs, council = ready
    _as(login, client, people, who)
    url = f"/arbejdsrum/{c.id}/aflevering"
    resp = client.get(url)
    assert resp.status_code == VIEW[who]
    if resp.status_code == 200:
        page = resp.get_data(as_text=True)
        assert "Seneste afleveringsdato" in page
        has_button = "Registrér afleveringen" in page
        assert has_button is (who in STAFF | {"facilitator"})
    data = {
        "council_meeting": council.id,
        "handed_over_on": local_today().isoformat(),
        "expected_state": "working",
    }
    resp = client.post(url, data=data)
    allowed = who in STAFF | {"facilitator"}
    expected = 302 if allowed or who == "anonymous" else VIEW[who] if VIEW[who] == 404 else 403
    assert resp.status_code == expected
    db.session.refresh(c)
    assert (c.state is CommitteeState.handed_over) is allowed


def test_handover_page_shows_the_plan_for_the_chosen_meeting(
    db, client, login, people, ready, calendar
):
    c, _recs, _council = ready
    later = calendar("council", 200)
    login(people["member"])
    url = f"/arbejdsrum/{c.id}/aflevering"
    first = client.get(url).get_data(as_text=True)
    chosen = client.get(f"{url}?moede={later.id}").get_data(as_text=True)
    assert first != chosen
    assert "Beregnet: intet møde i kalenderen" in chosen
    for junk in ("abc", "99999", "-1", "１"):
        assert client.get(f"{url}?moede={junk}").status_code == 200


def test_handover_page_lists_blockers(db, client, login, people, ready, make_recommendation):
    c, _recs, _council = ready
    make_recommendation(c, status=RecommendationStatus.draft, title="Stadig et udkast")
    login(people["secretariat"])
    page = client.get(f"/arbejdsrum/{c.id}/aflevering").get_data(as_text=True)
    assert "Stadig et udkast" in page
    resp = client.post(
        f"/arbejdsrum/{c.id}/aflevering",
        data={
            "council_meeting": _council.id,
            "handed_over_on": local_today().isoformat(),
            "note": "Min note",
            "expected_state": "working",
        },
    )
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "Stadig et udkast" in page and "Min note" in page


def test_handover_post_stale_is_409_and_bad_input_400(db, client, login, people, ready):
    c, _recs, council = ready
    login(people["secretariat"])
    url = f"/arbejdsrum/{c.id}/aflevering"
    stale = client.post(
        url,
        data={
            "council_meeting": council.id,
            "handed_over_on": local_today().isoformat(),
            "expected_state": "constituted",
        },
    )
    assert stale.status_code == 409
    future = (local_today() + timedelta(days=3)).isoformat()
    for data in (
        {"council_meeting": council.id, "handed_over_on": future},
        {"council_meeting": "x", "handed_over_on": "igår"},
        {"council_meeting": 4242, "handed_over_on": local_today().isoformat()},
        {},
    ):
        resp = client.post(url, data={**data, "expected_state": "working"})
        assert resp.status_code == 400, data
    db.session.refresh(c)
    assert c.state is CommitteeState.working


def test_handover_page_after_handover_shows_the_record(db, client, login, people, ready):
    c, _recs, council = ready
    login(people["facilitator"])
    resp = client.post(
        f"/arbejdsrum/{c.id}/aflevering",
        data={
            "council_meeting": council.id,
            "handed_over_on": local_today().isoformat(),
            "expected_state": "working",
        },
        follow_redirects=True,
    )
    assert resp.status_code == 200
    page = client.get(f"/arbejdsrum/{c.id}/aflevering").get_data(as_text=True)
    assert "Afleveret rettidigt" in page
    assert "Registrér afleveringen" not in page


def test_handover_page_without_council_meetings(db, client, login, people, make_member):
    c = people["committee"]
    make_member(c, MemberType.citizen)
    login(people["secretariat"])
    page = client.get(f"/arbejdsrum/{c.id}/aflevering").get_data(as_text=True)
    assert "ingen kommende møder i kommunalbestyrelsen" in page


def test_handover_page_flags_unanswered_questions(db, client, login, people, ready):
    from committees.models import TaskQuestion

    c, _recs, _council = ready
    c.approved_mandate.task_questions.append(
        TaskQuestion(position=2, text="Hvad koster det at gøre ingenting?")
    )
    db.session.commit()
    login(people["facilitator"])
    page = client.get(f"/arbejdsrum/{c.id}/aflevering").get_data(as_text=True)
    assert "Hvad koster det at gøre ingenting?" in page
    assert "Registrér afleveringen" in page  # a warning, not a blocker
