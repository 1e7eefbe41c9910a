"""Membership management of a committee."""

from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/arbejdsrum/<int:committee_id>/medlemmer")

from committees.members import views  # noqa: E402,F401
