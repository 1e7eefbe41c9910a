"""Docs that are checked: every link and anchor resolves, every setting is in the configuration
reference, every page's help link points at a section that exists, every screenshot is made by
the script."""

import re
import runpy

import pytest

from committees.help import content, pages
from tests.conftest import ROOT

DOCS = ROOT / "docs"
MARKDOWN = sorted([*DOCS.rglob("*.md"), ROOT / "README.md"])
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
ID_MARK = re.compile(r"^<!-- id: ([a-z0-9-]+) -->", re.M)
HEADING = re.compile(r"^#{1,6} (.+?)\s*$", re.M)
CODE = re.compile(r"```.*?```", re.S)
SHOTS = runpy.run_path(str(DOCS / "make_shots.py"))["SHOTS"]
# Routes that are not pages a person reads: feeds, files, redirects, the health check.
NOT_PAGES = re.compile(
    r"(^static$|\.ics$|_ics$|_feed$|healthz|livez|readyz|\.logo$|_export$|_download$|report_pdf$|"
    r"^help\.|^main\.set_language$|^auth\.logout$|material_version$|follow_toggle$)"
)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path) -> set[str]:
    text = CODE.sub("", path.read_text(encoding="utf-8"))
    return set(ID_MARK.findall(text)) | {_slug(h) for h in HEADING.findall(text)}


def _links(path) -> list[str]:
    return LINK.findall(CODE.sub("", path.read_text(encoding="utf-8")))


def test_the_guides_exist_for_every_role_in_both_languages():
    for guide in content.GUIDES:
        for language in content.LANGUAGES:
            assert content.path_of(guide.slug, language).exists(), (guide.slug, language)


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_and_anchor_resolves(path):
    broken = []
    for target in _links(path):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _sep, anchor = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        known = resolved.exists() and (
            not anchor or resolved.suffix != ".md" or anchor in _anchors(resolved)
        )
        if not known:
            broken.append(target)
    assert broken == []


def test_every_setting_in_config_is_in_the_configuration_reference():
    source = (ROOT / "config.py").read_text()
    names = set(re.findall(r'ENV\.[a-z_]+\(\s*"([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', source))
    names |= set(
        re.findall(r'^\s+"([A-Z_]+)",$', source.split("SECRET_SETTINGS")[1].split(")")[0], re.M)
    )
    reference = (DOCS / "configuration.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in reference)
    assert names and missing == []


def test_every_help_link_points_at_a_section_that_exists():
    targets = {t for audiences in pages.PAGES.values() for t in audiences.values()}
    missing = []
    for target in sorted(targets):
        guide, _sep, section = target.partition("#")
        for language in content.LANGUAGES:
            if section not in content.section_ids(guide, language):
                missing.append(f"{language}/{guide}#{section}")
    assert missing == []


def test_every_page_of_the_app_has_a_help_link(app):
    """Derived from the URL map: a new page without help fails here."""
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if "GET" in r.methods}
    without = sorted(
        e for e in endpoints if not NOT_PAGES.search(e) and pages.target(e, None) is None
    )
    assert without == []


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_every_screenshot_a_guide_uses_is_made_by_the_script(language):
    used = set()
    for path in (DOCS / "guides" / language).glob("*.md"):
        used |= set(re.findall(rf"shots/{language}/([a-z0-9-]+)\.png", path.read_text()))
    assert used <= set(SHOTS), used - set(SHOTS)
    for name in SHOTS:
        assert (DOCS / "shots" / language / f"{name}.png").exists(), name


@pytest.mark.parametrize("language", content.LANGUAGES)
def test_the_help_pages_answer_with_their_links_resolving(client, language):
    if language == "en":
        client.post("/sprog", data={"language": "en", "next": "/"})
    index = client.get("/hjaelp/")
    assert index.status_code == 200
    for guide in content.GUIDES:
        page = client.get(f"/hjaelp/{guide.slug}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "<h1" in html and "<script" not in html.split("<main")[1]
        for slug, anchor in re.findall(r'href="/hjaelp/([a-z]+)(?:#([a-z0-9-]+))?"', html):
            assert slug in content.BY_SLUG, slug
            assert not anchor or anchor in content.section_ids(slug, language), (slug, anchor)
        for shot in re.findall(r'src="(/hjaelp/billeder/[a-z]+/[a-z0-9-]+\.png)"', html):
            assert client.get(shot).status_code == 200, shot


def test_a_page_links_to_its_own_section(client, make_user, login):
    from committees.models import Role

    assert 'href="/hjaelp/public#udvalg"' in client.get("/").get_data(as_text=True)
    login(make_user(Role.administrator))
    page = client.get("/opsaetning/udvalg").get_data(as_text=True)
    assert 'href="/hjaelp/administrator#politiske-udvalg"' in page
    assert "Hjælp til denne side" in page


def test_the_readers_own_guide_comes_first(client, make_user, login):
    from committees.models import Role

    first = re.compile(r'<ul class="bordered-list">\s*<li[^>]*>\s*<a href="/hjaelp/([a-z]+)"')
    assert first.search(client.get("/hjaelp/").get_data(as_text=True)).group(1) == "public"
    login(make_user(Role.citizen))
    assert first.search(client.get("/hjaelp/").get_data(as_text=True)).group(1) == "member"


def test_an_unknown_guide_or_picture_is_404(client):
    assert client.get("/hjaelp/nope").status_code == 404
    assert client.get("/hjaelp/billeder/xx/forside.png").status_code == 404
    assert client.get("/hjaelp/billeder/da/..%2F..%2Fconfig.py").status_code == 404
