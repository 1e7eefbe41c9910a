"""Recommendations, political decisions and implementation: the trail from mandate question to
what was done. One module per part: drafting, coverage, handover, report, decisions, overview,
implementation, followup, evaluation, audience, follows, digest."""
