"""Error pages: every failure gets a page with a message, never a stack trace."""

import logging

from flask import Flask, g, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from committees.extensions import db, login_manager

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 409, 413, 429}


def init_app(app: Flask) -> None:
    """Register handlers for HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        msg = _("Formularen var for gammel eller ugyldig. Genindlæs siden og prøv igen.")
        return render_template("errors/400.html", message=msg), 400

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        code = e.code or 500
        if code == 405:
            return e
        page = code if code in PAGES else 400 if code < 500 else 500
        return render_template(f"errors/{page}.html", message=None), code

    @app.errorhandler(Exception)
    def unexpected(e: Exception):
        log.exception("unhandled error")
        db.session.rollback()
        # The database may be what failed: render as an anonymous user instead of loading one.
        g._login_user = login_manager.anonymous_user()
        return render_template("errors/500.html", message=None), 500
