"""Recruitment's domain rules: calls, confirmation, replacement, appointment, closing, erasure."""

from datetime import timedelta

import pytest

from committees.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    AuditEntry,
    CallStatus,
    CommitteeState,
    CompetenceProfile,
    Gender,
    MemberRole,
    MemberType,
    Notice,
    NoticeStatus,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import delivery, recruitment
from workflows.errors import NotAllowed, PermissionDenied


@pytest.fixture
def recruiting(db, make_user, make_committee, make_member):
    """(secretariat user, recruiting committee with two profiles and a councillor chair)."""
    staff = make_user(Role.secretariat)
    c = make_committee(CommitteeState.recruiting, seats=(1, 2, 0))
    mandate = c.approved_mandate
    mandate.competence_profiles = [
        CompetenceProfile(position=1, name="Ung under 30"),
        CompetenceProfile(position=2, name="Forælder"),
    ]
    db.session.commit()
    make_member(c, MemberType.councillor, MemberRole.chair)
    return staff, c


def call_data(c, **kw) -> recruitment.CallData:
    now = utcnow()
    values = {
        "seats": 2,
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14),
        "meetings": 6,
        "period": "marts–oktober",
        "place": "Rådhuset",
        "consent_text": "Jeg giver samtykke (version 1).",
        "publish_consent_text": "Mit navn må offentliggøres.",
        "questions": ["Hvad kan du bidrage med?"],
        "profile_ids": [p.id for p in c.approved_mandate.competence_profiles],
        "tell_applicants_of_extension": True,
    }
    values.update(kw)
    return recruitment.CallData(**values)


def application_data(**kw) -> recruitment.ApplicationData:
    values = {
        "name": "Sofie Hansen",
        "email": "sofie@example.dk",
        "phone": "",
        "age_band": AgeBand.a18_29,
        "postal_code": "2800",
        "gender": Gender.woman,
        "profile_ids": [],
        "motivation": "Jeg vil gerne bidrage.",
        "answers": ["Erfaring fra skolebestyrelsen"],
        "consent": True,
        "publish_name": False,
    }
    values.update(kw)
    return recruitment.ApplicationData(**values)


def kinds(db, **where) -> list[str]:
    db.session.expire_all()
    return [n.kind for n in db.session.scalars(db.select(Notice).filter_by(**where))]


def test_a_call_opens_only_for_a_recruiting_committee_and_only_for_staff(
    db, recruiting, make_user, make_committee
):
    staff, c = recruiting
    with pytest.raises(PermissionDenied):
        recruitment.open_call(c, call_data(c), make_user(Role.councillor))
    working = make_committee(CommitteeState.working)
    with pytest.raises(NotAllowed):
        recruitment.open_call(working, call_data(working, profile_ids=[]), staff)
    with pytest.raises(NotAllowed):
        recruitment.open_call(
            c, call_data(c, closes_at=utcnow() - timedelta(days=2)), staff
        )  # closes before it opens
    call = recruitment.open_call(c, call_data(c), staff)
    assert call.status is CallStatus.open and len(call.profiles) == 2
    with pytest.raises(NotAllowed):
        recruitment.open_call(c, call_data(c), staff)  # one undecided call at a time
    # The secretariat is warned before the deadline.
    assert "call_deadline_approaching" in kinds(db)


def test_apply_confirm_and_the_application_counts(db, recruiting, smtp_sink):
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    young = call.profiles[0]
    a = recruitment.apply(call, application_data(profile_ids=[young.id], email="Sofie@Example.DK"))
    assert a.status is ApplicationStatus.unconfirmed and a.email == "sofie@example.dk"
    assert a.consent_text == "Jeg giver samtykke (version 1)."  # the version agreed to
    assert a.answers == [
        {"question": "Hvad kan du bidrage med?", "answer": "Erfaring fra skolebestyrelsen"}
    ]
    assert recruitment.summary(call)["total"] == 0  # not before confirmation
    delivery.sweep()
    assert [m["Subject"] for m in smtp_sink] == [f"Bekræft din ansøgning til {c.name}"]
    token = recruitment.token_for(a, recruitment.CONFIRM)
    assert recruitment.load_application(token, recruitment.WITHDRAW) is None  # purpose-bound
    kept = recruitment.confirm(recruitment.load_application(token, recruitment.CONFIRM))
    assert kept.id == a.id and kept.status is ApplicationStatus.received
    assert recruitment.confirm(kept) is kept  # twice: nothing new
    facts = recruitment.summary(call)
    assert facts["total"] == 1 and dict(facts["profiles"])[young] == 1
    delivery.sweep()
    assert smtp_sink[1]["Subject"] == f"Vi har modtaget din ansøgning til {c.name}"
    # The audit trail has no personal data.
    details = [str(e.details) + e.comment for e in db.session.scalars(db.select(AuditEntry))]
    assert not any("Sofie" in d or "sofie@" in d for d in details)


def test_a_second_application_replaces_the_first_once_confirmed(db, recruiting):
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    first = recruitment.confirm(recruitment.apply(call, application_data()))
    second = recruitment.apply(call, application_data(motivation="Ny tekst", postal_code="2820"))
    assert second.replaces_id == first.id
    db.session.refresh(first)
    assert first.motivation == "Jeg vil gerne bidrage."  # unchanged until confirmed
    kept = recruitment.confirm(second)
    assert kept.id == first.id and kept.motivation == "Ny tekst" and kept.postal_code == "2820"
    remaining = db.session.scalars(db.select(Application)).all()
    assert [x.id for x in remaining] == [first.id]


def test_applying_is_refused_when_closed_without_consent_or_too_often(db, recruiting, app):
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    with pytest.raises(NotAllowed):
        recruitment.apply(call, application_data(consent=False))
    with pytest.raises(NotAllowed):
        recruitment.apply(call, application_data(profile_ids=[999999]))
    app.config["RECRUITMENT_MAX_PER_EMAIL_PER_DAY"] = 2
    recruitment.apply(call, application_data())
    recruitment.apply(call, application_data())
    with pytest.raises(NotAllowed):
        recruitment.apply(call, application_data())
    call.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(NotAllowed):
        recruitment.apply(call, application_data(email="other@example.dk"))


def test_withdrawing_erases_the_application(db, recruiting):
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    a = recruitment.confirm(recruitment.apply(call, application_data()))
    token = recruitment.token_for(a, recruitment.WITHDRAW)
    recruitment.withdraw(recruitment.load_application(token, recruitment.WITHDRAW))
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 0
    assert recruitment.load_application(token, recruitment.WITHDRAW) is None


def _pool(db, staff, c, n=4):
    call = recruitment.open_call(c, call_data(c), staff)
    apps = [
        recruitment.confirm(
            recruitment.apply(call, application_data(name=f"Ansøger {i}", email=f"a{i}@ex.dk"))
        )
        for i in range(n)
    ]
    call.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert recruitment.close_due_calls() == 1
    assert recruitment.close_due_calls() == 0  # closing twice changes nothing
    return call, apps


def test_the_call_closes_by_itself_and_staff_get_the_summary(db, recruiting):
    staff, c = recruiting
    call, _apps = _pool(db, staff, c, n=3)
    db.session.refresh(call)
    assert call.status is CallStatus.closed
    closed = db.session.scalars(db.select(Notice).filter_by(kind="call_closed")).all()
    assert {n.recipient_id for n in closed} == {staff.id}
    assert closed[0].context["total"] == 3 and closed[0].needs_action


def test_extending_a_closed_call_reopens_it_and_tells_applicants_if_asked(db, recruiting):
    staff, c = recruiting
    call, _apps = _pool(db, staff, c, n=2)
    later = utcnow() + timedelta(days=7)
    assert recruitment.update_call(call, call_data(c, closes_at=later), staff) is True
    assert call.status is CallStatus.open
    assert kinds(db, kind="call_extended").count("call_extended") == 2


def test_the_appointment_makes_members_and_tells_everyone(db, recruiting, make_user):
    staff, c = recruiting
    call, apps = _pool(db, staff, c, n=4)
    existing = make_user(Role.citizen, email="a1@ex.dk")  # an account already exists: linked
    decision = recruitment.Decision(local_today(), "KB 12/3, punkt 7")
    with pytest.raises(NotAllowed):
        recruitment.record_appointment(call, decision, staff)  # nobody handled yet
    recruitment.mark(apps[0], ApplicationStatus.shortlisted, "Stærk", staff)
    recruitment.mark(apps[1], ApplicationStatus.shortlisted, "", staff)
    recruitment.mark(apps[2], ApplicationStatus.reserve, "", staff)
    recruitment.mark(apps[3], ApplicationStatus.declined, "Bor uden for kommunen", staff)
    shortlisted, _counts, problems = recruitment.preview(call)
    assert shortlisted == 2 and problems == []
    with pytest.raises(NotAllowed):
        recruitment.record_appointment(
            call, recruitment.Decision(local_today() + timedelta(days=1), ""), staff
        )
    with pytest.raises(PermissionDenied):
        recruitment.record_appointment(call, decision, make_user(Role.citizen))
    councillor = make_user(Role.councillor)
    members = recruitment.record_appointment(call, decision, councillor)
    assert call.status is CallStatus.decided and call.decision_reference == "KB 12/3, punkt 7"
    assert {m.member_type for m in members} == {MemberType.citizen}
    assert existing.id in {m.user_id for m in members}
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "a1@ex.dk")) == 1
    sent = kinds(db)
    assert sent.count("appointment_welcome") == 2
    assert "application_reserve" in sent and "application_declined" in sent
    declined = db.session.scalar(db.select(Notice).filter_by(kind="application_declined"))
    assert declined.context["retention_days"] == 90  # the e-mail states the configured period
    assert sent.count("invitation") == 1  # only the new account (a0) is invited
    assert sent.count("invitation_reminder") == 1
    # A seat frees: the reserve is appointed later.
    membership = recruitment.appoint_reserve(apps[2], decision, staff)
    assert membership.user.email == "a2@ex.dk" and apps[2].status is ApplicationStatus.appointed
    with pytest.raises(NotAllowed):
        recruitment.appoint_reserve(apps[3], decision, staff)  # declined is not a reserve


def test_the_invitation_reminder_stops_once_a_password_is_set(db, recruiting, smtp_sink):
    from workflows import accounts

    staff, c = recruiting
    call, apps = _pool(db, staff, c, n=1)
    recruitment.mark(apps[0], ApplicationStatus.shortlisted, "", staff)
    (member,) = recruitment.record_appointment(
        call, recruitment.Decision(local_today(), "KB"), staff
    )
    accounts.set_password(member.user, "et-langt-kodeord-2026")
    reminder = db.session.scalar(db.select(Notice).filter_by(kind="invitation_reminder"))
    reminder.due_at = utcnow()
    db.session.commit()
    delivery.sweep()
    db.session.refresh(reminder)
    assert reminder.status is NoticeStatus.cancelled


def test_declined_and_reserve_applications_are_erased_after_the_retention_period(db, recruiting):
    staff, c = recruiting
    call, apps = _pool(db, staff, c, n=3)
    recruitment.mark(apps[0], ApplicationStatus.shortlisted, "", staff)
    recruitment.mark(apps[1], ApplicationStatus.reserve, "", staff)
    recruitment.mark(apps[2], ApplicationStatus.declined, "", staff)
    recruitment.record_appointment(call, recruitment.Decision(local_today(), "KB"), staff)
    assert recruitment.erase_expired() == 0  # within the period
    call.decided_on = local_today() - timedelta(days=91)
    db.session.commit()
    assert recruitment.erase_expired() == 2
    left = db.session.scalars(db.select(Application)).all()
    assert [a.status for a in left] == [ApplicationStatus.appointed]
    erased = db.session.scalar(
        db.select(AuditEntry).filter_by(action="recruitment.applications_erased")
    )
    assert erased.details == {"count": 2}


def test_unconfirmed_applications_are_erased_after_a_week(db, recruiting):
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    a = recruitment.apply(call, application_data())
    assert recruitment.erase_expired() == 0
    a.created_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert recruitment.erase_expired() == 1


def test_applicant_notices_stay_out_of_the_committee_history(db, recruiting):
    from workflows import notice_settings

    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    recruitment.confirm(recruitment.apply(call, application_data()))
    delivery.sweep()
    history = notice_settings.committee_history(c)
    assert all(n.recipient_id is not None for n in history)


def test_the_scheduled_tasks_close_calls_and_erase_and_are_in_the_beat_schedule(
    app, db, recruiting
):
    import tasks.recruitment

    schedule = {e["task"] for e in app.config["CELERY"]["beat_schedule"].values()}
    assert {"tasks.recruitment.close_due_calls", "tasks.recruitment.erase_expired"} <= schedule
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    call.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert tasks.recruitment.close_due_calls.apply().get() == 1
    assert tasks.recruitment.close_due_calls.apply().get() == 0  # twice: nothing more
    assert tasks.recruitment.erase_expired.apply().get() == 0
    db.session.refresh(call)
    assert call.status is CallStatus.closed
