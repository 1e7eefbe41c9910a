"""The user guides: Markdown files in docs/guides/<language>/, rendered through the sanitizer.

A section that a page links to is marked in the Markdown with an HTML comment on the line before
its heading, `<!-- id: moeder -->`: invisible where the file is read as it is (on GitHub), and the
same id in both languages, so a page's help link does not depend on the language.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nh3
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.attrs import attrs_block_plugin

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
GUIDES_DIR = DOCS / "guides"
SHOTS_DIR = DOCS / "shots"
LANGUAGES = ("da", "en")
ID_MARK = re.compile(r"^<!-- id: ([a-z0-9-]+) -->[ \t]*\n(?=#{1,4} )", re.M)
SHOT = re.compile(r'src="(?:\.\./)+shots/(da|en)/([a-z0-9-]+\.png)"')
GUIDE_LINK = re.compile(r'href="(?:\./)?([a-z]+)\.md(#[a-z0-9-]+)?"')
IDS = re.compile(r'<h[1-4] id="([a-z0-9-]+)"')


@dataclass(frozen=True)
class Guide:
    """One role's guide: its file name (the same in every language) and its title."""

    slug: str
    title: object


GUIDES = (
    Guide("secretariat", _l("Sekretariat og facilitator")),
    Guide("chair", _l("Formand")),
    Guide("member", _l("Borgermedlem")),
    Guide("councillor", _l("Kommunalbestyrelsesmedlem")),
    Guide("administrator", _l("Administrator")),
    Guide("public", _l("Borgere: følg udvalgene, søg, læs beslutningerne")),
)
BY_SLUG = {g.slug: g for g in GUIDES}

HEADING_IDS = {tag: {"id"} for tag in ("h1", "h2", "h3", "h4")}
_md = MarkdownIt("commonmark", {"html": False}).use(attrs_block_plugin).enable("table")
_TAGS = {
    "h1", "h2", "h3", "h4", "p", "br", "strong", "em", "ul", "ol", "li", "a", "img",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def path_of(slug: str, language: str) -> Path:
    """Where a guide's Markdown lives."""
    return GUIDES_DIR / language / f"{slug}.md"


def _rewrite(html: str, language: str) -> str:
    html = SHOT.sub(lambda m: f'src="/hjaelp/billeder/{m.group(1)}/{m.group(2)}"', html)
    return GUIDE_LINK.sub(lambda m: f'href="/hjaelp/{m.group(1)}{m.group(2) or ""}"', html)


@lru_cache(maxsize=32)
def _render(slug: str, language: str, mtime: float) -> str:
    text = path_of(slug, language).read_text(encoding="utf-8")
    html = _md.render(ID_MARK.sub(lambda m: "{#" + m.group(1) + "}\n", text))
    clean = nh3.clean(
        _rewrite(html, language),
        tags=_TAGS,
        attributes={
            "a": {"href", "title"},
            "img": {"src", "alt"},
            **HEADING_IDS,
        },
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return clean


def render(slug: str, language: str) -> Markup:
    """A guide as sanitized HTML in `language` (Danish when there is no translation)."""
    language = language if path_of(slug, language).exists() else "da"
    path = path_of(slug, language)
    return Markup(_render(slug, language, path.stat().st_mtime))


def section_ids(slug: str, language: str) -> set[str]:
    """The ids of a guide's headings, for the help links and their test."""
    return set(IDS.findall(str(render(slug, language))))


def title_of(slug: str, language: str) -> str:
    """The guide's first heading, as written in its file."""
    for line in path_of(slug, language).read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return str(BY_SLUG[slug].title)
