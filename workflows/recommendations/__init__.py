"""Recommendations, political decisions and implementation: the trail from mandate question to
what was done. One module per part: drafting (and drafting_kinds), endorsement, coverage,
council_calendar, handover, report, decisions, overview, implementation, followup, evaluation,
audience, trail, follows, digest."""
