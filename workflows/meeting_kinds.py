"""Notice kinds and reminders of meetings (being written)."""
