"""Bulk work: one status for many implementation actions, many follow-up reviews closed, many
bilag published. All or nothing (a refusal, a stale item or a failure midway writes nothing),
one audit entry per item, one notice per recipient listing every item they hear of (delivered
once, through a real SMTP server), who may, bad input, and flat query counts for the pages."""

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from committees.models import (
    ActionStatus,
    AgendaItem,
    AuditEntry,
    DecisionState,
    DeliveryMode,
    Follow,
    FollowUpReview,
    ImplementationAction,
    ItemKind,
    Material,
    MaterialVersion,
    MeetingStatus,
    MemberType,
    Notice,
    NoticeStatus,
    ProgressUpdate,
    RecommendationStatus,
    Role,
)
from committees.models.base import local_today
from tests.test_query_counts import count_queries
from workflows import delivery
from workflows.errors import NotAllowed, PermissionDenied, StaleState
from workflows.meetings import materials, materials_bulk
from workflows.recommendations import followup, implementation
from workflows.recommendations import implementation_bulk as bulk
from workflows.recommendations.implementation import ActionData, version_token
from workflows.recommendations.implementation_bulk import BulkStatus

PROGRESS = "recommendation_progress"
ACCESS = "materials_access_changed"
FOLLOWER = "nabo@borger.example"


@pytest.fixture
def world(people, make_recommendation, make_user, make_member, db):
    """The `people` committee with two approved, public recommendations and four actions: three
    with a councillor contact who is no member, one without a contact; an English-speaking
    former member and a follower of the committee by e-mail."""
    c = people["committee"]
    staff = people["secretariat"]
    contact = make_user(Role.councillor, name="Kontakt Person")
    recs = [
        make_recommendation(
            c,
            status=RecommendationStatus.handed_over,
            decision_state=DecisionState.approved,
            public=True,
        )
        for _ in range(2)
    ]
    titles = ["Nye stier", "Flere bænke", "Bedre lys", "Busstoppested"]
    owners = [contact, contact, None, contact]
    actions = [
        implementation.add_action(
            recs[0 if n < 3 else 1], ActionData(title=t, owner_unit="Vej og Park", contact=o), staff
        )
        for n, (t, o) in enumerate(zip(titles, owners, strict=True))
    ]
    former = make_member(
        c,
        MemberType.citizen,
        start_date=local_today() - timedelta(days=400),
        end_date=local_today() - timedelta(days=30),
    ).user
    former.locale = "en"
    db.session.add(
        Follow(
            committee_id=c.id,
            email=FOLLOWER,
            target=f"c:{c.id}",
            who=f"e:{FOLLOWER}",
            token=secrets.token_urlsafe(24),
            confirmed_at=datetime.now(UTC),
            mode=DeliveryMode.immediate,
        )
    )
    db.session.commit()
    return {**people, "recs": recs, "actions": actions, "contact": contact, "former": former}


def _tokens(actions) -> dict[int, str]:
    return {a.id: version_token(a) for a in actions}


def _step(**kw) -> BulkStatus:
    return BulkStatus(**{"written_on": local_today(), "status": ActionStatus.on_track, **kw})


def _count(db, model, **where) -> int:
    stmt = db.select(db.func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return db.session.scalar(stmt)


def _audits(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


def _notices(db, kind: str) -> list[Notice]:
    return list(db.session.scalars(db.select(Notice).where(Notice.kind == kind)))


# --- status of many actions -------------------------------------------------------------------


def test_each_action_gets_its_own_update_and_audit_entry_in_one_batch(world, db):
    actions = world["actions"]
    actions[1].progress = 30
    db.session.commit()
    rows = bulk.update_actions(
        world["committee"],
        [a.id for a in actions],
        _step(note="Drøftet på mødet i juni."),
        world["secretariat"],
        _tokens(actions),
    )
    assert len(rows) == 4 == _count(db, ProgressUpdate)
    assert {a.status for a in actions} == {ActionStatus.on_track}
    assert [a.progress for a in actions] == [0, 30, 0, 0]  # progress left empty: each keeps its own
    assert {r.text for r in rows} == {"Drøftet på mødet i juni."}
    entries = _audits(db, "recommendation.progress_update")
    assert sorted(e.details["action_id"] for e in entries) == sorted(a.id for a in actions)
    assert len({e.details["batch"] for e in entries}) == 1 and entries[0].details["batch"]


def test_done_sets_full_progress_and_dropped_needs_the_note(world, db):
    actions = world["actions"][:2]
    with pytest.raises(NotAllowed) as refused:
        bulk.update_actions(
            world["committee"],
            [a.id for a in actions],
            _step(status=ActionStatus.dropped),
            world["secretariat"],
            _tokens(actions),
        )
    assert "opgivet" in " ".join(refused.value.reasons)
    assert _count(db, ProgressUpdate) == 0
    bulk.update_actions(
        world["committee"],
        [a.id for a in actions],
        _step(status=ActionStatus.done, progress=20),
        world["secretariat"],
        _tokens(actions),
    )
    assert [(a.status, a.progress) for a in actions] == [(ActionStatus.done, 100)] * 2


def test_one_notice_per_recipient_listing_every_action_delivered_once(world, db, smtp_sink):
    actions, contact, former = world["actions"], world["contact"], world["former"]
    bulk.update_actions(
        world["committee"],
        [a.id for a in actions],
        _step(note="Fælles note."),
        world["secretariat"],
        _tokens(actions),
    )
    written = _notices(db, PROGRESS)
    by_person = {}
    for n in written:
        who = n.recipient_id or n.to_email
        assert who not in by_person, f"{who} got two notices"
        by_person[who] = [e["action"] for e in n.context["entries"]]
    everything = ["Nye stier", "Flere bænke", "Bedre lys", "Busstoppested"]
    assert by_person[world["member"].id] == everything  # a member hears of every action
    assert by_person[former.id] == everything and by_person[FOLLOWER] == everything
    assert by_person[contact.id] == ["Nye stier", "Flere bænke", "Busstoppested"]  # their own
    delivery.sweep()
    delivery.sweep()  # a second sweep sends nothing again
    danish = [m for m in smtp_sink if "handlinger har nu status" in m["Subject"]]
    english = [m for m in smtp_sink if "actions now have the status" in m["Subject"]]
    got = danish + english
    assert sorted(m["To"] for m in got) == sorted({m["To"] for m in got})  # once each
    to_follower = next(m for m in danish if m["To"] == FOLLOWER)
    plain = to_follower.get_body(("plain",)).get_content()
    html = to_follower.get_body(("html",)).get_content()
    assert all(t in plain for t in everything) and "Fælles note." in plain
    assert html.count("<li>") == 4 and "/udvalg/" in html  # each action links to its page
    assert "afmeld" in plain.lower()  # the follower's one-click unsubscribe is kept
    (to_former,) = [m for m in english if m["To"] == former.email]
    assert "On track" in to_former["Subject"]  # the subject and status in the reader's language


def test_the_contact_who_updates_is_not_told_of_their_own_step(world, db):
    contact = world["contact"]
    mine = [a for a in world["actions"] if a.contact_id == contact.id]
    bulk.update_actions(world["committee"], [a.id for a in mine], _step(), contact, _tokens(mine))
    assert contact.id not in {n.recipient_id for n in _notices(db, PROGRESS)}


def test_one_action_not_allowed_refuses_the_whole_batch(world, db):
    actions = world["actions"]  # the third has no contact: only the staff may update it
    with pytest.raises(NotAllowed) as refused:
        bulk.update_actions(
            world["committee"],
            [a.id for a in actions],
            _step(),
            world["contact"],
            _tokens(actions),
        )
    assert refused.value.reasons == ["Anbefaling 1: Bedre lys"]
    db.session.expire_all()
    assert _count(db, ProgressUpdate) == 0 and not _audits(db, "recommendation.progress_update")
    assert not _notices(db, PROGRESS)
    assert {a.status for a in actions} == {ActionStatus.not_started}


@pytest.fixture
def refused_insert(db):
    """refuse(action_id): the database refuses a progress update of that action (a trigger),
    as a disk full or a lost connection would midway; dropped again after the test."""
    postgres = db.engine.dialect.name == "postgresql"

    def refuse(action_id: int) -> None:
        if postgres:
            db.session.execute(
                text(
                    "CREATE OR REPLACE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.action_id = {action_id} THEN RAISE EXCEPTION 'forced'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
            )
            when, then = "FOR EACH ROW", "EXECUTE FUNCTION refuse_update()"
        else:
            when = f"WHEN NEW.action_id = {action_id}"
            then = "BEGIN SELECT RAISE(ABORT, 'forced'); END"
        db.session.execute(
            text(f"CREATE TRIGGER refuse BEFORE INSERT ON progress_updates {when} {then}")
        )
        db.session.commit()

    yield refuse
    db.session.rollback()
    db.session.execute(
        text("DROP TRIGGER IF EXISTS refuse" + (" ON progress_updates" if postgres else ""))
    )
    if postgres:
        db.session.execute(text("DROP FUNCTION IF EXISTS refuse_update()"))
    db.session.commit()


def test_a_failure_midway_leaves_nothing_written(world, db, refused_insert):
    """The database refuses the third action's update after two were written."""
    actions = world["actions"]
    refused_insert(actions[2].id)
    with pytest.raises(Exception, match="forced"):
        bulk.update_actions(
            world["committee"],
            [a.id for a in actions],
            _step(),
            world["secretariat"],
            _tokens(actions),
        )
    db.session.rollback()
    assert _count(db, ProgressUpdate) == 0 and not _audits(db, "recommendation.progress_update")
    assert not _notices(db, PROGRESS)
    assert {a.status for a in db.session.scalars(db.select(ImplementationAction))} == {
        ActionStatus.not_started
    }


def test_an_action_changed_meanwhile_is_stale_and_nothing_is_saved(world, db):
    actions = world["actions"]
    seen = _tokens(actions)
    implementation.edit_action(
        actions[1],
        ActionData(title="Flere bænke i parken", owner_unit="Vej og Park"),
        world["secretariat"],
        None,
    )
    with pytest.raises(StaleState) as stale:
        bulk.update_actions(
            world["committee"], [a.id for a in actions], _step(), world["secretariat"], seen
        )
    assert "Flere bænke i parken" in stale.value.message
    assert _count(db, ProgressUpdate) == 0
    missing = {k: v for k, v in seen.items() if k != actions[0].id}
    with pytest.raises(StaleState):  # no version sent for one: it is not taken on trust
        bulk.update_actions(
            world["committee"], [actions[0].id], _step(), world["secretariat"], missing
        )


def test_another_committees_action_is_stale_not_updated(world, db, make_recommendation):
    other = make_recommendation(
        world["other"],
        status=RecommendationStatus.handed_over,
        decision_state=DecisionState.approved,
        public=True,
    )
    foreign = implementation.add_action(
        other, ActionData(title="Fremmed", owner_unit="By"), world["secretariat"]
    )
    with pytest.raises(StaleState):
        bulk.update_actions(
            world["committee"], [foreign.id], _step(), world["secretariat"], _tokens([foreign])
        )
    assert foreign.status is ActionStatus.not_started


def test_a_bulk_update_answers_the_due_review_like_a_single_one(world, db):
    rec = world["recs"][0]
    followup.schedule_reviews(rec, local_today() - timedelta(days=80))  # 3 months: ~10 days
    db.session.commit()
    mine = world["actions"][:1]
    rows = bulk.update_actions(
        world["committee"], [mine[0].id], _step(), world["secretariat"], _tokens(mine)
    )
    assert rows[0].review_id == rec.reviews[0].id and rec.reviews[0].is_done


# --- many follow-up reviews -------------------------------------------------------------------


@pytest.fixture
def reviews(world, db):
    for rec in world["recs"]:
        followup.schedule_reviews(rec, local_today() - timedelta(days=200))
    db.session.commit()
    return bulk.open_reviews_of(world["committee"])


def test_reviews_are_closed_with_one_note_and_one_audit_entry_each(world, reviews, db):
    due = [r for r in reviews if r.due_on <= local_today()]
    assert len(due) == 4  # 3 and 6 months of both recommendations
    bulk.complete_reviews(
        world["committee"], [r.id for r in due], "Drøftet på mødet.", world["secretariat"]
    )
    assert all(r.is_done and r.note == "Drøftet på mødet." for r in due)
    entries = _audits(db, "recommendation.review_completed")
    assert sorted(e.object_id for e in entries) == sorted(r.id for r in due)
    assert len({e.details["batch"] for e in entries}) == 1
    pending = db.session.scalars(
        db.select(Notice).where(
            Notice.subject_type == "FollowUpReview",
            Notice.subject_id.in_([r.id for r in due]),
            Notice.status == NoticeStatus.pending,
        )
    ).all()
    assert pending == []  # their reminders stop


def test_one_review_already_done_refuses_all(world, reviews, db):
    first, second = reviews[:2]
    implementation.complete_review(first, "Klaret", world["secretariat"])
    with pytest.raises(StaleState) as stale:
        bulk.complete_reviews(
            world["committee"], [first.id, second.id], "Igen", world["secretariat"]
        )
    assert "efter 3 måneder" in stale.value.message
    db.session.expire_all()
    assert not db.session.get(FollowUpReview, second.id).is_done


@pytest.mark.parametrize("person", ["councillor", "facilitator", "member"])
def test_only_the_staff_close_reviews(world, reviews, db, person):
    with pytest.raises(PermissionDenied):
        bulk.complete_reviews(world["committee"], [reviews[0].id], "", world[person])
    assert not _audits(db, "recommendation.review_completed")


# --- many bilag -------------------------------------------------------------------------------


@pytest.fixture
def meeting(world, make_meeting, db):
    """A meeting with its agenda out, its second item closed, and four bilag: two closed on the
    meeting, one open on item 1, one open on the closed item 2."""
    m = make_meeting(world["committee"], items=2)
    m.status, m.agenda_published_at = MeetingStatus.agenda_published, datetime.now(UTC)
    m.items[1].is_closed = True
    rows = [
        _bilag(m, "Budget", closed=True),
        _bilag(m, "Notat", closed=True),
        _bilag(m, "Kort", item=m.items[0]),
        _bilag(m, "Sag", item=m.items[1]),
    ]
    db.session.add_all(rows)
    db.session.commit()
    return m


def _bilag(meeting, title: str, item=None, closed: bool = False) -> Material:
    """A bilag with one version (its file is not needed here)."""
    version = MaterialVersion(
        number=1,
        stored_name=secrets.token_hex(16),
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=1000,
        sha256="0" * 64,
    )
    return Material(meeting=meeting, item=item, title=title, is_closed=closed, versions=[version])


def _shown(rows) -> dict[int, bool]:
    return {m.id: m.is_closed for m in rows}


def test_bilag_are_published_each_with_its_audit_entry_and_one_notice_each(
    world, meeting, db, smtp_sink
):
    rows = materials_bulk.of_meeting(meeting)
    budget, notat = rows[0], rows[1]
    changed = materials_bulk.set_access(
        meeting, [budget.id, notat.id], False, world["facilitator"], _shown(rows)
    )
    assert changed == [budget, notat] and not budget.is_closed and not notat.is_closed
    entries = _audits(db, "material.opened")
    assert sorted(e.object_id for e in entries) == [budget.id, notat.id]
    assert len({e.details["batch"] for e in entries}) == 1
    written = _notices(db, ACCESS)
    recipients = [n.recipient_id for n in written]
    assert len(recipients) == len(set(recipients)) and world["member"].id in recipients
    assert world["facilitator"].id not in recipients  # not told of their own step
    assert all([e["title"] for e in n.context["entries"]] == ["Budget", "Notat"] for n in written)
    delivery.sweep()
    delivery.sweep()
    got = [m for m in smtp_sink if m["To"] == world["member"].email]
    assert len(got) == 1 and "2 bilag er nu åbne" in got[0]["Subject"]
    assert "»Budget« (mødet som helhed)" in got[0].get_body(("plain",)).get_content()


def test_a_bilag_on_a_closed_item_refuses_publishing_all(world, meeting, db):
    rows = materials_bulk.of_meeting(meeting)
    with pytest.raises(NotAllowed) as refused:
        materials_bulk.set_access(
            meeting, [m.id for m in rows], False, world["secretariat"], _shown(rows)
        )
    assert refused.value.reasons == ["Sag"]
    db.session.expire_all()
    assert [m.is_closed for m in materials_bulk.of_meeting(meeting)] == [True, True, False, False]
    assert not _audits(db, "material.opened") and not _notices(db, ACCESS)


def test_bilag_changed_or_deleted_meanwhile_are_stale(world, meeting, db):
    rows = materials_bulk.of_meeting(meeting)
    seen = _shown(rows)
    materials.set_closed(rows[0], False, world["secretariat"])  # someone opened Budget
    with pytest.raises(StaleState):
        materials_bulk.set_access(
            meeting, [rows[0].id, rows[1].id], False, world["secretariat"], seen
        )
    assert rows[1].is_closed
    with pytest.raises(StaleState):
        materials_bulk.set_access(meeting, [99999], True, world["secretariat"], {99999: False})


def test_nothing_to_change_and_nobody_to_tell_before_the_agenda(world, meeting, db):
    rows = materials_bulk.of_meeting(meeting)
    with pytest.raises(NotAllowed):  # Kort is open already
        materials_bulk.set_access(meeting, [rows[2].id], False, world["secretariat"], _shown(rows))
    meeting.agenda_published_at, meeting.status = None, MeetingStatus.planned
    db.session.commit()
    materials_bulk.set_access(meeting, [rows[2].id], True, world["secretariat"], _shown(rows))
    assert rows[2].is_closed and not _notices(db, ACCESS)


@pytest.mark.parametrize("person", ["member", "councillor", "outsider"])
def test_only_managers_publish_bilag(world, meeting, db, person):
    rows = materials_bulk.of_meeting(meeting)
    with pytest.raises(PermissionDenied):
        materials_bulk.set_access(meeting, [rows[0].id], False, world[person], _shown(rows))
    assert rows[0].is_closed


def test_one_bilag_made_open_tells_the_members_too(world, meeting, db):
    rows = materials_bulk.of_meeting(meeting)
    materials.set_closed(rows[0], False, world["secretariat"])
    materials.set_closed(rows[0], False, world["secretariat"])  # no change: nothing to tell
    written = _notices(db, ACCESS)
    assert len(written) == len({n.recipient_id for n in written}) > 0
    assert all(n.context["entries"] == [{"title": "Budget", "item": ""}] for n in written)


# --- the pages --------------------------------------------------------------------------------


def _actions_url(world) -> str:
    return f"/arbejdsrum/{world['committee'].id}/anbefalinger/handlinger"


def _form(world, chosen, **kw) -> dict:
    return {
        "actions": [str(a.id) for a in chosen],
        "expected": ";".join(f"{a.id}={version_token(a)}" for a in chosen),
        "written_on": local_today().isoformat(),
        "status": "at_risk",
        "progress": "",
        "note": "",
        **kw,
    }


def test_the_contact_sees_and_updates_only_their_actions(world, client, login, db):
    login(world["contact"])
    page = client.get(_actions_url(world)).get_data(as_text=True)
    boxes = page.count('name="actions"')
    assert boxes == 3 and "Andre handlinger i udvalget" in page and "Bedre lys" in page
    mine = [a for a in world["actions"] if a.contact_id == world["contact"].id]
    resp = client.post(_actions_url(world), data=_form(world, mine, note="Forsinket leverance"))
    assert resp.status_code == 302
    assert "3 handlinger er opdateret" in client.get(resp.headers["Location"]).get_data(
        as_text=True
    )
    assert {a.status for a in mine} == {ActionStatus.at_risk}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"actions": []}, "Vælg mindst én handling."),
        ({"written_on": "2999-01-01"}, "Datoen kan ikke ligge i fremtiden."),
        ({"written_on": "i går"}, "Ikke en gyldig dato"),
        ({"progress": "150"}, "Fremdriften skal være mellem 0 og 100 procent."),
        ({"status": "dropped"}, "Skriv hvorfor handlingerne er opgivet."),
        ({"status": "bogus"}, ""),
        ({"actions": ["x"]}, ""),
        ({"note": "x" * 10001}, ""),
    ],
)
def test_bad_input_is_shown_on_the_form(world, client, login, db, change, message):
    login(world["secretariat"])
    resp = client.post(_actions_url(world), data=_form(world, world["actions"], **change))
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    assert _count(db, ProgressUpdate) == 0


def test_a_stale_page_says_so_and_saves_nothing(world, client, login, db):
    login(world["secretariat"])
    data = _form(world, world["actions"])
    data["expected"] = data["expected"].replace(f"{world['actions'][0].id}=", "0=")
    resp = client.post(_actions_url(world), data=data)
    assert resp.status_code == 409 and "Intet er gemt" in resp.get_data(as_text=True)
    resp = client.post(_actions_url(world), data=_form(world, world["actions"], actions=["99999"]))
    assert resp.status_code == 409
    assert _count(db, ProgressUpdate) == 0


def test_a_forged_choice_is_refused_by_name(world, client, login, db):
    login(world["contact"])
    resp = client.post(_actions_url(world), data=_form(world, world["actions"]))
    assert resp.status_code == 400 and "Bedre lys" in resp.get_data(as_text=True)
    assert _count(db, ProgressUpdate) == 0


def test_csrf_is_required(app, world, client, login):
    login(world["secretariat"])
    app.config["WTF_CSRF_ENABLED"] = True
    resp = client.post(_actions_url(world), data=_form(world, world["actions"]))
    assert resp.status_code == 400


def test_reviews_page_closes_the_chosen(world, reviews, client, login, db):
    login(world["secretariat"])
    url = f"/arbejdsrum/{world['committee'].id}/anbefalinger/opfoelgninger"
    assert client.get(url).get_data(as_text=True).count('name="reviews"') == len(reviews)
    assert "Vælg mindst én opfølgning." in client.post(url, data={}).get_data(as_text=True)
    resp = client.post(url, data={"reviews": [str(reviews[0].id)], "note": "Klaret"})
    assert resp.status_code == 302 and reviews[0].is_done and reviews[0].note == "Klaret"
    again = client.post(url, data={"reviews": [str(reviews[0].id)], "note": "Igen"})
    assert again.status_code == 409 and reviews[0].note == "Klaret"


def test_materials_page_publishes_the_chosen(world, meeting, client, login, db):
    login(world["facilitator"])
    url = f"/arbejdsrum/{world['committee'].id}/moeder/{meeting.id}/bilag/adgang"
    page = client.get(url).get_data(as_text=True)
    assert page.count('name="materials"') == 4 and "punktet er lukket" in page
    rows = materials_bulk.of_meeting(meeting)
    expected = ";".join(f"{m.id}={'closed' if m.is_closed else 'open'}" for m in rows)
    nothing = client.post(url, data={"access": "open", "expected": expected})
    assert nothing.status_code == 400 and "Vælg mindst ét bilag." in nothing.get_data(as_text=True)
    no_access = client.post(url, data={"materials": [str(rows[0].id)], "expected": expected})
    assert no_access.status_code == 400
    chosen = [str(rows[0].id), str(rows[1].id)]
    resp = client.post(url, data={"materials": chosen, "access": "open", "expected": expected})
    assert resp.status_code == 302 and not rows[0].is_closed and not rows[1].is_closed
    stale = client.post(url, data={"materials": chosen, "access": "closed", "expected": expected})
    assert stale.status_code == 409 and not rows[0].is_closed


def test_the_pages_link_to_the_bulk_steps(world, meeting, client, login):
    login(world["secretariat"])
    c = world["committee"]
    listing = client.get(f"/arbejdsrum/{c.id}/anbefalinger").get_data(as_text=True)
    assert "/anbefalinger/handlinger" in listing and "/anbefalinger/opfoelgninger" in listing
    shown = client.get(f"/arbejdsrum/{c.id}/moeder/{meeting.id}").get_data(as_text=True)
    assert f"/moeder/{meeting.id}/bilag/adgang" in shown
    login(world["contact"])
    rec = client.get(f"/arbejdsrum/{c.id}/anbefalinger/{world['recs'][0].number}")
    assert "/anbefalinger/handlinger" in rec.get_data(as_text=True)


# --- query counts -----------------------------------------------------------------------------


def test_the_bulk_pages_cost_the_same_with_more_rows(
    world, meeting, client, login, db, make_recommendation
):
    c = world["committee"]
    urls = [
        f"/arbejdsrum/{c.id}/anbefalinger/handlinger",
        f"/arbejdsrum/{c.id}/anbefalinger/opfoelgninger",
        f"/arbejdsrum/{c.id}/moeder/{meeting.id}/bilag/adgang",
    ]
    login(world["secretariat"])
    for rec in world["recs"]:
        followup.schedule_reviews(rec, local_today() - timedelta(days=100))
    db.session.commit()

    def measure() -> list[int]:
        counts = []
        for url in urls:
            with count_queries(db) as n:
                assert client.get(url).status_code == 200
            counts.append(n["n"])
        return counts

    small = measure()
    for _ in range(4):
        rec = make_recommendation(
            c,
            status=RecommendationStatus.handed_over,
            decision_state=DecisionState.approved,
            public=True,
        )
        followup.schedule_reviews(rec, local_today() - timedelta(days=100))
        for title in ("A", "B", "C"):
            implementation.add_action(
                rec,
                ActionData(title=title, owner_unit="By", contact=world["contact"]),
                world["secretariat"],
            )
    for n in range(6):
        item = meeting.items[n % 2]
        db.session.add(_bilag(meeting, f"Bilag {n}", item=item, closed=True))
    db.session.add(
        AgendaItem(
            meeting=meeting, position=3, kind=ItemKind.decision, title="Punkt 3", case_text=""
        )
    )
    db.session.commit()
    assert measure() == small


# --- in a browser -----------------------------------------------------------------------------


@pytest.mark.browser
def test_the_bulk_pages_in_a_browser_at_320px(app, world, meeting, reviews, chromium, db):
    """Each page passes axe, fits 320 px, and does its step from the keyboard-free form."""
    from tests.conftest import PASSWORD
    from tests.test_browser import browser_page_at, check_axe, need_browser, served

    need_browser()
    c = world["committee"]
    pages = [
        ("bulk-actions", f"/arbejdsrum/{c.id}/anbefalinger/handlinger", "Nye stier"),
        ("bulk-reviews", f"/arbejdsrum/{c.id}/anbefalinger/opfoelgninger", "Anbefaling 2"),
        ("bulk-materials", f"/arbejdsrum/{c.id}/moeder/{meeting.id}/bilag/adgang", "Budget"),
    ]
    email = world["secretariat"].email
    db.session.remove()
    with served(app) as base, browser_page_at(base, chromium) as page:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(base + "/konto/log-ind")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state()
        for name, path, first in pages:
            page.goto(base + path)
            check_axe(page, name)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
            page.get_by_label(first).first.check()
            if name == "bulk-materials":
                page.get_by_label("Åbne", exact=False).check()
            page.locator("form .form-actions button, form .form-actions input").click()
            page.wait_for_load_state()
            assert page.locator(".alert-success").count() == 1, page.inner_text("main")[:500]
        assert page.console_errors == []
