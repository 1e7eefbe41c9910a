"""Meetings' periodic tasks (being written)."""
