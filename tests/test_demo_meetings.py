"""The demo's meetings: held ones with register and minutes, upcoming ones with agendas and real
files, and the journeys the demo logins can try (approve minutes, RSVP, download bilag)."""

import hashlib

import pytest

from committees import demo
from committees.demo.people import CHAIR, CITIZEN, SECRETARIAT
from committees.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    AutoItem,
    Committee,
    CommitteeState,
    ConflictDeclaration,
    Material,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesApproval,
    MinutesStatus,
    Notice,
    NoticeStatus,
    Rsvp,
    User,
)
from committees.models.base import utcnow
from workflows.meetings import materials

WORKING = (CommitteeState.constituted, CommitteeState.working)
FINISHED = (CommitteeState.handed_over, CommitteeState.dissolved, CommitteeState.implementing)
MAGIC = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n", "docx": b"PK\x03\x04"}


@pytest.fixture
def loaded(app, db, tmp_path):
    """The demo, with its bilag stored under the test's own folder."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    demo.load()
    db.session.remove()
    return db


def _committees(db, states) -> list[Committee]:
    return list(db.session.scalars(db.select(Committee).where(Committee.state.in_(states))))


def _meetings(db, committee: Committee) -> list[Meeting]:
    stmt = db.select(Meeting).where(Meeting.committee_id == committee.id)
    return list(db.session.scalars(stmt.order_by(Meeting.starts_at)))


def _user(db, email: str) -> User:
    return db.session.scalar(db.select(User).where(User.email == email))


def _login(client, email: str) -> None:
    client.post("/konto/log-ud")
    resp = client.post("/konto/log-ind", data={"email": email, "password": demo.DEMO_PASSWORD})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]


def _count(db, model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def test_working_committees_have_held_and_upcoming_meetings(loaded):
    db, now = loaded, utcnow()
    working = _committees(db, WORKING)
    assert working
    for c in working:
        meetings = _meetings(db, c)
        held = [m for m in meetings if m.ends_at < now]
        ahead = [m for m in meetings if m.starts_at > now]
        published = [m for m in held if m.minutes_status is MinutesStatus.published]
        assert len(held) >= 3 and len(ahead) >= 2, c.name
        assert {m.kind for m in held} >= {MeetingKind.workshop, MeetingKind.dialogue_meeting}
        assert published, c.name
        for m in held:
            assert m.agenda_published_at < m.starts_at
            assert _count(db, Attendance, Attendance.meeting_id == m.id) > 0
        for m in published:
            assert m.minutes_sent_at <= m.minutes_locked_at < m.minutes_published_at <= now
            asked = _count(db, MinutesApproval, MinutesApproval.meeting_id == m.id)
            approved = _count(
                db,
                MinutesApproval,
                MinutesApproval.meeting_id == m.id,
                MinutesApproval.approved_at.is_not(None),
            )
            assert asked == approved > 0
        assert held[-1].minutes_status is MinutesStatus.in_approval
        assert held[-1].approval_deadline >= now.date()
        out = [m for m in ahead if m.status is MeetingStatus.agenda_published]
        assert out and any(m.status is MeetingStatus.planned for m in ahead), c.name
        files = list(
            db.session.scalars(
                db.select(Material).where(Material.meeting_id.in_(m.id for m in out))
            )
        )
        assert files and any(f.is_closed for f in files)
        for f in files:
            assert materials.path_of(f.current).read_bytes()[:2] in (b"%P", b"\x89P", b"PK")
        assert _count(db, Rsvp, Rsvp.meeting_id == out[0].id) > 0
        # The open action point is followed up on the next agenda.
        auto = db.select(AgendaItem).where(
            AgendaItem.meeting_id == out[0].id, AgendaItem.auto == AutoItem.action_points
        )
        assert db.session.scalar(auto) is not None


def test_the_register_and_minutes_tell_a_varied_story(loaded):
    db = loaded
    rows = db.session.scalars(db.select(Attendance)).all()
    statuses = {a.status for a in rows}
    assert statuses == set(AttendanceStatus)
    assert any(a.arrived_late for a in rows)
    apologies = [a for a in rows if a.status is AttendanceStatus.apology]
    answered = {(r.meeting_id, r.user_id, r.reason) for r in db.session.scalars(db.select(Rsvp))}
    assert all((a.meeting_id, a.user_id, a.note) in answered for a in apologies)
    assert _count(db, AgendaItem, AgendaItem.is_closed.is_(True)) >= 1
    assert _count(db, ConflictDeclaration) >= 1
    assert _count(db, ActionPoint, ActionPoint.done_at.is_(None)) >= 1
    assert _count(db, ActionPoint, ActionPoint.done_at.is_not(None)) >= 1
    for c in _committees(db, FINISHED):
        held = _meetings(db, c)
        assert held and all(m.minutes_status is MinutesStatus.published for m in held)
        assert any(m.is_public for m in held)
    # Nothing loaded is waiting to be e-mailed now.
    due = (Notice.status == NoticeStatus.pending, Notice.due_at <= utcnow())
    assert _count(db, Notice, *due) == 0


def test_members_download_the_bilag_and_the_public_sees_the_open_ones(loaded, client):
    db = loaded
    sara = _user(db, CITIZEN)
    c = db.session.scalar(db.select(Committee).where(Committee.name.like("%unges trivsel")))
    files = db.session.scalars(
        db.select(Material).join(Meeting).where(Meeting.committee_id == c.id)
    ).all()
    assert {f.current.content_type for f in files} >= {"application/pdf", "image/png"}
    _login(client, sara.email)
    for f in files:
        resp = client.get(f"/bilag/{f.id}")
        assert resp.status_code == 200, f.title
        body = resp.get_data()
        assert body.startswith(MAGIC.get(f.current.content_type, MAGIC["docx"]))
        assert hashlib.sha256(body).hexdigest() == f.current.sha256
    client.post("/konto/log-ud")
    for f in files:
        public = f.meeting.is_public and not materials.is_closed(f)
        assert client.get(f"/bilag/{f.id}").status_code == (200 if public else 404), f.title


def test_a_demo_login_approves_the_pending_minutes(loaded, client):
    db = loaded
    for email in (CITIZEN, CHAIR):
        user = _user(db, email)
        pending = db.session.scalar(
            db.select(MinutesApproval).where(
                MinutesApproval.user_id == user.id, MinutesApproval.approved_at.is_(None)
            )
        )
        assert pending is not None, email
        m = pending.meeting
        url = f"/arbejdsrum/{m.committee_id}/moeder/{m.id}/referat"
        _login(client, email)
        page = client.get(url).get_data(as_text=True)
        assert f"{url}/godkend" in page and "Godkend referatet" in page
    resp = client.post(f"{url}/godkend", data={"expected_state": "in_approval", "comment": ""})
    assert resp.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, m.id).minutes_status is MinutesStatus.approved


def test_the_meeting_pages_render_for_staff_and_the_public(loaded, client):
    db = loaded
    meetings = db.session.scalars(db.select(Meeting)).all()
    _login(client, SECRETARIAT)
    for m in meetings:
        base = f"/arbejdsrum/{m.committee_id}/moeder"
        assert client.get(f"{base}/{m.id}").status_code == 200, m.title
        assert client.get(f"{base}/{m.id}/referat").status_code == 200, m.title
    client.post("/konto/log-ud")
    for m in meetings:
        if m.is_public and m.committee.is_public:  # a draft committee's plan is not public yet
            page = client.get(f"/udvalg/{m.committee_id}/moeder/{m.id}")
            assert page.status_code == 200, m.title
