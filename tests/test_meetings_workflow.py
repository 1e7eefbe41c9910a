"""Planning, moving, cancelling, the agenda and RSVP: workflow rules and their notices."""

from datetime import UTC, datetime, timedelta

import pytest

from committees.models import (
    ActionPoint,
    AgendaItem,
    AuditEntry,
    AutoItem,
    CommitteeState,
    ItemKind,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    Notice,
    NoticeStatus,
    Role,
    RsvpAnswer,
)
from workflows import delivery, notices
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.meetings import agenda, invitees, plan, rsvp
from workflows.meetings.agenda import ItemData
from workflows.meetings.plan import MeetingData


def soon(days: int = 20, hour: int = 16) -> datetime:
    base = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


def data(days: int = 20, **kw) -> MeetingData:
    start = kw.pop("starts_at", soon(days))
    return MeetingData(
        kind=kw.pop("kind", MeetingKind.committee_meeting),
        title=kw.pop("title", "Udvalgsmøde"),
        starts_at=start,
        ends_at=kw.pop("ends_at", start + timedelta(hours=2)),
        place=kw.pop("place", "Rådhuset"),
        **kw,
    )


@pytest.fixture
def setup(full_committee, make_user, make_member):
    """A working committee (chair + 2 citizens + facilitator) and a secretary."""
    c = full_committee(CommitteeState.working)
    facilitator = make_member(c, MemberType.staff, MemberRole.facilitator).user
    return c, facilitator, make_user(Role.secretariat)


def notices_of(db, kind: str, status=NoticeStatus.pending) -> list[Notice]:
    return list(
        db.session.scalars(db.select(Notice).where(Notice.kind == kind, Notice.status == status))
    )


def test_planning_is_for_staff_and_the_facilitator_in_the_right_phases(db, setup, make_user):
    c, facilitator, staff = setup
    member = next(m.user for m in c.memberships if m.role is MemberRole.member)
    with pytest.raises(PermissionDenied):
        plan.create(c, data(), member)
    with pytest.raises(PermissionDenied):
        plan.create(c, data(), make_user(Role.councillor))
    m = plan.create(c, data(), facilitator)
    assert m.status is MeetingStatus.planned and m.sequence == 0 and "@opgaveudvalg" in m.uid
    c.state = CommitteeState.evaluated
    db.session.commit()
    with pytest.raises(NotAllowed):
        plan.create(c, data(), staff)


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"starts_at": soon(-1)}, "fremtiden"),
        ({"ends_at": soon(20) - timedelta(hours=1)}, "slutte efter"),
        ({"place": "", "online_url": ""}, "sted"),
    ],
)
def test_a_meeting_needs_a_future_time_an_end_after_the_start_and_a_place(
    db, setup, change, reason
):
    c, _f, staff = setup
    with pytest.raises(NotAllowed) as refused:
        plan.create(c, data(**change), staff)
    assert any(reason in r for r in refused.value.reasons)
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 0


def test_the_plan_is_saved_all_or_none(db, setup):
    c, _f, staff = setup
    with pytest.raises(NotAllowed) as refused:
        plan.create_plan(c, [data(10), data(40, place="", online_url="")], staff)
    assert "møde 2" in refused.value.reasons[0]
    assert db.session.scalar(db.select(db.func.count()).select_from(AgendaItem)) == 0
    made = plan.create_plan(c, [data(40, title="B"), data(10, title="A")], staff)
    assert [m.title for m in made] == ["A", "B"]
    # The second committee meeting opens with the approval of the first one's minutes.
    assert [i.auto for i in made[1].items] == [AutoItem.minutes_approval]
    assert made[0].items == []


def test_reminders_are_planned_and_follow_a_moved_meeting(db, setup):
    c, facilitator, staff = setup
    m = plan.create(c, data(30), staff)
    invited = invitees.invited_users(m)
    assert len(invited) == 4  # chair, two citizens, facilitator
    reminders = notices_of(db, "meeting_reminder")
    assert len(reminders) == len(invited)
    assert all(n.due_at < m.starts_at for n in reminders)
    assert len(notices_of(db, "rsvp_missing")) == len(invited)
    assert [n.recipient_id for n in notices_of(db, "agenda_due")] == [facilitator.id] * 2
    moved = plan.update(m, data(37), staff, expected_sequence=0)
    assert moved and m.sequence == 1
    assert len(notices_of(db, "meeting_reminder", NoticeStatus.cancelled)) == len(invited)
    assert all(
        n.context["anchor"] == m.local_date.isoformat() for n in notices_of(db, "meeting_reminder")
    )
    moved_notices = notices_of(db, "meeting_moved")
    assert {n.recipient_id for n in moved_notices} == {u.id for u in invited}
    assert moved_notices[0].context["old_starts_at"] == soon(30).isoformat()


def test_a_change_from_a_stale_page_is_refused(db, setup):
    c, _f, staff = setup
    m = plan.create(c, data(30), staff)
    plan.update(m, data(31), staff, expected_sequence=0)
    with pytest.raises(StaleState):
        plan.update(m, data(32), staff, expected_sequence=0)
    with pytest.raises(StaleState):
        plan.cancel(m, "", staff, expected_sequence=0)


def test_a_title_change_updates_calendars_but_tells_nobody(db, setup):
    c, _f, staff = setup
    m = plan.create(c, data(30), staff)
    assert plan.update(m, data(30, title="Nyt navn"), staff, expected_sequence=0) is False
    assert m.sequence == 1 and notices_of(db, "meeting_moved") == []


def test_cancelling_tells_members_and_guests_and_drops_reminders(db, setup, smtp_sink):
    c, _f, staff = setup
    m = plan.create(c, data(30), staff)
    plan.add_guest(m, "Gæst Ekspert", "Ekspert@Example.DK", staff)
    plan.cancel(m, "Formanden er syg", staff, expected_sequence=0)
    assert m.status is MeetingStatus.cancelled and m.sequence == 1
    assert notices_of(db, "meeting_reminder") == [] and notices_of(db, "rsvp_missing") == []
    delivery.sweep()
    cancelled = [msg for msg in smtp_sink if "aflyst" in msg["Subject"]]
    assert len(cancelled) == 5  # four members and the guest
    assert "ekspert@example.dk" in {msg["To"].addresses[0].addr_spec for msg in cancelled}
    assert "Formanden er syg" in cancelled[0].get_body(("plain",)).get_content()
    with pytest.raises(NotAllowed):
        plan.cancel(m, "", staff, expected_sequence=1)


def test_publishing_the_agenda_tells_the_invited_once(
    db, setup, smtp_sink, make_member, make_committee
):
    c, facilitator, _staff = setup
    other = make_committee()
    outsider = make_member(other, MemberType.citizen).user
    m = plan.create(c, data(30), facilitator)
    with pytest.raises(NotAllowed):
        agenda.publish(m, facilitator, "planned")  # no items yet
    agenda.add_item(m, ItemData(ItemKind.decision, "Budget", "**Sagen**"), facilitator)
    agenda.publish(m, facilitator, "planned")
    assert m.status is MeetingStatus.agenda_published and m.agenda_published_at
    with pytest.raises(StaleState):
        agenda.publish(m, facilitator, "planned")
    delivery.sweep()
    to = {msg["To"].addresses[0].addr_spec for msg in smtp_sink if "Dagsorden" in msg["Subject"]}
    assert to == {u.email for u in invitees.invited_users(m)}
    assert outsider.email not in to
    # The "agenda due" reminder is no longer needed.
    assert all(
        not notices.REGISTRY["agenda_due"].still_true(n) for n in notices_of(db, "agenda_due")
    )


def test_open_action_points_go_on_the_next_agenda(db, setup, make_meeting):
    c, _facilitator, staff = setup
    held = make_meeting(c, days=-14, items=1)
    point = ActionPoint(
        committee_id=c.id,
        agenda_item_id=held.items[0].id,
        text="Indhent tal",
        responsible="Facilitator",
    )
    db.session.add(point)
    db.session.commit()
    m = plan.create(c, data(30), staff)
    assert [(i.position, i.auto) for i in m.items] == [
        (1, AutoItem.minutes_approval),
        (2, AutoItem.action_points),
    ]
    assert "Indhent tal (Facilitator)" in m.items[1].case_text
    agenda.add_item(m, ItemData(ItemKind.discussion, "Temaer"), staff)
    point.done_at = datetime.now(UTC)
    db.session.add(
        ActionPoint(committee_id=c.id, agenda_item_id=held.items[0].id, text="Book lokale")
    )
    db.session.commit()
    agenda.publish(m, staff, None)
    assert m.items[1].case_text == "- Book lokale"  # refreshed at publication
    assert [i.position for i in m.items] == [1, 2, 3]


def test_items_can_be_moved_edited_and_removed_until_the_minutes_are_sent(db, setup):
    c, _f, staff = setup
    m = plan.create(c, data(30), staff)
    a = agenda.add_item(m, ItemData(ItemKind.decision, "A"), staff)
    b = agenda.add_item(m, ItemData(ItemKind.information, "B", is_closed=True), staff)
    agenda.move_item(b, -1, staff)
    assert [i.title for i in sorted(m.items, key=lambda i: i.position)] == ["B", "A"]
    with pytest.raises(NotAllowed):
        agenda.move_item(b, -1, staff)
    agenda.update_item(a, ItemData(ItemKind.discussion, "A2", proposal="Godkend"), staff)
    assert a.kind is ItemKind.discussion and a.proposal == "Godkend"
    agenda.delete_item(b, staff)
    assert [(i.title, i.position) for i in m.items] == [("A2", 1)]
    m.minutes_sent_at = datetime.now(UTC)
    db.session.commit()
    with pytest.raises(NotAllowed):
        agenda.add_item(m, ItemData(ItemKind.decision, "Sent"), staff)


def test_rsvp_before_the_meeting_by_members_only(db, setup, make_meeting, make_user):
    c, _f, staff = setup
    member = next(m.user for m in c.memberships if m.role is MemberRole.member)
    m = plan.create(c, data(30), staff)
    rsvp.answer(m, member, RsvpAnswer.apology, "Ferie")
    row = rsvp.answer(m, member, RsvpAnswer.attending, "ignored")
    assert row.answer is RsvpAnswer.attending and row.reason == ""
    assert len(rsvp.answers(m)) == 1
    with pytest.raises(PermissionDenied):
        rsvp.answer(m, make_user(Role.councillor), RsvpAnswer.attending)
    started = make_meeting(c, days=-0.01)
    with pytest.raises(NotAllowed):
        rsvp.answer(started, member, RsvpAnswer.apology)


def test_rsvp_missing_goes_only_to_those_who_have_not_answered(db, setup):
    c, _f, staff = setup
    member = next(m.user for m in c.memberships if m.role is MemberRole.member)
    m = plan.create(c, data(30), staff)
    rsvp.answer(m, member, RsvpAnswer.apology, "Syg")
    kind = notices.REGISTRY["rsvp_missing"]
    still = {n.recipient_id: kind.still_true(n) for n in notices_of(db, "rsvp_missing")}
    assert still[member.id] is False and sum(still.values()) == len(still) - 1
    reminder = notices.REGISTRY["meeting_reminder"]
    assert not any(
        reminder.still_true(n)
        for n in notices_of(db, "meeting_reminder")
        if n.recipient_id == member.id
    )


def test_working_group_meetings_invite_the_group_and_the_facilitator(db, setup):
    from workflows.meetings import groups

    c, facilitator, staff = setup
    citizen = next(m.user for m in c.memberships if m.member_type is MemberType.citizen)
    group = groups.create(c, "Skrivegruppen", [citizen.id], staff)
    from committees.models import InviteScope

    m = plan.create(
        c,
        data(
            30,
            kind=MeetingKind.working_group,
            invite_scope=InviteScope.working_group,
            working_group_id=group.id,
        ),
        staff,
    )
    assert {u.id for u in invitees.invited_users(m)} == {citizen.id, facilitator.id}
    with pytest.raises(NotAllowed):
        plan.create(
            c, data(31, invite_scope=InviteScope.working_group, working_group_id=None), staff
        )


def test_action_points_of_closed_items_stay_off_the_open_agenda(db, setup, make_meeting):
    c, _f, staff = setup
    held = make_meeting(c, days=-14, items=2)
    held.items[0].is_closed = True
    db.session.add_all(
        [
            ActionPoint(committee_id=c.id, agenda_item_id=held.items[0].id, text="Fortroligt"),
            ActionPoint(committee_id=c.id, agenda_item_id=held.items[1].id, text="Åbent punkt"),
        ]
    )
    db.session.commit()
    m = plan.create(c, data(30), staff)
    auto = next(i for i in m.items if i.auto is AutoItem.action_points)
    assert "Åbent punkt" in auto.case_text and "Fortroligt" not in auto.case_text


def test_every_change_raises_the_sequence_so_a_stale_page_cannot_undo_it(db, setup):
    c, _f, staff = setup
    m = plan.create(c, data(30), staff)
    plan.update(m, data(30, is_public=True), staff, expected_sequence=0)
    assert m.sequence == 1 and notices_of(db, "meeting_moved") == []
    with pytest.raises(StaleState):
        plan.update(m, data(30, is_public=False), staff, expected_sequence=0)
