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
