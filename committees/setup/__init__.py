"""Opsætning: the administrator's set-up of the municipality, its bodies and its people."""

from flask import Blueprint

bp = Blueprint("setup", __name__, url_prefix="/opsaetning")

from committees.setup import body_views, people_views, views  # noqa: E402,F401
