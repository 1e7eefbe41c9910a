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
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(["da"]) or default


def select_timezone() -> str:
    """Every time is shown in Copenhagen time."""
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
