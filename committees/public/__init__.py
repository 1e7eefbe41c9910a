"""Pages for everyone, without login."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from committees.public import views  # noqa: E402,F401
