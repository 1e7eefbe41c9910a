"""Starting a committee from a past one: the frame is copied (mandate as a new draft,
composition, meeting plan, reminder policy, parent bodies), the people and the work never are."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from committees import demo
from committees.models import (
    Attendance,
    AttendanceStatus,
    AuditEntry,
    Committee,
    CommitteeState,
    CompetenceProfile,
    Deliverable,
    InviteScope,
    MandateStatus,
    Material,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    MinutesRule,
    MinutesStatus,
    Recommendation,
    RecommendationStatus,
    ReminderPolicy,
    Role,
    ViceChairMethod,
    WorkingGroup,
)
from committees.models.base import LOCAL_TZ, local_today
from tests.test_browser import check_axe, live_server, login, page  # noqa: F401
from workflows import committee_copy
from workflows.errors import NotAllowed, PermissionDenied

START = date(2025, 3, 3)  # the source's start, a Monday


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ).astimezone(UTC)


@pytest.fixture
def source(db, make_committee, make_member, make_meeting, make_body, make_recommendation):
    """A finished committee with everything a committee gathers over its life."""
    c = make_committee(state=CommitteeState.implementing, start_date=START, seats=(3, 6, 1))
    c.planned_start, c.planned_end = START, START + timedelta(days=300)
    c.parent_bodies = [make_body(), make_body("Social- og Sundhedsudvalget")]
    c.agenda_days_before, c.minutes_days_after, c.approval_days = 6, 3, 7
    c.minutes_rule = MinutesRule.deadline
    v = c.mandate_versions[0]
    v.handover_date = START + timedelta(days=280)
    v.working_method, v.frame = "Workshops og dialogmøder", "500.000 kr."
    v.composition_note, v.chair_must_be_councillor = "Bred sammensætning", False
    v.vice_chair_method = ViceChairMethod.appointed
    v.deliverables = [Deliverable(position=1, text="En rapport")]
    v.competence_profiles = [CompetenceProfile(position=1, name="Pårørende", description="…")]
    chair = make_member(c, MemberType.councillor, MemberRole.chair)
    make_member(c, MemberType.citizen)
    held = make_meeting(c, starts_at=_local(START, 17), items=2)  # day 0, with an agenda
    held.items[0].minutes_decision = "Godkendt."
    held.minutes_status = MinutesStatus.published
    db.session.add(Attendance(meeting=held, user=chair.user, status=AttendanceStatus.present))
    db.session.add(Material(meeting=held, title="Oplæg"))
    # Day 44 (a Thursday in April: summer time, the source's start was in winter time).
    make_meeting(
        c,
        starts_at=_local(START + timedelta(days=44), 16, 30),
        ends_at=_local(START + timedelta(days=44), 20),
        kind=MeetingKind.workshop,
        title="Workshop om boliger",
        place="Biblioteket",
        is_public=True,
        items=0,
    )
    group = WorkingGroup(committee=c, name="Boliger", members=[chair.user])
    make_meeting(
        c,
        starts_at=_local(START + timedelta(days=60), 16),
        kind=MeetingKind.working_group,
        invite_scope=InviteScope.working_group,
        working_group=group,
        items=0,
    )
    cancelled = _local(START + timedelta(days=100), 17)
    make_meeting(c, starts_at=cancelled, status=MeetingStatus.cancelled)
    make_recommendation(c, status=RecommendationStatus.endorsed)
    db.session.add(ReminderPolicy(committee_id=c.id, kind="agenda_due", offset_days=-2))
    db.session.add(ReminderPolicy(committee_id=c.id, kind="minutes_due", offset_days=1))
    db.session.commit()
    return c


def _copy(source, actor, name="Opgaveudvalg, anden runde", start=None, **kw) -> Committee:
    return committee_copy.copy_committee(
        source, name, start or local_today() + timedelta(days=30), actor, **kw
    )


def test_the_frame_is_copied_and_the_people_and_the_work_are_not(db, source, make_user):
    staff = make_user(Role.secretariat)
    new = _copy(source, staff)
    old_mandate, mandate = source.approved_mandate, new.mandate_versions[0]
    assert new.state is CommitteeState.mandate_draft
    assert [v.number for v in new.mandate_versions] == [1]
    assert mandate.status is MandateStatus.draft and mandate.approvals == []
    assert mandate.approved_on is None and mandate.created_by == staff
    assert mandate.title == new.name and new.summary == ""  # the old one's story stays there
    for name in ("background", "purpose", "working_method", "frame", "composition_note"):
        assert getattr(mandate, name) == getattr(old_mandate, name), name
    assert [q.text for q in mandate.task_questions] == ["Hvordan gør vi det bedre?"]
    assert [d.text for d in mandate.deliverables] == ["En rapport"]
    assert [p.name for p in mandate.competence_profiles] == ["Pårørende"]
    assert (mandate.seats_councillors, mandate.seats_citizens, mandate.seats_stakeholders) == (
        3,
        6,
        1,
    )
    assert mandate.chair_must_be_councillor is False
    assert mandate.vice_chair_method is ViceChairMethod.appointed
    assert {b.name for b in new.parent_bodies} == {b.name for b in source.parent_bodies}
    assert (new.agenda_days_before, new.minutes_days_after, new.approval_days) == (6, 3, 7)
    assert new.minutes_rule is MinutesRule.deadline
    policies = db.session.scalars(
        db.select(ReminderPolicy).where(ReminderPolicy.committee_id == new.id)
    ).all()
    assert sorted((p.kind, p.offset_days) for p in policies) == [
        ("agenda_due", -2),
        ("minutes_due", 1),
    ]
    # Never the people or the work.
    assert new.memberships == []
    meetings = _meetings(db, new)
    assert len(meetings) == 3  # the cancelled one is not part of the plan
    assert all(m.status is MeetingStatus.planned for m in meetings)
    assert all(m.items == [] and m.guests == [] for m in meetings)
    assert all(m.minutes_status is MinutesStatus.draft for m in meetings)
    assert all(m.attendance_recorded_at is None for m in meetings)
    assert all(
        m.invite_scope is InviteScope.committee and m.working_group is None for m in meetings
    )
    ids = [m.id for m in meetings]
    for model, column in ((Attendance, Attendance.meeting_id), (Material, Material.meeting_id)):
        assert db.session.scalar(db.select(db.func.count()).where(column.in_(ids))) == 0, model
    recs = db.select(db.func.count()).where(Recommendation.committee_id == new.id)
    assert db.session.scalar(recs) == 0
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(WorkingGroup)
            .where(WorkingGroup.committee_id == new.id)
        )
        == 0
    )
    # The source is untouched.
    assert source.state is CommitteeState.implementing and len(source.memberships) == 2


def _meetings(db, committee) -> list[Meeting]:
    return list(
        db.session.scalars(
            db.select(Meeting)
            .where(Meeting.committee_id == committee.id)
            .order_by(Meeting.starts_at)
        )
    )


def test_dates_move_with_the_start(db, source, make_user):
    start = local_today() + timedelta(days=40)
    new = _copy(source, make_user(Role.secretariat), start=start)
    mandate = new.mandate_versions[0]
    delta = start - START
    assert new.planned_start == mandate.start_date == start
    assert mandate.end_date == START + timedelta(days=300) + delta
    assert new.planned_end == START + timedelta(days=300) + delta
    assert mandate.handover_date == START + timedelta(days=280) + delta
    first, workshop, group = _meetings(db, new)
    expected = [(0, time(17)), (44, time(16, 30)), (60, time(16))]
    for meeting, (offset, at) in zip((first, workshop, group), expected, strict=True):
        local = meeting.starts_at.astimezone(LOCAL_TZ)
        source_day = START + timedelta(days=offset)
        assert local.time() == at  # the same local time of day, winter or summer
        assert local.date().weekday() == source_day.weekday()  # a Monday stays a Monday
        late = (local.date() - start).days - offset
        assert 0 <= late <= 6, late  # whole weeks, never before the exact distance
    assert workshop.ends_at.astimezone(LOCAL_TZ).time() == time(20)
    assert workshop.kind is MeetingKind.workshop and workshop.is_public
    assert workshop.title == "Workshop om boliger" and workshop.place == "Biblioteket"


def test_both_timelines_say_where_the_copy_came_from(db, source, make_user, login, client):
    staff = make_user(Role.secretariat)
    new = _copy(source, staff, name="Aldersvenligt, anden runde")
    came = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.committee_id == new.id, AuditEntry.action == "committee.copied_from"
        )
    )
    went = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.committee_id == source.id, AuditEntry.action == "committee.copied_to"
        )
    )
    assert came.details["source_id"] == source.id and came.actor_id == staff.id
    assert came.details["meetings"] == 3 and came.to_state == "mandate_draft"
    assert went.details == {"target": "Aldersvenligt, anden runde", "target_id": new.id}
    login(staff)
    html = client.get(f"/arbejdsrum/{new.id}").get_data(as_text=True)
    assert "Udvalget blev oprettet ud fra et tidligere udvalg" in html
    assert f"ud fra »{source.name}«" in html
    html = client.get(f"/arbejdsrum/{source.id}").get_data(as_text=True)
    assert "Et nyt udvalg blev oprettet ud fra dette" in html
    assert "»Aldersvenligt, anden runde«" in html


def test_parts_left_out_are_not_copied(db, source, make_user):
    new = _copy(source, make_user(Role.secretariat), parts={"bodies"})
    mandate = new.mandate_versions[0]
    assert new.state is CommitteeState.idea  # an empty mandate, as a new committee has
    assert mandate.background == "" and mandate.task_questions == []
    assert (mandate.seats_councillors, mandate.seats_citizens) == (5, 10)  # the defaults
    assert _meetings(db, new) == []
    assert new.agenda_days_before == 4
    assert (
        db.session.scalar(db.select(db.func.count()).where(ReminderPolicy.committee_id == new.id))
        == 0
    )
    assert len(new.parent_bodies) == 2


def test_meetings_that_would_lie_in_the_past_are_left_out(db, source, make_user):
    # Starting today, the plan's day-0 meeting could already be over; a later start keeps it.
    new = _copy(source, make_user(Role.secretariat), start=local_today())
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "committee.copied_from")
    )
    kept = _meetings(db, new)
    assert entry.details["meetings"] == len(kept)
    assert entry.details["meetings"] + entry.details["skipped_meetings"] == 3
    assert all(m.starts_at > datetime.now(UTC) for m in kept)


@pytest.mark.parametrize(
    ("name", "start", "message"),
    [
        ("  ", None, "Udvalget skal have et navn."),
        ("Opgaveudvalg 1", None, "Der findes allerede et udvalg med det navn."),
        ("Nyt", "2030-01-01", "Skriv den planlagte start som en dato."),
        ("Nyt", date(2020, 1, 1), "Den planlagte start kan ikke ligge før i dag."),
    ],
)
def test_the_workflow_refuses_bad_input_and_writes_nothing(
    db, source, make_user, name, start, message
):
    before = _counts(db)
    with pytest.raises(NotAllowed) as refused:
        committee_copy.copy_committee(
            source, name, start or local_today(), make_user(Role.secretariat)
        )
    assert message in refused.value.reasons
    assert _counts(db) == before


def _counts(db) -> tuple[int, ...]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (Committee, Meeting, AuditEntry, ReminderPolicy)
    )


@pytest.mark.parametrize("role", [Role.citizen, Role.councillor])
def test_only_those_who_create_committees_may_copy_one(db, source, make_user, role):
    before = _counts(db)
    with pytest.raises(PermissionDenied):
        _copy(source, make_user(role))
    assert _counts(db) == before


def test_a_facilitator_of_the_source_may_not_copy_it(db, source, make_member):
    facilitator = make_member(source, MemberType.stakeholder, MemberRole.facilitator).user
    with pytest.raises(PermissionDenied):
        _copy(source, facilitator)


# --- the pages ---------------------------------------------------------------------------------


def test_the_form_copies_and_redirects_to_the_new_committee(db, source, make_user, login, client):
    staff = make_user(Role.secretariat)
    login(staff)
    form = client.get(f"/arbejdsrum/{source.id}/nyt-ud-fra").get_data(as_text=True)
    assert "Det kopieres aldrig" in form and "Medlemmer, ansøgninger og udpegninger" in form
    assert "Mødeplanen: 3 møder" in form and "Dag 44" in form
    start = (local_today() + timedelta(days=14)).isoformat()
    resp = client.post(
        f"/arbejdsrum/{source.id}/nyt-ud-fra",
        data={"name": "Kopien", "planned_start": start, "parts": ["mandate", "bodies"]},
    )
    new = db.session.scalar(db.select(Committee).where(Committee.name == "Kopien"))
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/arbejdsrum/{new.id}")
    assert new.mandate_versions[0].background == "Baggrund" and _meetings(db, new) == []
    shown = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Udvalget er oprettet ud fra" in shown


def test_the_copied_plan_is_on_the_new_committees_meeting_pages(
    db, source, make_user, login, client
):
    login(make_user(Role.secretariat))
    new = _copy(source, make_user(Role.secretariat))
    html = client.get(f"/arbejdsrum/{new.id}/moeder").get_data(as_text=True)
    assert "Workshop om boliger" in html
    workshop = next(m for m in _meetings(db, new) if m.kind is MeetingKind.workshop)
    assert client.get(f"/arbejdsrum/{new.id}/moeder/{workshop.id}").status_code == 200
    assert client.get(f"/udvalg/{new.id}").status_code == 404  # a draft is not public yet


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "planned_start": "2099-01-05"}, "Udvalget skal have et navn."),
        ({"name": "Ny", "planned_start": "5. januar"}, "Ikke en gyldig dato"),
        ({"name": "Ny", "planned_start": ""}, "Skriv den planlagte start som en dato."),
        ({"name": "Ny", "planned_start": "2020-01-06"}, "kan ikke ligge før i dag"),
        ({"name": "Opgaveudvalg 1", "planned_start": "2099-01-05"}, "allerede et udvalg"),
    ],
)
def test_bad_input_re_renders_the_form_with_a_message_and_writes_nothing(
    db, source, make_user, login, client, data, message
):
    login(make_user(Role.secretariat))
    before = _counts(db)
    resp = client.post(f"/arbejdsrum/{source.id}/nyt-ud-fra", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and message in html
    assert f'value="{data["name"]}"' in html  # the input is kept
    assert _counts(db) == before


def test_without_the_csrf_token_nothing_is_written(app, db, source, make_user, login, client):
    login(make_user(Role.secretariat))
    app.config["WTF_CSRF_ENABLED"] = True
    before = _counts(db)
    resp = client.post(
        f"/arbejdsrum/{source.id}/nyt-ud-fra",
        data={"name": "Ny", "planned_start": "2099-01-05", "parts": ["mandate"]},
    )
    assert resp.status_code == 400
    assert _counts(db) == before


def test_the_create_page_offers_a_past_committee_to_start_from(
    db, source, make_user, login, client
):
    login(make_user(Role.secretariat))
    html = client.get("/arbejdsrum/nyt").get_data(as_text=True)
    assert "Start fra et tidligere udvalg" in html
    assert f'<option value="{source.id}">{source.name} (Implementering)</option>' in html
    resp = client.get(f"/arbejdsrum/nyt/fra-tidligere?udvalg={source.id}")
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/arbejdsrum/{source.id}/nyt-ud-fra")
    for bad in ("", "99999", "x"):
        resp = client.get(f"/arbejdsrum/nyt/fra-tidligere?udvalg={bad}")
        assert resp.status_code == 200, bad
        html = resp.get_data(as_text=True)
        assert "Vælg det udvalg" in html or "Ikke et gyldigt valg" in html, bad


def test_the_copy_link_is_shown_to_those_who_may_use_it(db, source, make_user, login, client):
    login(make_user(Role.councillor))
    assert "Start et nyt udvalg ud fra dette" not in client.get(f"/arbejdsrum/{source.id}").text
    login(make_user(Role.secretariat))
    assert "Start et nyt udvalg ud fra dette" in client.get(f"/arbejdsrum/{source.id}").text


def test_the_demo_has_a_committee_started_from_another(app, db):
    demo.load()
    copy = db.session.scalar(db.select(Committee).where(Committee.name == demo.COPY_NAME))
    entry = db.session.scalar(
        db.select(AuditEntry).where(
            AuditEntry.committee_id == copy.id, AuditEntry.action == "committee.copied_from"
        )
    )
    assert entry.details["source"] == demo.COPY_OF and entry.details["meetings"] >= 3
    assert copy.memberships == [] and copy.mandate_versions[0].task_questions


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_the_secretariat_starts_a_committee_from_a_finished_one(page, db):  # noqa: F811
    source = db.session.scalar(db.select(Committee).where(Committee.name == demo.COPY_OF))
    login(page, "sekretariat@solbjerg.example")
    page.goto(f"{page.base}/arbejdsrum/nyt")
    page.get_by_label("Tidligere udvalg", exact=True).select_option(str(source.id))
    page.get_by_role("button", name="Fortsæt").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Start et nyt udvalg ud fra dette"
    page.get_by_role("button", name="Opret udvalget").click()  # empty: the form comes back
    page.wait_for_load_state()
    assert "Udvalget skal have et navn." in page.inner_text("main")
    check_axe(page, "committee-copy-errors")
    page.get_by_label("Navn på det nye udvalg").fill("Opgaveudvalget for et aldersvenligt Nord")
    start = (local_today() + timedelta(days=21)).isoformat()
    page.get_by_label("Planlagt start").fill(start)
    page.get_by_label("Påmindelser og serviceniveau for møder").uncheck()
    check_axe(page, "committee-copy")
    page.get_by_role("button", name="Opret udvalget").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Opgaveudvalget for et aldersvenligt Nord"
    main = page.inner_text("main")
    assert "Udvalget er oprettet ud fra" in page.content()
    assert "Udvalget blev oprettet ud fra et tidligere udvalg" in main
    assert "Udvalget har ingen medlemmer endnu." in main
    check_axe(page, "committee-copied")
    assert page.console_errors == []
