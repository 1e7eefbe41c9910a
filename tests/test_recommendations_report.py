"""The recommendations report: the page, the PDF (readable, with and without the Unicode font,
with hostile text), the public version, permissions per person and query counts."""

import io
from datetime import UTC, datetime, timedelta

import pypdf
import pytest

from committees.models import (
    CommitteeState,
    DecisionState,
    MeetingKind,
    MeetingStatus,
    MemberRole,
    MemberType,
    RecommendationStatus,
    TaskQuestion,
)
from committees.recommendations.pdf import markdown_blocks
from tests.test_query_counts import count_queries

PEOPLE = [
    "anonymous",
    "citizen",
    "councillor",
    "secretariat",
    "admin",
    "member",
    "facilitator",
    "outsider",
]
VIEW = {
    "anonymous": 302,
    "citizen": 404,
    "outsider": 404,
    "councillor": 200,
    "member": 200,
    "secretariat": 200,
    "admin": 200,
    "facilitator": 200,
}
TITLE = "Grønne løsninger for ældre på Søndervang"
QUESTION = "Hvordan får flere ældre glæde af byens grønne områder?"
HOSTILE = (
    "Et " + "meget" * 120 + "langtord uden mellemrum.\n\n"
    "| Kolonne | Værdi |\n|---|---|\n| æ | ø |\n| <b>fed</b> | `kode` |\n\n"
    "Emoji 🎉🌳 og ✓ og 中文 og \u200b nul-bredde.\n\n"
    "- punkt\n  - underpunkt\n    1. nummer\n\n"
    "```\n<script>alert(1)</script>\n```\n\n"
    "# Overskrift\n\n> citat\n\n![billede](http://x/y.png) [link](javascript:alert(1))\n\n"
    "\x07\x1b kontroltegn – og “citater” … € "
)


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def reported(db, people, make_member, make_meeting, make_recommendation):
    """The people's committee with a mandate question, named members and two recommendations."""
    c = people["committee"]
    c.name = "Udvalget for Æbler, Øer og Ål"
    c.approved_mandate.task_questions = [TaskQuestion(position=1, text=QUESTION)]
    db.session.commit()
    chair = make_member(c, MemberType.councillor, MemberRole.chair).user
    chair.name = "Birthe Ærø"
    shown = make_member(c, MemberType.citizen, publish_name=True).user
    shown.name = "Søren Synlig"
    hidden = make_member(c, MemberType.citizen, publish_name=False).user
    hidden.name = "Hanne Hemmelig"
    held = make_meeting(c, days=-20, title="Første udvalgsmøde")
    make_meeting(c, days=-10, kind=MeetingKind.workshop, title="Workshop om parker")
    make_meeting(c, days=-5, title="Aflyst møde", status=MeetingStatus.cancelled)
    make_meeting(c, days=10, title="Kommende møde")
    db.session.commit()
    recs = [
        make_recommendation(
            c,
            status=RecommendationStatus.endorsed,
            title=TITLE,
            text="Vi anbefaler **flere bænke**:\n\n- ved søen\n- i parken",
            rationale="Ældre går *mere*, når de kan hvile sig.",
            endorsed_at_meeting=held,
        ),
        make_recommendation(c, status=RecommendationStatus.endorsed, title="Anden anbefaling"),
    ]
    return c, recs


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_internal_report_per_person(client, login, people, reported, who, suffix):
    c, _recs = reported
    if people[who] is not None:
        login(people[who])
    resp = client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport{suffix}")
    assert resp.status_code == VIEW[who]
    if resp.status_code == 200 and suffix:
        assert resp.mimetype == "application/pdf"
        assert resp.headers["Content-Disposition"].startswith("inline; filename=")
        assert "no-store" in resp.headers["Cache-Control"]


def test_the_page_shows_mandate_members_process_and_recommendations(
    client, login, people, reported
):
    c, _recs = reported
    login(people["member"])
    page = client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport").get_data(as_text=True)
    for expected in (
        QUESTION,
        "Birthe Ærø",
        "Søren Synlig",
        "Hanne Hemmelig",  # internal: every member is named
        "Første udvalgsmøde",
        "Workshop om parker",
        TITLE,
        "<strong>flere bænke</strong>",
        "Begrundelse",
        "Udvalget har holdt 2 møder.",
    ):
        assert expected in page, expected
    assert "Aflyst møde" not in page and "Kommende møde" not in page


def test_the_pdf_is_readable(client, login, people, reported):
    c, _recs = reported
    login(people["facilitator"])
    resp = client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport.pdf")
    assert resp.data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(resp.data))
    assert reader.metadata.title == "Anbefalinger fra Udvalget for Æbler, Øer og Ål"
    assert len(reader.pages) >= 3
    assert reader.trailer["/Root"]["/Lang"] == "da"
    text = _text(resp.data)
    for expected in (
        "Udvalget for Æbler, Øer og Ål",
        "Anbefalinger til kommunalbestyrelsen",
        TITLE,
        QUESTION,
        "Birthe Ærø",
        "flere bænke",
        "ved søen",
        "Side 1 af",
    ):
        assert expected in text, expected
    assert "**" not in text
    assert (
        'filename="anbefalinger-udvalget-for-aebler-oeer-og-aal.pdf"'
        in (resp.headers["Content-Disposition"])
    )


def test_the_pdf_without_the_unicode_font_is_still_readable(
    app, client, login, people, reported, tmp_path
):
    c, recs = reported
    recs[1].title = "Tegn uden for Latin-1: – “citat” 🎉 中文"
    app.config["PDF_FONT_DIR"] = str(tmp_path)  # an empty directory
    login(people["secretariat"])
    from committees.extensions import db

    db.session.commit()
    resp = client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport.pdf")
    assert resp.status_code == 200
    text = _text(resp.data)
    assert "Udvalget for Æbler, Øer og Ål" in text
    assert TITLE in text and QUESTION in text and "Birthe Ærø" in text
    assert '- "citat"' in text


@pytest.mark.parametrize("font_dir", ["default", "empty", "missing"])
def test_hostile_text_does_not_crash_the_pdf(
    app, db, client, login, people, reported, make_recommendation, tmp_path, font_dir
):
    c, _recs = reported
    if font_dir != "default":
        app.config["PDF_FONT_DIR"] = (
            str(tmp_path / "nope") if font_dir == "missing" else str(tmp_path)
        )
    make_recommendation(
        c,
        status=RecommendationStatus.endorsed,
        title="Fjendtlig 🎉 " + "x" * 180,
        text=HOSTILE,
        rationale=HOSTILE,
    )
    c.approved_mandate.background = HOSTILE
    db.session.commit()
    login(people["secretariat"])
    resp = client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport.pdf")
    assert resp.status_code == 200
    text = _text(resp.data)
    assert "langtord" in text.replace("\n", "") or "langtord" in text
    assert client.get(f"/arbejdsrum/{c.id}/anbefalinger/rapport").status_code == 200


def test_markdown_becomes_plain_blocks():
    blocks = markdown_blocks(
        "# Titel\n\nEn **fed** og *kursiv* [link](https://x.dk).\n\n"
        "- a\n- b\n\n3. tre\n4. fire\n\n| h1 | h2 |\n|---|---|\n| c1 | c2 |\n\n<b>html</b>"
    )
    assert blocks == [
        ("h", "Titel"),
        ("p", "En fed og kursiv link."),
        ("li", "• a"),
        ("li", "• b"),
        ("li", "3. tre"),
        ("li", "4. fire"),
        ("p", "h1 | h2"),
        ("p", "c1 | c2"),
        ("p", "<b>html</b>"),
    ]
    assert markdown_blocks("") == [] and markdown_blocks(None) == []
    assert markdown_blocks("\x00nul") == [("p", "\ufffdnul")]
    assert markdown_blocks("- \n-\n") == []


@pytest.mark.parametrize("font_dir", ["/usr/share/fonts/truetype/dejavu", "/nonexistent"])
def test_the_writer_cleans_control_characters_and_falls_back_to_latin1(app, font_dir):
    from committees.recommendations.pdf import ReportPDF

    pdf = ReportPDF(font_dir)
    assert pdf.clean("a\x00b\x07c\nd") == "abc\nd"
    if pdf.unicode:
        assert pdf.clean("æøå 🎉") == "æøå 🎉"
    else:
        assert pdf.clean("æøå – 🎉 中") == "æøå - ? ?"
    pdf.add_page()
    pdf.markdown(HOSTILE + "\x00")
    assert bytes(pdf.output()).startswith(b"%PDF")


# --- the public report -------------------------------------------------------------------------


def _hand_over(db, c, recs, public: bool):
    c.state = CommitteeState.handed_over
    for r in recs:
        r.status = RecommendationStatus.handed_over
        r.decision_state = DecisionState.on_agenda if public else DecisionState.awaiting
        r.public_since = datetime.now(UTC) - timedelta(days=1) if public else None
    db.session.commit()


@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_public_report_only_once_every_handed_over_recommendation_is_public(
    db, client, reported, suffix
):
    c, recs = reported
    url = f"/udvalg/{c.id}/rapport{suffix}"
    assert client.get(url).status_code == 404  # nothing handed over
    _hand_over(db, c, recs, public=False)
    assert client.get(url).status_code == 404  # handed over, not yet on an agenda
    recs[0].public_since = datetime.now(UTC)
    db.session.commit()
    assert client.get(url).status_code == 404  # one of two is public
    _hand_over(db, c, recs, public=True)
    resp = client.get(url)
    assert resp.status_code == 200
    text = _text(resp.data) if suffix else resp.get_data(as_text=True)
    assert TITLE in text and "Søren Synlig" in text and "Birthe Ærø" in text
    assert "Hanne Hemmelig" not in text
    assert "navn ikke offentliggjort" in text
    if suffix:
        assert "no-store" not in resp.headers.get("Cache-Control", "")
    assert client.get(f"/udvalg/{c.id + 999}/rapport{suffix}").status_code == 404


def test_public_report_leaves_out_recommendations_not_handed_over(
    db, client, reported, make_recommendation
):
    c, recs = reported
    _hand_over(db, c, recs, public=True)
    make_recommendation(c, status=RecommendationStatus.withdrawn, title="Trukket tilbage")
    page = client.get(f"/udvalg/{c.id}/rapport").get_data(as_text=True)
    assert "Trukket tilbage" not in page and "Anden anbefaling" in page


def test_public_report_of_a_committee_not_public(db, client, reported):
    c, recs = reported
    _hand_over(db, c, recs, public=True)
    c.state = CommitteeState.mandate_draft
    db.session.commit()
    assert client.get(f"/udvalg/{c.id}/rapport").status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_public_report_is_the_same_for_everyone(db, client, login, people, reported, who):
    c, recs = reported
    _hand_over(db, c, recs, public=True)
    if people[who] is not None:
        login(people[who])
    page = client.get(f"/udvalg/{c.id}/rapport").get_data(as_text=True)
    assert "Hanne Hemmelig" not in page and TITLE in page


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_report_queries_do_not_grow_with_recommendations(
    db, client, login, people, reported, make_recommendation, make_meeting, suffix
):
    c, _recs = reported
    login(people["secretariat"])
    url = f"/arbejdsrum/{c.id}/anbefalinger/rapport{suffix}"
    with count_queries(db) as small:
        assert client.get(url).status_code == 200
    held = make_meeting(c, days=-2)
    for _ in range(8):
        make_recommendation(c, status=RecommendationStatus.endorsed, endorsed_at_meeting=held)
    with count_queries(db) as large:
        assert client.get(url).status_code == 200
    assert large["n"] == small["n"], (small["n"], large["n"])
