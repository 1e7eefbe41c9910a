"""Public pages: what the public may see, and citizens' names only with consent."""

from committees.models import CommitteeState, MemberRole, MemberType


def test_public_overview_by_phase(client, make_committee):
    working = make_committee(state=CommitteeState.working, name="Udvalg i gang")
    upcoming = make_committee(state=CommitteeState.recruiting, name="Kommende udvalg")
    finished = make_committee(state=CommitteeState.implementing, name="Afsluttet udvalg")
    draft = make_committee(state=CommitteeState.mandate_draft, approved=False, name="Hemmeligt")
    pages = {
        phase: client.get(f"/?fase={phase}").get_data(as_text=True)
        for phase in ("ongoing", "upcoming", "finished")
    }
    assert working.name in pages["ongoing"] and upcoming.name not in pages["ongoing"]
    assert upcoming.name in pages["upcoming"]
    assert finished.name in pages["finished"]
    assert all(draft.name not in p for p in pages.values())
    assert client.get("/?fase=<script>").status_code == 200


def test_public_page_names_citizens_only_with_consent(client, make_committee, make_member):
    c = make_committee(state=CommitteeState.working)
    chair = make_member(c, MemberType.councillor, MemberRole.chair)
    yes = make_member(c, MemberType.citizen, publish_name=True)
    no = make_member(c, MemberType.citizen, publish_name=False)
    page = client.get(f"/udvalg/{c.id}").get_data(as_text=True)
    assert chair.user.name in page and yes.user.name in page
    assert no.user.name not in page and no.user.email not in page
    assert yes.user.email not in page  # contact details are never public


def test_public_page_shows_the_approved_mandate_not_the_draft(client, make_committee, db):
    from workflows import mandate as flow

    c = make_committee(state=CommitteeState.working)
    c.approved_mandate.purpose = "Det godkendte formål"
    db.session.commit()
    from committees.models import Role, User

    staff = User(email="s@test.example", name="S", role=Role.secretariat)
    db.session.add(staff)
    db.session.commit()
    draft = flow.new_version(c, staff)
    draft.purpose = "Et hemmeligt udkast"
    db.session.commit()
    page = client.get(f"/udvalg/{c.id}").get_data(as_text=True)
    assert "Det godkendte formål" in page and "Et hemmeligt udkast" not in page


def test_markdown_is_sanitized(client, make_committee, db):
    c = make_committee(state=CommitteeState.working)
    c.summary = "**fed** <script>alert(1)</script> [link](javascript:alert(1))"
    c.approved_mandate.background = "<img src=x onerror=alert(1)> *kursiv*"
    db.session.commit()
    page = client.get(f"/udvalg/{c.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and "<em>kursiv</em>" in page
    overview = client.get("/").get_data(as_text=True)
    assert "<strong>fed</strong>" in overview and "<script>alert(1)" not in overview


def test_security_headers(client):
    resp = client.get("/")
    assert "default-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
