"""Login, logout, invitations and password reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/konto")

from committees.auth import views  # noqa: E402,F401
