"""The Hjælp pages: the guide for the reader's role first, each guide on one page."""

from flask import abort, render_template, send_from_directory
from flask_babel import get_locale
from flask_login import current_user

from committees.help import bp, content, pages

FIRST_GUIDE = {
    pages.STAFF: "secretariat",
    pages.COUNCILLOR: "councillor",
    pages.MEMBER: "member",
    pages.PUBLIC: "public",
}


def _language() -> str:
    return "en" if str(get_locale() or "da").startswith("en") else "da"


def _ordered() -> list[content.Guide]:
    """Every guide, the reader's own first (an administrator's: the administrator's)."""
    first = FIRST_GUIDE[pages.audience(current_user)]
    if (
        getattr(current_user, "role", None) is not None
        and current_user.role.value == "administrator"
    ):
        first = "administrator"
    return sorted(content.GUIDES, key=lambda g: g.slug != first)


@bp.get("/")
def index():
    """The guides, the reader's own first."""
    return render_template("help/index.html", guides=_ordered(), language=_language())


@bp.get("/<slug>")
def guide(slug: str):
    """One guide, whole, in the reader's language (public: the guides describe the app)."""
    if slug not in content.BY_SLUG:
        abort(404)
    language = _language()
    return render_template(
        "help/guide.html",
        guide=content.BY_SLUG[slug],
        title=content.title_of(
            slug, language if content.path_of(slug, language).exists() else "da"
        ),
        body=content.render(slug, language),
        guides=_ordered(),
    )


@bp.get("/billeder/<language>/<name>")
def shot(language: str, name: str):
    """A screenshot made by `make docs-shots`."""
    if language not in content.LANGUAGES or not name.endswith(".png"):
        abort(404)
    return send_from_directory(content.SHOTS_DIR / language, name, max_age=3600)
