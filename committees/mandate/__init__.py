"""The mandate editor, its versions, comparison and approval trail."""

from flask import Blueprint

bp = Blueprint("mandate", __name__, url_prefix="/arbejdsrum/<int:committee_id>/kommissorium")

from committees.mandate import views  # noqa: E402,F401
