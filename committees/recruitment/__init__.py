"""Recruitment: the public call and application (no account needed), and the secretariat's
pool, shortlist and appointment pages."""

from flask import Blueprint

bp = Blueprint("recruitment", __name__)

from committees.recruitment import public, staff  # noqa: E402,F401
