"""Deadline reminders: the handover date, and implementation actions coming due, overdue and
escalated, planned in working days by the notices engine; and reminders of a person's own
deadlines, which cannot be switched off (a digest is allowed).

Easter 2027 lies in the middle of the dates used: Maundy Thursday 25, Good Friday 26 and Easter
Monday 29 March are holidays, and summer time starts on Sunday 28 March (08:00 local is 07:00
UTC before it, 06:00 UTC after it).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from committees import demo
from committees.models import (
    ActionStatus,
    BodyKind,
    CommitteeState,
    CouncilMeeting,
    DecisionState,
    DeliveryMode,
    ImplementationAction,
    MemberRole,
    MemberType,
    Notice,
    NoticePreference,
    NoticeStatus,
    RecommendationStatus,
    Role,
    User,
)
from workflows import delivery, notice_settings, notices, reminders, workdays
from workflows.errors import NotAllowed
from workflows.recommendations import deadlines, handover, implementation
from workflows.recommendations.implementation import ActionData, UpdateData

D = date.fromisoformat
HANDOVER = deadlines.HANDOVER_DUE
ACTIONS = deadlines.ACTION_KINDS
DUE_SOON, OVERDUE, ESCALATED = ACTIONS
# The reminders of one's own deadlines the issue names, and the new ones.
OWN_DEADLINES = {
    "agenda_due",
    "minutes_due",
    "rsvp_missing",
    "minutes_approval_reminder",
    "followup_update_due",
    "followup_update_overdue",
    *deadlines.KINDS,
}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def at_eight(day: date) -> datetime:
    """REMINDER_LOCAL_TIME (08:00 in Copenhagen) on `day`, in UTC."""
    return workdays.local_moment(day, time(8, 0))


def _notices(db, kind: str | None = None, status: NoticeStatus | None = None) -> list[Notice]:
    stmt = db.select(Notice).order_by(Notice.due_at, Notice.recipient_id, Notice.id)
    if kind:
        stmt = stmt.where(Notice.kind == kind)
    if status:
        stmt = stmt.where(Notice.status == status)
    return list(db.session.scalars(stmt))


def _planned(db, kind: str, status=NoticeStatus.pending) -> set[tuple[datetime, int]]:
    return {(n.due_at, n.recipient_id) for n in _notices(db, kind, status)}


def _run_planner() -> int:
    """The beat task's body in this test's app (`.apply()` would run it in whichever app last
    bound Celery: test_healthz makes one whose database is unreachable)."""
    import tasks.recommendations

    return tasks.recommendations.plan_deadline_reminders.run()


def _reminder_mail(sink) -> list:
    """The e-mails of the deadline reminders (an update also tells members and followers)."""
    return [
        m
        for m in sink
        if m["Subject"].startswith("Handlingen") or "afleverer sine anbefalinger" in m["Subject"]
    ]


@pytest.fixture
def clock(app):
    """Time stands on Monday 1 March 2027, 11:00 local, until a test moves it."""
    with time_machine.travel(utc(2027, 3, 1, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(clock, db, make_committee, make_member, make_user):
    """A working committee handing over on Thu 1 April 2027, with a chair (a councillor), a
    facilitator from the secretariat, a citizen member, a secretariat colleague who is not on
    it, and a citizen member who used to chair it."""
    c = make_committee(state=CommitteeState.working, start_date=D("2026-09-01"))
    c.approved_mandate.handover_date = D("2027-04-01")
    db.session.commit()
    chair = make_member(c, MemberType.councillor, MemberRole.chair).user
    facilitator = make_member(c, MemberType.staff, MemberRole.facilitator).user
    member = make_member(c, MemberType.citizen).user
    former = make_member(
        c,
        MemberType.councillor,
        MemberRole.chair,
        start_date=D("2026-09-01"),
        end_date=D("2026-12-31"),
    )
    return {
        "c": c,
        "chair": chair,
        "facilitator": facilitator,
        "member": member,
        "former_chair": former.user,
        "colleague": make_user(Role.secretariat),
    }


# --- the handover date ---------------------------------------------------------------------------


def test_handover_reminders_fall_on_working_days_before_the_date_across_easter(world, db):
    reminders.plan(world["c"])
    db.session.commit()
    # 3 working days before Thu 1 April: 31, 30 March, (29, 26, 25 are holidays), 24 March.
    # 10 working days before: 24, 23, 22, 19, 18, 17, 16, 15 March.
    chair, facilitator = world["chair"].id, world["facilitator"].id
    assert _planned(db, HANDOVER) == {
        (at_eight(D("2027-03-15")), chair),
        (at_eight(D("2027-03-15")), facilitator),
        (at_eight(D("2027-03-24")), chair),
        (at_eight(D("2027-03-24")), facilitator),
    }
    rows = _notices(db, HANDOVER)
    assert all(n.needs_action and n.context["anchor"] == "2027-04-01" for n in rows)
    assert {n.mode for n in rows} == {DeliveryMode.immediate}


def test_the_handover_reminder_goes_to_the_whole_secretariat_only_for_a_live_committee(
    world, db, make_committee, make_member
):
    c, colleague = world["c"], world["colleague"]
    for m in list(c.memberships):
        if m.role is MemberRole.facilitator:
            db.session.delete(m)
    db.session.commit()
    db.session.refresh(c)
    # Live and without staff: the chair and the whole secretariat (the former facilitator, who
    # is a secretariat employee, and the colleague) are told.
    secretariat = {
        u.id for u in db.session.scalars(db.select(User).filter_by(role=Role.secretariat))
    }
    assert colleague.id in secretariat and len(secretariat) == 2
    assert {u.id for u in deadlines.handover_recipients(c)} == {world["chair"].id, *secretariat}
    finished = make_committee(state=CommitteeState.implementing)
    assert deadlines.committee_staff(finished) == []  # never the whole secretariat
    early = {"start_date": D("2026-06-01")}
    ended = make_member(
        finished, MemberType.staff, MemberRole.facilitator, end_date=D("2027-01-15"), **early
    )
    make_member(
        finished, MemberType.staff, MemberRole.facilitator, end_date=D("2026-11-30"), **early
    )
    db.session.refresh(finished)
    # Once it has finished: the staff who served it to the end.
    assert deadlines.committee_staff(finished) == [ended.user]


def test_moving_the_handover_date_plans_new_reminders_and_cancels_the_old(world, db):
    c = world["c"]
    reminders.plan(c)
    db.session.commit()
    old = {n.id for n in _notices(db, HANDOVER)}
    c.approved_mandate.handover_date = D("2027-04-15")
    reminders.plan(c)
    db.session.commit()
    assert {n.id for n in _notices(db, HANDOVER, NoticeStatus.cancelled)} == old
    new = _notices(db, HANDOVER, NoticeStatus.pending)
    assert {n.context["anchor"] for n in new} == {"2027-04-15"} and len(new) == 4
    assert {n.due_at for n in new} == {at_eight(D("2027-04-01")), at_eight(D("2027-04-12"))}


def test_handing_over_cancels_what_is_left_and_answers_what_was_sent(
    world, db, clock, smtp_sink, make_body, make_recommendation, make_user
):
    c = world["c"]
    reminders.plan(c)
    db.session.commit()
    clock.move_to(at_eight(D("2027-03-15")) + timedelta(minutes=1))
    assert delivery.sweep().sent == 2
    assert sorted(m["To"] for m in smtp_sink) == sorted(
        [world["chair"].email, world["facilitator"].email]
    )
    assert "afleverer sine anbefalinger senest 1. april 2027" in smtp_sink[0]["Subject"]

    clock.move_to(utc(2027, 3, 16, 12))
    make_recommendation(c, status=RecommendationStatus.endorsed)
    council = make_body("Kommunalbestyrelsen", BodyKind.council)
    meeting = CouncilMeeting(body=council, meets_on=D("2027-04-29"))
    db.session.add(meeting)
    db.session.commit()
    handover.hand_over(c, meeting, D("2027-03-16"), "", make_user(Role.secretariat), "working")

    sent = _notices(db, HANDOVER, NoticeStatus.sent)
    assert len(sent) == 2 and all(n.action_done_at is not None for n in sent)
    assert len(_notices(db, HANDOVER, NoticeStatus.cancelled)) == 2
    clock.move_to(at_eight(D("2027-03-24")) + timedelta(hours=1))
    delivery.sweep()
    assert len(_reminder_mail(smtp_sink)) == 2  # only the two of 15 March


def test_a_handover_behind_the_engines_back_is_caught_when_sending(world, db, clock, smtp_sink):
    c = world["c"]
    reminders.plan(c)
    db.session.commit()
    c.state = CommitteeState.handed_over  # no workflow ran: only still_true can tell
    db.session.commit()
    clock.move_to(at_eight(D("2027-03-24")) + timedelta(minutes=1))
    delivery.sweep()
    assert {n.status for n in _notices(db, HANDOVER)} == {NoticeStatus.cancelled}
    assert smtp_sink == []


# --- implementation actions -------------------------------------------------------------------


@pytest.fixture
def action_world(world, db, make_recommendation, make_user):
    """The committee, now implementing an approved recommendation with an action due Wed 24
    March 2027 whose contact is a councillor from outside the committee."""
    c = world["c"]
    c.state = CommitteeState.implementing
    db.session.commit()
    rec = make_recommendation(
        c, status=RecommendationStatus.handed_over, decision_state=DecisionState.approved
    )
    secretariat = make_user(Role.secretariat)
    contact = make_user(Role.councillor, name="Kontakt Person")
    action = implementation.add_action(
        rec,
        ActionData(
            title="Nye bænke", owner_unit="Vej og Park", contact=contact, due_on=D("2027-03-24")
        ),
        secretariat,
    )
    return {**world, "rec": rec, "action": action, "contact": contact, "staff": secretariat}


def _update(status=ActionStatus.on_track, day="2027-03-01", **kw) -> UpdateData:
    return UpdateData(D(day), "Status", status, kw.pop("progress", 50), **kw)


def test_action_reminders_are_planned_when_the_action_is_added(action_world, db):
    contact, facilitator = action_world["contact"].id, action_world["facilitator"].id
    # 5 working days before Wed 24 March: 23, 22, 19, 18, 17.
    assert _planned(db, DUE_SOON) == {(at_eight(D("2027-03-17")), contact)}
    # The first working day after: not 25, 26 (holidays), 27, 28 (weekend) or 29 (Easter Monday).
    assert _planned(db, OVERDUE) == {(at_eight(D("2027-03-30")), contact)}
    # 10 working days after: 30, 31 March, 1, 2, 5, 6, 7, 8, 9, 12 April; to the staff.
    assert _planned(db, ESCALATED) == {(at_eight(D("2027-04-12")), facilitator)}
    assert at_eight(D("2027-03-30")) == utc(2027, 3, 30, 6)  # summer time by then
    row = _notices(db, OVERDUE)[0]
    assert row.needs_action and row.context["anchor"] == "2027-03-24"
    assert row.context["link"] == {"committee_id": action_world["c"].id, "number": 1}


def test_planning_twice_and_the_periodic_planner_write_each_reminder_once(action_world, db):
    before = [(n.kind, n.due_at, n.recipient_id) for n in _notices(db)]
    reminders.plan(action_world["c"])
    db.session.commit()
    assert deadlines.plan_all() >= 1
    assert _run_planner() >= 1
    assert [(n.kind, n.due_at, n.recipient_id) for n in _notices(db)] == before
    assert {n.status for n in _notices(db)} == {NoticeStatus.pending}


def test_the_periodic_planner_catches_an_action_nothing_has_planned(action_world, db, app):
    beat = app.config["CELERY"]["beat_schedule"]["recommendations-deadline-reminders"]
    assert beat["task"] == "tasks.recommendations.plan_deadline_reminders"
    db.session.execute(db.delete(Notice))  # as after a release that brought the kinds
    db.session.commit()
    assert _run_planner() == 1
    assert len(_notices(db, OVERDUE)) == 1 and len(_notices(db, ESCALATED)) == 1
    assert _run_planner() == 1
    assert len(_notices(db)) == 3


def test_the_owner_is_reminded_exactly_once_by_email_and_the_staff_after_ten_days(
    action_world, db, clock, smtp_sink
):
    contact = action_world["contact"]
    clock.move_to(at_eight(D("2027-03-30")) + timedelta(minutes=1))
    assert delivery.sweep().sent == 2  # due soon (17 March, not swept yet) and overdue
    assert delivery.sweep().sent == 0
    to_contact = [m for m in smtp_sink if m["To"] == contact.email]
    assert len(to_contact) == 2 and len(smtp_sink) == 2
    overdue = [m for m in to_contact if "skulle have været gennemført" in m["Subject"]]
    assert len(overdue) == 1 and "24. marts 2027" in overdue[0]["Subject"]
    text = overdue[0].get_body(preferencelist=("plain",)).get_content()
    assert f"/arbejdsrum/{action_world['c'].id}/anbefalinger/1" in text
    assert "Skriv en statusopdatering" in text
    clock.move_to(at_eight(D("2027-04-12")) + timedelta(minutes=1))
    assert delivery.sweep().sent == 1 and delivery.sweep().sent == 0
    assert smtp_sink[-1]["To"] == action_world["facilitator"].email
    assert "stadig ikke gennemført" in smtp_sink[-1]["Subject"]


def test_an_answer_after_the_due_date_stops_the_overdue_reminder_not_the_escalation(
    action_world, db, clock, smtp_sink
):
    clock.move_to(utc(2027, 3, 26, 9))
    implementation.write_update(
        action_world["action"], _update(ActionStatus.delayed, "2027-03-25"), action_world["contact"]
    )
    for day in ("2027-03-30", "2027-04-12"):
        clock.move_to(at_eight(D(day)) + timedelta(minutes=1))
        delivery.sweep()
    assert _notices(db, OVERDUE)[0].status is NoticeStatus.cancelled
    assert _notices(db, ESCALATED)[0].status is NoticeStatus.sent
    late = [m["To"] for m in _reminder_mail(smtp_sink) if "gennemført senest" not in m["Subject"]]
    assert late == [action_world["facilitator"].email]


def test_done_cancels_what_is_planned_and_answers_what_was_sent(action_world, db, clock):
    clock.move_to(at_eight(D("2027-03-17")) + timedelta(minutes=1))
    delivery.sweep()
    (sent,) = _notices(db, DUE_SOON, NoticeStatus.sent)
    assert sent.is_open_action
    clock.move_to(utc(2027, 3, 18, 9))
    implementation.write_update(
        action_world["action"], _update(ActionStatus.done, "2027-03-18"), action_world["contact"]
    )
    db.session.refresh(sent)
    assert not sent.is_open_action
    assert {n.status for n in _notices(db, OVERDUE) + _notices(db, ESCALATED)} == {
        NoticeStatus.cancelled
    }
    reminders.plan(action_world["c"])  # a closed action is planned no more
    db.session.commit()
    assert [n for n in _notices(db, status=NoticeStatus.pending) if n.kind in ACTIONS] == []


@pytest.mark.parametrize("status", [ActionStatus.done, ActionStatus.dropped])
def test_closed_behind_the_engines_back_is_caught_when_sending(
    action_world, db, clock, smtp_sink, status
):
    action_world["action"].status = status
    db.session.commit()
    clock.move_to(at_eight(D("2027-04-12")) + timedelta(minutes=1))
    delivery.sweep()
    assert {n.status for n in _notices(db)} == {NoticeStatus.cancelled}
    assert smtp_sink == []


def test_moving_the_due_date_replans_and_the_old_reminders_cancel(action_world, db, clock):
    action = action_world["action"]
    clock.move_to(at_eight(D("2027-03-17")) + timedelta(minutes=1))
    delivery.sweep()
    old_pending = {n.id for n in _notices(db, status=NoticeStatus.pending)}
    implementation.edit_action(
        action,
        ActionData(
            title=action.title,
            owner_unit=action.owner_unit,
            contact=action.contact,
            due_on=D("2027-05-05"),
        ),
        action_world["staff"],
        None,
    )
    assert {n.id for n in _notices(db, status=NoticeStatus.cancelled)} == old_pending
    (sent,) = _notices(db, DUE_SOON, NoticeStatus.sent)
    assert not sent.is_open_action  # the date it reminded of is gone
    new = _notices(db, status=NoticeStatus.pending)
    assert {n.context["anchor"] for n in new} == {"2027-05-05"}
    assert {n.kind for n in new} == set(deadlines.ACTION_KINDS)


def test_a_new_contact_takes_over_the_reminders(action_world, db, clock, make_user):
    action, old = action_world["action"], action_world["contact"]
    clock.move_to(at_eight(D("2027-03-17")) + timedelta(minutes=1))
    delivery.sweep()
    new = make_user(Role.councillor)
    data = ActionData(title=action.title, owner_unit="X", contact=new, due_on=action.due_on)
    implementation.edit_action(action, data, action_world["staff"], None)
    (sent,) = _notices(db, DUE_SOON, NoticeStatus.sent)
    assert sent.recipient_id == old.id and not sent.is_open_action
    assert _planned(db, OVERDUE) == {(at_eight(D("2027-03-30")), new.id)}


def test_a_committee_policy_changes_the_escalation_and_the_municipality_the_default(
    action_world, db
):
    c, staff = action_world["c"], action_world["staff"]
    notice_settings.save_policies(c, ESCALATED, [(5, True, True)], staff)
    # 5 working days after Wed 24 March: 30, 31 March, 1, 2, 5 April.
    assert _planned(db, ESCALATED) == {(at_eight(D("2027-04-05")), action_world["facilitator"].id)}
    assert len(_notices(db, ESCALATED, NoticeStatus.cancelled)) == 1  # the 10-day one
    # The municipality's default reaches the implementing committee too (it holds actions).
    notice_settings.save_policies(None, DUE_SOON, [(-3, True, True)], staff)
    assert _planned(db, DUE_SOON) == {(at_eight(D("2027-03-19")), action_world["contact"].id)}
    assert reminders.effective_policies(c.id, DUE_SOON)[0].source == "municipality"


def test_without_a_contact_the_committee_staff_are_reminded_and_never_the_secretariat(
    action_world, db, make_committee, make_recommendation
):
    action = action_world["action"]
    implementation.edit_action(
        action,
        ActionData(title="Uden kontakt", owner_unit="X", due_on=D("2027-03-24")),
        action_world["staff"],
        None,
    )
    assert {r for _d, r in _planned(db, OVERDUE)} == {action_world["facilitator"].id}
    # A finished committee with no staff left: nobody, rather than the whole secretariat.
    bare = make_committee(state=CommitteeState.implementing)
    rec = make_recommendation(
        bare, status=RecommendationStatus.handed_over, decision_state=DecisionState.approved
    )
    implementation.add_action(
        rec,
        ActionData(title="Ingen", owner_unit="Y", due_on=D("2027-03-24")),
        action_world["staff"],
    )
    assert not [n for n in _notices(db) if n.committee_id == bare.id]


# --- reminders of one's own deadlines cannot be switched off ----------------------------------


def test_every_kind_marked_own_deadline_or_mandatory_cannot_be_switched_off(app, db, make_user):
    user = make_user()
    checked = 0
    for kind in notices.REGISTRY.values():
        db.session.add(NoticePreference(user_id=user.id, kind=kind.name, mode=DeliveryMode.off))
        db.session.flush()
        chosen = notices.preference_for(user.id, kind)
        if kind.own_deadline or kind.mandatory:
            checked += 1
            assert DeliveryMode.off not in kind.allowed_modes(), kind.name
            assert chosen is DeliveryMode.immediate, kind.name  # a stored "off" counts as at once
        else:
            assert chosen is DeliveryMode.off, kind.name
        if kind.own_deadline and not kind.mandatory:
            assert DeliveryMode.daily in kind.allowed_modes()  # a digest is still allowed
            with pytest.raises(NotAllowed):
                notice_settings.save_preferences(user, {kind.name: DeliveryMode.off})
    assert checked >= len(OWN_DEADLINES)


def test_every_reminder_that_asks_for_an_action_is_an_own_deadline_or_mandatory(app):
    for name in reminders.SPECS:
        kind = notices.REGISTRY[name]
        if kind.needs_action:
            assert kind.own_deadline or kind.mandatory, name
    for name in OWN_DEADLINES:
        assert notices.REGISTRY[name].own_deadline, name


def test_a_reminder_planned_as_off_before_the_rule_is_emailed_after_all(
    action_world, db, clock, smtp_sink
):
    c, contact = action_world["c"], action_world["contact"]
    (overdue,) = _notices(db, OVERDUE)
    overdue.mode = DeliveryMode.off  # as stored when "off" could still be chosen
    db.session.add(
        NoticePreference(user_id=contact.id, kind="committee_phase", mode=DeliveryMode.off)
    )
    db.session.commit()
    context = {"committee": c.name, "state": c.state.name, "link": {"committee_id": c.id}}
    phase = notices.notify(
        contact, "committee_phase", key="phase-1", subject=c, committee_id=c.id, context=context
    )
    db.session.commit()
    _run_planner()
    db.session.refresh(overdue)
    assert overdue.mode is DeliveryMode.immediate
    assert db.session.get(Notice, phase).mode is DeliveryMode.off  # an optional kind's choice
    clock.move_to(at_eight(D("2027-03-30")) + timedelta(minutes=1))
    delivery.sweep()
    late = [m["To"] for m in _reminder_mail(smtp_sink) if "skulle" in m["Subject"]]
    assert late == [contact.email]


def test_a_digest_still_applies_to_an_own_deadline(action_world, db):
    contact = action_world["contact"]
    db.session.add(NoticePreference(user_id=contact.id, kind=OVERDUE, mode=DeliveryMode.daily))
    db.session.commit()
    notice_settings.save_preferences(contact, {DUE_SOON: DeliveryMode.weekly})
    db.session.execute(db.delete(Notice))
    reminders.plan(action_world["c"])
    db.session.commit()
    (overdue,) = _notices(db, OVERDUE)
    (due_soon,) = _notices(db, DUE_SOON)
    assert overdue.mode is DeliveryMode.daily and due_soon.mode is DeliveryMode.weekly


def _settings_page(client) -> str:
    return client.get("/varsler/indstillinger").get_data(as_text=True)


def test_the_preferences_page_offers_no_off_for_own_deadlines(client, login, make_user, db):
    user = make_user(Role.secretariat)
    db.session.add(NoticePreference(user_id=user.id, kind=OVERDUE, mode=DeliveryMode.off))
    db.session.commit()
    login(user)
    page = _settings_page(client)
    assert "Påmindelser om dine egne frister (obligatoriske)" in page
    assert "kan ikke slås fra" in page
    for name in OWN_DEADLINES:
        select = page.split(f'name="kind_{name}"')[1].split("</select>")[0]
        assert 'value="off"' not in select and 'value="daily"' in select, name
    overdue = page.split(f'name="kind_{OVERDUE}"')[1].split("</select>")[0]
    assert 'selected value="immediate"' in overdue or 'value="immediate" selected' in overdue
    phase = page.split('name="kind_committee_phase"')[1].split("</select>")[0]
    assert 'value="off"' in phase  # an optional kind can still be switched off


def test_posting_off_for_an_own_deadline_is_refused_with_a_message(client, login, make_user, db):
    user = make_user(Role.councillor)
    login(user)
    resp = client.post(
        "/varsler/indstillinger",
        data={f"kind_{OVERDUE}": "off", "kind_committee_phase": "daily"},
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Der er problemer" in page
    assert "Påmindelser om dine egne frister kan ikke slås fra" in page
    assert 'aria-invalid="true"' in page.split(f'name="kind_{OVERDUE}"')[0].rsplit("<select", 1)[1]
    assert db.session.scalar(db.select(db.func.count(NoticePreference.id))) == 0
    resp = client.post("/varsler/indstillinger", data={f"kind_{OVERDUE}": "weekly"})
    assert resp.status_code == 302
    chosen = db.select(NoticePreference.mode).where(NoticePreference.kind == OVERDUE)
    assert db.session.scalar(chosen) is DeliveryMode.weekly


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_shows_a_handover_reminder_and_an_overdue_action(app, db, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    demo.load()
    now = datetime.now(UTC)
    shown = [
        n
        for n in _notices(db, status=NoticeStatus.sent)
        if n.kind in deadlines.KINDS and n.due_at <= now
    ]
    assert {HANDOVER, DUE_SOON, OVERDUE} <= {n.kind for n in shown}
    (overdue,) = [n for n in shown if n.kind == OVERDUE]
    assert overdue.is_open_action and overdue.recipient.role is Role.secretariat
    action = db.session.get(ImplementationAction, overdue.subject_id)
    assert action.due_on < date.today() and not action.status.is_closed
    handed = [n for n in shown if n.kind == HANDOVER]
    assert handed and all(not n.is_open_action for n in handed)  # answered by the handover
    assert {n.kind for n in _notices(db, status=NoticeStatus.pending)} >= {HANDOVER, ESCALATED}
    waiting = [n for n in _notices(db, status=NoticeStatus.pending) if n.due_at <= now]
    assert waiting == []  # nothing is e-mailed by loading the demo
    assert db.session.scalar(db.select(db.func.count(User.id))) > 0
