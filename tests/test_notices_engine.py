"""The notices engine in one process: dedupe, idempotent delivery, reminders on the Danish
calendar (DST, Easter, Christmas), digests and preferences, SMTP failures and the tasks.

E-mail goes to a real SMTP server on loopback (aiosmtpd); time is moved with time-machine, so
every `utcnow()` in the engine follows the frozen clock.
"""

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

import tasks.notices
from committees.models import (
    CommitteeState,
    DeliveryMode,
    MemberType,
    Notice,
    NoticePreference,
    NoticeStatus,
    Role,
)
from committees.models.base import local_today
from tests.conftest import ROOT, free_port
from workflows import committee as committee_flow
from workflows import delivery, mandate, notice_settings, notices, reminders

CPH = ZoneInfo("Europe/Copenhagen")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def phase_context(c, state: str = "recruiting") -> dict:
    return {"committee": c.name, "state": state, "comment": "", "link": {"committee_id": c.id}}


def notify_phase(user, c, state: str = "recruiting", key: str | None = None) -> int | None:
    return notices.notify(
        user,
        "committee_phase",
        key=key or notices.dedupe_key("test-phase", c.id, state, user.id),
        subject=c,
        committee_id=c.id,
        context=phase_context(c, state),
    )


def all_notices(db, **where) -> list[Notice]:
    db.session.expire_all()
    stmt = db.select(Notice).filter_by(**where).order_by(Notice.id)
    return list(db.session.scalars(stmt))


def text_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def queued(app, monkeypatch):
    """The ids the after-commit hook queued for delivery (the broker is not needed here)."""
    sent: list[int] = []

    def send_task(name, args=(), **_kw):
        assert name == "tasks.notices.deliver_notice"
        sent.extend(args)

    monkeypatch.setattr(app.extensions["celery"], "send_task", send_task)
    return sent


# --- the same event twice --------------------------------------------------------------------


def test_the_same_key_twice_writes_one_notice_and_queues_it_once(
    db, make_user, make_committee, queued
):
    user, c = make_user(), make_committee()
    first = notify_phase(user, c, key="same-event")
    second = notify_phase(user, c, key="same-event")
    db.session.commit()
    assert first is not None and second is None
    assert [n.id for n in all_notices(db)] == [first]
    assert queued == [first]


def test_a_cancelled_notice_is_revived_by_its_key_but_a_sent_one_is_not(
    db, make_user, make_committee, smtp_sink, queued
):
    user, c = make_user(), make_committee()
    first = notify_phase(user, c, key="on-off-on", state="recruiting")
    notices.cancel_pending("committee_phase", c)
    db.session.commit()
    # True again (e.g. a reminder planned back to the same moment): the never-sent row comes back.
    again = notify_phase(user, c, key="on-off-on", state="constituted")
    db.session.commit()
    (row,) = all_notices(db)
    assert again == first == row.id and row.status is NoticeStatus.pending
    assert row.context["state"] == "constituted" and queued == [first, first]
    delivery.sweep()
    assert len(smtp_sink) == 1
    # Once sent, the same key is a duplicate and writes nothing.
    assert notify_phase(user, c, key="on-off-on") is None
    db.session.commit()
    assert [n.status for n in all_notices(db)] == [NoticeStatus.sent]
    delivery.sweep()
    assert len(smtp_sink) == 1


def test_a_committee_transition_replayed_notifies_each_member_once(
    db, make_user, full_committee, queued
):
    staff = make_user(Role.secretariat)
    c = full_committee(CommitteeState.recruiting)
    committee_flow.transition(c, "constitute", staff, "recruiting")
    phase = all_notices(db, kind="committee_phase")
    assert len(phase) == 3 and len(queued) == 3
    # The same event delivered again (a retried request, a replayed job) writes nothing new.
    committee_flow.notify_phase(c, "")
    db.session.commit()
    with pytest.raises(committee_flow.StaleState):
        committee_flow.transition(c, "constitute", staff, "recruiting")
    assert len(all_notices(db, kind="committee_phase")) == 3 and len(queued) == 3


def test_planning_reminders_twice_writes_them_once(db, make_user, make_committee):
    make_user(Role.secretariat)
    c = make_committee(CommitteeState.recruiting, start_date=local_today() + timedelta(days=60))
    reminders.plan(c)
    db.session.commit()
    reminders.plan(c)
    db.session.commit()
    planned = all_notices(db, kind="composition_incomplete")
    assert len(planned) == 2 and {n.status for n in planned} == {NoticeStatus.pending}


# --- delivery twice --------------------------------------------------------------------------


def test_delivering_twice_sends_one_email_with_a_stable_message_id(
    db, make_user, make_committee, smtp_sink
):
    user, c = make_user(), make_committee()
    nid = notify_phase(user, c)
    db.session.commit()
    assert delivery.deliver_one(nid).sent == 1
    assert delivery.deliver_one(nid).claimed == 0
    assert delivery.sweep().claimed == 0
    assert len(smtp_sink) == 1
    (n,) = all_notices(db)
    assert n.status is NoticeStatus.sent and n.emailed_at is not None
    assert smtp_sink[0]["Message-ID"] == n.message_id == delivery.message_id(n)
    assert smtp_sink[0]["To"] == user.email
    delivery.resend(n)  # sent again on purpose: recognisably the same message
    delivery.sweep()
    assert [m["Message-ID"] for m in smtp_sink] == [n.message_id, n.message_id]


def test_the_message_id_does_not_depend_on_the_process(app):
    code = (
        "from committees import create_app; from config import TestConfig;"
        "from committees.models import Notice; from workflows import delivery;"
        "app = create_app(TestConfig); app.app_context().push();"
        "print(delivery.message_id(Notice(id=7, dedupe_key='phase:1:working:3')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TEST_DATABASE_URL": "sqlite://"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == delivery.message_id(Notice(id=7, dedupe_key="phase:1:working:3"))


# --- an anchor that moves after its reminder was claimed --------------------------------------


def test_a_moved_anchor_cancels_the_claimed_reminder_and_sends_the_new_one(
    db, make_user, make_committee, smtp_sink
):
    with time_machine.travel(utc(2027, 2, 1, 10), tick=False) as clock:
        make_user(Role.secretariat)
        c = make_committee(CommitteeState.recruiting, start_date=date(2027, 3, 1))
        reminders.plan(c)
        db.session.commit()
        due = sorted(n.due_at for n in all_notices(db))
        assert due == [utc(2027, 2, 15, 7), utc(2027, 2, 24, 7)]  # -10 and -3 working days
        clock.move_to(utc(2027, 2, 15, 7))
        batch = delivery.claim(50)
        assert [n.due_at for n in batch] == [utc(2027, 2, 15, 7)]
        c.approved_mandate.start_date = date(2027, 3, 15)  # the start moves two weeks
        reminders.plan(c)
        db.session.commit()
        result = delivery.deliver_claimed(batch)
        assert (result.sent, result.cancelled, smtp_sink) == (0, 1, [])
        live = all_notices(db, status=NoticeStatus.pending)
        assert sorted(n.due_at for n in live) == [utc(2027, 3, 1, 7), utc(2027, 3, 10, 7)]
        assert {n.context["anchor"] for n in live} == {"2027-03-15"}
        clock.move_to(utc(2027, 2, 28, 23))
        assert delivery.sweep().sent == 0
        clock.move_to(utc(2027, 3, 1, 7))
        assert delivery.sweep().sent == 1
    assert len(smtp_sink) == 1 and "15. marts 2027" in smtp_sink[0]["Subject"]


def test_replanning_after_the_due_moment_keeps_the_reminder_for_the_sweep(
    db, make_user, make_committee, smtp_sink
):
    with time_machine.travel(utc(2027, 2, 1, 10), tick=False) as clock:
        make_user(Role.secretariat)
        c = make_committee(CommitteeState.recruiting, start_date=date(2027, 3, 1))
        reminders.plan(c)
        db.session.commit()
        # 08:00:30 local: the reminder is due, the sweep has not run yet, someone edits the
        # committee (its anchor unchanged) and so plans again.
        clock.move_to(utc(2027, 2, 15, 7, 0, 30))
        reminders.plan(c)
        db.session.commit()
        assert delivery.sweep().sent == 1
    assert len(smtp_sink) == 1


# --- the calendar: DST, Easter, Christmas ----------------------------------------------------


def sweep_hour_by_hour(clock, start, end, moments, smtp_sink) -> dict[str, datetime]:
    """Sweep every hour (every quarter-hour within an hour of a moment); Message-ID → when."""
    seen: dict[str, datetime] = {}
    t = start
    while t <= end:
        clock.move_to(t)
        before = len(smtp_sink)
        delivery.sweep(now=t)
        for msg in smtp_sink[before:]:
            assert msg["Message-ID"] not in seen, "sent twice"
            seen[msg["Message-ID"]] = t
            assert parsedate_to_datetime(msg["Date"]) == t
        near = any(abs(t - m) <= timedelta(hours=1) for m in moments)
        t += timedelta(minutes=15) if near else timedelta(hours=1)
    return seen


def assert_sent_once_at(db, seen: dict, expected: list[tuple[str, str, datetime]]) -> None:
    """Each (kind, anchor, moment) reminder was e-mailed once, exactly at its moment."""
    sent = all_notices(db, status=NoticeStatus.sent)
    assert sorted((n.kind, n.context["anchor"], n.sent_at) for n in sent) == sorted(expected)
    assert {n.message_id: n.sent_at for n in sent} == seen
    for _kind, _anchor, moment in expected:
        assert moment.astimezone(CPH).strftime("%H:%M") == "08:00"


def submit_mandate(c, actor) -> None:
    mandate.submit(c.mandate_versions[0], actor, "draft")


def test_reminders_across_easter_and_the_start_of_summer_time(
    db, make_user, make_committee, smtp_sink
):
    with time_machine.travel(utc(2027, 3, 18, 10), tick=False) as clock:
        staff = make_user(Role.secretariat)
        submitted = make_committee(CommitteeState.idea, approved=False)
        submit_mandate(submitted, staff)  # Thu 18 March; 10 working days later skips Easter
        starting = make_committee(CommitteeState.recruiting, start_date=date(2027, 4, 12))
        reminders.plan(starting)
        db.session.commit()
        expected = [
            # -10 from Mon 12 April skips Easter (25, 26, 29 March); winter: 07:00 UTC.
            ("composition_incomplete", "2027-04-12", utc(2027, 3, 24, 7)),
            # Summer time from Sunday 28 March: 08:00 local is 06:00 UTC.
            ("mandate_decision_pending", "2027-03-18", utc(2027, 4, 6, 6)),
            ("composition_incomplete", "2027-04-12", utc(2027, 4, 7, 6)),
        ]
        moments = [m for _k, _a, m in expected]
        seen = sweep_hour_by_hour(clock, utc(2027, 3, 18, 11), utc(2027, 4, 8), moments, smtp_sink)
    assert_sent_once_at(db, seen, expected)


def test_reminders_across_the_end_of_summer_time(db, make_user, make_committee, smtp_sink):
    with time_machine.travel(utc(2027, 10, 22, 10), tick=False) as clock:
        make_user(Role.secretariat)
        c = make_committee(CommitteeState.recruiting, start_date=date(2027, 11, 8))
        reminders.plan(c)
        db.session.commit()
        expected = [
            ("composition_incomplete", "2027-11-08", utc(2027, 10, 25, 6)),  # summer time
            ("composition_incomplete", "2027-11-08", utc(2027, 11, 3, 7)),  # winter time
        ]
        moments = [m for _k, _a, m in expected]
        seen = sweep_hour_by_hour(
            clock, utc(2027, 10, 22, 11), utc(2027, 11, 4), moments, smtp_sink
        )
    assert_sent_once_at(db, seen, expected)


def test_reminders_across_christmas_and_the_closing_days(db, make_user, make_committee, smtp_sink):
    expected = [
        # -10 and -3 working days before Mon 3 Jan skip the closing days 24 and 31 Dec.
        ("composition_incomplete", "2028-01-03", utc(2027, 12, 16, 7)),
        ("composition_incomplete", "2028-01-03", utc(2027, 12, 28, 7)),
        # 10 working days after Fri 17 Dec skip 24-26 Dec, 31 Dec and New Year's Day.
        ("mandate_decision_pending", "2027-12-17", utc(2028, 1, 4, 7)),
    ]
    moments = [m for _k, _a, m in expected]
    with time_machine.travel(utc(2027, 12, 15, 10), tick=False) as clock:
        staff = make_user(Role.secretariat)
        starting = make_committee(CommitteeState.recruiting, start_date=date(2028, 1, 3))
        reminders.plan(starting)
        db.session.commit()
        seen = sweep_hour_by_hour(
            clock, utc(2027, 12, 15, 11), utc(2027, 12, 17, 10), moments, smtp_sink
        )
        submit_mandate(make_committee(CommitteeState.idea, approved=False), staff)
        seen |= sweep_hour_by_hour(
            clock, utc(2027, 12, 17, 11), utc(2028, 1, 5), moments, smtp_sink
        )
    assert_sent_once_at(db, seen, expected)


# --- preferences and digests -----------------------------------------------------------------


def prefer(db, user, mode: DeliveryMode, kind: str = "committee_phase") -> None:
    db.session.add(NoticePreference(user_id=user.id, kind=kind, mode=mode))
    db.session.commit()


def test_a_daily_digest_waits_for_seven_and_sends_the_period_once(
    db, make_user, make_committee, smtp_sink
):
    with time_machine.travel(utc(2027, 6, 8, 10), tick=False) as clock:  # Tue 12:00 local
        user = make_user()
        prefer(db, user, DeliveryMode.daily)
        a, b = make_committee(name="Udvalg A"), make_committee(name="Udvalg B")
        notify_phase(user, a, "recruiting")
        notify_phase(user, b, "recruiting")
        db.session.commit()
        clock.move_to(utc(2027, 6, 9, 4))  # Wed 06:00 local: still in this period
        notify_phase(user, a, "constituted")
        db.session.commit()
        assert delivery.sweep().claimed == 0  # digests never go out one by one
        clock.move_to(utc(2027, 6, 9, 4, 59))
        assert delivery.send_digests().sent == 0 and smtp_sink == []
        clock.move_to(utc(2027, 6, 9, 5))  # Wed 07:00 local (summer time)
        late = notify_phase(user, b, "constituted")  # next period
        db.session.commit()
        assert delivery.send_digests().sent == 3
        assert delivery.send_digests().sent == 0
    assert len(smtp_sink) == 1
    text = text_of(smtp_sink[0])
    assert smtp_sink[0]["Subject"] == "3 nye varsler fra Opgaveudvalg"
    assert text.count("\n- ") == 3
    assert text.index("Udvalg A") < text.index("Rekruttering") < text.index("Udvalg B")
    pending = all_notices(db, status=NoticeStatus.pending)
    assert [n.id for n in pending] == [late]
    assert pending[0].due_at == utc(2027, 6, 10, 5)


def test_a_weekly_digest_waits_for_monday_at_seven(db, make_user, make_committee, smtp_sink):
    with time_machine.travel(utc(2027, 6, 9, 10), tick=False) as clock:  # Wednesday
        user = make_user()
        prefer(db, user, DeliveryMode.weekly)
        notify_phase(user, make_committee())
        db.session.commit()
        for moment in (utc(2027, 6, 10, 5), utc(2027, 6, 13, 5), utc(2027, 6, 14, 4, 59)):
            clock.move_to(moment)
            assert delivery.send_digests().sent == 0
        clock.move_to(utc(2027, 6, 14, 5))  # Monday 07:00 local
        assert delivery.send_digests().sent == 1
        assert delivery.send_digests().sent == 0
    assert len(smtp_sink) == 1


def test_off_sends_no_email_but_the_notice_is_in_the_app(db, make_user, make_committee, smtp_sink):
    user = make_user()
    prefer(db, user, DeliveryMode.off)
    nid = notify_phase(user, make_committee())
    db.session.commit()
    assert delivery.sweep().sent == 1
    (n,) = all_notices(db)
    assert n.status is NoticeStatus.sent and n.emailed_at is None and n.message_id is None
    assert smtp_sink == []
    _action, info = notice_settings.inbox(user)
    assert [x.id for x in info] == [nid]


def test_mandatory_kinds_ignore_the_preference(db, make_user, make_committee, smtp_sink):
    user = make_user()
    prefer(db, user, DeliveryMode.off, kind="appointment")
    prefer(db, user, DeliveryMode.weekly, kind="mandate_decision_pending")
    c = make_committee()
    notices.notify(
        user,
        "appointment",
        key="appointment-1",
        subject=c,
        committee_id=c.id,
        context={
            "committee": c.name,
            "role": "member",
            "member_type": MemberType.citizen.name,
            "start": "2027-01-04",
            "link": {"committee_id": c.id},
        },
    )
    db.session.commit()
    assert all_notices(db)[0].mode is DeliveryMode.immediate
    assert delivery.sweep().sent == 1 and len(smtp_sink) == 1


def test_digest_notices_of_a_deactivated_person_are_cancelled_not_left_sending(
    db, make_user, make_committee, smtp_sink
):
    with time_machine.travel(utc(2027, 6, 8, 10), tick=False) as clock:
        user = make_user()
        prefer(db, user, DeliveryMode.daily)
        notify_phase(user, make_committee())
        user.active = False
        db.session.commit()
        clock.move_to(utc(2027, 6, 9, 5))
        result = delivery.send_digests()
    assert (result.sent, result.cancelled, smtp_sink) == (0, 1, [])
    assert all_notices(db)[0].status is NoticeStatus.cancelled


# --- SMTP failures ---------------------------------------------------------------------------


def test_smtp_down_retries_with_backoff_then_fails_and_resend_puts_it_back(
    app, db, make_user, make_committee, smtp_sink
):
    sink_port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=free_port(), NOTICE_MAX_ATTEMPTS=3, NOTICE_RETRY_BASE_SECONDS=60)
    t0 = utc(2027, 5, 3, 9)
    with time_machine.travel(t0, tick=False) as clock:
        nid = notify_phase(make_user(), make_committee())
        db.session.commit()
        assert delivery.sweep().retried == 1
        (n,) = all_notices(db)
        assert (n.status, n.attempts, n.due_at) == (
            NoticeStatus.pending,
            1,
            t0 + timedelta(seconds=60),
        )
        assert "ConnectionRefusedError" in n.last_error
        clock.move_to(t0 + timedelta(seconds=59))
        assert delivery.sweep().claimed == 0  # backing off
        clock.move_to(t0 + timedelta(seconds=60))
        assert delivery.sweep().retried == 1
        assert all_notices(db)[0].due_at == t0 + timedelta(seconds=60 + 120)
        clock.move_to(t0 + timedelta(seconds=180))
        assert delivery.sweep().failed == 1
        clock.move_to(t0 + timedelta(days=1))
        assert delivery.sweep().claimed == 0
        (n,) = all_notices(db)
        assert (n.status, n.attempts) == (NoticeStatus.failed, 3)
        assert [x.id for x in notice_settings.failed_notices()] == [nid]
        app.config.update(MAIL_PORT=sink_port)  # the mail server is back
        delivery.resend(n)
        assert delivery.sweep().sent == 1
    assert len(smtp_sink) == 1 and all_notices(db)[0].status is NoticeStatus.sent


def test_a_notice_that_cannot_be_rendered_does_not_hold_up_the_others(
    app, db, make_user, make_committee, smtp_sink
):
    app.config.update(NOTICE_MAX_ATTEMPTS=1)
    c = make_committee()
    broken = notices.notify(
        make_user(), "committee_phase", key="broken", subject=c, committee_id=c.id, context={}
    )
    good = notify_phase(make_user(), c)
    db.session.commit()
    result = delivery.sweep()
    assert (result.sent, result.failed) == (1, 1) and len(smtp_sink) == 1
    status = {n.id: n.status for n in all_notices(db)}
    assert status == {broken: NoticeStatus.failed, good: NoticeStatus.sent}
    assert "KeyError" in all_notices(db, id=broken)[0].last_error


# --- the Celery tasks, each run twice --------------------------------------------------------


def test_deliver_notice_task_twice_sends_once(db, make_user, make_committee, smtp_sink):
    nid = notify_phase(make_user(), make_committee())
    db.session.commit()
    assert tasks.notices.deliver_notice.run(nid) == 1
    assert tasks.notices.deliver_notice.run(nid) == 0
    assert len(smtp_sink) == 1 and all_notices(db)[0].status is NoticeStatus.sent


def test_sweep_task_twice_sends_once(db, make_user, make_committee, smtp_sink):
    c = make_committee()
    for _ in range(3):
        notify_phase(make_user(), c)
    db.session.commit()
    assert tasks.notices.sweep.run() == 3
    assert tasks.notices.sweep.run() == 0
    assert len(smtp_sink) == 3
    assert {m["Message-ID"] for m in smtp_sink} == {n.message_id for n in all_notices(db)}


def test_send_digests_task_twice_sends_once(db, make_user, make_committee, smtp_sink):
    with time_machine.travel(utc(2027, 1, 12, 10), tick=False) as clock:  # winter time
        user = make_user()
        prefer(db, user, DeliveryMode.daily)
        notify_phase(user, make_committee())
        notify_phase(user, make_committee())
        db.session.commit()
        clock.move_to(utc(2027, 1, 13, 6))  # 07:00 local
        assert tasks.notices.send_digests.run() == 2
        assert tasks.notices.send_digests.run() == 0
    assert len(smtp_sink) == 1
