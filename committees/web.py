"""Request-wide wiring: login loading, template helpers, security headers."""

from datetime import date

from flask import Flask, request
from flask_babel import LazyString, format_date, format_datetime, format_time, get_locale, refresh
from flask_babel import lazy_gettext as _l

from committees import markdown, site
from committees.extensions import db, login_manager
from committees.models import User
from workflows import notices, permissions, reminders

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Sessions carry the rotating token; an old cookie finds no user."""
    return db.session.scalar(db.select(User).where(User.session_token == session_token))


UNREAD_KEY = "opgaveudvalg.unread_notices"


def _unread_count() -> int:
    """For the header; a callable so pages that don't show it don't query."""
    from flask_login import current_user

    from workflows import notice_settings

    if not current_user.is_authenticated:
        return 0
    cache = request.environ  # per request (the header and the inbox both ask)
    if UNREAD_KEY not in cache:
        cache[UNREAD_KEY] = notice_settings.unread_count(current_user)
    return cache[UNREAD_KEY]


def _reminder_kinds() -> list[tuple[str, str]]:
    """(kind, label) of every reminder kind, for links to their settings."""
    return [(k, str(notices.REGISTRY[k].label)) for k in reminders.SPECS]


def _help_for_page() -> str | None:
    """The link to this page's section of the reader's guide ("Hjælp til denne side")."""
    from flask import request, url_for
    from flask_login import current_user

    from committees.help import pages

    found = pages.target(request.endpoint, current_user)
    if found is None or request.endpoint.startswith("help."):
        return None
    guide, section = found
    return url_for("help.guide", slug=guide, _anchor=section)


def _day_month(month: int, day: int) -> str:
    """A day of every year in the reader's language ("24. december", "24 December")."""
    from babel.dates import format_skeleton

    # 2024 is a leap year, so 29 February exists.
    return format_skeleton("MMMMd", date(2024, month, day), locale=get_locale() or "da")


def init_app(app: Flask) -> None:
    """Register template filters, context and headers."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log ind for at se siden.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    app.jinja_env.filters["markdown"] = markdown.render
    # A form error that is a message (not a nested list of a FieldList's entries).
    app.jinja_env.tests["message_text"] = lambda v: isinstance(v, str | LazyString)
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    # A day of every year, e.g. "24. december" (2024: a leap year, so 29 February exists).
    app.jinja_env.globals["format_day_month"] = lambda m, d: format_date(
        date(2024, m, d), "d. MMMM"
    )
    app.jinja_env.filters["time"] = lambda d: format_time(d, "HH:mm") if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""

    @app.context_processor
    def inject() -> dict:
        return {
            "unread_notices": _unread_count,
            "notice_text": notices.text,
            "notice_link": notices.link,
            "notice_label": notices.label,
            "reminder_kinds": _reminder_kinds,
            "help_for_page": _help_for_page,
            "perm": permissions,
            "municipality": site.municipality(),
            "current_locale": str(get_locale() or "da").replace("_", "-"),
        }

    # Flask-Babel caches the locale on `g`; a new request must choose again.
    app.before_request(refresh)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
