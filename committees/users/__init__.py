"""User administration for the secretariat."""

from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/brugere")

from committees.users import views  # noqa: E402,F401
