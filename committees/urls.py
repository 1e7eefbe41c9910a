"""Absolute links for e-mails, built without a request (the worker and the CLI have none)."""

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    """PUBLIC_URL + the path of `endpoint`; works inside Celery tasks and CLI commands."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path
