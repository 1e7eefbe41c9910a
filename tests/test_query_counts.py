"""No N+1: a page's query count does not grow with the data."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from committees.models import CommitteeState, MemberRole, MemberType, Role


@contextmanager
def count_queries(db):
    counter = {"n": 0}

    def before(*_args, **_kwargs):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _grow(make_committee, make_member, n: int, state=CommitteeState.working) -> list:
    committees = []
    for _ in range(n):
        c = make_committee(state=state)
        make_member(c, MemberType.councillor, MemberRole.chair)
        make_member(c, MemberType.citizen)
        committees.append(c)
    return committees


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?fase=upcoming",
        "/arbejdsrum/",
        "/overblik",
        "/overblik/opfoelgning",
        "/overblik/invitationer",
        "/overblik/fejlede-varsler",
        "/brugere/",
    ],
)
def test_list_pages_do_not_grow_with_committees(
    path, client, db, make_user, login, make_committee, make_member
):
    login(make_user(Role.secretariat))
    _grow(make_committee, make_member, 2)
    _grow(make_committee, make_member, 2, state=CommitteeState.recruiting)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    _grow(make_committee, make_member, 8)
    _grow(make_committee, make_member, 8, state=CommitteeState.recruiting)
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


@pytest.mark.parametrize(
    "template",
    ["/arbejdsrum/{id}", "/arbejdsrum/{id}/medlemmer/", "/udvalg/{id}"],
)
def test_committee_pages_do_not_grow_with_members(
    template, client, db, make_user, login, make_committee, make_member
):
    login(make_user(Role.secretariat))
    c = make_committee(state=CommitteeState.working, seats=(5, 10, 0))
    make_member(c, MemberType.councillor, MemberRole.chair)
    make_member(c, MemberType.citizen)
    path = template.format(id=c.id)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    for _ in range(12):
        make_member(c, MemberType.citizen)
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


def _history_and_notices(db, committee, make_user, owner, n: int, start: int) -> None:
    """n more audit entries and n more notices sent about the committee (really delivered),
    each by or to a person of its own (so loading people one by one would show); and n more
    notices in `owner`'s inbox."""
    from committees.models import AuditEntry
    from workflows import delivery, notices

    for i in range(start, start + n):
        user = make_user(Role.citizen)
        db.session.add(
            AuditEntry(
                action="committee.edited",
                object_type="Committee",
                committee_id=committee.id,
                actor_id=user.id,
                comment=f"Hændelse {i}",
            )
        )
        for recipient, key in ((user, "sent"), (owner, "inbox")):
            notices.notify(
                recipient,
                "committee_phase",
                key=f"query-count-{committee.id}-{key}-{i}",
                subject=committee,
                committee_id=committee.id,
                context={
                    "committee": committee.name,
                    "state": committee.state.name,
                    "comment": "",
                    "link": {"committee_id": committee.id},
                },
            )
    db.session.commit()
    delivery.sweep()


@pytest.mark.parametrize(
    "template",
    [
        "/arbejdsrum/{id}",
        "/arbejdsrum/{id}/historik",
        "/arbejdsrum/{id}/varsler-sendt",
        "/varsler/",
    ],
)
def test_history_and_notice_lists_do_not_grow(
    template, client, db, make_user, login, make_committee
):
    staff = make_user(Role.secretariat)
    login(staff)
    c = make_committee(state=CommitteeState.working)
    path = template.format(id=c.id)
    _history_and_notices(db, c, make_user, staff, 2, 0)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    _history_and_notices(
        db, c, make_user, staff, 30, 2
    )  # past the committee page's 10 and a page of 20
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


def _troubled(db, rec, n: int, start: int) -> None:
    from datetime import timedelta

    from committees.models import ActionStatus, FollowUpReview, ImplementationAction
    from committees.models.base import local_today

    for i in range(start, start + n):
        db.session.add(
            ImplementationAction(
                recommendation_id=rec.id,
                title=f"Handling {i}",
                owner_unit="Kultur",
                due_on=local_today() - timedelta(days=1),
                status=ActionStatus.delayed,
            )
        )
        db.session.add(
            FollowUpReview(
                recommendation_id=rec.id, months=i + 1, due_on=local_today() - timedelta(1)
            )
        )
    db.session.commit()


@pytest.mark.parametrize(
    "path",
    ["/politisk-overblik", "/politisk-overblik/handlinger", "/politisk-overblik/opfoelgninger"],
)
def test_overview_lists_do_not_grow(
    path, client, db, make_user, login, make_committee, make_recommendation
):
    from committees.models import DecisionState, RecommendationStatus

    login(make_user(Role.councillor))
    c = make_committee(state=CommitteeState.handed_over)
    rec = make_recommendation(
        c, status=RecommendationStatus.handed_over, decision_state=DecisionState.approved
    )
    _troubled(db, rec, 2, 0)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    _troubled(db, rec, 30, 2)
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])


@pytest.mark.parametrize("template", ["/udvalg/{id}", "/udvalg/{id}/moeder"])
def test_public_meeting_lists_do_not_grow(template, client, db, make_committee, make_meeting):
    c = make_committee(state=CommitteeState.working)
    path = template.format(id=c.id)
    for days in (-2, 5):
        make_meeting(c, days=days, is_public=True, items=0)
    with count_queries(db) as small:
        assert client.get(path).status_code == 200
    for i in range(30):
        make_meeting(c, days=-3 - i, is_public=True, items=0)
        make_meeting(c, days=6 + i, is_public=True, items=0)
    with count_queries(db) as large:
        assert client.get(path).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])
