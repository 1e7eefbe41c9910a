"""The secretariat's dashboard: what waits on it, judged from columns in SQL; its lists paged."""

import re
from datetime import timedelta

from committees.models import (
    CommitteeState,
    Heartbeat,
    MandateStatus,
    MandateVersion,
    MemberRole,
    MemberType,
    Notice,
    NoticeStatus,
    Role,
)
from committees.models.base import local_today, utcnow
from workflows import composition, dashboard, delivery


def _texts(board_todos, committee) -> list[str]:
    return [t.text for t in board_todos if t.committee.id == committee.id]


def test_each_kind_of_todo(app, db, make_committee, make_member):
    with app.test_request_context():
        draft = make_committee(state=CommitteeState.idea)
        submitted = make_committee(state=CommitteeState.mandate_draft, approved=False)
        submitted.mandate_versions[0].status = MandateStatus.submitted
        late = make_committee(
            state=CommitteeState.recruiting,
            seats=(1, 1, 0),
            planned_start=local_today() - timedelta(days=3),
        )
        make_member(late, MemberType.councillor, MemberRole.chair)
        make_member(late, MemberType.citizen)
        working = make_committee(state=CommitteeState.working)  # past formation: not judged
        db.session.commit()
        todos = dashboard.todos()
        assert _texts(todos, draft) == ["Kommissoriet er i udkast"]
        assert _texts(todos, submitted) == ["Kommissoriet afventer politisk beslutning"]
        assert _texts(todos, late) == [
            "Planlagt start er passeret, men udvalget er ikke konstitueret"
        ]
        assert _texts(todos, working) == []


def test_composition_is_judged_as_the_committee_page_judges_it(
    app, db, make_committee, make_member, make_user
):
    """The dashboard reads columns, the committee page objects: they must say the same."""
    with app.test_request_context():
        cases = []
        c = make_committee(state=CommitteeState.recruiting, seats=(2, 3, 0))
        make_member(c, MemberType.citizen, MemberRole.chair)
        make_member(c, MemberType.citizen)
        make_member(c, MemberType.citizen, MemberRole.vice_chair)
        make_member(c, MemberType.citizen, MemberRole.vice_chair)
        cases.append(c)
        # Appointed from a later planned start: counted on that day, not today.
        future = local_today() + timedelta(days=20)
        d = make_committee(state=CommitteeState.mandate_approved, seats=(1, 1, 0))
        d.mandate_versions[0].start_date = future
        make_member(d, MemberType.councillor, MemberRole.chair, start_date=future)
        make_member(d, MemberType.citizen, start_date=future)
        cases.append(d)
        # Ended before today: not counted.
        e = make_committee(state=CommitteeState.recruiting, seats=(1, 0, 0))
        make_member(
            e,
            MemberType.councillor,
            MemberRole.chair,
            start_date=local_today() - timedelta(days=50),
            end_date=local_today() - timedelta(days=1),
        )
        cases.append(e)
        db.session.commit()
        todos = dashboard.todos()
        for committee in cases:
            db.session.refresh(committee)
            expected = composition.violations(committee)
            shown = [t for t in _texts(todos, committee) if t.startswith("Sammensætning")]
            assert shown == ([f"Sammensætning: {'; '.join(expected)}"] if expected else [])
        assert _texts(todos, d) == []
        assert "mangler 1 kommunalbestyrelsesmedlem" in _texts(todos, e)[0]
        assert "udvalget har mere end én næstformand" in _texts(todos, c)[0]


def test_the_newest_approved_version_is_the_rule(app, db, make_committee, make_member):
    with app.test_request_context():
        c = make_committee(state=CommitteeState.recruiting, seats=(1, 0, 0))
        make_member(c, MemberType.councillor, MemberRole.chair)
        old = c.mandate_versions[0]
        c.mandate_versions.append(
            MandateVersion(
                number=2,
                title=c.name,
                background="B",
                purpose="F",
                start_date=old.start_date,
                end_date=old.end_date,
                seats_councillors=1,
                seats_citizens=2,
                seats_stakeholders=0,
                status=MandateStatus.approved,
                approved_on=old.approved_on,
            )
        )
        db.session.commit()
        (text,) = _texts(dashboard.todos(), c)
        assert text == "Sammensætning: mangler 2 borgermedlemmer"


def test_dashboard_shows_the_first_ten_and_a_page_has_the_rest(
    client, db, login, make_user, make_committee
):
    login(make_user(Role.secretariat))
    names = [f"Udvalg {i:02d}" for i in range(25)]
    for i, name in enumerate(names):
        make_committee(
            state=CommitteeState.idea,
            name=name,
            planned_start=local_today() + timedelta(days=i + 1),
        )
    html = client.get("/overblik").get_data(as_text=True)
    shown = re.findall(r"Udvalg \d\d", html)
    assert shown == names[:10]
    assert "Se alle 25 punkter" in html
    page2 = client.get("/overblik/opfoelgning?page=2").get_data(as_text=True)
    assert re.findall(r"Udvalg \d\d</a>", page2) == [f"{n}</a>" for n in names[20:]]
    assert "25 i alt" in page2
    assert client.get("/overblik/opfoelgning?page=9").status_code == 200  # past the end: empty


def test_invitations_and_failed_notices_have_their_pages(
    client, db, login, make_user, make_committee
):
    staff = make_user(Role.secretariat)
    login(staff)
    c = make_committee()
    invited = [make_user(Role.citizen, password=None) for _ in range(12)]
    for u in invited:
        db.session.add(
            Notice(
                recipient_id=u.id,
                kind="committee_phase",
                subject_type="Committee",
                subject_id=c.id,
                committee_id=c.id,
                context={"committee": c.name, "state": "working"},
                dedupe_key=f"t:{u.id}",
                due_at=utcnow(),
                status=NoticeStatus.failed,
                last_error="550 mailbox unavailable",
            )
        )
    db.session.commit()
    html = client.get("/overblik").get_data(as_text=True)
    assert "Se alle 12 invitationer" in html and "Se alle 12 fejlede varsler" in html
    everyone = client.get("/overblik/invitationer").get_data(as_text=True)
    assert all(u.email in everyone for u in invited)
    failed = client.get("/overblik/fejlede-varsler").get_data(as_text=True)
    assert failed.count("550 mailbox unavailable") == 12


# --- whether reminders and e-mails are going out ---------------------------------------------


def _failed(db, user, committee, n: int) -> list[Notice]:
    rows = [
        Notice(
            recipient_id=user.id,
            kind="committee_phase",
            subject_type="Committee",
            subject_id=committee.id,
            committee_id=committee.id,
            context={
                "committee": committee.name,
                "state": "working",
                "link": {"committee_id": committee.id},
            },
            dedupe_key=f"failed:{i}",
            due_at=utcnow(),
            status=NoticeStatus.failed,
            attempts=5,
            last_error="451 try later",
        )
        for i in range(n)
    ]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _beat(db, name: str, ago: timedelta) -> None:
    db.session.merge(Heartbeat(name=name, beat_at=utcnow() - ago))
    db.session.commit()


def test_a_scheduler_never_heard_from_is_a_warning(client, login, make_user):
    login(make_user(Role.secretariat))
    html = client.get("/overblik").get_data(as_text=True)
    assert "Påmindelser og e-mails bliver ikke sendt" in html
    assert "Planlæggeren har aldrig givet lyd fra sig." in html


def test_a_silent_beat_is_a_warning_and_a_live_one_is_not(app, client, db, login, make_user):
    login(make_user(Role.secretariat))
    beat = timedelta(seconds=app.config["HEARTBEAT_INTERVAL_SECONDS"])
    _beat(db, "beat", beat / 2)
    _beat(db, "sweep", timedelta(seconds=5))
    html = client.get("/overblik").get_data(as_text=True)
    assert "bliver ikke sendt" not in html and "Seneste udsendelse" in html
    _beat(db, "beat", beat * 4)  # three intervals and more: silent
    html = client.get("/overblik").get_data(as_text=True)
    assert "Planlæggeren har ikke givet lyd fra sig siden" in html


def test_pending_and_failed_are_counted(app, db, make_user, make_committee):
    user, c = make_user(), make_committee()
    _failed(db, user, c, 3)
    with app.test_request_context():
        sched = dashboard.scheduler(timedelta(minutes=1), timedelta(minutes=1))
    assert (sched.pending, sched.failed, sched.silent) == (0, 3, True)


def test_send_all_failed_again_delivers_each_once(
    app, client, db, login, make_user, make_committee, smtp_sink
):
    login(make_user(Role.secretariat))
    person, c = make_user(), make_committee()
    rows = _failed(db, person, c, 3)
    html = client.get("/overblik").get_data(as_text=True)
    assert "Send alle fejlede igen" in html
    resp = client.post("/varsler/gensend-fejlede", follow_redirects=True)
    assert "3 varsler er sat i kø igen." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert {(n.status, n.attempts, n.last_error) for n in rows} == {(NoticeStatus.pending, 0, "")}
    with app.test_request_context():
        assert delivery.sweep().sent == 3
        assert delivery.sweep().sent == 0  # nothing twice
    assert len(smtp_sink) == 3 and len({m["Message-ID"] for m in smtp_sink}) == 3
    html = client.get("/overblik").get_data(as_text=True)
    assert "Send alle fejlede igen" not in html


def test_only_staff_may_send_all_failed_again(client, db, login, make_user, make_committee):
    person, c = make_user(), make_committee()
    rows = _failed(db, person, c, 2)
    login(make_user(Role.councillor))
    assert client.post("/varsler/gensend-fejlede").status_code == 403
    db.session.expire_all()
    assert {n.status for n in rows} == {NoticeStatus.failed}
