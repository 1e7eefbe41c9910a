"""The minutes: the state table (action × state × role: allowed, forbidden, stale), sending for
approval, approval by all or at the deadline, comments, reopening, publishing, inhabilitet,
action points on the next agenda, the notices, and who may open which page."""

from datetime import datetime, time, timedelta

import pytest
from flask import render_template

from committees.models import (
    AgendaItem,
    AuditEntry,
    AutoItem,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    MinutesApproval,
    MinutesRule,
    MinutesStatus,
    Notice,
    NoticeStatus,
    Role,
)
from committees.models.base import utcnow
from workflows import delivery, reminders, workdays
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.meetings import agenda, attendance, conflicts, minutes, minutes_writing, plan
from workflows.meetings.attendance import AttendanceRow
from workflows.meetings.minutes_writing import ItemMinutes
from workflows.minutes_kinds import minutes_due_on

AS = attendance.AttendanceStatus
M = MinutesStatus


# A meeting that was held had its agenda published first.
PUBLISHED = {
    "status": MeetingStatus.agenda_published,
    "agenda_published_at": utcnow() - timedelta(days=8),
}


@pytest.fixture
def world(db, make_committee, make_member, make_user, make_meeting):
    """A committee that met yesterday: the chair, Anna (public name) and the facilitator were
    there, Bo (name not public) sent apologies; item 2 of three is closed."""
    c = make_committee()
    w = {
        "c": c,
        "chair": make_member(c, MemberType.councillor, MemberRole.chair).user,
        "anna": make_member(
            c, MemberType.citizen, user=make_user(name="Anna Andersen"), publish_name=True
        ).user,
        "bo": make_member(c, MemberType.citizen, user=make_user(name="Bo Berg")).user,
        "facilitator": make_member(c, MemberType.stakeholder, MemberRole.facilitator).user,
        "staff": make_user(Role.secretariat),
        "councillor": make_user(Role.councillor),
    }
    m = make_meeting(c, days=-1, items=3, **PUBLISHED)
    m.items[1].is_closed = True
    db.session.commit()
    w["meeting"] = m
    return w


def held(w, meeting=None) -> None:
    """Record yesterday's attendance: chair, Anna and the facilitator present, Bo afbud."""
    m = meeting or w["meeting"]
    rows = [AttendanceRow(w[k].id, AS.present) for k in ("chair", "anna", "facilitator")]
    attendance.record(m, [*rows, AttendanceRow(w["bo"].id, AS.apology)], w["staff"])


PRESENT = ("anna", "chair", "facilitator")


def to_state(w, status: MinutesStatus) -> None:
    """Drive the minutes through the workflow to `status`."""
    m = w["meeting"]
    held(w)
    if status is M.draft:
        return
    minutes.send_for_approval(m, w["staff"], "draft")
    if status is M.in_approval:
        return
    for key in PRESENT:
        minutes.approve(m, w[key])
    if status is M.published:
        minutes.publish(m, w["staff"], "approved")


def run(action: str, m, user, expected: str | None):
    if action == "approve":
        return minutes.approve(m, user, expected_status=expected)
    if action == "comment":
        return minutes.comment(m, user, "Punkt 3 mangler", expected_status=expected)
    step = {
        "send": minutes.send_for_approval,
        "reopen": minutes.reopen,
        "publish": minutes.publish,
    }[action]
    return step(m, user, expected)


ALLOWED_FROM = {"send": M.draft, "reopen": M.in_approval, "publish": M.approved}
ALLOWED_FROM |= {"approve": M.in_approval, "comment": M.in_approval}
MANAGERS = ("staff", "facilitator")


def _expected(action: str, state: MinutesStatus, role: str):
    by_manager = action in ("send", "reopen", "publish")
    if by_manager and role not in MANAGERS:
        return PermissionDenied
    if not by_manager:
        # Only those asked (present when the minutes were sent) answer; none are asked yet
        # while the draft has never been sent.
        asked = role in PRESENT and state is not M.draft
        if not asked:
            return PermissionDenied
    return None if state is ALLOWED_FROM[action] else NotAllowed


TABLE = [
    (action, state, role, _expected(action, state, role))
    for action in ALLOWED_FROM
    for state in M
    for role in ("staff", "facilitator", "anna", "bo", "councillor")
]


@pytest.mark.parametrize(
    ("action", "state", "role", "outcome"),
    [
        pytest.param(
            *row, id=f"{row[0]}-{row[1].name}-{row[2]}-{getattr(row[3], '__name__', 'ok')}"
        )
        for row in TABLE
    ],
)
def test_the_state_table(db, world, action, state, role, outcome):
    to_state(world, state)
    m = world["meeting"]
    if outcome is None:
        run(action, m, world[role], state.name)
        db.session.refresh(m)
        assert m.minutes_status in (state, minutes.BY_NAME[action].target)
    else:
        with pytest.raises(outcome):
            run(action, m, world[role], state.name)
        db.session.refresh(m)
        assert m.minutes_status is state


@pytest.mark.parametrize(
    ("action", "role"),
    [(a, "anna" if a in ("approve", "comment") else "staff") for a in ALLOWED_FROM],
)
def test_a_stale_page_is_refused(db, world, action, role):
    state = ALLOWED_FROM[action]
    to_state(world, state)
    other = M.published if state is not M.published else M.draft
    with pytest.raises(StaleState):
        run(action, world["meeting"], world[role], other.name)


def test_the_buttons_come_from_the_same_table(db, world):
    to_state(world, M.draft)
    m = world["meeting"]
    assert [a.name for a in minutes.allowed_actions(m, world["facilitator"])] == ["send"]
    assert minutes.allowed_actions(m, world["anna"]) == []
    minutes.send_for_approval(m, world["staff"], "draft")
    assert [a.name for a in minutes.allowed_actions(m, world["staff"])] == ["reopen"]
    assert [a.name for a in minutes.allowed_actions(m, world["anna"])] == ["approve", "comment"]
    minutes.approve(m, world["anna"])
    assert [a.name for a in minutes.allowed_actions(m, world["anna"])] == ["comment"]
    assert minutes.allowed_actions(m, world["bo"]) == []


# --- sending ----------------------------------------------------------------------------------


def test_sending_needs_a_finished_meeting_a_register_and_someone_present(db, world, make_meeting):
    m, staff = world["meeting"], world["staff"]
    (send,) = minutes.allowed_actions(m, staff)
    assert send.blockers == ["fremmødet er ikke registreret"]
    with pytest.raises(NotAllowed):
        minutes.send_for_approval(m, staff, "draft")
    everyone_away = [AttendanceRow(world[k].id, AS.absent) for k in (*PRESENT, "bo")]
    attendance.record(m, everyone_away, staff)
    with pytest.raises(NotAllowed) as refused:
        minutes.send_for_approval(m, staff, "draft")
    assert refused.value.reasons == ["ingen med en konto er registreret som til stede"]
    running = make_meeting(world["c"], starts_at=utcnow() - timedelta(minutes=30))
    held(world, running)
    with pytest.raises(NotAllowed) as refused:
        minutes.send_for_approval(running, staff, "draft")
    assert refused.value.reasons == ["mødet er ikke slut endnu"]


def test_sending_asks_only_those_present_by_a_deadline_in_working_days(db, world):
    to_state(world, M.draft)
    m, c = world["meeting"], world["c"]
    c.approval_days = 3
    db.session.commit()
    assert minutes.send_for_approval(m, world["facilitator"], "draft") == 3
    assert m.minutes_status is M.in_approval and m.minutes_sent_at is not None
    assert m.approval_deadline == workdays.working_days_after(workdays.local_date(utcnow()), 3)
    asked = {a.user_id for a in minutes.approvals(m)}
    assert asked == {world[k].id for k in PRESENT}
    requested = db.session.scalars(
        db.select(Notice.recipient_id).filter_by(kind="minutes_approval_requested")
    ).all()
    assert sorted(requested) == sorted(asked)
    assert all(
        n.needs_action
        for n in db.session.scalars(db.select(Notice).filter_by(kind="minutes_approval_requested"))
    )
    audit = db.session.scalar(db.select(AuditEntry).filter_by(action="minutes.sent"))
    assert audit.details == {"meeting": m.id, "approvers": 3}


# --- approving --------------------------------------------------------------------------------


def test_approval_by_everyone_locks_the_minutes(db, world):
    to_state(world, M.in_approval)
    m = world["meeting"]
    assert minutes.approve(m, world["anna"], "Fint referat") is False
    assert minutes.approve(m, world["chair"]) is False
    with pytest.raises(NotAllowed):
        minutes.approve(m, world["anna"])  # once is enough
    with pytest.raises(PermissionDenied):
        minutes.approve(m, world["bo"])  # sent afbud: not asked
    assert minutes.approve(m, world["facilitator"]) is True
    assert m.minutes_status is M.approved and m.minutes_locked_at is not None
    anna = next(a for a in minutes.approvals(m) if a.user_id == world["anna"].id)
    assert anna.comment == "Fint referat" and anna.is_approved  # a remark does not hold it up
    open_requests = db.session.scalars(
        db.select(Notice).filter_by(kind="minutes_approval_requested", action_done_at=None)
    ).all()
    assert open_requests == []
    with pytest.raises(NotAllowed):
        minutes_writing.write(m, {}, world["staff"], None)  # locked


def test_a_comment_is_not_an_approval_and_holds_up_rule_all(db, world):
    to_state(world, M.in_approval)
    m = world["meeting"]
    minutes.approve(m, world["anna"])
    minutes.comment(m, world["anna"], "Min bemærkning til punkt 3 mangler")
    minutes.approve(m, world["chair"])
    with pytest.raises(NotAllowed):
        minutes.comment(m, world["chair"], "   ")
    assert minutes.approve(m, world["facilitator"]) is False
    assert m.minutes_status is M.in_approval  # Anna withdrew her approval by commenting
    told = db.session.scalars(db.select(Notice).filter_by(kind="minutes_commented")).all()
    assert [n.recipient_id for n in told] == [world["facilitator"].id]
    assert minutes.approve(m, world["anna"]) is True  # answered: she approves after all
    assert m.minutes_status is M.approved


def test_reopen_clears_the_answers_and_a_new_round_starts_afresh(db, world):
    to_state(world, M.in_approval)
    m = world["meeting"]
    minutes.approve(m, world["chair"])
    minutes.comment(m, world["anna"], "Beslutningen på punkt 1 er forkert")
    minutes.reopen(m, world["facilitator"], "in_approval")
    assert m.minutes_status is M.draft and m.minutes_sent_at is None
    rows = {a.user_id: a for a in minutes.approvals(m)}
    assert not any(a.is_approved for a in rows.values())
    assert rows[world["anna"].id].comment  # kept for the facilitator to read while editing
    item = m.items[0]
    minutes_writing.write(
        m, {item.id: ItemMinutes("Godkendt med ændringer", "")}, world["staff"], "draft"
    )
    minutes.send_for_approval(m, world["staff"], "draft")
    rows = {a.user_id: a for a in minutes.approvals(m)}
    assert all(a.comment == "" and not a.is_approved for a in rows.values())
    requests = db.session.scalars(
        db.select(Notice).filter_by(
            kind="minutes_approval_requested", recipient_id=world["anna"].id
        )
    ).all()
    assert len(requests) == 2  # one per round


# --- the deadline rule ------------------------------------------------------------------------


def _after_deadline(m) -> datetime:
    return workdays.local_moment(m.approval_deadline + timedelta(days=1), time(0, 5))


def test_at_the_deadline_the_minutes_are_approved_unless_someone_commented(db, world):
    world["c"].minutes_rule = MinutesRule.deadline
    db.session.commit()
    to_state(world, M.in_approval)
    m = world["meeting"]
    minutes.approve(m, world["anna"])
    on_the_day = workdays.local_moment(m.approval_deadline, time(23, 0))
    assert minutes.close_due_approvals(on_the_day) == 0
    assert minutes.close_due_approvals(_after_deadline(m)) == 1
    assert minutes.close_due_approvals(_after_deadline(m)) == 0  # twice: nothing more
    db.session.refresh(m)
    assert m.minutes_status is M.approved and m.minutes_locked_at == _after_deadline(m)
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="minutes.approved"))
    assert entry.actor_id is None and entry.details["rule"] == "deadline"
    not_approved = [a for a in minutes.approvals(m) if not a.is_approved]
    assert len(not_approved) == 2  # approved by the rule, not by them


def test_a_comment_blocks_the_deadline_and_rule_all_waits_for_everyone(db, world, make_meeting):
    world["c"].minutes_rule = MinutesRule.deadline
    db.session.commit()
    to_state(world, M.in_approval)
    m = world["meeting"]
    minutes.comment(m, world["chair"], "Punkt 1 skal rettes")
    assert minutes.close_due_approvals(_after_deadline(m)) == 0
    db.session.refresh(m)
    assert m.minutes_status is M.in_approval
    world["c"].minutes_rule = MinutesRule.all
    minutes.approve(m, world["chair"])  # the comment is answered
    assert minutes.close_due_approvals(_after_deadline(m)) == 0  # rule "all": no deadline


def test_the_task_runs_twice_with_the_same_result_and_is_scheduled(app, db, world):
    import tasks.meetings

    schedule = {e["task"] for e in app.config["CELERY"]["beat_schedule"].values()}
    assert "tasks.meetings.close_due_approvals" in schedule
    world["c"].minutes_rule = MinutesRule.deadline
    db.session.commit()
    to_state(world, M.in_approval)
    m = world["meeting"]
    m.approval_deadline = workdays.local_date(utcnow()) - timedelta(days=1)
    db.session.commit()
    assert tasks.meetings.close_due_approvals.apply().get() == 1
    assert tasks.meetings.close_due_approvals.apply().get() == 0
    db.session.refresh(m)
    assert m.minutes_status is M.approved


# --- publishing -------------------------------------------------------------------------------


def _write_all(w) -> None:
    m = w["meeting"]
    text = {
        0: "Udvalget **godkendte** forslaget.",
        1: "HEMMELIG beslutning",
        2: "Taget til efterretning.",
    }
    minutes_writing.write(
        m,
        {item.id: ItemMinutes(text[n], "Drøftelse") for n, item in enumerate(m.items)},
        w["staff"],
        "draft",
    )


def test_publishing_tells_the_invited_and_the_public_sees_the_open_items(app, db, world):
    held(world)
    _write_all(world)
    m = world["meeting"]
    conflicts.declare(m.items[0], world["anna"], "Min mand ejer firmaet")
    conflicts.declare(m.items[2], world["bo"], "")
    minutes.send_for_approval(m, world["staff"], "draft")
    with pytest.raises(NotAllowed):
        minutes.publish(m, world["staff"], None)  # not approved yet
    for key in PRESENT:
        minutes.approve(m, world[key])

    def public() -> str:
        with app.test_request_context("/"):
            items = [i for i in m.items if not i.is_closed]
            return render_template("meetings/_public_minutes.html", meeting=m, items=items)

    assert public().strip() == ""  # approved but not published: nothing public yet
    minutes.publish(m, world["facilitator"], "approved")
    assert m.minutes_status is M.published and m.minutes_published_at is not None
    told = db.session.scalars(db.select(Notice.recipient_id).filter_by(kind="minutes_published"))
    assert sorted(told) == sorted(world[k].id for k in ("chair", "anna", "bo", "facilitator"))
    html = public()
    assert "<strong>godkendte</strong>" in html and "Taget til efterretning." in html
    assert "HEMMELIG" not in html  # the closed item
    assert "Anna Andersen erklærede sig inhabil" in html
    assert "Et medlem erklærede sig inhabil" in html and "Bo Berg" not in html
    assert "Min mand" not in html  # reasons stay internal
    with app.test_request_context("/"):  # a closed item handed in by mistake is still skipped
        assert "HEMMELIG" not in render_template(
            "meetings/_public_minutes.html", meeting=m, items=m.items
        )


# --- inhabilitet ------------------------------------------------------------------------------


def test_inhabilitet_is_declared_withdrawn_and_recorded(db, world, client, login):
    to_state(world, M.draft)
    m = world["meeting"]
    item = m.items[0]
    conflicts.declare(item, world["anna"], "Nabo til projektet")
    with pytest.raises(NotAllowed):
        conflicts.declare(item, world["anna"], "")
    with pytest.raises(PermissionDenied):
        conflicts.declare(item, world["councillor"], "")  # not a member
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="conflict.declared"))
    assert entry.details == {"meeting": m.id, "item": item.id}
    conflicts.withdraw(item, world["anna"])
    with pytest.raises(NotAllowed):
        conflicts.withdraw(item, world["anna"])
    conflicts.declare(item, world["anna"], "Nabo til projektet")
    login(world["facilitator"])
    page = client.get(f"/arbejdsrum/{world['c'].id}/moeder/{m.id}/referat").get_data(as_text=True)
    assert "Anna Andersen erklærede sig inhabil" in page and "Nabo til projektet" in page
    minutes.send_for_approval(m, world["staff"], "draft")
    for key in PRESENT:
        minutes.approve(m, world[key])
    with pytest.raises(PermissionDenied):
        conflicts.withdraw(item, world["anna"])  # the minutes are locked


def test_declaring_through_the_form(db, world, client, login):
    to_state(world, M.in_approval)
    m, c = world["meeting"], world["c"]
    item = m.items[0]
    base = f"/arbejdsrum/{c.id}/moeder/{m.id}/punkt/{item.id}/inhabilitet"
    login(world["anna"])
    page = client.get(f"/arbejdsrum/{c.id}/moeder/{m.id}/referat").get_data(as_text=True)
    assert "Erklær mig inhabil" in page
    resp = client.post(base, data={"reason": "x" * 501, "back": "referat"})
    assert resp.status_code == 302 and not item.conflicts
    resp = client.post(base, data={"reason": "Min virksomhed", "back": "referat"})
    assert resp.headers["Location"].endswith(f"/moeder/{m.id}/referat")
    db.session.refresh(item)
    assert [d.user_id for d in item.conflicts] == [world["anna"].id]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Træk erklæringen tilbage" in page
    assert client.post(base + "/traek-tilbage", data={"back": "referat"}).status_code == 302
    db.session.refresh(item)
    assert item.conflicts == []


# --- action points ----------------------------------------------------------------------------


def test_action_points_go_on_the_next_agenda_until_done(db, world):
    to_state(world, M.draft)
    m, c, staff = world["meeting"], world["c"], world["staff"]
    point = minutes_writing.add_action_point(
        m.items[0], "Undersøg lokaler", "Sekretariatet", None, world["facilitator"]
    )
    with pytest.raises(NotAllowed):
        minutes_writing.add_action_point(m.items[0], "  ", "", None, staff)
    with pytest.raises(PermissionDenied):
        minutes_writing.add_action_point(m.items[0], "Noget", "", None, world["anna"])
    start = utcnow().replace(microsecond=0) + timedelta(days=14)
    data = plan.MeetingData(
        kind=MeetingKind.committee_meeting,
        title="Næste møde",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Rådhuset",
    )
    nxt = plan.create(c, data, staff)
    autos = {i.auto: i for i in nxt.items if i.auto}
    assert set(autos) == {AutoItem.minutes_approval, AutoItem.action_points}
    assert "Undersøg lokaler (Sekretariatet)" in autos[AutoItem.action_points].case_text
    with pytest.raises(PermissionDenied):
        minutes_writing.complete_action_point(point, world["anna"])
    minutes_writing.complete_action_point(point, staff)
    with pytest.raises(NotAllowed):
        minutes_writing.complete_action_point(point, staff)
    assert agenda.open_action_points(c.id) == []
    agenda.refresh_action_points(nxt)
    assert autos[AutoItem.action_points].case_text == ""
    minutes.send_for_approval(m, staff, "draft")
    with pytest.raises(NotAllowed):  # the minutes are no longer a draft
        minutes_writing.add_action_point(m.items[0], "For sent", "", None, staff)


def test_the_minutes_page_writes_and_adds_action_points(db, world, client, login):
    to_state(world, M.draft)
    m, c = world["meeting"], world["c"]
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}/referat"
    login(world["facilitator"])
    page = client.get(url).get_data(as_text=True)
    assert "Gem referatet" in page and "Tilføj aktionspunkt" in page
    data = {"expected_state": "draft"}
    for n, item in enumerate(m.items):
        data |= {f"items-{n}-item_id": str(item.id), f"items-{n}-decision": f"Beslutning {n}"}
    too_long = {**data, "items-0-notes": "x" * 20001}
    resp = client.post(url, data=too_long)
    assert resp.status_code == 400 and "Beslutning 1" in resp.get_data(as_text=True)
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(m.items[2])
    assert m.items[2].minutes_decision == "Beslutning 2"
    stale = client.post(url, data={**data, "expected_state": "in_approval"})
    assert stale.status_code == 409
    item = m.items[0]
    add = f"/arbejdsrum/{c.id}/moeder/{m.id}/punkt/{item.id}/aktionspunkter"
    resp = client.post(add, data={f"ap{item.id}-text": "", f"ap{item.id}-responsible": "Bo"})
    assert resp.status_code == 400 and "Skriv, hvad der skal gøres." in resp.get_data(as_text=True)
    resp = client.post(
        add, data={f"ap{item.id}-text": "Ring til skolen", f"ap{item.id}-due_on": "2099-01-31"}
    )
    assert resp.status_code == 302
    assert [p.text for p in agenda.open_action_points(c.id)] == ["Ring til skolen"]
    send = client.post(f"{url}/send", data={"expected_state": "draft"})
    assert send.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Afventer" in page and "Anna Andersen" in page  # the approval table


def test_an_approver_approves_and_comments_on_the_page(db, world, client, login):
    to_state(world, M.in_approval)
    m, c = world["meeting"], world["c"]
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}/referat"
    login(world["anna"])
    page = client.get(url).get_data(as_text=True)
    assert "Godkend referatet" in page and "Send kommentaren" in page
    resp = client.post(url + "/kommentar", data={"expected_state": "in_approval", "comment": ""})
    assert resp.status_code == 400 and "Skriv din kommentar." in resp.get_data(as_text=True)
    resp = client.post(url + "/godkend", data={"expected_state": "in_approval"})
    assert resp.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Du godkendte referatet" in page
    login(world["bo"])  # afbud: may read the minutes in approval, but is not asked
    assert client.post(url + "/godkend", data={"expected_state": "in_approval"}).status_code == 403


# --- notices ----------------------------------------------------------------------------------


def test_approval_requests_reach_only_those_present_and_reminders_only_those_not_done(
    db, world, smtp_sink
):
    to_state(world, M.in_approval)
    m = world["meeting"]
    delivery.sweep()
    requested = sorted(msg["To"] for msg in smtp_sink if "Godkend referatet" in msg["Subject"])
    assert requested == sorted(world[k].email for k in PRESENT)
    assert world["bo"].email not in " ".join(msg["To"] for msg in smtp_sink)
    pending = db.session.scalars(
        db.select(Notice).filter_by(kind="minutes_approval_reminder", status=NoticeStatus.pending)
    ).all()
    assert sorted(n.recipient_id for n in pending) == sorted(world[k].id for k in PRESENT)
    minutes.approve(m, world["anna"])
    due = max(n.due_at for n in pending)
    smtp_sink.clear()
    delivery.sweep(now=due + timedelta(minutes=1))
    reminded = sorted(msg["To"] for msg in smtp_sink if "Påmindelse" in msg["Subject"])
    assert reminded == sorted(world[k].email for k in ("chair", "facilitator"))
    annas = db.session.scalar(
        db.select(Notice).filter_by(kind="minutes_approval_reminder", recipient_id=world["anna"].id)
    )
    assert annas.status is NoticeStatus.cancelled


def test_the_minutes_due_reminder_goes_to_the_facilitator_while_they_are_a_draft(
    db, world, make_meeting
):
    m = make_meeting(world["c"], days=3)
    reminders.plan(world["c"])
    db.session.commit()
    due = db.session.scalars(
        db.select(Notice).filter_by(kind="minutes_due", subject_id=m.id).order_by(Notice.due_at)
    ).all()
    assert [n.recipient_id for n in due] == [world["facilitator"].id] * 2
    assert due[0].context["anchor"] == minutes_due_on(m).isoformat()
    assert due[0].context["link"] == {"committee_id": world["c"].id, "meeting_id": m.id}
    m.minutes_status = M.in_approval  # as if sent (the notice checks again before sending)
    db.session.commit()
    delivery.sweep(now=due[-1].due_at + timedelta(minutes=1))
    for n in due:
        db.session.refresh(n)
    assert {n.status for n in due} == {NoticeStatus.cancelled}


def test_every_minutes_notice_renders_in_danish_and_links_to_the_minutes(app, db, world):
    to_state(world, M.in_approval)
    m = world["meeting"]
    minutes.comment(m, world["chair"], "Ret punkt 1")
    minutes.approve(m, world["chair"])
    minutes.approve(m, world["anna"])
    minutes.approve(m, world["facilitator"])
    minutes.publish(m, world["staff"], "approved")
    reminders.plan(world["c"])
    kinds = {n.kind: n for n in db.session.scalars(db.select(Notice))}
    assert {"minutes_approval_requested", "minutes_commented", "minutes_published"} <= set(kinds)
    for n in kinds.values():
        message = delivery.render(n)
        assert message is not None
    with app.test_request_context("/"):
        from workflows import notices

        link = notices.link(kinds["minutes_published"])
        assert link == f"/arbejdsrum/{world['c'].id}/moeder/{m.id}/referat"
        assert "Referatet er offentliggjort" in notices.text(kinds["minutes_published"])[0]


# --- who may ----------------------------------------------------------------------------------

PEOPLE = ["anonymous", "citizen", "councillor", "secretariat", "admin", "member", "facilitator"]
PEOPLE += ["outsider"]
HIDDEN = {"anonymous": 302, "citizen": 404, "outsider": 404}


def _table(allowed: int, who: tuple, others: int = 403) -> dict:
    table = {p: (allowed if p in who else others) for p in PEOPLE}
    return {**table, **HIDDEN}


MANAGE = ("secretariat", "admin", "facilitator")
R = "/arbejdsrum/{c}/moeder/{m}"
ROUTES = [
    ("GET", R + "/referat", M.draft, {}, _table(200, MANAGE)),
    ("GET", R + "/referat", M.in_approval, {}, _table(200, (*MANAGE, "member"))),
    ("GET", R + "/referat", M.published, {}, _table(200, (*MANAGE, "member", "councillor"))),
    ("POST", R + "/referat", M.draft, {"expected_state": "draft"}, _table(302, MANAGE)),
    ("POST", R + "/referat/send", M.draft, {"expected_state": "draft"}, _table(302, MANAGE)),
    (
        "POST",
        R + "/referat/tilbage-til-udkast",
        M.in_approval,
        {"expected_state": "in_approval"},
        _table(302, MANAGE),
    ),
    (
        "POST",
        R + "/referat/offentliggoer",
        M.approved,
        {"expected_state": "approved"},
        _table(302, MANAGE),
    ),
    # The member and the facilitator were present, so they are asked; staff are not.
    (
        "POST",
        R + "/referat/godkend",
        M.in_approval,
        {"expected_state": "in_approval"},
        _table(302, ("member", "facilitator")),
    ),
    (
        "POST",
        R + "/referat/kommentar",
        M.in_approval,
        {"expected_state": "in_approval", "comment": "Ret punkt 1"},
        _table(302, ("member", "facilitator")),
    ),
    (
        "POST",
        R + "/punkt/{i}/aktionspunkter",
        M.draft,
        {"ap{i}-text": "Gør noget"},
        _table(302, MANAGE),
    ),
    ("POST", R + "/aktionspunkter/{p}/udfoert", M.draft, {}, _table(302, MANAGE)),
    # Current members (the facilitator is one) declare inhabilitet; staff are not members.
    ("POST", R + "/punkt/{i}/inhabilitet", M.draft, {}, _table(302, ("member", "facilitator"))),
    (
        "POST",
        R + "/punkt/{i}/inhabilitet/traek-tilbage",
        M.draft,
        {},
        _table(302, ("member", "facilitator")),
    ),
]


@pytest.fixture
def route_world(people, make_meeting, db):
    """The `people` committee with a meeting held yesterday: member and facilitator present."""
    c = people["committee"]
    m = make_meeting(c, days=-1, **PUBLISHED)
    rows = [AttendanceRow(people[k].id, AS.present) for k in ("member", "facilitator")]
    attendance.record(m, rows, people["secretariat"])
    point = minutes_writing.add_action_point(m.items[0], "Følg op", "", None, people["secretariat"])
    return people, m, point


def _drive(people, m, state: MinutesStatus) -> None:
    if state is M.draft:
        return
    minutes.send_for_approval(m, people["secretariat"], "draft")
    if state is M.in_approval:
        return
    minutes.approve(m, people["member"])
    minutes.approve(m, people["facilitator"])
    if state is M.published:
        minutes.publish(m, people["secretariat"], "approved")


@pytest.mark.parametrize(
    ("method", "url", "state", "data", "person", "expected"),
    [
        pytest.param(
            method,
            url,
            state,
            data,
            person,
            table[person],
            id=f"{method} {url} {state.name} {person}",
        )
        for method, url, state, data, table in ROUTES
        for person in PEOPLE
    ],
)
def test_route_access(method, url, state, data, person, expected, route_world, login, client):
    people, m, point = route_world
    _drive(people, m, state)
    item = m.items[0]
    path = url.format(c=people["committee"].id, m=m.id, i=item.id, p=point.id)
    if people[person] is not None:
        login(people[person])
    form = {k.format(i=item.id): v for k, v in data.items()}
    resp = client.get(path) if method == "GET" else client.post(path, data=form)
    assert resp.status_code == expected, resp.get_data(as_text=True)[:300]


def test_foreign_ids_are_404(route_world, make_meeting, login, client, db):
    people, m, _point = route_world
    c = people["committee"]
    foreign = make_meeting(people["other"], days=-1)
    foreign_point = minutes_writing.add_action_point(
        foreign.items[0], "Andet udvalg", "", None, people["secretariat"]
    )
    login(people["secretariat"])
    assert client.get(f"/arbejdsrum/{c.id}/moeder/{foreign.id}/referat").status_code == 404
    item_elsewhere = foreign.items[0].id
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}/punkt/{item_elsewhere}/aktionspunkter"
    assert client.post(url, data={}).status_code == 404
    url = f"/arbejdsrum/{c.id}/moeder/{m.id}/aktionspunkter/{foreign_point.id}/udfoert"
    assert client.post(url).status_code == 404
    assert db.session.get(AgendaItem, item_elsewhere) is not None
    assert db.session.scalar(db.select(db.func.count(MinutesApproval.id))) == 0


def test_a_stale_step_is_409(route_world, login, client):
    people, m, _point = route_world
    login(people["facilitator"])
    url = f"/arbejdsrum/{people['committee'].id}/moeder/{m.id}/referat/send"
    assert client.post(url, data={"expected_state": "approved"}).status_code == 409
    assert client.post(url, data={"expected_state": "draft"}).status_code == 302
    assert client.post(url, data={"expected_state": "draft"}).status_code == 409


def test_cancelled_meeting_has_no_minutes_steps(route_world, db):
    people, m, _point = route_world
    from committees.models import MeetingStatus

    m.status = MeetingStatus.cancelled
    db.session.commit()
    assert minutes.allowed_actions(m, people["secretariat"]) == []
    with pytest.raises(NotAllowed):
        minutes.send_for_approval(m, people["secretariat"], None)
