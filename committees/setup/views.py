"""The set-up area: the checklist, the municipality's facts, its logo, and a test e-mail."""
