"""Meetings and workshops: plan, agenda, materials, RSVP, attendance, minutes and calendars.

Each module is one lifecycle or one concern; views import the module they need.
"""
