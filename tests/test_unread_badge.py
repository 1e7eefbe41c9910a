"""The header's unread count stops counting at 99: thousands of unread cost no more than 100."""

from sqlalchemy import insert

from committees.models import Notice, NoticeStatus, Role
from committees.models.base import utcnow


def _unread(db, user, committee, n: int) -> None:
    db.session.execute(
        insert(Notice),
        [
            {
                "recipient_id": user.id,
                "kind": "committee_phase",
                "committee_id": committee.id,
                "subject_type": "Committee",
                "subject_id": committee.id,
                "dedupe_key": f"unread:{i}",
                "context": {"committee": committee.name, "state": "working"},
                "created_at": utcnow(),
                "due_at": utcnow(),
                "status": NoticeStatus.sent,
            }
            for i in range(n)
        ],
    )
    db.session.commit()


def test_a_few_unread_are_counted_exactly(client, db, login, make_user, make_committee):
    user = make_user(Role.citizen)
    _unread(db, user, make_committee(), 3)
    login(user)
    html = client.get("/arbejdsrum/").get_data(as_text=True)
    assert '<span class="badge nav-badge" aria-hidden="true">3</span>' in html
    assert "(3 ulæste)" in html


def test_more_than_99_unread_read_99_plus(client, db, login, make_user, make_committee):
    user = make_user(Role.citizen)
    _unread(db, user, make_committee(), 150)
    login(user)
    html = client.get("/arbejdsrum/").get_data(as_text=True)
    assert '<span class="badge nav-badge" aria-hidden="true">99+</span>' in html
    assert "(mere end 99 ulæste)" in html
