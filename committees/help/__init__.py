"""Hjælp: the user guides in docs/guides/ rendered inside the app, and a link from each page."""

from flask import Blueprint

bp = Blueprint("help", __name__, url_prefix="/hjaelp")

from committees.help import views  # noqa: E402,F401
