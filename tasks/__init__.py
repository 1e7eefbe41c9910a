"""Celery tasks: the asynchronous edge. Arguments are ids, never ORM objects.

This package does not import the Flask app; `wsgi.py` creates the app and binds Celery. Each
task is a thin wrapper around one workflow function (workflows never import tasks: they queue
work by task name after commit).
"""
