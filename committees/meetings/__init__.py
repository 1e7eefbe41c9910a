"""Meetings and workshops: plan, agenda, materials, RSVP, attendance, minutes, calendars."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from committees.meetings import (  # noqa: E402, F401
    attendance,
    calendar,
    load,
    material_bulk,
    materials,
    minutes,
    public,
    views,
)
