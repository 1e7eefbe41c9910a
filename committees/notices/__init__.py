"""Notices in the app: the inbox, preferences, reminder policies, failed deliveries."""

from flask import Blueprint

bp = Blueprint("notices", __name__, url_prefix="/varsler")

from committees.notices import views  # noqa: E402,F401
