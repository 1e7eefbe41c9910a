"""Notice kinds and reminders of the minutes (being written)."""
