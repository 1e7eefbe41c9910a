"""Dashboard, health check and language switch."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from committees.main import views  # noqa: E402,F401
