"""Recommendations: drafting, coverage, handover and report, decisions, implementation,
evaluation, the public trail and following by e-mail."""

from flask import Blueprint

bp = Blueprint("recommendations", __name__)

from committees.recommendations import (  # noqa: E402, F401
    bulk_views,
    calendar_import_views,
    decision_views,
    drafting_views,
    follow_views,
    handover_views,
    implementation_views,
    public,
)
