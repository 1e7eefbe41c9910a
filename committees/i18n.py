"""Language and time zone: Danish first, English on request; shown in Europe/Copenhagen."""

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def select_locale() -> str:
    """The user's saved language, else the session's choice, else Danish."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default  # CLI, Celery and tests: e-mails choose their locale explicitly
    languages = current_app.config["LANGUAGES"]
    if current_user.is_authenticated and current_user.locale in languages:
        return _regional(current_user.locale)
    chosen = session.get("lang")
    if chosen in languages:
        return _regional(chosen)
    return request.accept_languages.best_match(["da"]) or default


def _regional(language: str) -> str:
    # English is shown with British dates (23 Nov 2026, 24-hour clock); the "en" catalogue
    # serves en_GB through Babel's fallback.
    return "en_GB" if language == "en" else language


def select_timezone() -> str:
    """Every time is shown in Copenhagen time."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
