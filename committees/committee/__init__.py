"""The internal committee pages: list, create, edit, the committee page and its transitions."""

from flask import Blueprint

bp = Blueprint("committee", __name__, url_prefix="/arbejdsrum")

from committees.committee import copy_views, views  # noqa: E402,F401
