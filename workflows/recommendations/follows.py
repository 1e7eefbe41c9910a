"""Placeholder: filled in by its owner."""


def unsubscribe_context(follow) -> dict:
    return {}
