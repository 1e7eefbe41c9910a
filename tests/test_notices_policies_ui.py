"""The reminder-policy pages: the moments in words, saving a committee's or the municipality's
moments (which re-plans pending reminders), form errors, and going back to the defaults.

Access (who may open these pages) is tested with the other notice routes in test_notices_ui.
"""

from datetime import timedelta

import pytest

from committees.models import CommitteeState, Notice, NoticeStatus, ReminderPolicy, Role
from committees.models.base import local_today
from workflows import reminders

POLICY = "composition_incomplete"


@pytest.fixture
def recruiting(make_committee, make_user, db):
    """A committee recruiting for a start in 60 days, its composition not in place yet."""
    staff = make_user(Role.secretariat)
    c = make_committee(
        state=CommitteeState.recruiting,
        approved=True,
        start_date=local_today() + timedelta(days=60),
    )
    reminders.plan(c)
    db.session.commit()
    return staff, c


def _pending(db, c) -> list[Notice]:
    return db.session.scalars(
        db.select(Notice).where(
            Notice.committee_id == c.id,
            Notice.kind == POLICY,
            Notice.status == NoticeStatus.pending,
        )
    ).all()


def _form(*rows, **extra) -> dict:
    """The policy form as a browser sends it, rows of (offset text, active, only_not_acted)."""
    data = {}
    for i, (offset, active, only) in enumerate(rows):
        data[f"offsets-{i}-offset_days"] = offset
        if active:
            data[f"offsets-{i}-active"] = "y"
        if only:
            data[f"offsets-{i}-only_not_acted"] = "y"
    data.update(extra)
    return data


def test_the_policy_page_shows_the_moments_in_force(recruiting, client, login):
    staff, c = recruiting
    login(staff)
    page = client.get(f"/varsler/udvalg/{c.id}/paamindelser/{POLICY}").get_data(as_text=True)
    assert "10 hverdage før, 3 hverdage før" in page and "Standard" in page
    assert "Påmindelse 1" in page and "Påmindelse 3" in page  # two moments and a blank row
    assert page.count("<legend") == 3 and page.count("<h1") == 1
    assert f'href="/arbejdsrum/{c.id}"' in page  # breadcrumbs back to the committee
    overview = client.get("/varsler/paamindelser").get_data(as_text=True)
    assert "10 hverdage efter" in overview and "3 hverdage før" in overview
    assert f'href="/varsler/paamindelser/{POLICY}"' in overview


def test_saving_a_committees_moments_replans_its_reminders(recruiting, client, login, db):
    staff, c = recruiting
    anchor = c.approved_mandate.start_date
    assert sorted(n.due_at for n in _pending(db, c)) == [
        reminders.due_moment(anchor, -10),
        reminders.due_moment(anchor, -3),
    ]
    login(staff)
    # The page's blank row comes back empty and unticked, as a browser sends it.
    resp = client.post(
        f"/varsler/udvalg/{c.id}/paamindelser/{POLICY}",
        data=_form(("-15", True, True), ("-5", True, False), ("", False, True)),
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    rows = db.session.scalars(db.select(ReminderPolicy).where(ReminderPolicy.committee_id == c.id))
    assert sorted((r.offset_days, r.only_not_acted) for r in rows) == [(-15, True), (-5, False)]
    assert sorted(n.due_at for n in _pending(db, c)) == [
        reminders.due_moment(anchor, -15),
        reminders.due_moment(anchor, -5),
    ]
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Påmindelserne er gemt og planlagt igen." in page
    assert "15 hverdage før, 5 hverdage før" in page and "Udvalget" in page


def test_duplicate_and_out_of_range_moments_are_form_errors(recruiting, client, login, db):
    staff, c = recruiting
    login(staff)
    url = f"/varsler/udvalg/{c.id}/paamindelser/{POLICY}"
    page = client.post(url, data=_form(("-5", True, True), ("-5", True, True))).get_data(
        as_text=True
    )
    assert "Det samme antal hverdage står to gange." in page
    page = client.post(url, data=_form(("99", True, True))).get_data(as_text=True)
    assert "Vælg mellem −60 og 60 hverdage." in page
    page = client.post(url, data=_form(("om lidt", True, True))).get_data(as_text=True)
    assert "Der er problemer" in page
    assert db.session.scalar(db.select(db.func.count(ReminderPolicy.id))) == 0


def test_use_defaults_deletes_the_committees_rows(recruiting, client, login, db):
    staff, c = recruiting
    login(staff)
    url = f"/varsler/udvalg/{c.id}/paamindelser/{POLICY}"
    client.post(url, data=_form(("-20", True, True)))
    assert db.session.scalar(db.select(db.func.count(ReminderPolicy.id))) == 1
    resp = client.post(url, data=_form(("-20", True, True), use_defaults="y"))
    assert resp.status_code == 302
    assert db.session.scalar(db.select(db.func.count(ReminderPolicy.id))) == 0
    page = client.get(url).get_data(as_text=True)
    assert "10 hverdage før, 3 hverdage før" in page and "Standard" in page


def test_going_back_to_the_defaults_plans_their_reminders_again(recruiting, client, login, db):
    staff, c = recruiting
    login(staff)
    url = f"/varsler/udvalg/{c.id}/paamindelser/{POLICY}"
    client.post(url, data=_form(("-20", True, True)))
    client.post(url, data=_form(use_defaults="y"))
    anchor = c.approved_mandate.start_date
    assert sorted(n.due_at for n in _pending(db, c)) == [
        reminders.due_moment(anchor, -10),
        reminders.due_moment(anchor, -3),
    ]


def test_municipality_defaults_are_edited_from_the_overview(recruiting, client, login, db):
    staff, c = recruiting
    login(staff)
    resp = client.post(f"/varsler/paamindelser/{POLICY}", data=_form(("-7", True, True)))
    assert resp.status_code == 302
    row = db.session.scalar(db.select(ReminderPolicy))
    assert (row.committee_id, row.offset_days) == (None, -7)
    page = client.get("/varsler/paamindelser").get_data(as_text=True)
    assert "7 hverdage før" in page and "Kommunen" in page
    anchor = c.approved_mandate.start_date
    assert [n.due_at for n in _pending(db, c)] == [reminders.due_moment(anchor, -7)]
